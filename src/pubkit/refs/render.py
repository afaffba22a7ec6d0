"""Our pybtex backend: a formatted reference (rich text) as plain text, HTML or JATS, plus JATS citations.

The style formats each reference once; these functions only lay it out, so the text,
HTML and JATS lists cannot disagree. ``element_citation`` is the structured JATS form,
built from the entry itself with the same language rules as the style.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from lxml import etree
from pybtex.richtext import BaseMultipartText, BaseText, HRef, String, Symbol, Tag

from pubkit.model import Lang, Reference
from pubkit.refs import fields
from pubkit.refs.style import DOI_URL, format_reference, format_references
from pubkit.refs.translit import transliterate

XLINK = "http://www.w3.org/1999/xlink"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_SYMBOLS = {"nbsp": "\u00a0", "newblock": " ", "ndash": "–", "mdash": "—"}
_HTML_TAGS = {"em": "em", "i": "i", "strong": "strong", "b": "b", "sup": "sup", "sub": "sub"}
_JATS_TAGS = {"em": "italic", "i": "italic", "strong": "bold", "b": "bold", "sup": "sup", "sub": "sub"}
_PUBLICATION_TYPES = {
    "article": "journal",
    "book": "book",
    "incollection": "book",
    "inbook": "book",
    "inproceedings": "confproc",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}


def to_text(text: BaseText) -> str:
    """Plain text, as the journal prints it."""
    if isinstance(text, String):
        return text.value
    if isinstance(text, Symbol):
        return _SYMBOLS.get(text.name, "")
    assert isinstance(text, BaseMultipartText)
    return "".join(to_text(part) for part in text.parts)


def to_html(text: BaseText) -> str:
    """An HTML fragment: text escaped, DOIs and other links as ``<a href>``."""
    if isinstance(text, String):
        return html.escape(text.value, quote=False)
    if isinstance(text, Symbol):
        return html.escape(_SYMBOLS.get(text.name, ""), quote=False)
    assert isinstance(text, BaseMultipartText)
    inner = "".join(to_html(part) for part in text.parts)
    if isinstance(text, HRef):
        return f'<a href="{html.escape(text.url, quote=True)}">{inner}</a>'
    if isinstance(text, Tag) and text.name in _HTML_TAGS:
        name = _HTML_TAGS[text.name]
        return f"<{name}>{inner}</{name}>"
    return inner


def _append_text(parent: etree._Element, value: str) -> None:
    """Add character data after whatever ``parent`` already holds (mixed content)."""
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + value
    else:
        parent.text = (parent.text or "") + value


def to_jats(text: BaseText, parent: etree._Element) -> etree._Element:
    """Append ``text`` to ``parent`` as JATS inline content; DOI links become ``<pub-id pub-id-type="doi">``."""
    if isinstance(text, String | Symbol):
        _append_text(parent, to_text(text))
        return parent
    assert isinstance(text, BaseMultipartText)
    target = parent
    if isinstance(text, HRef):
        if text.url.startswith(DOI_URL):
            target = etree.SubElement(parent, "pub-id", {"pub-id-type": "doi"})
        else:
            target = etree.SubElement(
                parent, "ext-link", {"ext-link-type": "uri", f"{{{XLINK}}}href": text.url}
            )
    elif isinstance(text, Tag) and text.name in _JATS_TAGS:
        target = etree.SubElement(parent, _JATS_TAGS[text.name])
    for part in text.parts:
        to_jats(part, target)
    return parent


def numbered_text(refs: Sequence[Reference], lang: Lang) -> str:
    """The numbered list, ``N. reference`` one a line, as the journal prints it."""
    return "".join(f"{n}. {to_text(text)}\n" for n, text in enumerate(format_references(refs, lang), 1))


def _publication_type(ref: Reference) -> str:
    return _PUBLICATION_TYPES.get(ref.entry.type.lower(), "other")


def mixed_citation(ref: Reference, lang: Lang) -> etree._Element:
    """``<mixed-citation>`` holding the formatted reference, punctuation included."""
    element = etree.Element("mixed-citation", {"publication-type": _publication_type(ref)})
    return to_jats(format_reference(ref.entry, lang), element)


def _sub(parent: etree._Element, tag: str, value: str | None, lang: str | None = None) -> None:
    """A child element with text; nothing at all when there is no value (no empty elements)."""
    if value:
        child = etree.SubElement(parent, tag, {XML_LANG: lang} if lang else {})
        child.text = value


def _people(parent: etree._Element, ref: Reference, lang: Lang) -> None:
    for role in ("author", "editor"):
        people = fields.names(ref.entry, role, lang)
        if people:
            group = etree.SubElement(parent, "person-group", {"person-group-type": role})
            for person in people:
                if fields.is_others(person):  # "et al." / "и др."
                    etree.SubElement(group, "etal")
                    continue
                surname, given = fields.name_parts(person, lang)
                name = etree.SubElement(group, "name")
                _sub(name, "surname", surname)
                _sub(name, "given-names", given)


def _pages(parent: etree._Element, ref: Reference) -> None:
    """``fpage``/``lpage`` for a range; a single value of a journal article is its ``elocation-id``."""
    pages = fields.plain(ref.entry, "pages")
    if not pages:
        return
    first, _, last = pages.replace("–", "-").partition("-")
    last = last.lstrip("-").strip()
    if not last and _publication_type(ref) == "journal":
        _sub(parent, "elocation-id", first.strip())
        return
    _sub(parent, "fpage", first.strip())
    _sub(parent, "lpage", last)


def element_citation(ref: Reference, lang: Lang) -> etree._Element:
    """``<element-citation>``: the reference's parts tagged, in the ``lang`` list's script.

    A Russian source keeps ``xml:lang="ru"`` in the Russian list; in the English list its
    title is the English one, the source romanized with ``trans-source`` for the English name.
    """
    entry, kind = ref.entry, _publication_type(ref)
    russian = fields.is_russian(entry)
    text_lang = "ru" if russian and lang == "ru" else "en"
    citation = etree.Element("element-citation", {"publication-type": kind, XML_LANG: text_lang})
    _people(citation, ref, lang)

    def local(name: str) -> str | None:
        return fields.english(entry, name) if text_lang == "en" else fields.plain(entry, name)

    title_tag = {"journal": "article-title", "confproc": "article-title"}.get(kind)
    if entry.type.lower() in ("incollection", "inbook"):
        title_tag = "chapter-title"
    container = {"journal": "journal", "book": "booktitle", "confproc": "booktitle"}.get(kind)
    if title_tag and container:
        _sub(citation, title_tag, local("title"))
        source = fields.plain(entry, container)
        if russian and lang == "en" and source:
            _sub(citation, "source", transliterate(source), "ru")
            _sub(citation, "trans-source", fields.plain(entry, f"{container}_en"), "en")
        else:
            _sub(citation, "source", local(container))
    else:
        _sub(citation, "source", local("title"))
    if russian and lang == "ru":
        _sub(citation, "trans-title", fields.plain(entry, "title_en"), "en")
    for tag, name in (("year", "year"), ("volume", "volume"), ("issue", "number")):
        _sub(citation, tag, fields.plain(entry, name))
    _pages(citation, ref)
    _sub(citation, "publisher-loc", local("address") if russian else fields.plain(entry, "address"))
    publisher = "school" if kind == "thesis" else "publisher"
    _sub(citation, "publisher-name", local(publisher) if russian else fields.plain(entry, publisher))
    if total := fields.plain(entry, "pagetotal"):
        etree.SubElement(citation, "size", {"units": "pages"}).text = total
    _sub(citation, "pub-id", fields.raw(entry, "doi"))
    if (doi := citation.find("pub-id")) is not None:
        doi.set("pub-id-type", "doi")
    return citation


def html_list(refs: Sequence[Reference], lang: Lang) -> str:
    """An ``<ol>`` of the formatted references, each ``<li id="ref-N">``, DOIs as links."""
    items = "".join(
        f'<li id="ref-{n}">{to_html(text)}</li>\n'
        for n, text in enumerate(format_references(refs, lang), start=1)
    )
    return f"<ol>\n{items}</ol>\n"
