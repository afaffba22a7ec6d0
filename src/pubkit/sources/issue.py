"""Reading an issue folder: ``journal.yaml`` once, then every article folder below it.

An issue folder holds article projects (folders with ``manuscript/article.yaml``); the
journal file sits in the issue folder or above it and is read and parsed once for all
of them. Each article's problems keep paths relative to its own folder; the build shows
them relative to the issue folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import layout
from ..model import Journal
from ..problems import Problem, Problems, PubkitError
from ..safety import scan_text
from . import Loaded, SharedJournal, load_project, with_glossary
from .metadata import read_journal
from .project import find_journal


@dataclass(frozen=True, slots=True)
class LoadedIssue:
    """An issue folder as read: its journal, each article folder's name with what was loaded, the problems."""

    root: Path
    shared: SharedJournal | None
    articles: tuple[tuple[str, Loaded], ...]
    problems: tuple[Problem, ...]  # the issue's own (the journal file's, the folder's)


def article_folders(root: Path) -> list[Path]:
    """The article projects directly under ``root``, in folder-name order."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / layout.ARTICLE).is_file())


def is_issue(root: Path) -> bool:
    """Whether ``root`` is an issue folder: not an article itself, with article folders below it."""
    return root.is_dir() and not (root / layout.ARTICLE).is_file() and bool(article_folders(root))


def load_issue(root: Path) -> LoadedIssue:
    """Read the journal once and every article of the issue at ``root``; problems are collected."""
    if not root.is_dir():
        raise PubkitError(Problem("project.not-found", f"{root} is not a folder; expected an issue folder"))
    problems = Problems()
    shared = None
    path = find_journal(root)
    if path is None:
        problems.error(
            "project.missing-file",
            f"no {layout.JOURNAL} in the issue folder or a folder above it; expected the journal's metadata",
            file=layout.JOURNAL,
        )
    else:
        file = _rel(root, path)
        try:
            data = path.read_bytes()
            text = data.decode("utf-8")
        except OSError as exc:
            problems.error("project.unreadable", f"cannot read: {exc.strerror}", file=file)
        except UnicodeDecodeError as exc:
            problems.error("project.encoding", f"not UTF-8 text ({exc.reason}); expected UTF-8", file=file)
        else:
            scan_text(text, file, problems)
            shared = _shared(root, path, data, read_journal(text, file, problems), problems)
    folders = article_folders(root)
    if not folders:
        problems.error(
            "issue.empty", f"no article folders (with {layout.ARTICLE}) in the issue folder", file="."
        )
    articles = tuple((folder.name, load_project(folder, shared)) for folder in folders)
    return LoadedIssue(root, shared, articles, tuple(problems))


def _shared(
    root: Path, path: Path, data: bytes, journal: Journal | None, problems: Problems
) -> SharedJournal:
    """The issue's journal with its glossary, both read once for every article."""
    glossary_path = path.parent / layout.GLOSSARY
    if journal is None or not glossary_path.is_file():
        return SharedJournal(path, data, journal)
    try:
        glossary = glossary_path.read_bytes()
    except OSError as exc:
        problems.error("project.unreadable", f"cannot read: {exc.strerror}", file=_rel(root, glossary_path))
        return SharedJournal(path, data, journal)
    scan_text(
        glossary.decode("utf-8", "replace"), _rel(root, glossary_path), problems
    )  # bad UTF-8: with_glossary
    journal = with_glossary(journal, glossary_path, glossary, lambda p: _rel(root, p), problems)
    return SharedJournal(path, data, journal, glossary)


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
