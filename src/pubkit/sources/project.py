"""Finds the files of an article project and reads each of them once, as bytes.

Every later reader works on these bytes, so ``build`` touches each source file exactly
once, whatever outputs it writes (the MECA package carries the same bytes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import layout
from ..layout import find_journal
from ..limits import current, size
from ..problems import Problems
from ..safety import scan_text

# Sources read as text, whose every character is checked (see :mod:`.safety`); the rest are figures.
TEXT_SUFFIXES = frozenset({".md", ".yaml", ".yml", ".bib", ".po", ".pot", ".csv", ".tmx", ".xlf", ".txt"})

SourceFile = tuple[str, bytes]


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    """An article project's sources: where the main files are, and every source file's bytes."""

    root: Path
    journal: Path | None
    article: Path | None
    body: Path | None
    bibliography: Path | None
    catalogs: dict[str, Path]
    glossary: Path | None = None  # beside the journal file, when it has one
    data: dict[str, bytes] = field(default_factory=dict)  # relative path → bytes, every source file

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def key(self, path: Path) -> str:
        """The path's name among the sources: relative to the project, or ``journal.yaml`` (and
        ``glossary.csv``) above it."""
        rel = self.rel(path)
        if rel == str(path) and path in (self.journal, self.glossary):
            return layout.JOURNAL if path == self.journal else layout.GLOSSARY
        return rel

    def bytes_of(self, path: Path | None) -> bytes | None:
        return None if path is None else self.data.get(self.key(path))

    @property
    def sources(self) -> tuple[SourceFile, ...]:
        """Every source file as ``(relative path, bytes)``, sorted by path."""
        return tuple(sorted(self.data.items()))


def find_files(root: Path, problems: Problems, shared=None) -> ProjectFiles:
    """The project's paths and bytes; ``shared`` is an issue's journal (path and bytes), already read."""

    def need(rel: str, what: str) -> Path | None:
        path = root / rel
        if path.is_symlink():
            problems.error(
                "project.symlink",
                "a symbolic link among the sources; expected a regular file (links are not followed)",
                file=rel,
            )
            return None
        if path.is_file():
            return path
        problems.error("project.missing-file", f"{what} not found; expected this file", file=rel)
        return None

    journal = shared.path if shared is not None else find_journal(root)
    if journal is None:
        problems.error(
            "project.missing-file",
            f"no {layout.JOURNAL} in {layout.MANUSCRIPT}/, the project folder or a folder above it; "
            "expected the journal's metadata",
            file=f"{layout.MANUSCRIPT}/{layout.JOURNAL}",
        )
    files = ProjectFiles(
        root=root,
        journal=journal,
        article=need(layout.ARTICLE, "the article's metadata"),
        body=need(layout.BODY, "the article's body (pandoc Markdown)"),
        bibliography=need(layout.BIBLIOGRAPHY, "the reference list"),
        catalogs={"en": root / layout.CATALOG},
        glossary=_glossary(journal),
    )
    if shared is not None:
        files.data[files.key(shared.path)] = shared.data
        if shared.glossary is not None:
            files.data[files.key(files.glossary)] = shared.glossary
    _read_all(files, problems)
    return files


def _glossary(journal: Path | None) -> Path | None:
    """The journal's glossary file, when one sits beside the journal file."""
    path = journal.parent / layout.GLOSSARY if journal is not None else None
    return path if path is not None and path.is_file() else None


def _read_all(files: ProjectFiles, problems: Problems) -> None:
    """Read every source file once: ``manuscript/`` and ``translations/`` (regular, non-hidden files,
    recursively), ``refs.bib`` and the journal file. Unreadable files and symlinks are problems."""
    root = files.root
    paths: list[Path] = []
    for folder in layout.SOURCE_FOLDERS:
        if (root / folder).is_symlink():
            problems.error(
                "project.symlink",
                "the folder is a symbolic link; expected a real folder (links are not followed)",
                file=folder,
            )
        elif (root / folder).is_dir():
            paths.extend(_walk(root / folder, root, problems))
    for path in (files.bibliography, files.journal, files.glossary):
        if path is not None and path not in paths:
            paths.append(path)
    limits = current()
    total = 0
    for path in paths:
        key = files.key(path)
        if key in files.data:
            continue
        text = path.suffix.lower() in TEXT_SUFFIXES
        limit = limits.body if key == layout.BODY else limits.text if text else limits.figure
        try:
            length = path.stat().st_size
            if length > limit:
                problems.error(
                    "project.too-large",
                    f"{size(length)} is over the limit of {size(limit)} for this file; expected a smaller "
                    "file (PUBKIT_LIMITS changes the limit)",
                    file=key,
                )
                continue
            total += length
            if total > limits.sources:
                problems.error(
                    "project.too-large",
                    f"the sources pass {size(limits.sources)} together; expected less "
                    "(PUBKIT_LIMITS sources=... changes the limit)",
                    file=key,
                )
                return
            files.data[key] = path.read_bytes()
        except OSError as exc:
            problems.error("project.unreadable", f"cannot read: {exc.strerror}", file=key)
            continue
        if text:
            try:
                decoded = files.data[key].decode("utf-8")
            except UnicodeDecodeError:
                continue  # reported by the reader of the file, with the byte
            scan_text(decoded, key, problems)


def _walk(folder: Path, root: Path, problems: Problems) -> list[Path]:
    """Regular files under ``folder``; hidden names (editor and OS litter) are skipped, symlinks refused."""
    out: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            problems.error(
                "project.symlink",
                "a symbolic link among the sources; expected a regular file (links are not followed)",
                file=path.relative_to(root).as_posix(),
            )
        elif path.is_dir():
            out.extend(_walk(path, root, problems))
        elif path.is_file():
            out.append(path)
    return out
