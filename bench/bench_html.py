"""Time `pubkit html` on the sample: the command as a user runs it, and the writer alone in process.

The command is a fresh process (load and check the sources with one pandoc call,
then two pandoc calls for the bodies, templates, atomic writes). The writer alone
is ``write_html`` on an already loaded article, so the two medians show what the
sources cost against what the pages cost. Prints medians in milliseconds.
"""

from __future__ import annotations

import subprocess
import tempfile

from timing import PUBKIT, ROOT, median_ms

from pubkit.build import load
from pubkit.writers import Options
from pubkit.writers.html import write_html

RUNS = 9


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        command = [str(PUBKIT), "html", str(ROOT), "-o", out]

        def run_command() -> None:
            subprocess.run(command, check=True, capture_output=True)

        run_command()  # warm the file cache
        cli = median_ms(run_command, RUNS)
    article = load(ROOT)
    write_html(article, Options())
    writer = median_ms(lambda: write_html(article, Options()), RUNS)
    print(f"pubkit html (process, sample): median {cli:.0f} ms over {RUNS} runs")
    print(f"write_html (in process, both pages): median {writer:.0f} ms over {RUNS} runs")


if __name__ == "__main__":
    main()
