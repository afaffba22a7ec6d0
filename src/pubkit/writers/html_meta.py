"""The machine-readable head of an article page: Highwire ``citation_*`` tags, Dublin Core, schema.org JSON-LD.

Google Scholar reads one language per page, so each page describes the article in
its own language; only the journal title stays the same on both (see
:func:`journal_title`). Values are computed here, once, and the template only
lays them out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import LANGS, Article, Lang, Person
from ..refs.style import DOI_URL

DC_SCHEMA = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True, slots=True)
class Link:
    """A ``<link>`` of the page head."""

    rel: str
    href: str
    hreflang: str | None = None
    type: str | None = None


def journal_title(article: Article) -> str:
    """The journal title every page names: the English one.

    Google Scholar groups versions of a work by its journal, and a localised title
    splits them into separate citation clusters. The journal is indexed (Scopus,
    DOAJ, Crossref) under its English title, so the Russian page names it too.
    """
    return article.journal.title.en or article.journal.title.ru


def publication_date(article: Article) -> str:
    """The publication date as Highwire writes it (``2025/06/30``), or just the year when no date is known."""
    published = article.dates.published
    return published.strftime("%Y/%m/%d") if published else str(article.year)


def _institutions(article: Article, person: Person, lang: Lang) -> list[str]:
    return [article.affiliation(aff_id).name.get(lang) for aff_id in person.affiliations]


def highwire(article: Article, lang: Lang, references: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The ``citation_*`` meta tags, in the order Google Scholar's inclusion guidelines list them.

    ``references`` are the page's formatted references as plain text.
    """
    tags: list[tuple[str, str]] = [("citation_title", article.title.get(lang))]
    for person in article.authors:
        tags.append(("citation_author", person.name(lang).inverted))
        tags += [("citation_author_institution", name) for name in _institutions(article, person, lang)]
        if person.orcid:
            tags.append(("citation_author_orcid", person.orcid_url))
        if person.email:
            tags.append(("citation_author_email", person.email))
    tags += [
        ("citation_publication_date", publication_date(article)),
        ("citation_journal_title", journal_title(article)),
        ("citation_journal_abbrev", article.journal.abbrev_title),
        ("citation_issn", article.journal.issn_print),
        ("citation_issn", article.journal.issn_electronic),
        ("citation_publisher", article.journal.publisher.get(lang)),
        ("citation_volume", article.volume),
        ("citation_issue", article.issue),
        ("citation_firstpage", article.fpage),
        ("citation_lastpage", article.lpage),
        ("citation_doi", article.doi),
        ("citation_language", lang),
        ("citation_abstract_html_url", article.url(lang)),
        ("citation_fulltext_html_url", article.url(lang)),
        ("citation_pdf_url", article.pdf_url(lang)),
        ("citation_abstract", article.abstract_text(lang)),
    ]
    if article.dates.published:  # the day the article went online (check warns when it is unknown)
        tags.append(("citation_online_date", publication_date(article)))
    tags += [("citation_keywords", keyword.get(lang)) for keyword in article.keywords]
    tags += [("citation_reference", text) for text in references]
    return tuple(tags)


def dublin_core(article: Article, lang: Lang) -> tuple[tuple[str, str], ...]:
    """Dublin Core elements (``DC.*``) for harvesters that read those rather than Highwire."""
    tags: list[tuple[str, str]] = [("DC.title", article.title.get(lang))]
    tags += [("DC.creator", person.name(lang).inverted) for person in article.authors]
    tags += [("DC.subject", keyword.get(lang)) for keyword in article.keywords]
    tags += [
        ("DC.description", article.abstract_text(lang)),
        ("DC.publisher", article.journal.publisher.get(lang)),
        ("DC.date", publication_date(article).replace("/", "-")),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.identifier", DOI_URL + article.doi),
        ("DC.identifier", f"doi:{article.doi}"),  # the form Zotero's Embedded Metadata reads as the DOI
        ("DC.source", f"{journal_title(article)}, {article.year}, {article.volume}({article.issue})"),
        ("DC.language", lang),
        ("DC.rights", article.license.url),
    ]
    return tuple(tags)


