"""Time `pubkit jats` on the sample beside `pandoc -f markdown -t jats_publishing -s` on its Markdown body.

Both run as fresh processes (what a user waits for), several times; prints the medians
and their ratio. pubkit does more: it loads and checks the sources (YAML, BibTeX, PO,
one pandoc call), writes the front and back matter, runs pandoc for the body, and
validates the result against the DTD.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pypandoc
from timing import PUBKIT, ROOT, median_ms

RUNS = 7


def _command_ms(command: list[str]) -> float:
    return median_ms(lambda: subprocess.run(command, check=True, capture_output=True), RUNS)


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        ours = _command_ms([str(PUBKIT), "jats", str(ROOT), "-o", str(Path(out) / "article.jats.xml")])
        theirs = _command_ms(
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
    print(f"pubkit jats (load, check, write, validate): median {ours:.0f} ms over {RUNS} runs")
    print(f"pandoc -f markdown -t jats_publishing -s:    median {theirs:.0f} ms over {RUNS} runs")
    print(f"ratio pubkit/pandoc: {ours / theirs:.1f}")


if __name__ == "__main__":
    main()
