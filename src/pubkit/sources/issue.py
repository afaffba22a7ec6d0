"""Reading an issue folder: ``journal.yaml`` once, ``issue.yaml``, then every article folder below it.

An issue folder holds article projects (folders with ``manuscript/article.yaml``); the
journal file sits in the issue folder or above it and is read and parsed once for all
of them. ``issue.yaml`` (optional) gives the volume, number, year, publication date, an
issue title, the page range and the order: sections in order, each with its article
folders in order. Without it the articles come in folder-name order and the issue takes
their volume, number and year. Each article's problems keep paths relative to its own
folder; the build shows them relative to the issue folder.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout
from ..model import Journal, Localized
from ..problems import Problem, Problems, PubkitError
from ..safety import scan_text
from . import Loaded, SharedJournal, load_project, with_glossary
from .located import Fields, parse_yaml
from .metadata import read_journal
from .project import find_journal


@dataclass(frozen=True, slots=True)
class IssueMeta:
    """What ``issue.yaml`` says; ``order`` is (section id, article folder) in the issue's order."""

    volume: str | None
    number: str | None
    year: int | None
    published: datetime.date | None
    title: Localized | None
    pages: tuple[int, int] | None
    order: tuple[tuple[str, str], ...]
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LoadedIssue:
    """An issue folder as read: its journal, each article folder's name with what was loaded, the problems."""

    root: Path
    shared: SharedJournal | None
    articles: tuple[tuple[str, Loaded], ...]  # in the issue's order
    problems: tuple[Problem, ...]  # the issue's own (the journal file's, issue.yaml's, the folder's)
    meta: IssueMeta | None = None  # issue.yaml, when the folder has one


def article_folders(root: Path) -> list[Path]:
    """The article projects directly under ``root``, in folder-name order."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / layout.ARTICLE).is_file())


def is_issue(root: Path) -> bool:
    """Whether ``root`` is an issue folder: not an article itself, with article folders below it."""
    return root.is_dir() and not (root / layout.ARTICLE).is_file() and bool(article_folders(root))


def find_root(start: Path) -> Path:
    """The project or issue folder ``start`` is in, found as git finds its repository.

    ``start`` itself when it is an article project or an issue folder; else the nearest folder
    above it holding ``manuscript/article.yaml`` (so ``pubkit check`` works from ``manuscript/``
    or ``build/``); else ``start``, whose missing files are then reported as usual.
    """
    if not start.is_dir() or (start / layout.ARTICLE).is_file() or is_issue(start):
        return start
    for folder in start.resolve().parents:
        if (folder / layout.ARTICLE).is_file():
            return folder
    return start


@dataclass(frozen=True, slots=True)
class IssueLayout:
    """An issue folder before its articles are read: the journal, issue.yaml, the article folders in order."""

    root: Path
    shared: SharedJournal | None
    meta: IssueMeta | None
    names: tuple[str, ...]
    problems: tuple[Problem, ...]
    issue_data: bytes | None = None  # issue.yaml's bytes, for the build's keys


def load_issue(root: Path) -> LoadedIssue:
    """Read the journal once and every article of the issue at ``root``; problems are collected."""
    found = issue_layout(root)
    articles = tuple((name, load_project(root / name, found.shared)) for name in found.names)
    return LoadedIssue(root, found.shared, articles, found.problems, found.meta)


def issue_layout(root: Path) -> IssueLayout:
    """The issue at ``root`` up to its articles: journal and glossary, issue.yaml, the article folders' order."""
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
    meta = None
    if (root / layout.ISSUE).is_file():
        meta = _read_issue_file(root / layout.ISSUE, problems)
    names = [folder.name for folder in folders]
    if meta is not None and meta.order:
        listed = [name for _, name in meta.order]
        for name in names:
            if name not in listed:
                problems.error(
                    "issue.unlisted",
                    f"article folder {name!r} is not in issue.yaml's sections; expected every article listed",
                    file=layout.ISSUE,
                    field="sections",
                )
        for name in listed:
            if name not in names:
                problems.error(
                    "issue.unknown-article",
                    f"issue.yaml lists {name!r}, which is not an article folder of the issue",
                    file=layout.ISSUE,
                    line=meta.lines.get(f"sections.{name}"),
                    field="sections",
                )
        names = [name for name in listed if name in names] + [n for n in names if n not in listed]
    for name in names:
        if (root / name / layout.MANUSCRIPT / layout.JOURNAL).is_file():
            problems.error(
                "issue.own-journal",
                f"{name} has its own {layout.MANUSCRIPT}/{layout.JOURNAL}; expected the articles of an issue "
                f"to share the issue's {layout.JOURNAL}",
                file=f"{name}/{layout.MANUSCRIPT}/{layout.JOURNAL}",
            )
    issue_file = root / layout.ISSUE
    data = issue_file.read_bytes() if issue_file.is_file() else None
    return IssueLayout(root, shared, meta, tuple(names), tuple(problems), data)


def _read_issue_file(path: Path, problems: Problems) -> IssueMeta | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.error("project.unreadable", f"cannot read: {exc}; expected UTF-8 YAML", file=layout.ISSUE)
        return None
    return read_issue(text, layout.ISSUE, problems)


def read_issue(text: str, file: str, problems: Problems) -> IssueMeta | None:
    """``issue.yaml``: every key optional; ``sections`` maps each section id to its article folders."""
    root = Fields.of(parse_yaml(text, file, problems), "", file, problems)
    if root is None:
        return None
    lines = {key: root.line_of(key) for key in ("volume", "number", "year", "published", "pages")}
    volume = root.scalar("volume", required=False)
    number = root.scalar("number", required=False)
    year = root.scalar("year", int, required=False)
    published = root.scalar("published", datetime.date, required=False)
    title = None
    if (fields := root.mapping("title", required=False)) is not None:
        ru, en = fields.scalar("ru"), fields.scalar("en")
        fields.finish()
        title = Localized(ru, en) if ru and en else None
    pages = None
    if (text_pages := root.scalar("pages", required=False)) is not None:
        first, _, last = text_pages.replace("–", "-").partition("-")
        if first.strip().isdigit() and last.strip().isdigit() and 0 < int(first) <= int(last):
            pages = (int(first), int(last))
        else:
            root.error(
                "issue.pages", f"{text_pages!r} is not a page range; expected first-last, e.g. 10-96", "pages"
            )
    order: list[tuple[str, str]] = []
    if (sections := root.mapping("sections", required=False)) is not None:
        for section_id in list(sections._items):
            lines[f"sections.{section_id}"] = sections.line_of(section_id)
            for _, name, line in sections.strings(section_id):
                lines[f"sections.{name}"] = line
                order.append((section_id, name))
        sections.finish()
    root.finish()
    return IssueMeta(volume, number, year, published, title, pages, tuple(order), lines)


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
