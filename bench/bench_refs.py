"""Benchmark: format 2,000 references (the repository's 20, repeated with distinct keys) in both lists.

Run: ``python bench/bench_refs.py [runs]``; prints the median wall time of the runs.
"""

from __future__ import annotations

import sys

from pybtex.database import Entry
from timing import ROOT, median_ms

from pubkit.model import Reference
from pubkit.problems import Problems
from pubkit.refs.render import numbered_text
from pubkit.sources.bibliography import read_bibliography

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
        median = median_ms(lambda lang=lang: numbered_text(refs, lang), runs)
        print(
            f"{lang}: {COUNT} references, median of {runs} runs: {median:.0f} ms "
            f"({median / COUNT * 1000:.0f} µs per reference)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
