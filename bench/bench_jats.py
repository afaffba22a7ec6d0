"""Time `pubkit jats` on the sample beside `pandoc -f markdown -t jats_publishing -s` on its Markdown body.

Both run as fresh processes (what a user waits for), several times; prints the medians
and their ratio. pubkit does more: it loads and checks the sources (YAML, BibTeX, PO,
one pandoc call), writes the front and back matter, runs pandoc for the body, and
validates the result against the DTD.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7


def _median(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    pubkit = Path(sys.executable).with_name("pubkit")
    with tempfile.TemporaryDirectory() as out:
        ours = _median([str(pubkit), "jats", str(ROOT), "-o", str(Path(out) / "article.jats.xml")])
        theirs = _median(
            [
                pypandoc.get_pandoc_path(),
                "-f",
                "markdown",
                "-t",
                "jats_publishing",
                "-s",
                str(ROOT / "manuscript" / "article.md"),
                "-o",
                str(Path(out) / "pandoc.xml"),
            ]
        )
    print(f"pubkit jats (load, check, write, validate): median {ours * 1000:.0f} ms over {RUNS} runs")
    print(f"pandoc -f markdown -t jats_publishing -s:    median {theirs * 1000:.0f} ms over {RUNS} runs")
    print(f"ratio pubkit/pandoc: {ours / theirs:.1f}")


if __name__ == "__main__":
    main()
