"""The file names of a project, an issue and a build, spelled here and nowhere else.

An article project is a folder with ``manuscript/`` (``article.yaml``, the Russian body
``article.md``, figures), ``refs.bib`` and ``translations/en.po``; a journal keeps one
``journal.yaml`` above its articles; an issue folder holds ``issue.yaml`` and its article
folders. Paths are POSIX and relative to the project (or issue) folder.
"""

from __future__ import annotations

from pathlib import Path

MANUSCRIPT = "manuscript"
TRANSLATIONS = "translations"
SOURCE_FOLDERS = (MANUSCRIPT, TRANSLATIONS)  # every regular file under these is a source
ARTICLE = f"{MANUSCRIPT}/article.yaml"
BODY = f"{MANUSCRIPT}/article.md"
BIBLIOGRAPHY = "refs.bib"
JOURNAL = "journal.yaml"
GLOSSARY = "glossary.csv"  # beside the journal file
ISSUE = "issue.yaml"
TEMPLATE = f"{TRANSLATIONS}/article.pot"
BUILD = "build"  # the default output folder inside a project
PENDING = (
    ".pubkit-pending.json"  # in an output folder: the renames of a build under way (see build.write_files)
)


def catalog(lang: str) -> str:
    """The translation catalog of ``lang``: ``translations/en.po``."""
    return f"{TRANSLATIONS}/{lang}.po"


CATALOG = catalog("en")
BODY_FILES = {"ru": BODY, "en": CATALOG}  # where each language's body text comes from


def figure(path: str) -> str:
    """A figure's source path, from its path relative to ``manuscript/``."""
    return f"{MANUSCRIPT}/{path}"


def find_journal(root: Path) -> Path | None:
    """``manuscript/journal.yaml``, else ``journal.yaml`` in the project or any folder above it.

    An issue folder holding many article projects keeps one journal file above them.
    """
    candidate = root / MANUSCRIPT / JOURNAL
    if candidate.is_file():
        return candidate
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / JOURNAL).is_file():
            return folder / JOURNAL
    return None


def source_files(root: Path) -> list[Path] | None:
    """Every source file of the project or issue at ``root`` (what a build reads), sorted; ``None`` when
    a symbolic link is among them (the readers refuse it, so no shortcut may pass it)."""
    paths: list[Path] = []
    projects = (
        [root]
        if (root / ARTICLE).is_file()
        else sorted(p for p in root.iterdir() if p.is_dir() and (p / ARTICLE).is_file())
    )
    journal = find_journal(root)
    for extra in (journal, journal.parent / GLOSSARY if journal else None, root / ISSUE):
        if extra is not None and extra.is_file():
            paths.append(extra)
    for project in projects:
        for folder in SOURCE_FOLDERS:
            if (project / folder).is_dir():
                for path in sorted((project / folder).rglob("*")):
                    if path.is_symlink():
                        return None
                    if path.is_file() and not any(
                        part.startswith(".") for part in path.relative_to(project).parts
                    ):
                        paths.append(path)
        if (project / BIBLIOGRAPHY).is_file():
            paths.append(project / BIBLIOGRAPHY)
    return sorted(set(paths))