LOCALES = {"ru": "ru_RU", "en": "en_US"}  # OpenGraph's language_TERRITORY
DESCRIPTION_LIMIT = 300  # characters: what search results and link previews show of a description


def description(article: Article, lang: Lang) -> str:
    """``<meta name="description">``: the abstract, cut at a word before 300 characters."""
    text = article.abstract_text(lang)
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def opengraph(article: Article, lang: Lang) -> tuple[tuple[str, str], ...]:
    """OpenGraph ``og:*`` (and ``article:*``) properties, for link previews in messengers and social sites."""
    tags = [
        ("og:type", "article"),
        ("og:title", article.title.get(lang)),
        ("og:url", article.url(lang)),
        ("og:description", description(article, lang)),
        ("og:site_name", article.journal.title.get(lang)),
        ("og:locale", LOCALES[lang]),
    ]
    tags += [("og:locale:alternate", LOCALES[other]) for other in LANGS if other != lang]
    if article.dates.published:
        tags.append(("article:published_time", article.dates.published.isoformat()))
    tags += [("article:section", article.section.name.get(lang))]
    tags += [("article:tag", keyword.get(lang)) for keyword in article.keywords]
    return tuple(tags)


def links(article: Article, lang: Lang) -> tuple[Link, ...]:
    """``license``, ``canonical``, ``alternate`` (each language, this one included) and the PDF."""
    out = [Link("canonical", article.url(lang)), Link("license", article.license.url)]
    out += [Link("alternate", article.url(other), hreflang=other) for other in LANGS]
    out.append(Link("alternate", article.pdf_url(lang), type="application/pdf"))
    return tuple(out)


def _person_ld(article: Article, person: Person, lang: Lang) -> dict[str, object]:
    name = person.name(lang)
    data: dict[str, object] = {
        "@type": "Person",
        "name": f"{name.given} {name.surname}",
        "familyName": name.surname,
        "givenName": name.given,
    }
    institutions = _institutions(article, person, lang)
    if institutions:
        data["affiliation"] = [{"@type": "Organization", "name": inst} for inst in institutions]
    if person.orcid:
        data["identifier"] = person.orcid_url
    if person.email:
        data["email"] = person.email
    return data


def json_ld(article: Article, lang: Lang) -> Markup:
    """schema.org ``ScholarlyArticle`` as a JSON-LD script body, safe to put inside ``<script>``.

    The issue, volume and periodical nest through ``isPartOf``, as schema.org's
    bibliographic extension models them; the periodical carries both ISSNs.
    """
    journal = article.journal
    periodical = {
        "@type": "Periodical",
        "name": journal_title(article),
        "alternateName": journal.abbrev_title,
        "issn": [journal.issn_print, journal.issn_electronic],
        "publisher": {"@type": "Organization", "name": journal.publisher.get(lang)},
        "license": article.license.url,
    }
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": article.url(lang),
        "url": article.url(lang),
        "sameAs": DOI_URL + article.doi,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": article.doi},
        "headline": article.title.get(lang),
        "name": article.title.get(lang),
        "inLanguage": lang,
        "author": [_person_ld(article, person, lang) for person in article.authors],
        "datePublished": publication_date(article).replace("/", "-"),
        "abstract": article.abstract_text(lang),
        "keywords": [keyword.get(lang) for keyword in article.keywords],
        "articleSection": article.section.name.get(lang),
        "pageStart": article.fpage,
        "pageEnd": article.lpage,
        "license": article.license.url,
        "encoding": {
            "@type": "MediaObject",
            "contentUrl": article.pdf_url(lang),
            "encodingFormat": "application/pdf",
        },
        "isPartOf": {
            "@type": "PublicationIssue",
            "issueNumber": article.issue,
            "isPartOf": {
                "@type": "PublicationVolume",
                "volumeNumber": article.volume,
                "isPartOf": periodical,
            },
        },
    }
    if lang != article.language:
        data["translationOfWork"] = {"@id": article.url(article.language)}
    else:
        data["workTranslation"] = [{"@id": article.url(other)} for other in LANGS if other != lang]
    text = json.dumps(data, ensure_ascii=False)
    # "<" can only appear inside strings; escaped, no "</script>" can end the block early.
    return Markup(text.replace("<", "\\u003c"))
