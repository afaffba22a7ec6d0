"""Where the offline schemas are: the JATS DTDs (and JATS4R, Crossref, MECA, XLIFF) pubkit validates against.

In order: an explicit folder (``--schemas``), the ``PUBKIT_SCHEMAS`` environment variable,
then a user cache that :func:`download_jats_dtd` may fill once with the official NLM DTD
package. An installed pubkit never looks beside its own source folder; the DTDs are never
part of this repository.
"""

from __future__ import annotations

import io
import logging
import os
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from ..problems import EnvironmentProblem, Problem

ENV = "PUBKIT_SCHEMAS"
JATS_FOLDER = "jats-publishing-1.x"
# The official NLM packages of the Journal Publishing DTD with MathML 3, per version.
NLM_PACKAGES = {
    "1.3": "https://jats.nlm.nih.gov/publishing/1.3/JATS-Publishing-1-3-MathML3-DTD.zip",
    "1.4": "https://jats.nlm.nih.gov/publishing/1.4/JATS-Publishing-1-4-MathML3-DTD.zip",
}
DRIVERS = {
    "1.3": "JATS-journalpublishing1-3-mathml3.dtd",
    "1.4": "JATS-journalpublishing1-4-mathml3.dtd",
}

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """The user cache for downloaded schemas (``$XDG_CACHE_HOME/pubkit/schemas``)."""
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
            "or run `pubkit validate --download FILE` to fetch the official NLM DTDs once",
        )
    )


def download_jats_dtd(version: str, target: Path | None = None, url: str | None = None) -> Path:
    """Fetch the official NLM DTD package for ``version`` into the cache; the path of its driver DTD."""
    folder = (target or cache_dir()) / JATS_FOLDER / version
    existing = find_jats_dtd(target or cache_dir(), version)
    if existing:
        return existing
    source = url or NLM_PACKAGES[version]
    log.debug("downloading %s", source)
    try:
        with urllib.request.urlopen(source, timeout=60) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise EnvironmentProblem(Problem("schemas.download", f"cannot download {source}: {exc}")) from exc
    return install_package(data, folder, version, source)


def install_package(data: bytes, folder: Path, version: str, source: str) -> Path:
    """Unpack a DTD package (zip) flat into ``folder``; the path of its driver DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise EnvironmentProblem(Problem("schemas.download", f"{source} is not a zip file")) from exc
    names = [n for n in archive.namelist() if n.endswith("/" + DRIVERS[version]) or n == DRIVERS[version]]
    if not names:
        raise EnvironmentProblem(Problem("schemas.download", f"{source} holds no {DRIVERS[version]}"))
    root = names[0][: -len(DRIVERS[version])]
    folder.mkdir(parents=True, exist_ok=True)
    for name in archive.namelist():
        if not name.startswith(root) or name.endswith("/"):
            continue
        relative = Path(name[len(root) :])
        if relative.is_absolute() or ".." in relative.parts:
            continue
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archive.read(name))
    return folder / DRIVERS[version]
