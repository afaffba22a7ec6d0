"""Benchmark: the sample's MECA package, end to end and split into its parts.

Run: ``python bench/bench_package.py [runs]``. Prints the median wall time of: ``pubkit package``
as a subprocess (start-up, check, every writer, zip, atomic write), the in-process build
(check + writers + zip), the zip step alone (writers' outputs given), and ``--verify``.
Needs the shared schemas for the verify step (``PUBKIT_SCHEMAS`` or ``../shared/schemas``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import PUBKIT, ROOT, median_ms

from pubkit.build import check, package, render
from pubkit.validate.package import verify_package
from pubkit.writers import Inputs, Options
from pubkit.writers.package import packaged_formats, write_package


def main(runs: int = 7) -> None:
    schemas = Path(os.environ.get("PUBKIT_SCHEMAS", ROOT.parent / "shared" / "schemas"))
    report = check(ROOT)
    article, sources = report.article, report.loaded.sources
    outputs = render(article, packaged_formats(), Options())
    (archive,) = write_package(article, Options(), Inputs(outputs, sources)).files
    formats = ", ".join(outputs) or "none"
    print(f"package of the sample: {len(archive.data):,} bytes; outputs packaged: {formats}")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "sample.meca.zip"
        command = [str(PUBKIT), "package", str(ROOT), "-o", str(target)]
        cli = median_ms(lambda: subprocess.run(command, check=True, capture_output=True), runs)
        api = median_ms(lambda: package(ROOT, target), runs)
    zip_only = median_ms(lambda: write_package(article, Options(), Inputs(outputs, sources)), runs)
    verify = median_ms(lambda: verify_package(archive.data, "sample.meca.zip", schemas), runs)
    print(f"median of {runs} runs:")
    print(f"  pubkit package (subprocess):   {cli:8.1f} ms")
    print(f"  build.package (in process):    {api:8.1f} ms")
    print(f"  write_package (zip, manifest): {zip_only:8.1f} ms")
    print(f"  verify_package:                {verify:8.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
