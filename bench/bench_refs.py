"""Benchmark: format 2,000 references (the repository's 20, repeated with distinct keys) in both lists.

Run: ``python bench/bench_refs.py [runs]``; prints the median wall time of the runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from pybtex.database import Entry

from pubkit.model import Reference
from pubkit.problems import Problems
from pubkit.refs.render import numbered_text
from pubkit.sources.bibliography import read_bibliography

ROOT = Path(__file__).resolve().parents[1]
COUNT = 2000


def references() -> list[Reference]:
    """The 20 references of refs.bib, copied to 2,000 with keys ``<key>-<n>``."""
    base = read_bibliography((ROOT / "refs.bib").read_text(encoding="utf-8"), "refs.bib", Problems())
    out = []
    for n in range(COUNT):
        ref = base[n % len(base)]
        entry = Entry(ref.entry.type, fields=dict(ref.entry.fields), persons=dict(ref.entry.persons))
        entry.key = f"{ref.key}-{n}"
        out.append(Reference(entry.key, entry, ref.lang, ref.line))
    return out


def main(runs: int = 7) -> None:
    refs = references()
    for lang in ("en", "ru"):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            numbered_text(refs, lang)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(
            f"{lang}: {COUNT} references, median of {runs} runs: {median * 1000:.0f} ms "
            f"({median / COUNT * 1e6:.0f} µs per reference)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
