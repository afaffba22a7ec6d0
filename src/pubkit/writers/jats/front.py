"""``<front>``: journal-meta and article-meta, both languages, from the model alone.

Russian is the article's language (``article/@xml:lang``); every English counterpart
carries ``xml:lang="en"`` in the element JATS provides for it (``trans-title-group``,
``trans-abstract``, a second ``kwd-group``, a second ``name`` in ``name-alternatives``).
"""

from __future__ import annotations

import datetime

from lxml import etree

from ...model import AbstractSection, Affiliation, Article, Lang, Person
from .types import ALI, HREF, TITLE, XML_LANG, ascii_id, lang_sub, sub


def front(article: Article) -> etree._Element:
    element = etree.Element("front")
    element.append(journal_meta(article))
    element.append(article_meta(article))
    return element


def journal_meta(article: Article) -> etree._Element:
    journal = article.journal
    meta = etree.Element("journal-meta")
    for id_type, value in journal.journal_ids:
        sub(meta, "journal-id", value, **{"journal-id-type": id_type})
    titles = sub(meta, "journal-title-group")
    sub(titles, "journal-title", journal.title.ru)
    if journal.title.en:
        trans = sub(titles, "trans-title-group", **{XML_LANG: "en"})
        sub(trans, "trans-title", journal.title.en)
    sub(titles, "abbrev-journal-title", journal.abbrev_title, **{"abbrev-type": "publisher"})
    # pub-type beside publication-format: PMC's StyleChecker still requires the JATS 1.0 form on issn.
    sub(meta, "issn", journal.issn_print, **{"pub-type": "ppub", "publication-format": "print"})
    sub(meta, "issn", journal.issn_electronic, **{"pub-type": "epub", "publication-format": "electronic"})
    publisher = sub(meta, "publisher")
    for lang in ("ru", "en"):
        name = journal.publisher.get(lang)
        if name:
            lang_sub(publisher, "publisher-name", name, lang)
            if journal.publisher_loc and journal.publisher_loc.get(lang):
                lang_sub(publisher, "publisher-loc", journal.publisher_loc.get(lang), lang)
    return meta


def article_meta(article: Article) -> etree._Element:
    meta = etree.Element("article-meta")
    sub(meta, "article-id", article.doi, **{"pub-id-type": "doi"})
    _categories(meta, article)
    titles = sub(meta, "title-group")
    sub(titles, "article-title", article.title.ru)
    trans = sub(titles, "trans-title-group", **{XML_LANG: "en"})
    sub(trans, "trans-title", article.title.get("en"))
    labels = {aff: str(number) for aff, number in article.affiliation_numbers.items()}
    _contribs(meta, article, labels)
    _author_notes(meta, article)
    _dates(meta, article)
    sub(meta, "volume", article.volume)
    sub(meta, "issue", article.issue)
    sub(meta, "fpage", article.fpage)
    sub(meta, "lpage", article.lpage)
    _history(meta, article)
    _permissions(meta, article)
    sub(meta, "self-uri", **{"content-type": "pdf", HREF: article.pdf_url("ru"), TITLE: "PDF"})
    abstract_sections(sub(meta, "abstract"), article.abstract, "ru")
    abstract_sections(sub(meta, "trans-abstract", **{XML_LANG: "en"}), article.abstract, "en")
    for lang in ("ru", "en"):
        kwd_group(meta, article, lang)
    if article.funding:
        funding = sub(meta, "funding-group")
        for lang in ("ru", "en"):
            lang_sub(funding, "funding-statement", article.funding.get(lang), lang)
    return meta


def _categories(meta: etree._Element, article: Article) -> None:
    categories(meta, article, article.language)


def categories(parent: etree._Element, article: Article, lang: Lang) -> None:
    """The section heading in ``lang``: one ``subj-group`` of type ``heading`` (PMC allows one per article).

    The article's own language needs no ``xml:lang`` (it is the article's); the English heading
    belongs to the translation's ``front-stub`` and inherits the sub-article's language.
    """
    group = sub(sub(parent, "article-categories"), "subj-group", **{"subj-group-type": "heading"})
    sub(group, "subject", article.section.name.get(lang))


def aff_id(aff: Affiliation) -> str:
    return ascii_id("aff", aff.id)


def _name(parent: etree._Element, person: Person, lang: Lang) -> None:
    name = person.name(lang)
    element = sub(parent, "name", **{"name-style": "western", XML_LANG: lang})
    sub(element, "surname", name.surname)
    if name.given:
        sub(element, "given-names", name.given)


def _contribs(meta: etree._Element, article: Article, labels: dict[str, str]) -> None:
    group = sub(meta, "contrib-group", **{"content-type": "authors"})
    for index, person in enumerate(article.authors, start=1):
        contrib = sub(
            group,
            "contrib",
            **{"contrib-type": "author", "corresp": "yes" if person.corresponding else None},
        )
        if person.orcid:
            orcid = f"https://orcid.org/{person.orcid}"
            sub(contrib, "contrib-id", orcid, **{"contrib-id-type": "orcid", "authenticated": "false"})
        names = sub(contrib, "name-alternatives")
        _name(names, person, "ru")
        _name(names, person, "en")
        if person.email:
            sub(contrib, "email", person.email)
        for aff in person.affiliations:
            sub(contrib, "xref", labels[aff], **{"ref-type": "aff", "rid": aff_id(article.affiliation(aff))})
        if person.corresponding:
            sub(contrib, "xref", "*", **{"ref-type": "corresp", "rid": ascii_id("cor", str(index))})
        for lang in ("ru", "en"):
            text = person.about(lang)
            if text:
                bio = sub(contrib, "bio", **{XML_LANG: lang})
                sub(bio, "p", text)
    for aff in article.affiliations:
        _aff(group, aff, labels[aff.id])


