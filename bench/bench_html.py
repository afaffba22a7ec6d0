"""Time `pubkit html` on the sample: the command as a user runs it, and the writer alone in process.

The command is a fresh process (load and check the sources with one pandoc call,
then two pandoc calls for the bodies, templates, atomic writes). The writer alone
is ``write_html`` on an already loaded article, so the two medians show what the
sources cost against what the pages cost. Prints medians in milliseconds.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pubkit.build import load
from pubkit.writers import Options
from pubkit.writers.html import write_html

ROOT = Path(__file__).resolve().parents[1]
PUBKIT = Path(sys.executable).with_name("pubkit")
RUNS = 9


def _median(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        command = [str(PUBKIT), "html", str(ROOT), "-o", out]

        def run_command() -> None:
            subprocess.run(command, check=True, capture_output=True)

        run_command()  # warm the file cache
        cli = _median(run_command)
    article = load(ROOT)
    write_html(article, Options())
    writer = _median(lambda: write_html(article, Options()))
    print(f"pubkit html (process, sample): median {cli * 1000:.0f} ms over {RUNS} runs")
    print(f"write_html (in process, both pages): median {writer * 1000:.0f} ms over {RUNS} runs")


if __name__ == "__main__":
    main()
