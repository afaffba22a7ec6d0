"""Reading and verifying a MECA package, ours or another tool's, without extracting it.

Checks, each reported as its own :class:`Problem` naming ``archive:member``: the zip can be
read; every entry name is safe (no absolute path, drive, backslash or ``..``) and no entry
is a symlink or a duplicate; ``manifest.xml`` exists and validates against the MECA 1.0
manifest DTD; every file it lists is present and matches its recorded SHA-256 (the
``item-metadata`` entry :mod:`pubkit.writers.package` writes); nothing unlisted is inside;
transfer and review files validate against their DTDs; the JATS ``article-metadata`` item
validates against the JATS DTD of its ``dtd-version`` (:func:`pubkit.validate.validate_jats`).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from lxml import etree

from .. import safexml
from ..limits import Limits, current, size
from ..problems import Problem, Severity
from ..writers.package import CHECKSUM_NAME, MANIFEST, XLINK_NS
from .catalog import load
from .store import ensure

MANIFEST_KIND = "meca-1.0"
# item-type → the catalog kind its file must follow
ITEM_DTDS = {"transfer-metadata": "meca-transfer-1.0", "review-metadata": "meca-reviews-1.0"}
S_IFMT, S_IFLNK = 0o170000, 0o120000
_CHECKSUM_NAMES = {CHECKSUM_NAME, "sha-256"}
# What zipfile raises on a damaged archive; ValueError comes from seeking to a corrupt (negative) offset.
_MB = 1024 * 1024
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError)


@dataclass(frozen=True, slots=True)
class Verification:
    """What ``--verify`` found: every problem, and how many listed files matched their checksums."""

    problems: tuple[Problem, ...]
    verified: int

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True, slots=True)
class _Listed:
    href: str
    item_type: str
    sha256: str | None
    line: int | None


class _Report:
    """Collects problems for one archive, naming members as ``archive:member``."""

    def __init__(self, archive: str) -> None:
        self.archive = archive
        self.items: list[Problem] = []
        self.refused: set[str] = set()  # entries too large to read, already reported

    def error(self, code: str, message: str, member: str | None = None, line: int | None = None) -> None:
        self.items.append(Problem(code, message, self._where(member), line))

    def warning(self, code: str, message: str, member: str | None = None, line: int | None = None) -> None:
        self.items.append(Problem(code, message, self._where(member), line, severity=Severity.WARNING))

    def _where(self, member: str | None) -> str:
        return self.archive if member is None else f"{self.archive}:{member}"


def verify_file(path: Path, schemas: Path | None = None) -> Verification:
    """Verify the package at ``path``; an unreadable file is a problem, not an exception.

    ``schemas`` defaults to :func:`pubkit.validate.store.ensure` (``PUBKIT_SCHEMAS``, then the
    user cache, filled on first need); a folder without the DTDs is an environment error.
    """
    schemas = ensure(("meca-1.0", "jats-1.3", "jats-1.4"), schemas)
    try:
        with path.open("rb") as handle:
            return _verify(handle, str(path), schemas)
    except OSError as exc:
        problem = Problem("package.unreadable", f"cannot read: {exc.strerror}", str(path))
        return Verification((problem,), 0)


def verify_package(data: bytes, archive: str, schemas: Path) -> Verification:
    """Every problem of the MECA package ``data`` (named ``archive`` in messages); ``schemas`` holds ``meca/``."""
    return _verify(io.BytesIO(data), archive, schemas)


def _verify(handle: BinaryIO, archive: str, schemas: Path) -> Verification:
    """The package read from ``handle`` entry by entry, streamed: only the manifest and the XML items are
    held in memory, each under the ``xml`` limit."""
    report = _Report(archive)
    try:
        zf = zipfile.ZipFile(handle)
    except _DAMAGED as exc:
        report.error("package.damaged", f"not a readable zip archive ({exc}); expected a MECA package (zip)")
        return Verification(tuple(report.items), 0)
    with zf:
        members = _check_entries(zf, report)
        if MANIFEST not in members:
            report.error("package.no-manifest", "manifest.xml missing at the package root; MECA requires it")
            return Verification(tuple(report.items), 0)
        manifest = _read(zf, members[MANIFEST], report) if MANIFEST not in report.refused else None
        listed = _read_manifest(manifest, schemas, report) if manifest is not None else None
        if listed is None:
            return Verification(tuple(report.items), 0)
        verified = _check_listed(zf, members, listed, schemas, report)
    return Verification(tuple(report.items), verified)


def unsafe_reason(name: str) -> str | None:
    """Why an entry name could escape the folder it is extracted into (zip-slip), or ``None`` when safe."""
    if not name or "\x00" in name:
        return "an empty name or a NUL character"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if "\\" in name:
        return "a backslash, which some tools treat as a folder separator"
    if ".." in name.split("/"):
        return "a '..' step out of its folder"
    return None


def _too_big(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    """Why an entry is refused as too large or as a likely zip bomb, from its recorded sizes.

    zipfile never inflates past the recorded size (it stops there and fails the CRC), so
    these sizes bound what reading the entry costs.
    """
    if info.file_size > limits.zip_entry:
        return f"unpacks to {size(info.file_size)}, over the limit of {size(limits.zip_entry)}"
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _MB and ratio > limits.zip_ratio:
        return (
            f"unpacks {ratio:.0f} times its packed size, over the limit of {limits.zip_ratio} (a zip bomb?)"
        )
    return None


def _check_entries(zf: zipfile.ZipFile, report: _Report) -> dict[str, zipfile.ZipInfo]:
    """Safe entries by name; unsafe names, symlinks, duplicates, encrypted and oversized entries are reported.

    A refused entry is still a member (so the manifest's listing of it is not reported again),
    but :func:`_check_listed` neither reads nor checks it.
    """
    limits = current()
    counts = Counter(info.filename for info in zf.infolist())
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in zf.infolist():
        if reason := _too_big(info, limits):
            report.error("package.too-large", f"entry {reason}; refused", info.filename)
            report.refused.add(info.filename)
        total += info.file_size
        if total > limits.zip_total and info.filename not in report.refused:
            report.error(
                "package.too-large",
                f"the entries unpack to more than {size(limits.zip_total)} together; refused",
                info.filename,
            )
            report.refused.add(info.filename)
        name = info.filename
        reason = unsafe_reason(name)
        if reason is not None:
            report.error("package.unsafe-path", f"entry name has {reason}; refused (zip-slip)", name)
            continue
        if info.create_system == 3 and (info.external_attr >> 16) & S_IFMT == S_IFLNK:
            report.error("package.symlink", "entry is a symbolic link; refused", name)
            continue
        if info.flag_bits & 0x1:
            report.error("package.encrypted", "entry is encrypted; expected plain files", name)
            continue
        if counts[name] > 1 and name not in members:
            report.error("package.duplicate", f"entry appears {counts[name]} times; expected once", name)
        if not info.is_dir():
            members[name] = info
    return members


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, report: _Report) -> bytes | None:
    """An XML entry's bytes, read whole for parsing; refused over the ``xml`` limit."""
    limit = current().xml
    if info.file_size > limit:
        report.error(
            "package.too-large",
            f"an XML file of {size(info.file_size)}, over the limit of {size(limit)} for parsing; refused",
            info.filename,
        )
        return None
    try:
        return zf.read(info)
    except _DAMAGED as exc:
        report.error(
            "package.damaged-entry", f"cannot read the entry ({exc}); the zip is damaged", info.filename
        )
        return None


def _sha256(zf: zipfile.ZipFile, info: zipfile.ZipInfo, report: _Report) -> str | None:
    digest = hashlib.sha256()
    try:
        with zf.open(info) as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except _DAMAGED as exc:
        report.error(
            "package.damaged-entry", f"cannot read the entry ({exc}); the zip is damaged", info.filename
        )
        return None
    return digest.hexdigest()


def _parse(data: bytes, member: str, report: _Report) -> etree._ElementTree | None:
    """Parse safely (:mod:`pubkit.safexml`): no XXE or network access from a received package."""
    root, errors = safexml.parse(data)
    for line, message in errors[:1]:
        report.error("package.xml", f"not well-formed XML: {message}", member, line)
    return root.getroottree() if root is not None else None


def _validate(doc: etree._ElementTree, kind: str, schemas: Path, member: str, report: _Report) -> None:
    dtd = load(kind, schemas)
    if not dtd.validate(doc):
        for err in dtd.error_log.filter_from_errors():
            report.error("package.dtd", f"not valid against the {kind} DTD: {err.message}", member, err.line)


def _read_manifest(data: bytes, schemas: Path, report: _Report) -> list[_Listed] | None:
    """The manifest's instances (after DTD validation), or ``None`` when it cannot be read at all."""
    doc = _parse(data, MANIFEST, report)
    if doc is None:
        return None
    _validate(doc, MANIFEST_KIND, schemas, MANIFEST, report)
    listed: list[_Listed] = []
    for item in doc.getroot().iter("{*}item"):
        sums = [
            (m.text or "").strip().lower()
            for m in item.iter("{*}metadata")
            if (m.get("metadata-name") or "").strip().lower() in _CHECKSUM_NAMES
        ]
        instances = list(item.iter("{*}instance"))
        item_type = (item.get("item-type") or "").strip().lower()
        for instance in instances:
            href = instance.get(f"{{{XLINK_NS}}}href")
            if href is None:
                continue  # the DTD check above has reported it
            listed.append(
                _Listed(
                    href, item_type, sums[0] if sums and len(instances) == 1 else None, instance.sourceline
                )
            )
    return listed


def _check_listed(
    zf: zipfile.ZipFile,
    members: dict[str, zipfile.ZipInfo],
    listed: list[_Listed],
    schemas: Path,
    report: _Report,
) -> int:
    """Presence, checksums and per-type validation of every listed file; then anything unlisted."""
    seen = {MANIFEST}
    verified = 0
    for entry in listed:
        if urlsplit(entry.href).scheme:
            continue  # a remote instance (MECA allows URLs): nothing in the zip to check
        name = entry.href if entry.href in members else unquote(entry.href)
        reason = unsafe_reason(name)
        if reason is not None:
            report.error("package.unsafe-href", f"listed path has {reason}; refused", MANIFEST, entry.line)
            continue
        info = members.get(name)
        if info is None:
            report.error("package.missing-file", "listed in manifest.xml but not in the package", name)
            continue
        seen.add(name)
        if name in report.refused:
            continue
        digest = _sha256(zf, info, report)
        if digest is None:
            continue
        if entry.sha256 is None:
            report.warning(
                "package.no-checksum", "no SHA-256 recorded in manifest.xml; content not verified", name
            )
        elif digest != entry.sha256:
            report.error(
                "package.checksum",
                f"SHA-256 mismatch: manifest.xml records {entry.sha256}, the file has {digest}",
                name,
            )
            continue
        else:
            verified += 1
        _check_content(zf, info, entry.item_type, schemas, report)
    if not any(e.item_type == "article-metadata" for e in listed):
        report.warning("package.no-jats", "no article-metadata item; MECA expects the article's JATS XML")
    for name in sorted(set(members) - seen):
        report.error("package.unlisted", "in the package but not listed in manifest.xml", name)
    return verified


def _check_content(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, item_type: str, schemas: Path, report: _Report
) -> None:
    """Validate the files whose type has a schema: MECA transfer/review files, the JATS."""
    if item_type not in ITEM_DTDS and item_type != "article-metadata":
        return
    data = _read(zf, info, report)
    if data is None:
        return
    if item_type == "article-metadata":
        from . import validate_jats

        for problem in validate_jats(data, info.filename, schemas):
            report.error("package.jats", f"not valid JATS: {problem.message}", info.filename, problem.line)
        return
    doc = _parse(data, info.filename, report)
    if doc is not None:
        _validate(doc, ITEM_DTDS[item_type], schemas, info.filename, report)