def _aff(parent: etree._Element, aff: Affiliation, label: str) -> None:
    """One ``aff`` holding both languages: the JATS4R way for a translated affiliation."""
    element = sub(parent, "aff", id=aff_id(aff))
    sub(element, "label", label)
    # institution-wrap only to pair the names with an institution-id (JATS4R wants institution in aff)
    wrap = sub(element, "institution-wrap") if aff.ror else element
    if aff.ror:
        sub(wrap, "institution-id", aff.ror, **{"institution-id-type": "ror"})
    for lang in ("ru", "en"):
        lang_sub(wrap, "institution", aff.name.get(lang), lang, **{"content-type": "org"})
    for lang in ("ru", "en"):
        lang_sub(element, "addr-line", aff.address.get(lang), lang)
    for lang in ("ru", "en"):
        lang_sub(element, "city", aff.city.get(lang), lang)
    for lang in ("ru", "en"):
        lang_sub(element, "country", aff.country.get(lang), lang, country=aff.country_code)


def _author_notes(meta: etree._Element, article: Article) -> None:
    """``corresp`` for each corresponding author, and the conflict-of-interest statement (JATS4R puts it here)."""
    notes = [(i, p) for i, p in enumerate(article.authors, start=1) if p.corresponding]
    if not notes and not article.conflict_of_interest:
        return
    element = sub(meta, "author-notes")
    for index, person in notes:
        corresp = sub(element, "corresp", id=ascii_id("cor", str(index)))
        label = sub(corresp, "label", "*")
        name = f"{person.name_en.surname} {person.name_en.initials}"
        label.tail = f" {name}" + (", " if person.email else "")
        if person.email:
            sub(corresp, "email", person.email)
    if article.conflict_of_interest:
        for lang in ("ru", "en"):
            fn = sub(element, "fn", **{"fn-type": "coi-statement", XML_LANG: lang})
            sub(fn, "p", article.conflict_of_interest.get(lang))


def _date(parent: etree._Element, tag: str, day: datetime.date, **attrs: str) -> None:
    element = sub(parent, tag, **attrs, **{"iso-8601-date": day.isoformat()})
    sub(element, "day", f"{day.day:02d}")
    sub(element, "month", f"{day.month:02d}")
    sub(element, "year", str(day.year))


def _dates(meta: etree._Element, article: Article) -> None:
    """The issue's year (all the journal gives), plus the publication day when the sources know it.

    PMC requires an electronic publication date beside an electronic collection date, so
    the electronic issue is dated only when the day is known (``check`` warns when it is not).
    """
    forms = ["print"]
    if article.dates.published:
        _date(
            meta,
            "pub-date",
            article.dates.published,
            **{"publication-format": "electronic", "date-type": "pub"},
        )
        forms.append("electronic")
    for form in forms:
        issue = sub(meta, "pub-date", **{"publication-format": form, "date-type": "collection"})
        sub(issue, "year", str(article.year))


def _history(meta: etree._Element, article: Article) -> None:
    known = [
        (kind, day)
        for kind, day in (("received", article.dates.received), ("accepted", article.dates.accepted))
        if day
    ]
    if not known:
        return
    history = sub(meta, "history")
    for kind, day in known:
        _date(history, "date", day, **{"date-type": kind})


def _permissions(meta: etree._Element, article: Article) -> None:
    """The copyright in the article's language, and one ``license`` per language with the same CC URL.

    JATS4R expects one ``copyright-statement`` and one ``copyright-holder`` per ``permissions``;
    the English pair is the translation's, in its ``front-stub`` with the English license (the
    license stays here in both languages, for an article whose body is not yet translated).
    """
    permissions = sub(meta, "permissions")
    copyright_of(permissions, article, article.language)
    for lang in ("ru", "en"):
        license_of(permissions, article, lang)


def license_of(permissions: etree._Element, article: Article, lang: Lang | None) -> None:
    """The article's ``license`` with its text in ``lang`` (``xml:lang`` unless ``None``: inherited)."""
    license_ = article.license
    element = sub(
        permissions, "license", **{"license-type": "open-access", HREF: license_.url, XML_LANG: lang}
    )
    sub(element, f"{{{ALI}}}license_ref", license_.url)
    sub(element, "license-p", license_.text.get(lang or "en"))


def copyright_of(permissions: etree._Element, article: Article, lang: Lang) -> None:
    """``copyright-statement``, ``-year`` and ``-holder`` in ``lang``, the statement naming the other two."""
    holder = article.journal.copyright_holder.get(lang)
    sub(permissions, "copyright-statement", f"© {article.year} {holder}")
    sub(permissions, "copyright-year", str(article.year))
    sub(permissions, "copyright-holder", holder)


def kwd_group(parent: etree._Element, article: Article, lang: Lang) -> None:
    """The author keywords in ``lang``."""
    own = (
        lang == article.language and parent.tag == "article-meta"
    )  # the article's language needs no xml:lang
    group = sub(parent, "kwd-group", **{"kwd-group-type": "author", XML_LANG: None if own else lang})
    for keyword in article.keywords:
        sub(group, "kwd", keyword.get(lang))


def abstract_sections(element: etree._Element, sections: tuple[AbstractSection, ...], lang: Lang) -> None:
    """A structured abstract: one ``sec`` per heading, its ``title`` and paragraphs."""
    for section in sections:
        sec = sub(element, "sec")  # no sec-type inside an abstract (PMC's tagging guidelines)
        sub(sec, "title", section.title.get(lang))
        for paragraph in section.paragraphs:
            sub(sec, "p", paragraph.get(lang))
