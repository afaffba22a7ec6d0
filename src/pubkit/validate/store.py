"""The schema store: where the schemas come from on a machine that has only ``pip install pubkit``.

A schemas folder is, in order: ``--schemas DIR``, ``$PUBKIT_SCHEMAS`` (both used as they are,
nothing is fetched into them), then the user cache (``$PUBKIT_CACHE``, else
``$XDG_CACHE_HOME/pubkit/schemas``). The cache is filled on first need, one *pack* at a time
(the JATS 1.3 DTD, the JATS 1.4 DTD, the MECA DTDs, Crossref, DOAJ, XLIFF, the PMC
StyleChecker), from the upstream URLs below or from ``$PUBKIT_SCHEMAS_MIRROR``.

Every file a pack installs is pinned by SHA-256 (:mod:`.pins`, made from byte-checked copies of
the upstream files): a download is unpacked in memory, every pinned file must be there with its
checksum, and only then is the pack written, to a temporary folder renamed into place. A file
that is not pinned is never written; a missing or mismatching one refuses the whole pack. A
download has a time limit (``$PUBKIT_DOWNLOAD_TIMEOUT`` seconds for the whole pack) and a size
limit, and follows redirects (the checksums decide, not the address).
"""

from __future__ import annotations

import hashlib
import http.client
import io
import logging
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import EnvironmentProblem, Problem
from .catalog import KINDS, path_of
from .pins import PINS
from .schemas import DRIVERS, ENV, JATS_FOLDER, cache_dir

ENV_MIRROR = "PUBKIT_SCHEMAS_MIRROR"
ENV_TIMEOUT = "PUBKIT_DOWNLOAD_TIMEOUT"
TIMEOUT = 120.0  # seconds for one pack, all its requests together
MAX_BYTES = 64 * 1024 * 1024  # no pack is near this (the JATS zips are about 1 MB)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Pack:
    """A set of schema files installed together under ``folder`` of the store.

    ``archives`` are zip packages holding the files below the folder of ``key`` (tried in order);
    ``base`` + the file's path (or ``urls[rel]``) is where each file is published on its own.
    """

    name: str
    folder: str
    key: str
    kinds: tuple[str, ...]
    description: str
    archives: tuple[str, ...] = ()
    base: str = ""
    urls: Mapping[str, str] = field(default_factory=dict)

    @property
    def files(self) -> Mapping[str, str]:
        """Pinned files: path relative to ``folder`` → SHA-256."""
        return PINS[self.name]

    def file_url(self, rel: str) -> str:
        return self.urls.get(rel) or self.base + rel


def _jats(version: str) -> Pack:
    dashed = version.replace(".", "-")
    package = f"JATS-Publishing-{dashed}-MathML3-DTD.zip"
    return Pack(
        f"jats-{version}",
        f"{JATS_FOLDER}/{version}",
        DRIVERS[version],
        (f"jats-{version}",),
        f"the JATS {version} Journal Publishing DTD (NLM, with MathML 3)",
        # NLM's download area (https://jats.nlm.nih.gov/publishing/{version}/dtd.html links to it),
        # then the older NCBI FTP path that tools such as mystmd use.
        archives=(
            f"https://public.nlm.nih.gov/projects/jats/publishing/{version}/{package}",
            f"https://ftp.ncbi.nlm.nih.gov/pub/jats/publishing/{version}/{package}",
        ),
        # The DTD's stable URLs, where every module is published beside the driver
        # (the JATS4R copy the pins were made from was fetched from exactly these).
        base=f"https://jats.nlm.nih.gov/publishing/{version}/",
    )


_GITHUB = "https://raw.githubusercontent.com/"
PACKS: dict[str, Pack] = {
    pack.name: pack
    for pack in (
        _jats("1.3"),
        _jats("1.4"),
        Pack(
            "meca",
            "meca",
            "schema/manifest-1.0.dtd",
            ("meca-1.0", "meca-transfer-1.0", "meca-reviews-1.0"),
            "the NISO MECA 1.0 DTDs",
            base=_GITHUB + "niso-standards/meca/6c2933e38c2957ef354af902c3e57034f019519c/",
        ),
        Pack(
            "crossref",
            "crossref",
            "crossref5.3.1.xsd",
            ("crossref-5.3.1",),
            "the Crossref 5.3.1 deposit schema",
            base=_GITHUB + "IACR/latex-submit/5266f2c5b2935970a07f1e66f1755e13ad090fde/"
            "tests/testdata/metadata/xml/schema/crossref/schema-0.3.1/schemas/",
        ),
        Pack(
            "doaj",
            "doaj",
            "doajArticles.xsd",
            ("doaj",),
            "the DOAJ article schema",
            base=_GITHUB + "DOAJ/doaj/c2b70bc5a992020de9de779a6a13ad7da69f4668/portality/static/doaj/",
            urls={"LICENSE": _GITHUB + "DOAJ/doaj/c2b70bc5a992020de9de779a6a13ad7da69f4668/LICENSE"},
        ),
        Pack(
            "xliff-1.2",
            "xliff-1.2",
            "xliff-core-1.2-strict.xsd",
            ("xliff-1.2",),
            "the OASIS XLIFF 1.2 schema",
            base="https://docs.oasis-open.org/xliff/v1.2/os/",
            urls={"xml.xsd": "https://www.w3.org/2001/xml.xsd"},
        ),
        Pack(
            "pmc-stylechecker",
            "pmc-stylechecker",
            "nlm-stylechecker.xsl",
            ("pmc-stylechecker",),
            "the PMC StyleChecker",
            base=_GITHUB + "transpect/nlm-stylechecker/e38f9ba6acfc28e4e401426355c4a465e631e2e8/xsl/",
            urls={
                "LICENSE.md": _GITHUB
                + "transpect/nlm-stylechecker/e38f9ba6acfc28e4e401426355c4a465e631e2e8/LICENSE.md"
            },
        ),
    )
}
PACK_OF = {kind: pack for pack in PACKS.values() for kind in pack.kinds}


