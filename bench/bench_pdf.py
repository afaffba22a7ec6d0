"""Time ``pubkit pdf`` on the sample (both editions) and where the time goes; prints medians.

Run: ``.venv/bin/python bench/bench_pdf.py [runs]``. The whole command runs as a
subprocess (interpreter start, load and check included); the split is measured in-process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile

from timing import PUBKIT, ROOT, median_ms

from pubkit.build import load
from pubkit.writers.pdf import compile_pdf
from pubkit.writers.typst_source import body_markup, context, typst_source


def main(times: int = 7) -> None:
    with tempfile.TemporaryDirectory() as out:
        command = [str(PUBKIT), "pdf", str(ROOT), "-o", out]
        whole = median_ms(lambda: subprocess.run(command, check=True, capture_output=True), times)
    article = load(ROOT)
    langs = article.editions
    sources = {lang: typst_source(article, lang) for lang in langs}
    print(f"pubkit pdf (sample, {'+'.join(langs)}), median of {times}: {whole:.0f} ms")
    print(f"  load + check:        {median_ms(lambda: load(ROOT), times):.0f} ms")
    for lang in langs:
        pandoc = median_ms(lambda lang=lang: body_markup(article, lang), times)
        data = median_ms(lambda lang=lang: context(article, lang), times)
        typst = median_ms(lambda lang=lang: compile_pdf(sources[lang], article.body.figures, lang), times)
        print(f"  {lang}: pandoc {pandoc:.0f} ms, layout data {data:.0f} ms, typst {typst:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
