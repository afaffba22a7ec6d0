"""JATS validation against the official NLM DTD, offline: error messages with line numbers, none when valid.

The document's own DOCTYPE is ignored (nothing is fetched); the DTD is the one for the
requested version, or for the document's ``dtd-version``, found under a schemas folder
(see :mod:`pubkit.schemas`). Other writers reuse this (the MECA package verifier).
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from .problems import EnvironmentProblem, Problem
from .schemas import DRIVERS, find_jats_dtd


@functools.cache
def _dtd(path: Path) -> etree.DTD:
    """The compiled DTD (about a second to load, so kept for the process)."""
    try:
        return etree.DTD(str(path))
    except etree.DTDParseError as exc:
        raise EnvironmentProblem(
            Problem("schemas.broken", f"cannot read the DTD: {exc}", file=str(path))
        ) from exc


def _parse(xml: bytes) -> tuple[etree._Element | None, list[str]]:
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False, huge_tree=False)
    try:
        return etree.fromstring(xml, parser), []
    except etree.XMLSyntaxError as exc:
        errors = [f"line {e.line}: {e.message}" for e in parser.error_log.filter_from_errors()]
        return None, errors or [f"line {exc.lineno}: {exc.msg}"]


def validate_jats(xml: bytes, schemas: Path, version: str | None = None) -> list[str]:
    """Every DTD error in ``xml`` as ``line N: message``; empty when valid.

    ``version`` ("1.3" or "1.4") defaults to the document's ``dtd-version``. Raises
    :class:`EnvironmentProblem` when ``schemas`` holds no DTD for that version.
    """
    root, errors = _parse(xml)
    if root is None:
        return errors
    version = version or root.get("dtd-version")
    if version not in DRIVERS:
        known = ", ".join(sorted(DRIVERS))
        return [
            f"line {root.sourceline}: dtd-version {version!r} is not a JATS version pubkit validates ({known})"
        ]
    path = find_jats_dtd(Path(schemas), version)
    if path is None:
        raise EnvironmentProblem(
            Problem("schemas.missing", f"no JATS {version} Journal Publishing DTD under {schemas}")
        )
    dtd = _dtd(path.resolve())
    if dtd.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in dtd.error_log.filter_from_errors()]