class _Refused(Exception):
    """A download or archive that cannot be used; the message says why."""


def _has(kind: str, folder: Path) -> bool:
    try:
        path_of(kind, folder)
    except EnvironmentProblem:
        return False
    return True


def ensure(kinds: Iterable[str], explicit: str | Path | None = None) -> Path:
    """The schemas folder holding every one of ``kinds``; the cache is filled with what it lacks.

    An explicit folder or ``$PUBKIT_SCHEMAS`` is used as it is: a kind missing there is an
    :class:`EnvironmentProblem` naming it. Otherwise every missing pack is downloaded into the
    cache; one that cannot be is an :class:`EnvironmentProblem` saying what to fetch by hand.
    """
    kinds = list(dict.fromkeys(kinds))
    given = explicit if explicit is not None else os.environ.get(ENV) or None
    if given is not None:
        folder = Path(given)
        what = "--schemas" if explicit is not None else f"${ENV}"
        missing = [kind for kind in kinds if not _has(kind, folder)]
        if missing:
            raise EnvironmentProblem(
                Problem(
                    "schemas.missing",
                    f"{folder} ({what}) has no {', '.join(KINDS[k].description for k in missing)} "
                    f"(expected {', '.join(KINDS[k].path for k in missing)})",
                )
            )
        return folder
    cache = cache_dir()
    missing = {PACK_OF[kind].name: PACK_OF[kind] for kind in kinds if not _has(kind, cache)}
    for pack in missing.values():
        download(pack, cache)
    return cache


def sources(pack: Pack) -> list[tuple[str, str]]:
    """Where ``pack`` is fetched from, in order: ``("archive", url)`` or ``("files", base url)``."""
    mirror = os.environ.get(ENV_MIRROR, "").rstrip("/")
    if mirror:
        names = dict.fromkeys(url.rsplit("/", 1)[1] for url in pack.archives)  # one per package name
        return [*(("archive", f"{mirror}/{name}") for name in names), ("files", f"{mirror}/{pack.folder}/")]
    return [("archive", url) for url in pack.archives] + [("files", pack.base)]


def download(pack: Pack, cache: Path) -> Path:
    """Fetch, verify and install ``pack`` into ``cache``; the pack's folder there."""
    timeout = float(os.environ.get(ENV_TIMEOUT) or TIMEOUT)
    deadline = time.monotonic() + timeout
    failures = []
    mirror = os.environ.get(ENV_MIRROR, "").rstrip("/")
    for form, url in sources(pack):
        try:
            if form == "archive":
                files = unpack(_fetch(url, deadline), pack, url)
            else:
                files = {}
                for rel in pack.files:
                    address = url + rel if mirror else pack.file_url(rel)
                    files[rel] = _fetch(address, deadline)
                _verify(pack, files, url)
        except _Refused as exc:
            log.debug("%s: %s", pack.name, exc)
            failures.append(str(exc))
            if time.monotonic() >= deadline:
                break
            continue
        return install(pack, files, cache)
    first = pack.archives[0] if pack.archives else pack.base
    by_hand = (
        f"download {first} and run `pubkit schemas install FILE.zip`"
        if pack.archives
        else f"run `pubkit schemas download` where there is network and copy {cache} here"
    )
    raise EnvironmentProblem(
        Problem(
            "schemas.missing",
            f"{pack.description} is not in the user cache ({cache}) and could not be downloaded "
            f"({'; '.join(failures)}). To fix: {by_hand}; or set {ENV} to a folder holding "
            f"{pack.folder}/{pack.key}; or set {ENV_MIRROR} to a mirror",
        )
    )


