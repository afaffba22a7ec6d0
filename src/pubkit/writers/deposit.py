"""What the registry deposits (Crossref, DOAJ, eLibrary) share: required texts, one issue, reference lines.

A deposit is never a draft: a missing English text or journal setting stops the writer
with a :class:`PubkitError` naming the field, where the other writers would mark it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, Lang, Localized
from ..problems import Problem, PubkitError
from ..refs.render import to_text
from ..refs.style import format_references

LANGUAGE_NAMES = {"ru": "Russian", "en": "English"}


def missing(field: str, what: str) -> PubkitError:
    """The error a deposit writer raises for a datum it cannot do without."""
    return PubkitError(Problem("deposit.missing", f"{what}; a registry deposit needs it", field=field))


def no_draft(articles: Sequence[Article]) -> None:
    """Deposits go to registries as published: a draft view (marked Russian for English) is refused."""
    if any(article.draft for article in articles):
        raise PubkitError(
            Problem(
                "deposit.draft", "a registry deposit cannot be made from a draft build; build without --draft"
            )
        )


def text(value: Localized, lang: Lang, field: str) -> str:
    """``value`` in ``lang``, or the error naming ``field`` when that language has no text."""
    found = value.get(lang)
    if found is None:
        raise missing(field, f"no {LANGUAGE_NAMES[lang]} text")
    return found


def one_issue(articles: Sequence[Article]) -> Article:
    """The first article, after making sure all of them belong to one issue of one journal."""
    if not articles:
        raise ValueError("a deposit needs at least one article")
    first = articles[0]
    key = (first.journal, first.volume, first.issue, first.year)
    for article in articles[1:]:
        if (article.journal, article.volume, article.issue, article.year) != key:
            raise PubkitError(
                Problem(
                    "deposit.issue",
                    f"{article.doi} is in volume {article.volume}, issue {article.issue} ({article.year}); "
                    f"expected every article of one deposit in volume {first.volume}, issue {first.issue} "
                    f"({first.year}) of the same journal",
                )
            )
    return first


def reference_lines(article: Article, lang: Lang) -> list[str]:
    """The article's references as the ``lang`` list prints them, without numbers, in citation order."""
    return [to_text(entry) for entry in format_references(article.references, lang)]


def abstract_text(article: Article, lang: Lang) -> str:
    """The structured abstract as one plain text: ``Heading. Paragraph …`` per section, as registries show it."""
    for index, section in enumerate(article.abstract):  # every text there, or the error naming it
        if section.title is not None:
            text(section.title, lang, f"abstract[{index}].title")
        for paragraph in section.paragraphs:
            text(paragraph, lang, f"abstract[{index}].text")
    return article.abstract_text(lang)
