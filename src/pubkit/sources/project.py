"""Finds the files of an article project; it does not parse them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Problems

JOURNAL_FILE = "journal.yaml"


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    """The paths of an article project's sources (``None`` where a file is missing)."""

    root: Path
    journal: Path | None
    article: Path | None
    body: Path | None
    bibliography: Path | None
    catalogs: dict[str, Path]

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_journal(root: Path) -> Path | None:
    """``manuscript/journal.yaml``, else ``journal.yaml`` in the project or any folder above it.

    An issue folder holding many article projects keeps one journal file above them.
    """
    candidate = root / "manuscript" / JOURNAL_FILE
    if candidate.is_file():
        return candidate
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / JOURNAL_FILE).is_file():
            return folder / JOURNAL_FILE
    return None


def find_files(root: Path, problems: Problems) -> ProjectFiles:
    manuscript = root / "manuscript"

    def need(path: Path, what: str) -> Path | None:
        if path.is_file():
            return path
        problems.error("project.missing-file", f"{what} not found; expected this file", file=_rel(root, path))
        return None

    journal = find_journal(root)
    if journal is None:
        problems.error(
            "project.missing-file",
            f"no {JOURNAL_FILE} in manuscript/, the project folder or a folder above it; "
            "expected the journal's metadata",
            file=f"manuscript/{JOURNAL_FILE}",
        )
    catalogs = {}
    for lang in ("en",):
        catalogs[lang] = root / "translations" / f"{lang}.po"
    return ProjectFiles(
        root=root,
        journal=journal,
        article=need(manuscript / "article.yaml", "the article's metadata"),
        body=need(manuscript / "article.md", "the article's body (pandoc Markdown)"),
        bibliography=need(root / "refs.bib", "the reference list"),
        catalogs=catalogs,
    )


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