def _fetch(url: str, deadline: float) -> bytes:
    """The body at ``url``, within the time left before ``deadline`` and :data:`MAX_BYTES`."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Refused(f"{url}: timed out")
    chunks, size = [], 0
    try:
        with urllib.request.urlopen(url, timeout=left) as response:
            while chunk := response.read(65536):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _Refused(f"{url}: larger than {MAX_BYTES} bytes")
                if time.monotonic() > deadline:
                    raise _Refused(f"{url}: timed out")
                chunks.append(chunk)
            promised = response.headers.get("Content-Length", "")
            if promised.isdigit() and int(promised) != size:
                raise _Refused(f"{url}: cut short, {size} of {promised} bytes")
    except urllib.error.HTTPError as exc:
        raise _Refused(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise _Refused(f"{url}: {exc.reason}") from exc
    except (TimeoutError, OSError, http.client.HTTPException, ValueError) as exc:  # cut short, malformed URL
        raise _Refused(f"{url}: {exc or type(exc).__name__}") from exc
    return b"".join(chunks)


def unpack(data: bytes, pack: Pack, source: str) -> dict[str, bytes]:
    """The pinned files of ``pack`` from the zip ``data`` (its files below the folder of ``pack.key``)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise _Refused(f"{source}: not a zip file") from exc
    return _from_zip(archive, names, pack, source)


def _from_zip(archive: zipfile.ZipFile, names: list[str], pack: Pack, source: str) -> dict[str, bytes]:
    keys = [n for n in names if n == pack.key or n.endswith("/" + pack.key)]
    if not keys:
        raise _Refused(f"{source}: holds no {pack.key}")
    root = min(keys, key=len)[: -len(pack.key)]
    files = {}
    for rel in pack.files:
        try:
            info = archive.getinfo(root + rel)
        except KeyError:
            continue
        if info.file_size > MAX_BYTES:
            raise _Refused(f"{source}: {root + rel} is larger than {MAX_BYTES} bytes")
        try:
            files[rel] = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:  # a damaged member
            raise _Refused(f"{source}: {root + rel} cannot be read ({exc})") from exc
    _verify(pack, files, source)
    return files


def _verify(pack: Pack, files: Mapping[str, bytes], source: str) -> None:
    """Every pinned file present with its SHA-256; :class:`_Refused` naming the first that is not."""
    missing = [rel for rel in pack.files if rel not in files]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise _Refused(f"{source}: lacks {missing[0]}{more}")
    for rel, expected in pack.files.items():
        actual = hashlib.sha256(files[rel]).hexdigest()
        if actual != expected:
            raise _Refused(f"{source}: {rel} has SHA-256 {actual}, expected {expected}")


def install(pack: Pack, files: Mapping[str, bytes], store: Path) -> Path:
    """Write verified ``files`` to ``store/pack.folder`` through a temporary folder renamed into place."""
    target = store / pack.folder
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
        try:
            for rel, data in files.items():
                path = staging / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            if target.exists():  # a partial folder from elsewhere, or another process was faster
                if all(_has(kind, store) for kind in pack.kinds):
                    return target
                shutil.rmtree(target)
            os.replace(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    except OSError as exc:
        raise EnvironmentProblem(
            Problem(
                "schemas.unwritable", f"cannot write {pack.description}: {exc.strerror}", file=str(target)
            )
        ) from exc
    log.info("installed %s into %s", pack.description, target)
    return target


def install_zip(path: Path, store: Path | None = None) -> list[Pack]:
    """Install every pack found in the zip at ``path`` (brought by hand) into the cache; the packs."""
    store = store or cache_dir()
    try:
        archive = zipfile.ZipFile(path)
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise EnvironmentProblem(Problem("schemas.install", f"{path} is not a readable zip file")) from exc
    found: list[tuple[Pack, dict[str, bytes]]] = []
    with archive:
        for pack in PACKS.values():
            if not any(n == pack.key or n.endswith("/" + pack.key) for n in names):
                continue
            try:
                found.append((pack, _from_zip(archive, names, pack, str(path))))
            except _Refused as exc:
                raise EnvironmentProblem(Problem("schemas.install", f"refused: {exc}")) from exc
    if not found:
        known = ", ".join(f"{p.folder}/{p.key}" for p in PACKS.values())
        raise EnvironmentProblem(
            Problem("schemas.install", f"{path} holds none of the schemas pubkit knows ({known})")
        )
    for pack, files in found:
        install(pack, files, store)
    return [pack for pack, _ in found]


@dataclass(frozen=True, slots=True)
class Where:
    """Which folder serves the schemas, why, and which kinds it holds."""

    folder: Path
    origin: str  # "--schemas", "$PUBKIT_SCHEMAS" or "user cache"
    present: Mapping[str, bool]


def where(explicit: str | Path | None = None) -> Where:
    """The schemas folder pubkit would use now, and which kinds are already there."""
    if explicit is not None:
        folder, origin = Path(explicit), "--schemas"
    elif os.environ.get(ENV):
        folder, origin = Path(os.environ[ENV]), f"${ENV}"
    else:
        folder, origin = cache_dir(), "user cache"
    return Where(folder, origin, {kind: _has(kind, folder) for kind in KINDS})
