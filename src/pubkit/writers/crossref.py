"""The Crossref deposit (schema 5.3.1): one issue's articles as a ``doi_batch``, built with lxml.

Choices where the registries leave room (see ``shared/formats/registries.md`` §1):

- **Titles:** two ``titles``, Russian (the article's language, as Crossref advises) then
  English. ``original_language_title`` is for translations with their own DOI, which these
  are not. DOAJ reads the first title of a Crossref file, so its own XML puts English first.
- **Names:** the journal's Latin name is ``person_name`` (``language="en"``) and the
  Cyrillic one ``alt-name/name`` (``language="ru"``): the Latin form is what the English
  literature cites and Crossref matches, what DOAJ's crosswalk takes, and it survives in
  schema 5.4, which drops ``alt-name``.
- **Affiliations:** ``institution_name`` is single-language, so the English name, with the
  ROR as a full URL where known.
- **Abstracts:** one ``jats:abstract xml:lang`` per language, Russian first, headings as ``jats:sec``.
- **References:** by DOI where the entry has one, otherwise the English printed line as
  ``unstructured_citation`` (Crossref matches Latin text far better than Cyrillic).
- **Funding:** the model holds funding as free text only; ``fr:program`` needs a named
  funder, so it is not written rather than guessed.

``head/timestamp`` must grow with every redeposit of a DOI. It is ``YYYYMMDDHHMMSSmmm``
(UTC) of the time the caller gives: ``build`` passes ``SOURCE_DATE_EPOCH`` or the current
time; without one, the article's publication date (else 1 January of its year) keeps the
bytes reproducible. ``doi_batch_id`` is a digest of the ``body``, so the same metadata gets
the same id whatever the time.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence

from lxml import etree

from ..model import LANGS, Article, Issue, Lang, Person
from ..refs import fields
from . import Asset, Inputs, Options, Output
from .archive import entry_time
from .deposit import missing, no_draft, one_issue, reference_lines, text

VERSION = "5.3.1"
NS = f"http://www.crossref.org/schema/{VERSION}"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
AI = "http://www.crossref.org/AccessIndicators.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = f"{NS} https://www.crossref.org/schemas/crossref{VERSION}.xsd"
NSMAP = {None: NS, "jats": JATS, "ai": AI, "xsi": XSI}
ORCID_URL = "https://orcid.org/"
ROR_URL = "https://ror.org/"


SCHEMA = "crossref-5.3.1"
ISSUE_FILE = "issue.crossref.xml"


def crossref_name(article: Article) -> str:
    return f"{article.doi_suffix}.crossref.xml"


def crossref_timestamp(epoch: int) -> int:
    """Unix seconds as Crossref's recommended ``YYYYMMDDHHMMSSmmm`` (UTC)."""
    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return int(moment.strftime("%Y%m%d%H%M%S")) * 1000


def _epoch(article: Article, inputs: Inputs) -> int:
    """The deposit's time: ``SOURCE_DATE_EPOCH`` when set, else the package's (see the module notes)."""
    if inputs.epoch is not None:
        return inputs.epoch
    return int(datetime.datetime(*entry_time(article, None), tzinfo=datetime.UTC).timestamp())


def write_crossref(article: Article, options: Options, inputs: Inputs) -> Output:
    """``<doi-suffix>.crossref.xml``: the deposit of this one article."""
    xml = crossref_xml([article], timestamp=_epoch(article, inputs))
    return Output((Asset(crossref_name(article), xml, schema=SCHEMA),))


def write_crossref_issue(issue: Issue, options: Options, inputs: Inputs) -> Output:
    """``issue.crossref.xml``: one deposit of every article of the issue, in the issue's order."""
    xml = crossref_xml(issue.articles, timestamp=_epoch(issue.articles[0], inputs))
    return Output((Asset(ISSUE_FILE, xml, schema=SCHEMA),))


