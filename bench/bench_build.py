"""The build's benchmarks in one table: each pubkit run beside pandoc's own JATS run of the same body.

pandoc's run is ``pandoc -f markdown -t jats_publishing -s --citeproc --bibliography
refs.bib`` on the body, in the same run, so the ratios hold on any machine. Rows: the
sample's full build, ``pubkit jats``, a rebuild with nothing changed, generated issues of
20 and 100 articles (``make_projects.py``) built with ``-j 2`` and rebuilt unchanged, and
a 15,000-word article with 150 references. All are fresh processes, as a user runs them;
medians of several runs (one for the 100-article build). Peak memory is the largest
child process's resident set.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc
from make_projects import issue, long_article
from timing import PUBKIT, ROOT, median_ms

PANDOC = pypandoc.get_pandoc_path()


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def pandoc_ms(project: Path, runs: int) -> float:
    body, bib = project / "manuscript" / "article.md", project / "refs.bib"
    command = [PANDOC, "-f", "markdown", "-t", "jats_publishing", "-s", "--citeproc", f"--bibliography={bib}"]
    return median_ms(lambda: run([*command, str(body), "-o", "/dev/null"]), runs)


def build_ms(project: Path, out: Path, runs: int, *extra: str) -> float:
    """A full build each time (the build folder emptied first), median in ms."""
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        run([str(PUBKIT), "build", str(project), "-o", str(out), *extra])
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]


def main(runs: int = 5) -> None:
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sample_pandoc = pandoc_ms(ROOT, runs)
        out = work / "out"
        rows.append(("sample: full build", build_ms(ROOT, out, runs), sample_pandoc))
        jats = median_ms(lambda: run([str(PUBKIT), "jats", str(ROOT), "-o", str(work / "a.xml")]), runs)
        rows.append(("sample: pubkit jats", jats, sample_pandoc))
        again = median_ms(lambda: run([str(PUBKIT), "build", str(ROOT), "-o", str(out)]), runs)
        rows.append(("sample: no-change rebuild", again, sample_pandoc))
        for n, times in ((20, max(1, runs // 2)), (100, 1)):
            folder = issue(work / f"issue-{n}", n)
            issue_out = work / f"out-{n}"
            full = build_ms(folder, issue_out, times, "-j", "2")
            rows.append((f"issue of {n}: full build -j 2", full, sample_pandoc * n))
            unchanged = median_ms(
                lambda f=folder, o=issue_out: run([str(PUBKIT), "build", str(f), "-o", str(o)]), 3
            )
            rows.append((f"issue of {n}: no-change rebuild", unchanged, sample_pandoc * n))
        long = long_article(work / "long", 41)
        words = len((long / "manuscript" / "article.md").read_text(encoding="utf-8").split())
        long_pandoc = pandoc_ms(long, max(1, runs // 2))
        long_build = build_ms(long, work / "out-long", max(1, runs // 2))
        rows.append((f"{words:,}-word article, 150 references: full build", long_build, long_pandoc))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'benchmark (median)':<52} {'pubkit':>10} {'pandoc':>10} {'ratio':>7}")
    for name, ours, theirs in rows:
        print(f"{name:<52} {ours:>8.0f}ms {theirs:>8.0f}ms {ours / theirs:>7.2f}")
    print(f"peak memory of one process: {peak:.0f} MiB")
    print("pandoc: the same body, -t jats_publishing -s --citeproc (for an issue: the sample's run × N)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
