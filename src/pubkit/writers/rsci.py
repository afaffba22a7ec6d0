"""eLibrary (RSCI) Articulus journal XML and its flat upload zip.

The format has no namespace and no public, verifiable XSD; this follows the structure in
``shared/formats/registries.md`` §2 (read from the XSD copy and the OJS exporters). Every
text that the format keys by ``lang`` is given as ``RUS`` and ``ENG``: titles, abstracts,
keyword groups, fundings, each author's ``individInfo``, and each reference's ``refInfo``
(the Russian list's line and the English list's romanized line). The journal title is one
``journalInfo lang="RUS"``, as its XSD allows one.

The per-article file is ``<doi-suffix>.rsci.xml``, the issue's ``rsci/Markup_unicode.xml``;
for the upload, the XML goes into ``issue-<number>-<year>.zip`` as ``Markup_unicode.xml``
beside the PDFs it names (for one article, an upload of that article alone).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence

from lxml import etree

from ..model import LANGS, Article, Issue, Lang, Localized, Person
from ..problems import Problem, PubkitError
from . import Asset, Inputs, Options, Output
from .archive import entry_time, zip_bytes
from .deposit import abstract_text, missing, no_draft, one_issue, reference_lines, text

MARKUP = "Markup_unicode.xml"
RSCI_LANG: dict[Lang, str] = {"ru": "RUS", "en": "ENG"}


def rsci_name(article: Article) -> str:
    return f"{article.doi_suffix}.rsci.xml"


def rsci_zip_name(article: Article) -> str:
    """``issue-<number>-<year>.zip``, the name the exporters give the Articulus upload."""
    return f"issue-{article.issue}-{article.year}.zip"


def _upload(
    articles: Sequence[Article], xml: bytes, inputs: Inputs, folder: Callable[[Article], str]
) -> bytes:
    """The upload zip of ``xml`` with each article's PDF from the ``pdf`` output (under ``folder(article)``)."""
    made = {asset.path: asset.data for asset in inputs.outputs["pdf"].files}
    pdfs = {}
    for article in articles:
        name = article.pdf_name(article.language)
        if (found := made.get(folder(article) + article.pdf_path(article.language))) is not None:
            pdfs[name] = found
    return rsci_zip(xml, pdfs, entry_time(articles[0], inputs.epoch))


def write_rsci(article: Article, options: Options, inputs: Inputs) -> Output:
    """``<doi-suffix>.rsci.xml``, the Articulus XML of this one article, and its upload zip."""
    xml = rsci_xml([article])
    upload = _upload([article], xml, inputs, lambda _: "")
    return Output((Asset(rsci_name(article), xml), Asset(rsci_zip_name(article), upload)))


def write_rsci_issue(issue: Issue, options: Options, inputs: Inputs) -> Output:
    """``rsci/Markup_unicode.xml`` for the whole issue and its upload zip with every article's PDF."""
    xml = rsci_xml(issue.articles)
    upload = _upload(issue.articles, xml, inputs, lambda article: f"{article.doi_suffix}/")
    return Output((Asset(f"rsci/{MARKUP}", xml), Asset(rsci_zip_name(issue.articles[0]), upload)))


