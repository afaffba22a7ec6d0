"""The file names of a project, an issue and a build, spelled here and nowhere else.

An article project is a folder with ``manuscript/`` (``article.yaml``, the Russian body
``article.md``, figures), ``refs.bib`` and ``translations/en.po``; a journal keeps one
``journal.yaml`` above its articles; an issue folder holds ``issue.yaml`` and its article
folders. Paths are POSIX and relative to the project (or issue) folder.
"""

from __future__ import annotations

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
