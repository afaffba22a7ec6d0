"""Where the offline schemas are: the JATS DTDs (and JATS4R, Crossref, MECA, XLIFF) pubkit validates against.

In order: an explicit folder (``--schemas``), the ``PUBKIT_SCHEMAS`` environment variable,
then the user cache, which :mod:`.store` fills on first need (the official NLM DTD packages,
checked against pinned SHA-256 sums). An installed pubkit never looks beside its own source folder; the DTDs are never
part of this repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import EnvironmentProblem, Problem

ENV = "PUBKIT_SCHEMAS"
ENV_CACHE = "PUBKIT_CACHE"
JATS_FOLDER = "jats-publishing-1.x"
DRIVERS = {
    "1.3": "JATS-journalpublishing1-3-mathml3.dtd",
    "1.4": "JATS-journalpublishing1-4-mathml3.dtd",
}


def cache_dir() -> Path:
    """The user cache of downloaded schemas: ``$PUBKIT_CACHE``, else ``$XDG_CACHE_HOME/pubkit/schemas``."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pubkit" / "schemas"


def _has_jats(folder: Path) -> bool:
    return any(find_jats_dtd(folder, version) for version in DRIVERS)


def find_jats_dtd(schemas: Path, version: str) -> Path | None:
    """The version's Journal Publishing DTD driver under ``schemas``, in the shared or the cached layout."""
    driver = DRIVERS.get(version)
    if driver is None:
        return None
    for candidate in (
        schemas / JATS_FOLDER / version / driver,
        schemas / version / driver,
        schemas / driver,
    ):
        if candidate.is_file():
            return candidate
    return None


def locate_schemas(explicit: str | Path | None = None) -> Path:
    """The schemas folder to use; :class:`EnvironmentProblem` (exit 3) saying where we looked if none has the DTDs."""
    if explicit is not None:
        folder = Path(explicit)
        if not _has_jats(folder):
            raise EnvironmentProblem(
                Problem(
                    "schemas.missing",
                    f"no JATS DTD in {folder} (expected {JATS_FOLDER}/1.3/{DRIVERS['1.3']})",
                )
            )
        return folder
    tried: list[str] = []
    candidates = []
    if os.environ.get(ENV):
        candidates.append((Path(os.environ[ENV]), f"${ENV}"))
    candidates.append((cache_dir(), "user cache"))
    for folder, what in candidates:
        if _has_jats(folder):
            return folder
        tried.append(f"{folder} ({what})")
    raise EnvironmentProblem(
        Problem(
            "schemas.missing",
            "no JATS DTDs found; looked in " + ", ".join(tried) + f". Pass --schemas DIR, set {ENV}, "
            "or run `pubkit schemas download` to fetch the official NLM DTDs once",
        )
    )
