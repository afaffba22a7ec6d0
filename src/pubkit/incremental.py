"""Incremental builds: each article's outputs are keyed by a hash of everything they depend on.

The key covers the article's source files (with ``journal.yaml`` and the glossary),
``issue.yaml`` for an issue's article, the outputs and options asked for, the draft
flag and ``SOURCE_DATE_EPOCH``, and pubkit itself (its version and every file of the
package: code, templates, locale catalogs), so a changed template or a new release
rebuilds everything. The build folder's ``.pubkit-build.json`` records each key and the
files it made; a build whose key and files are unchanged is skipped before any parsing.
Only the standard library is used here, so the check costs little more than reading
the sources.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .layout import source_files

MANIFEST = ".pubkit-build.json"
_FORMAT = 1


@functools.cache
def fingerprint() -> str:
    """pubkit's own part of every key: its version and the bytes of every file of the package."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def key(sources: Iterable[tuple[str, bytes]], settings: Mapping[str, object]) -> str:
    """The key of one article's outputs: its sources as ``(path, bytes)`` and the build's settings."""
    digest = hashlib.sha256(fingerprint().encode())
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path, data in sorted(sources):
        digest.update(f"\0{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """What one key made: each output's files, relative to the build folder."""

    key: str
    outputs: dict[str, tuple[str, ...]]

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(path for paths in self.outputs.values() for path in paths)


def read_manifest(out: Path) -> dict[str, Entry]:
    """The build folder's record of keys (empty when absent or unreadable: then everything is rebuilt)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            return {}
        return {
            name: Entry(e["key"], {output: tuple(paths) for output, paths in e["outputs"].items()})
            for name, e in data["entries"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def manifest_bytes(entries: Mapping[str, Entry], quick: Mapping[str, object] | None = None) -> bytes:
    """The record's bytes; ``quick`` (:func:`quick_record`) is kept only by a plain build."""
    body = {
        name: {"key": e.key, "outputs": {o: list(paths) for o, paths in sorted(e.outputs.items())}}
        for name, e in sorted(entries.items())
    }
    record = {"format": _FORMAT, "entries": body, "quick": quick}
    return (json.dumps(record, indent=1, sort_keys=True) + "\n").encode()


def stamps(root: Path) -> list[list[object]] | None:
    """Each source file's path, size and modification time, the way make decides, with no parsing."""
    files = source_files(root)
    if files is None:
        return None
    out = []
    for path in files:
        info = path.stat()
        out.append([path.resolve().as_posix(), info.st_size, info.st_mtime_ns])
    return out


def quick_record(root: Path, epoch: str | None) -> dict[str, object] | None:
    """What a plain build of ``root`` depended on, for :func:`quick_unchanged` to compare next time."""
    found = stamps(root)
    return None if found is None else {"fingerprint": fingerprint(), "epoch": epoch, "stamps": found}


def quick_unchanged(root: Path, out: Path, epoch: str | None) -> bool:
    """Whether a plain build of ``root`` into ``out`` has nothing to do: the same pubkit, the same
    ``SOURCE_DATE_EPOCH``, every source file with the size and time it had, every output still there.

    Decided from file metadata only, before any module that parses is imported.
    """
    try:
        record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        quick = record.get("quick")
        if not quick or record.get("format") != _FORMAT:
            return False
        files = [f for e in record["entries"].values() for paths in e["outputs"].values() for f in paths]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return (
        quick.get("epoch") == epoch
        and quick.get("fingerprint") == fingerprint()
        and quick.get("stamps") == stamps(root)
        and all((out / f).is_file() for f in files)
    )


def unchanged(out: Path, entry: Entry | None, current: str, outputs: Iterable[str] = ()) -> bool:
    """Whether a build with key ``current`` may be skipped: same key, a record of each of ``outputs``,
    and every file it made still there."""
    return (
        entry is not None
        and entry.key == current
        and all(name in entry.outputs for name in outputs)
        and all((out / f).is_file() for f in entry.files)
    )
