"""``pubkit new``: a new article project from the journal's configuration, every key present and explained.

``manuscript/article.yaml`` has every key the metadata reader knows, each with a comment; the
required ones are empty and marked ``TODO``, so ``pubkit check`` lists each of them with its line
until it is filled. The section comes from ``journal.yaml`` (its ids, names and article types are
listed), and so do the degrees. ``manuscript/article.md`` holds the standard Russian headings of the
section's article type (volume, number and year come from the ``issue.yaml`` of the
folder it goes in, when there is one), ``refs.bib`` is empty and ``translations/en.po`` holds the headings' segments.
The project is written in a hidden sibling folder and renamed into place: a failure leaves nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import layout
from ..checks import check
from ..i18n.catalogs import segments_catalog
from ..model import Journal
from ..problems import Problem, Problems, PubkitError
from ..sources import load_project
from ..sources.issue import read_issue
from ..sources.metadata import ABSTRACT_SECTIONS
from ..sources.project import find_journal
from .project import _journal, _write

# The journal's standard headings per JATS article type (its guidelines for authors, IMRAD for studies).
HEADINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "research-article": (
        ("introduction", "Введение"),
        ("methods", "Материалы и методы"),
        ("results", "Результаты"),
        ("discussion", "Обсуждение"),
        ("conclusion", "Заключение"),
    ),
    "case-report": (
        ("introduction", "Введение"),
        ("cases", "Клиническое наблюдение"),
        ("discussion", "Обсуждение"),
        ("conclusion", "Заключение"),
    ),
    "review-article": (
        ("introduction", "Введение"),
        ("conclusion", "Заключение"),
    ),
}
# The English the journal prints for these headings, filled into en.po (the translator may change them).
ENGLISH = {
    "Введение": "Introduction",
    "Материалы и методы": "Materials and methods",
    "Результаты": "Results",
    "Обсуждение": "Discussion",
    "Заключение": "Conclusion",
    "Клиническое наблюдение": "Clinical case",
    "Обоснование": "Background",
    "Цель": "Objective",
}
ABSTRACT_TITLES = {
    "background": "Обоснование",
    "objective": "Цель",
    "methods": "Материалы и методы",
    "results": "Результаты",
    "conclusions": "Заключение",
}


@dataclass(frozen=True, slots=True)
class NewProject:
    """What ``new`` wrote, and what ``pubkit check`` says of it (the TODOs, one problem each)."""

    target: Path
    journal: Path | None
    section: str | None
    problems: tuple[Problem, ...]


def new_project(
    target: Path,
    section: str | None = None,
    volume: str | None = None,
    issue: str | None = None,
    year: int | None = None,
) -> NewProject:
    """Write a new article project at ``target`` (a new or empty folder) from the journal above it."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise PubkitError(
            Problem(
                "new.exists", "exists and is not an empty folder; expected a new or empty folder", str(target)
            )
        )
    volume, issue, year = _from_issue(target.parent, volume, issue, year)
    journal = _journal(target)
    journal_path = find_journal(target.parent) if target.parent.exists() else None
    sections = journal.sections if journal else ()
    if section is not None and journal is not None and section not in {s.id for s in sections}:
        known = ", ".join(s.id for s in sections)
        raise PubkitError(
            Problem("new.section", f"unknown section {section!r}; expected one of the journal's: {known}")
        )
    article_type = next((s.article_type for s in sections if s.id == section), "research-article")
    headings = HEADINGS.get(article_type, HEADINGS["research-article"])
    files = {
        layout.ARTICLE: article_yaml(journal, section, volume, issue, year).encode("utf-8"),
        layout.BODY: body_markdown(headings).encode("utf-8"),
        layout.BIBLIOGRAPHY: b"",
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        _write(staging, files)
        _write(staging, {layout.CATALOG: _empty_catalog(staging)})
        problems = tuple(check(load_project(staging)))
        if target.exists():
            target.rmdir()
        staging.chmod(0o755)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewProject(target, journal_path, section, problems)


def _from_issue(
    folder: Path, volume: str | None, issue: str | None, year: int | None
) -> tuple[str | None, str | None, int | None]:
    """Volume, number and year from the ``issue.yaml`` of the folder the project goes in, unless given."""
    path = folder / layout.ISSUE
    if not path.is_file():
        return volume, issue, year
    try:
        meta = read_issue(path.read_text(encoding="utf-8"), layout.ISSUE, Problems())
    except (OSError, UnicodeDecodeError):
        return volume, issue, year
    if meta is None:
        return volume, issue, year
    return volume or meta.volume, issue or meta.number, year or meta.year


def _empty_catalog(staging: Path) -> bytes:
    """``translations/en.po`` with every segment of the new sources and no English yet."""
    return segments_catalog(load_project(staging), lambda s: _english(s.id, s.ru))


def _english(segment_id: str, ru: str) -> str:
    if segment_id == "abstract.conclusions.title":
        return "Conclusions"
    return ENGLISH.get(ru, "")


def body_markdown(headings: tuple[tuple[str, str], ...]) -> str:
    lines = [
        "<!-- The Russian body in pandoc Markdown. Every heading keeps its ASCII id ({#...}): it names the",
        "     segments of its section in translations/en.po. Cite references by key: [@key] or [@a; @b]. -->",
        "",
    ]
    for heading_id, title in headings:
        lines += [f"## {title} {{#{heading_id}}}", ""]
    return "\n".join(lines)


def modeline(name: str) -> str:
    """The line that points YAML editors (yaml-language-server) at the installed schema of ``name``."""
    schema = Path(__file__).resolve().parents[1] / "schemas" / f"{name}.schema.json"
    return f"# yaml-language-server: $schema={schema.as_uri()}"


def _q(value: object | None) -> str:
    return "" if value is None else f'"{value}"' if isinstance(value, str) else str(value)


def article_yaml(
    journal: Journal | None, section: str | None, volume: str | None, issue: str | None, year: int | None
) -> str:
    """The commented ``article.yaml``; every required key empty and marked TODO unless given."""
    todo = "  # TODO"
    sections = (
        "; ".join(f"{s.id} ({s.name.ru}, {s.article_type})" for s in journal.sections) if journal else ""
    )
    degrees = ", ".join(f"{d.id} ({d.name.ru})" for d in journal.degrees) if journal else ""
    prefix = journal.doi_prefix if journal else "10.xxxxx"
    lines = [
        modeline("article"),
        "# Article metadata. Russian is the original language: every text here is Russian, and its",
        "# English goes to translations/en.po under the segment id named in the comments (run",
        "# `pubkit i18n update` after editing). Names of people and places are not translated:",
        "# both spellings are given here. `pubkit check` lists every TODO that is still empty.",
        "",
        f"doi:{todo}: {prefix}/<suffix>, once the issue is made up",
        f"volume: {_q(volume)}" if volume else f'volume:{todo}: the volume as printed, quoted ("12")',
        f"issue: {_q(issue)}" if issue else f'issue:{todo}: the issue number, quoted ("2")',
        f"fpage:{todo}: the first page, quoted",
        f"lpage:{todo}: the last page, quoted",
        f"year: {year}" if year else f"year:{todo}: the year of publication (2025)",
        f"section: {section}" if section else f"section:{todo}: one of the journal's sections: {sections}",
        "language: ru",
        "# dates:  # optional, YYYY-MM-DD",
        "#   received: 2025-01-31",
        "#   accepted: 2025-03-15",
        "#   published: 2025-06-30",
        "",
        f"title:{todo}: the Russian title  # segment: title",
        "",
        "abstract:  # segments: abstract.<section>.title and abstract.<section>.<n>",
        f"  # sections, in this order, each optional: {', '.join(ABSTRACT_SECTIONS)}",
    ]
    for kind in ("background", "methods", "results", "conclusions"):
        lines += [
            f"  - section: {kind}",
            f"    title: {ABSTRACT_TITLES[kind]}",
            "    text:  # one or more paragraphs",
            f"      -{todo}",
        ]
    lines += [
        "",
        "keywords:  # 3 to 10 Russian keywords; segments: keywords.<n>",
        f"  -{todo}",
        "",
        "affiliations:  # ids are yours to choose; authors refer to them",
        "  main:",
        f"    name:{todo}: the institution's Russian name  # segment: affiliations.main.name",
        "    address:",
        f"      ru:{todo}",
        f"      en:{todo}",
        "    city:",
        f"      ru:{todo}",
        f"      en:{todo}",
        "    country:",
        "      code: RU",
        "      ru: Российская Федерация",
        "      en: Russian Federation",
        "    # ror: https://ror.org/...  # optional",
        "",
        "authors:  # segments: authors.<id>.position",
        "  - id: first  # an ASCII id of your choice (the surname), used by the segment ids",
        "    name:",
        f"      ru: {{surname: , given: }}{todo}: Фамилия, И.О.",
        f"      en: {{surname: , given: }}{todo}: Surname, I.O.",
        "    affiliations: [main]",
        f"    # degrees: []  # optional, the journal's: {degrees}",
        "    # position: ...  # optional, Russian",
        "    # orcid: 0000-0000-0000-0000  # optional",
        "    # email: name@example.org  # optional; the corresponding author's is required by Crossref",
        "    # corresponding: true  # optional",
        "",
        "# funding: ...  # optional, Russian; segment: funding",
        "# conflict_of_interest: ...  # optional, Russian; segment: conflict-of-interest",
        "# license:  # optional; without it the journal's license applies",
        "",
    ]
    return "\n".join(lines)


def new_journal(folder: Path) -> Path:
    """Write ``folder/journal.yaml``: every key the journal reader knows, the required ones TODO."""
    target = folder / layout.JOURNAL
    if target.exists():
        raise PubkitError(
            Problem("new.exists", "exists; expected a folder without a journal.yaml", str(target))
        )
    _write(folder, {layout.JOURNAL: (modeline("journal") + "\n" + JOURNAL_TEMPLATE).encode("utf-8")})
    return target


JOURNAL_TEMPLATE = """\
# Journal metadata, shared by every article of the journal: put this file in the folder above the
# article projects (pubkit looks in the project's manuscript/, the project, then every folder above).
# Required keys are marked TODO; `pubkit check` on an article lists those still empty.
title:
  ru:  # TODO: the journal's Russian title
  en:  # TODO: the journal's English title
abbrev_title:  # TODO: the NLM abbreviation (Russ J Pediatr Hematol Oncol)
# journal_ids:  # optional: publisher-id, nlm-ta, ...
#   publisher-id: ...
issn:
  print:  # TODO: 0000-0000
  electronic:  # TODO: 0000-0000
publisher:
  name:
    ru:  # TODO
    en:  # TODO
  # location:  # optional
  #   ru: Москва
  #   en: Moscow
doi_prefix:  # TODO: "10.xxxxx", quoted
# Where the article pages and PDFs are published; {doi_suffix} and {lang} are filled in.
article_url:  # TODO: https://.../articles/{doi_suffix}/{lang}/
pdf_url:  # TODO: https://.../articles/{doi_suffix}/{doi_suffix}.{lang}.pdf
license:
  name:
    ru: Creative Commons Attribution 4.0 International (CC BY 4.0)
    en: Creative Commons Attribution 4.0 International (CC BY 4.0)
  url: https://creativecommons.org/licenses/by/4.0/
  text:
    ru: Контент доступен под лицензией Creative Commons Attribution 4.0 License.
    en: This work is licensed under a Creative Commons Attribution 4.0 License.
copyright_holder:
  ru: Авторы
  en: The Authors
degrees:  # optional: the degrees authors may have, by id
  dsc-med:
    ru: д-р мед. наук
    en: Dr. of Sci. (Med.)
  phd-med:
    ru: канд. мед. наук
    en: Cand. of Sci. (Med.)
sections:  # at least one; article_type is the JATS article-type, rsci_type eLibrary's artType (optional)
  original-study:
    name:
      ru: Оригинальные исследования
      en: Original studies
    article_type: research-article
    rsci_type: RAR
# The author guidelines `pubkit check --for submission` applies (these are the defaults):
# submission:
#   abstract_words: {min: 200, max: 250}   # per language
#   keywords: {min: 3, max: 10}            # per language
# Registry deposits (optional until you deposit):
# depositor: {name: ..., email: ...}   # Crossref: who deposits, where reports go
# registrant: ...                       # Crossref: the member the DOIs belong to
# elibrary_titleid: 0                   # eLibrary: the journal's title id
"""
