"""The ``pubkit`` command's entry point: a plain rebuild with nothing changed answers before any heavy import.

``pubkit build [PROJECT|ISSUE] [-o DIR]`` with no other option is what people and
``make`` run again and again; when the build folder's record says that the same pubkit
built the same source files (same sizes and times) into files that are all still there,
there is nothing to do, and importing the parsers and writers (most of a run's start-up
time) is skipped. Everything else goes to :mod:`pubkit.cli`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def plain_build(argv: list[str]) -> tuple[str, Path, Path] | None:
    """``(shown, root, out)`` for ``build [PROJECT] [-o DIR]``, ``None`` for any other command line."""
    if not argv or argv[0] != "build":
        return None
    project = output = None
    rest = argv[1:]
    while rest:
        word = rest.pop(0)
        if word in ("-o", "--output") and rest:
            output = rest.pop(0)
        elif word.startswith("--output="):
            output = word.partition("=")[2]
        elif word.startswith("-") or project is not None:
            return None
        else:
            project = word
    root = Path(project or ".")
    return project or ".", root, Path(output) if output else root / "build"


def run() -> None:
    """Console-script entry point."""
    plain = plain_build(sys.argv[1:])
    if plain is not None:
        from . import incremental

        shown, root, out = plain
        if root.is_dir() and incremental.quick_unchanged(root, out, os.environ.get("SOURCE_DATE_EPOCH")):
            sys.stdout.write(f"unchanged: {shown} (nothing to build; --force rebuilds)\n")
            return
    from .cli import run as run_cli

    run_cli()
