"""What a registry deposit needs beyond a buildable article, reported before any deposit writer runs.

``check_for(project, registry)`` lists, as problems naming the field, every datum the
Crossref, DOAJ or eLibrary writer would stop at: the depositor and registrant, the
eLibrary title id, the section's artType, a landing-page URL the registry accepts. A
missing publication day is a warning: every registry takes the issue's year alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .model import LANGS, Article, Dates, Journal, Section
from .problems import Problem, Problems

if TYPE_CHECKING:
    from .sources import Loaded

Registry = Literal["crossref", "doaj", "rsci"]
REGISTRIES: tuple[Registry, ...] = ("crossref", "doaj", "rsci")
JOURNAL_FILE = "manuscript/journal.yaml"
ARTICLE_FILE = "manuscript/article.yaml"
MAX_URL = 2048  # Crossref's limit on a resource URL
# DOAJ's fullTextUrl pattern (doajArticles.xsd), with \p{L} as Python's "letter".
_DOAJ_URL = re.compile(r"https?://([^/:]+\.[^\W\d_]{2,10}|([0-9]{1,3}\.){3}[0-9]{1,3})(:[0-9]+)?(.*)?")


@dataclass(frozen=True, slots=True)
class _Subject:
    """The parts of a project a deposit check reads, from a loaded project or a built article."""

    journal: Journal | None
    section: Section | None
    dates: Dates | None
    doi: str | None
    journal_file: str
    article_file: str
    lines: dict[str, int]


def check_for(project: Loaded | Article, registry: Registry) -> list[Problem]:
    """Every problem that would stop (errors) or thin (warnings) the ``registry`` deposit of ``project``."""
    if registry not in REGISTRIES:
        raise ValueError(f"unknown registry {registry!r}; expected one of: {', '.join(REGISTRIES)}")
    subject = _subject(project)
    problems = Problems()
    journal = subject.journal
    if journal is not None:
        if registry == "crossref":
            if journal.depositor is None:
                _journal_error(
                    problems, subject, "depositor", "no Crossref depositor; expected name: and email:"
                )
            if journal.registrant is None:
                _journal_error(
                    problems, subject, "registrant", "no Crossref registrant; expected the member's name"
                )
        if registry == "rsci" and journal.elibrary_titleid is None:
            _journal_error(
                problems, subject, "elibrary_titleid", "no eLibrary title id; expected the journal's id"
            )
        if subject.doi is not None:
            _check_urls(problems, subject, registry)
    if registry == "rsci" and subject.section is not None and subject.section.rsci_type is None:
        _journal_error(
            problems,
            subject,
            f"sections.{subject.section.id}.rsci_type",
            "the article's section has no eLibrary artType; expected a code such as RAR",
        )
    if registry in ("crossref", "doaj") and subject.dates is not None and subject.dates.published is None:
        problems.warning(
            "deposit.date",
            "no publication day; the deposit carries the issue's year only",
            file=subject.article_file,
            line=subject.lines.get("dates"),
            field="dates.published",
        )
    return list(problems)


def _subject(project: Loaded | Article) -> _Subject:
    if isinstance(project, Article):
        return _Subject(
            project.journal, project.section, project.dates, project.doi, JOURNAL_FILE, ARTICLE_FILE, {}
        )
    files, meta = project.files, project.meta
    return _Subject(
        journal=project.journal,
        section=meta.section if meta else None,
        dates=meta.dates if meta else None,
        doi=meta.doi if meta else None,
        journal_file=files.rel(files.journal) if files.journal else JOURNAL_FILE,
        article_file=files.rel(files.article) if files.article else ARTICLE_FILE,
        lines=project.lines,
    )


def _journal_error(problems: Problems, subject: _Subject, field: str, message: str) -> None:
    problems.error("deposit.missing", message, file=subject.journal_file, field=field)


def _check_urls(problems: Problems, subject: _Subject, registry: Registry) -> None:
    """The landing page (and for Crossref the PDF) URL patterns, filled in as the writers fill them."""
    suffix = subject.doi.split("/", 1)[-1]
    keys = ("article_url", "pdf_url") if registry == "crossref" else ("article_url",)
    for key in keys:
        pattern = getattr(subject.journal, key)
        try:
            urls = [pattern.format(doi_suffix=suffix, lang=lang) for lang in LANGS]
        except (KeyError, IndexError, ValueError) as exc:
            message = f"{pattern!r} cannot be filled in ({exc}); expected only {{doi_suffix}} and {{lang}}"
            problems.error("deposit.url", message, file=subject.journal_file, field=key)
            continue
        for url in urls:  # one problem per pattern, not one per language
            if len(url) > MAX_URL:
                message = f"{url[:60]!r}… is longer than {MAX_URL} characters"
            elif registry == "doaj" and not _DOAJ_URL.fullmatch(url):
                message = f"{url!r} is not a URL DOAJ accepts; expected http(s)://host.tld/..."
            else:
                continue
            problems.error("deposit.url", message, file=subject.journal_file, field=key)
            break
