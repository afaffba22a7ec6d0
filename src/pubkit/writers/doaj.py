"""DOAJ's native article XML (``doajArticles.xsd`` 1.3): one ``record`` per article, English first.

DOAJ keeps only the first ``title``, ``abstract`` and ``keywords`` of a record (and the
first affiliation of an author), so English, the language its readers search in, comes
first and Russian after it, each marked with its ISO 639-2/B code. Authors carry the
journal's Latin names and ORCID as a full URL; ``fullTextUrl`` is the English landing
page, which holds the English full text; ``publisherRecordId`` is the DOI suffix.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ..model import Article, Issue, Lang
from . import Asset, Options, Output
from .deposit import abstract_text, no_draft, text

ISO_639_2B: dict[Lang, str] = {"ru": "rus", "en": "eng"}
RECORD_LANGS: tuple[Lang, ...] = ("en", "ru")  # DOAJ shows the first of each: English
ISSUE_FILE = "doaj.xml"


def doaj_name(article: Article) -> str:
    return f"{article.doi_suffix}.doaj.xml"


def write_doaj(article: Article, options: Options) -> Output:
    """``<doi-suffix>.doaj.xml``: the article's record, for DOAJ's XML upload."""
    return Output((Asset(doaj_name(article), doaj_xml([article]), schema="doaj"),))


def write_doaj_issue(issue: Issue, options: Options) -> Output:
    """``doaj.xml``: a record per article of the issue, in the issue's order."""
    return Output((Asset(ISSUE_FILE, doaj_xml(issue.articles), schema="doaj"),))


def doaj_xml(articles: Sequence[Article]) -> bytes:
    """``records`` with one ``record`` per article, in the order given (the issue file is ``doaj.xml``)."""
    if not articles:
        raise ValueError("a DOAJ file needs at least one article")
    no_draft(articles)
    records = etree.Element("records")
    for article in articles:
        records.append(_record(article))
    return etree.tostring(records, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, tag: str, value: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if value is not None:
        element.text = value
    return element


def _record(article: Article) -> etree._Element:
    """A ``record``, its children in the XSD's sequence order."""
    journal = article.journal
    record = etree.Element("record")
    _sub(record, "language", ISO_639_2B[article.language])
    _sub(record, "publisher", text(journal.publisher, "en", "publisher.name"))
    _sub(record, "journalTitle", text(journal.title, "en", "title"))
    _sub(record, "issn", journal.issn_print)
    _sub(record, "eissn", journal.issn_electronic)
    published = article.dates.published
    _sub(record, "publicationDate", published.isoformat() if published else str(article.year))
    _sub(record, "volume", article.volume)
    _sub(record, "issue", article.issue)
    _sub(record, "startPage", article.fpage)
    _sub(record, "endPage", article.lpage)
    _sub(record, "doi", article.doi)
    _sub(record, "publisherRecordId", article.doi_suffix)
    for lang in RECORD_LANGS:
        _sub(record, "title", text(article.title, lang, "title"), language=ISO_639_2B[lang])
    numbers = {aff_id: str(n) for aff_id, n in article.affiliation_numbers.items()}
    authors = _sub(record, "authors")
    for person in article.authors:
        author = _sub(authors, "author")
        _sub(author, "name", f"{person.name_en.given} {person.name_en.surname}")
        if person.email:
            _sub(author, "email", person.email)
        for aff_id in person.affiliations:
            _sub(author, "affiliationId", numbers[aff_id])
        if person.orcid:
            _sub(author, "orcid_id", f"https://orcid.org/{person.orcid}")
    affiliations = _sub(record, "affiliationsList")
    for aff_id, number in numbers.items():
        name = text(article.affiliation(aff_id).name, "en", f"affiliations.{aff_id}.name")
        _sub(affiliations, "affiliationName", name, affiliationId=number)
    for lang in RECORD_LANGS:
        _sub(record, "abstract", abstract_text(article, lang), language=ISO_639_2B[lang])
    _sub(record, "fullTextUrl", article.url("en"), format="html")
    for lang in RECORD_LANGS:
        keywords = _sub(record, "keywords", language=ISO_639_2B[lang])
        for index, keyword in enumerate(article.keywords):
            _sub(keywords, "keyword", text(keyword, lang, f"keywords[{index}]"))
    return record