def crossref_xml(articles: Sequence[Article], *, timestamp: int) -> bytes:
    """One ``doi_batch`` for articles of one issue; ``timestamp`` in Unix seconds."""
    no_draft(articles)
    first = one_issue(articles)
    journal = etree.Element(_cr("journal"))
    journal.append(_journal_metadata(first))
    journal.append(_journal_issue(first))
    for article in articles:
        journal.append(_journal_article(article))
    body = etree.Element(_cr("body"))
    body.append(journal)
    batch = etree.Element(_cr("doi_batch"), nsmap=NSMAP, version=VERSION)
    batch.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    batch.append(_head(first, body, timestamp))
    batch.append(body)
    return etree.tostring(batch, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _cr(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, value: str | None = None, **attrs: str) -> etree._Element:
    """A child in the Crossref namespace (``jats:``/``ai:`` tags given in Clark notation pass through)."""
    element = etree.SubElement(parent, tag if tag.startswith("{") else _cr(tag), attrs)
    if value is not None:
        element.text = value
    return element


def _head(article: Article, body: etree._Element, timestamp: int) -> etree._Element:
    journal = article.journal
    if journal.depositor is None:
        raise missing("depositor", "journal.yaml names no Crossref depositor (name and email)")
    if journal.registrant is None:
        raise missing("registrant", "journal.yaml names no Crossref registrant")
    digest = hashlib.sha256(etree.tostring(body, method="c14n")).hexdigest()
    head = etree.Element(_cr("head"))
    _sub(head, "doi_batch_id", f"{article.year}-{article.volume}-{article.issue}-{digest[:24]}")
    _sub(head, "timestamp", str(crossref_timestamp(timestamp)))
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", journal.depositor.name)
    _sub(depositor, "email_address", journal.depositor.email)
    _sub(head, "registrant", journal.registrant)
    return head


def _journal_metadata(article: Article) -> etree._Element:
    """One constant English ``full_title``: localised journal titles split the title record."""
    journal = article.journal
    metadata = etree.Element(_cr("journal_metadata"), language="en")
    _sub(metadata, "full_title", text(journal.title, "en", "title"))
    _sub(metadata, "abbrev_title", journal.abbrev_title)
    _sub(metadata, "issn", journal.issn_print, media_type="print")
    _sub(metadata, "issn", journal.issn_electronic, media_type="electronic")
    return metadata


def _journal_issue(article: Article) -> etree._Element:
    issue = etree.Element(_cr("journal_issue"))
    _year_dates(issue, article)
    volume = _sub(issue, "journal_volume")
    _sub(volume, "volume", article.volume)
    _sub(issue, "issue", article.issue)
    return issue


def _year_dates(parent: etree._Element, article: Article) -> None:
    """The print issue's year, and the online date: the day published when known, else the year."""
    _sub(_sub(parent, "publication_date", media_type="print"), "year", str(article.year))
    online = _sub(parent, "publication_date", media_type="online")
    if article.dates.published:
        _day(online, article.dates.published)
    else:
        _sub(online, "year", str(article.year))


def _day(parent: etree._Element, day: datetime.date) -> None:
    _sub(parent, "month", f"{day.month:02d}")
    _sub(parent, "day", f"{day.day:02d}")
    _sub(parent, "year", str(day.year))


def _journal_article(article: Article) -> etree._Element:
    """A ``journal_article``, its children in the order the 5.3.1 XSD requires."""
    element = etree.Element(_cr("journal_article"), publication_type="full_text", language=article.language)
    for lang in _langs(article):
        _sub(_sub(element, "titles"), "title", text(article.title, lang, "title"))
    contributors = _sub(element, "contributors")
    for index, person in enumerate(article.authors):
        contributors.append(_person_name(article, person, index))
    for lang in _langs(article):
        element.append(_abstract(article, lang))
    _year_dates(element, article)
    if article.dates.accepted:
        _day(_sub(element, "acceptance_date", media_type="online"), article.dates.accepted)
    pages = _sub(element, "pages")
    _sub(pages, "first_page", article.fpage)
    _sub(pages, "last_page", article.lpage)
    access = _sub(element, f"{{{AI}}}program", name="AccessIndicators")
    for applies_to in ("vor", "tdm"):
        _sub(access, f"{{{AI}}}license_ref", article.license.url, applies_to=applies_to)
    element.append(_doi_data(article))
    if article.references:
        element.append(_citation_list(article))
    return element


def _langs(article: Article) -> tuple[Lang, ...]:
    """The article's own language first, then the other one."""
    return tuple(sorted(LANGS, key=lambda lang: lang != article.language))


def _person_name(article: Article, person: Person, index: int) -> etree._Element:
    """The Latin name with affiliations and ORCID, the Cyrillic one as ``alt-name``."""
    element = etree.Element(
        _cr("person_name"),
        sequence="first" if index == 0 else "additional",
        contributor_role="author",
        language="en",
    )
    _sub(element, "given_name", person.name_en.given)
    _sub(element, "surname", person.name_en.surname)
    if person.affiliations:
        affiliations = _sub(element, "affiliations")
        for aff_id in person.affiliations:
            aff = article.affiliation(aff_id)
            institution = _sub(affiliations, "institution")
            _sub(institution, "institution_name", text(aff.name, "en", f"affiliations.{aff.id}.name"))
            if aff.ror:
                ror = ROR_URL + aff.ror.removeprefix(ROR_URL)
                _sub(institution, "institution_id", ror, type="ror")
    if person.orcid:
        _sub(element, "ORCID", ORCID_URL + person.orcid)
    name = _sub(_sub(element, "alt-name"), "name", language="ru")
    _sub(name, "surname", person.name_ru.surname)
    _sub(name, "given_name", person.name_ru.given)
    return element


def _abstract(article: Article, lang: Lang) -> etree._Element:
    abstract = etree.Element(f"{{{JATS}}}abstract", {XML_LANG: lang})
    for index, section in enumerate(article.abstract):
        if section.title is None:  # unstructured: the paragraphs alone
            for paragraph in section.paragraphs:
                _sub(abstract, f"{{{JATS}}}p", text(paragraph, lang, f"abstract[{index}].text"))
            continue
        sec = _sub(abstract, f"{{{JATS}}}sec", **{"sec-type": section.kind})
        _sub(sec, f"{{{JATS}}}title", text(section.title, lang, f"abstract[{index}].title"))
        for paragraph in section.paragraphs:
            _sub(sec, f"{{{JATS}}}p", text(paragraph, lang, f"abstract[{index}].text"))
    return abstract


def _doi_data(article: Article) -> etree._Element:
    """The landing page, and the PDFs for Similarity Check's crawler and for text and data mining."""
    doi_data = etree.Element(_cr("doi_data"))
    _sub(doi_data, "doi", article.doi)
    _sub(doi_data, "resource", article.url(article.language))
    pdfs = [article.pdf_url(lang) for lang in article.editions]
    crawled = _sub(doi_data, "collection", property="crawler-based")
    for url in pdfs:
        _sub(_sub(crawled, "item", crawler="iParadigms"), "resource", url)
    mining = _sub(doi_data, "collection", property="text-mining")
    for url in pdfs:
        _sub(_sub(mining, "item"), "resource", url, mime_type="application/pdf")
    return doi_data


def _citation_list(article: Article) -> etree._Element:
    """One ``citation`` per reference, keyed as the JATS ``ref`` ids: the DOI, else the English line."""
    citations = etree.Element(_cr("citation_list"))
    for number, (ref, line) in enumerate(
        zip(article.references, reference_lines(article, "en"), strict=True), 1
    ):
        citation = _sub(citations, "citation", key=f"ref-{number}")
        doi = fields.raw(ref.entry, "doi")
        if doi:
            _sub(citation, "doi", doi)
        else:
            _sub(citation, "unstructured_citation", line)
    return citations
