"""The bounds every build keeps: file sizes, nesting depth, and the time and memory of pandoc and Typst.

The defaults are far above what a journal article needs (a long review's body is
under 200 kB), so only a broken or hostile source reaches them. ``PUBKIT_LIMITS``
overrides any of them, e.g. ``PUBKIT_LIMITS="body=20MB,pandoc_seconds=60"``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .problems import EnvironmentProblem, Problem, PubkitError

_MB = 1024 * 1024
_SIZE = re.compile(r"^(\d+)\s*(B|KB|MB|GB)?$", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 1024, "mb": _MB, "gb": 1024 * _MB}


@dataclass(frozen=True, slots=True)
class Limits:
    """Sizes in bytes, times in seconds, memory in MiB."""

    body: int = 5 * _MB  # manuscript/article.md
    text: int = 5 * _MB  # any other text source: YAML, BibTeX, PO, CSV, TMX
    figure: int = 50 * _MB  # each figure file
    sources: int = 200 * _MB  # all the sources of one article together
    word: int = 2000  # the longest run of characters without a space in the body (a long URL is ~300)
    brackets: int = 8  # "[" open at once in one paragraph: pandoc's link parser is exponential in them
    depth: int = 120  # nesting of the body's pandoc AST (a block quote or list level is 2–3)
    pandoc_seconds: int = 30
    pandoc_memory: int = 2048
    typst_seconds: int = 120
    typst_memory: int = 3072
    zip_entry: int = 1024 * _MB  # --verify: an entry's uncompressed size
    zip_total: int = 4096 * _MB  # --verify: all entries
    zip_ratio: int = 200  # --verify: uncompressed / compressed, per entry
    xml: int = 200 * _MB  # --verify: the JATS and manifest read into memory
    first_year: int = 1900  # the years an article's year and dates may have
    last_year: int = 2100


def _value(name: str, text: str) -> int:
    match = _SIZE.match(text.strip())
    if match is None:
        raise PubkitError(
            Problem(
                "limits.syntax",
                f"PUBKIT_LIMITS: {name}={text!r} is not a number; expected e.g. {name}=10MB or {name}=30",
            ),
            2,
        )
    return int(match.group(1)) * _UNITS[(match.group(2) or "b").lower()]


def current(environ: Mapping[str, str] = os.environ) -> Limits:
    """The defaults with ``PUBKIT_LIMITS`` applied (a usage error for an unknown name or value)."""
    spec = environ.get("PUBKIT_LIMITS", "").strip()
    if not spec:
        return Limits()
    known = {f.name for f in fields(Limits)}
    changes = {}
    for part in spec.split(","):
        name, _, text = part.partition("=")
        name = name.strip()
        if name not in known:
            raise PubkitError(
                Problem(
                    "limits.syntax",
                    f"PUBKIT_LIMITS: unknown limit {name!r}; expected one of: {', '.join(sorted(known))}",
                ),
                2,
            )
        changes[name] = _value(name, text)
    return replace(Limits(), **changes)


def size(n: int) -> str:
    """``5 MB``: a byte count as the limit messages show it."""
    return f"{n / _MB:.3g} MB" if n >= _MB else f"{n} bytes"


def read_bounded(path: Path, file: str, limit: int, code: str = "input.unreadable") -> bytes:
    """The bytes of a file given on the command line, refused over ``limit`` before reading it."""
    try:
        length = path.stat().st_size
        if length > limit:
            raise PubkitError(
                Problem(
                    "input.too-large",
                    f"{size(length)} is over the limit of {size(limit)}; expected a smaller file "
                    "(PUBKIT_LIMITS changes the limit)",
                    file=file,
                )
            )
        return path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem(Problem(code, f"cannot read: {exc.strerror}", file=file)) from exc
