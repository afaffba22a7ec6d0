"""Validation as its own stage: every output that names a schema is checked before anything is written.

:func:`validate` takes a schema kind from :mod:`.catalog`, the bytes and the file name to
report, and returns every problem with its real line number (none: valid). It parses
with :mod:`pubkit.safexml` (the document's DOCTYPE is never followed) and validates
against the catalog's copy of the schema. MECA packages are verified whole
(:mod:`.package`); :func:`stylecheck` runs NCBI's PMC StyleChecker. Only :mod:`pubkit.build` and the public API import this package.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .. import safexml
from ..problems import Problem
from .catalog import KINDS, load
from .schemas import locate_schemas
from .stylechecker import stylecheck

__all__ = ["KINDS", "code_of", "locate_schemas", "stylecheck", "validate", "validate_jats"]


def code_of(kind: str) -> str:
    """The problem code of an invalid file of ``kind``: ``jats.invalid``, ``crossref.invalid``, ..."""
    return kind.split("-", 1)[0] + ".invalid"


def validate(kind: str, data: bytes, file: str, schemas: Path) -> list[Problem]:
    """Every error of ``data`` against the schema ``kind``, located in ``file``; empty when valid."""
    if kind == "meca-1.0":
        from .package import verify_package

        return [p for p in verify_package(data, file, schemas).problems if p.severity.value == "error"]
    code = code_of(kind)
    root, errors = safexml.parse(data)
    if root is None:
        return [
            Problem(code, f"not well-formed XML: {message}", file=file, line=line) for line, message in errors
        ]
    schema = load(kind, schemas)
    if isinstance(schema, etree.XSLT):  # the StyleChecker: its errors here, its warnings too in stylecheck()
        return [p for p in stylecheck(data, file, schemas) if p.severity.value == "error"]
    if schema.validate(root):
        return []
    return [Problem(code, e.message, file=file, line=e.line) for e in schema.error_log.filter_from_errors()]


def validate_jats(data: bytes, file: str, schemas: Path, version: str | None = None) -> list[Problem]:
    """A JATS document's DTD errors; ``version`` defaults to its ``dtd-version`` (1.3 or 1.4)."""
    root, errors = safexml.parse(data)
    if root is None:
        return [
            Problem("jats.invalid", f"not well-formed XML: {m}", file=file, line=line) for line, m in errors
        ]
    version = version or root.get("dtd-version")
    if f"jats-{version}" not in KINDS:
        known = ", ".join(k.removeprefix("jats-") for k in KINDS if k.startswith("jats-"))
        return [
            Problem(
                "jats.invalid",
                f"dtd-version {version!r} is not a JATS version pubkit validates ({known})",
                file=file,
                line=root.sourceline,
            )
        ]
    return validate(f"jats-{version}", data, file, schemas)