def rsci_xml(articles: Sequence[Article]) -> bytes:
    """The ``journal`` element for articles of one issue, grouped by section in order of first appearance.

    The issue's ``pages`` is the span of the articles given: pass the whole issue for its range.
    """
    no_draft(articles)
    first = one_issue(articles)
    journal = first.journal
    if journal.elibrary_titleid is None:
        raise missing("elibrary_titleid", "journal.yaml gives no eLibrary title id")
    root = etree.Element("journal")
    _sub(root, "titleid", str(journal.elibrary_titleid))
    _sub(root, "issn", journal.issn_print)
    _sub(root, "eissn", journal.issn_electronic)
    _sub(_sub(root, "journalInfo", lang="RUS"), "title", journal.title.ru)
    issue = _sub(root, "issue")
    _sub(issue, "volume", first.volume)
    _sub(issue, "number", first.issue)
    _sub(issue, "dateUni", str(first.year))
    _sub(issue, "pages", _issue_pages(articles))
    listing = _sub(issue, "articles")
    sections = {article.section.id: article.section for article in articles}
    for section_id, section in sections.items():
        element = _sub(listing, "section")
        for lang in LANGS:
            _sub(
                element,
                "secTitle",
                text(section.name, lang, f"sections.{section_id}.name"),
                lang=RSCI_LANG[lang],
            )
        for article in articles:
            if article.section.id == section_id:
                listing.append(_article(article))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def rsci_zip(xml: bytes, pdfs: Mapping[str, bytes], stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """The flat Articulus upload: ``Markup_unicode.xml``, then each PDF it names, in its order.

    ``pdfs`` must hold exactly the files the XML names: a missing one would fail the upload,
    an extra one would travel unreferenced. ``stamp`` is every entry's time, as in the MECA zip.
    """
    named = etree.fromstring(xml).xpath("//article/files/file/text()")
    absent = [name for name in named if name not in pdfs]
    unnamed = sorted(set(pdfs) - set(named))
    if absent or unnamed:
        parts = [f"no file for {', '.join(absent)}"] if absent else []
        parts += [f"{', '.join(unnamed)} not named in the XML"] if unnamed else []
        raise PubkitError(
            Problem("rsci.files", f"{'; '.join(parts)}; expected exactly the PDFs the Articulus XML names")
        )
    return zip_bytes([(MARKUP, xml), *((name, pdfs[name]) for name in named)], stamp)


def _sub(parent: etree._Element, tag: str, value: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if value is not None:
        element.text = value
    return element


def _issue_pages(articles: Sequence[Article]) -> str:
    first = min((a.fpage for a in articles), key=_page_order)
    last = max((a.lpage for a in articles), key=_page_order)
    return f"{first}-{last}"


def _page_order(page: str) -> tuple[int, str]:
    return (int(page), "") if page.isdigit() else (0, page)


def _article(article: Article) -> etree._Element:
    element = etree.Element("article")
    for _tag, part in ARTICLE_PARTS:
        child = part(article)
        if child is not None:
            element.append(child)
    return element


def _pages(article: Article) -> etree._Element:
    return _leaf("pages", f"{article.fpage}-{article.lpage}")


def _art_type(article: Article) -> etree._Element:
    if article.section.rsci_type is None:
        raise missing(f"sections.{article.section.id}.rsci_type", "the section has no eLibrary artType")
    return _leaf("artType", article.section.rsci_type)


def _lang_publ(article: Article) -> etree._Element:
    return _leaf("langPubl", RSCI_LANG[article.language])


def _leaf(tag: str, value: str, **attrs: str) -> etree._Element:
    element = etree.Element(tag, attrs)
    element.text = value
    return element


def _authors(article: Article) -> etree._Element:
    authors = etree.Element("authors")
    for number, person in enumerate(article.authors, 1):
        author = _sub(authors, "author", num=str(number))
        if person.corresponding:
            _sub(author, "correspondent", "1")
        if person.orcid:
            _sub(_sub(author, "authorCodes"), "orcid", person.orcid)
        for lang in LANGS:
            author.append(_individ_info(article, person, lang))
    return authors


def _individ_info(article: Article, person: Person, lang: Lang) -> etree._Element:
    """One language's name and affiliation; several affiliations are joined with ``;``, as the format asks."""
    info = etree.Element("individInfo", lang=RSCI_LANG[lang])
    name = person.name(lang)
    _sub(info, "surname", name.surname)
    _sub(info, "initials", name.initials)
    affs = [article.affiliation(aff_id) for aff_id in person.affiliations]
    for tag, values in (
        ("orgName", [text(a.name, lang, f"affiliations.{a.id}.name") for a in affs]),
        ("address", [a.address.get(lang) for a in affs]),
        ("town", [a.city.get(lang) for a in affs]),
        ("country", [a.country.get(lang) for a in affs]),
    ):
        if joined := "; ".join(dict.fromkeys(v for v in values if v)):
            _sub(info, tag, joined)
    if person.email:
        _sub(info, "email", person.email)
    return info


def _per_language(container: str, tag: str, value: Localized, field: str) -> etree._Element:
    element = etree.Element(container)
    for lang in LANGS:
        _sub(element, tag, text(value, lang, field), lang=RSCI_LANG[lang])
    return element


def _art_titles(article: Article) -> etree._Element:
    return _per_language("artTitles", "artTitle", article.title, "title")


def _abstracts(article: Article) -> etree._Element:
    abstracts = etree.Element("abstracts")
    for lang in LANGS:
        _sub(abstracts, "abstract", abstract_text(article, lang), lang=RSCI_LANG[lang])
    return abstracts


def _codes(article: Article) -> etree._Element:
    codes = etree.Element("codes")
    _sub(codes, "doi", article.doi)
    return codes


def _keywords(article: Article) -> etree._Element:
    keywords = etree.Element("keywords")
    for lang in LANGS:
        group = _sub(keywords, "kwdGroup", lang=RSCI_LANG[lang])
        for index, keyword in enumerate(article.keywords):
            _sub(group, "keyword", text(keyword, lang, f"keywords[{index}]"))
    return keywords


def _references(article: Article) -> etree._Element | None:
    """Each reference with the Russian list's line (``RUS``) and the English list's (``ENG``)."""
    if not article.references:
        return None
    references = etree.Element("references")
    lines = {lang: reference_lines(article, lang) for lang in LANGS}
    for index in range(len(article.references)):
        reference = _sub(references, "reference")
        for lang in LANGS:
            _sub(_sub(reference, "refInfo", lang=RSCI_LANG[lang]), "text", lines[lang][index])
    return references


def _files(article: Article) -> etree._Element:
    files = etree.Element("files")
    _sub(files, "file", article.pdf_name(article.language), desc="fullText", lang=RSCI_LANG[article.language])
    return files


def _dates(article: Article) -> etree._Element | None:
    known = [
        (tag, day)
        for tag, day in (
            ("dateReceived", article.dates.received),
            ("dateAccepted", article.dates.accepted),
            ("datePublication", article.dates.published),
        )
        if day is not None
    ]
    if not known:
        return None
    dates = etree.Element("dates")
    for tag, day in known:
        _sub(dates, tag, _dotted(day))
    return dates


def _dotted(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _fundings(article: Article) -> etree._Element | None:
    if article.funding is None:
        return None
    return _per_language("fundings", "funding", article.funding, "funding")


# The children of ``article`` in the order RSCI's notes and the exporters give (the XSD does not enforce one).
# Each part returns its element, or ``None`` when the article has nothing for it.
ARTICLE_PARTS: tuple[tuple[str, Callable[[Article], etree._Element | None]], ...] = (
    ("pages", _pages),
    ("artType", _art_type),
    ("langPubl", _lang_publ),
    ("authors", _authors),
    ("artTitles", _art_titles),
    ("abstracts", _abstracts),
    ("codes", _codes),
    ("keywords", _keywords),
    ("references", _references),
    ("files", _files),
    ("dates", _dates),
    ("fundings", _fundings),
)
