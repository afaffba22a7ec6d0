"""The translation state of an article as XLIFF 1.2 for CAT tools; citations and other codes are ``<ph>``.

:func:`xliff_bytes` is also what ``pubkit i18n export`` writes, from the catalog as
``update`` would leave it; the ``xliff`` row writes the segments the build itself sees.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .. import layout
from ..model import Article, Segment, SegmentState, Term
from ..po.codes import CTYPES, Code, split_codes
from ..po.notes import segment_notes
from . import Asset, Options, Output

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{XLIFF_NS}}}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CATALOG = layout.CATALOG
XLIFF_FILE = f"{layout.TRANSLATIONS}/en.xlf"


def xliff_bytes(segments: Sequence[Segment], glossary: Sequence[Term] = ()) -> bytes:
    """XLIFF 1.2 (strict): one ``trans-unit`` per segment, ``id`` and ``resname`` = segment id.

    A translated segment's target is approved; a stale one's needs review, with the Russian
    it was made for as an ``alt-trans``; a missing one's is ``new``. A developer ``<note>``
    says where the segment is and what to keep (its first line names the segment, so the id
    survives tools that renumber units). Each glossary term of the Russian is a
    ``<note from="glossary">``.
    """
    root = etree.Element(f"{_X}xliff", nsmap={None: XLIFF_NS}, version="1.2")
    file = etree.SubElement(
        root,
        f"{_X}file",
        original=CATALOG,
        datatype="plaintext",
        attrib={"source-language": "ru", "target-language": "en"},
    )
    body = etree.SubElement(file, f"{_X}body")
    for segment in segments:
        unit = etree.SubElement(body, f"{_X}trans-unit", id=segment.id, resname=segment.id)
        ids = _ph_ids(segment.ru)
        _tagged(unit, "source", segment.ru, "ru", ids)
        if segment.state is SegmentState.TRANSLATED and segment.en is not None:
            unit.set("approved", "yes")
            _tagged(unit, "target", segment.en, "en", ids).set("state", "translated")
        elif segment.en:
            _tagged(unit, "target", segment.en, "en", ids).set("state", "needs-review-translation")
        else:
            etree.SubElement(unit, f"{_X}target", state="new")
        if segment.en and segment.state is SegmentState.STALE and segment.previous_ru:
            alt = etree.SubElement(unit, f"{_X}alt-trans", alttranstype="previous-version")
            _tagged(alt, "source", segment.previous_ru, "ru", _ph_ids(segment.previous_ru))
            _tagged(alt, "target", segment.en, "en", _ph_ids(segment.previous_ru))
        group = etree.SubElement(unit, f"{_X}context-group", purpose="location")
        _text(group, "context", segment.file).set("context-type", "sourcefile")
        if segment.line is not None:
            _text(group, "context", str(segment.line)).set("context-type", "linenumber")
        notes = "\n".join(segment_notes(segment.id, segment.ru))
        _text(unit, "note", f"Segment {segment.id}: {notes}").set("from", "developer")
        for term in glossary:
            if term.in_russian(segment.ru):
                note = f"{term.ru} = {term.en}" + (f" ({term.note})" if term.note else "")
                _text(unit, "note", note).set("from", "glossary")
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def write_xliff(article: Article, options: Options) -> Output:
    """``translations/en.xlf``: the article's segments as the build sees them, for a CAT tool."""
    data = xliff_bytes(article.segments, article.journal.glossary)
    return Output((Asset(XLIFF_FILE, data, schema="xliff-1.2"),))


def _text(parent: etree._Element, tag: str, text: str, lang: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{_X}{tag}")
    element.text = text
    if lang:
        element.set(_XML_LANG, lang)
    return element


def _ph_ids(text: str) -> dict[str, list[str]]:
    """The ``<ph>`` ids of a source text's inline codes, by code: ``1``, ``2``, … in order."""
    ids: dict[str, list[str]] = {}
    for n, code in enumerate((p for p in split_codes(text) if isinstance(p, Code)), start=1):
        ids.setdefault(code.text, []).append(str(n))
    return ids


def _tagged(
    parent: etree._Element, tag: str, text: str, lang: str, ids: dict[str, list[str]]
) -> etree._Element:
    """``<source>``/``<target>`` with each inline code as a ``<ph>`` holding its Markdown.

    A code keeps its id from ``ids`` (the source's), so a CAT tool pairs source and
    target tags; a code the source lacks gets a fresh ``x<n>`` id.
    """
    element = _text(parent, tag, "", lang)
    element.text = None
    free = {code: list(numbers) for code, numbers in ids.items()}
    last: etree._Element | None = None
    for n, part in enumerate(split_codes(text), start=1):
        if isinstance(part, str):
            if last is None:
                element.text = part
            else:
                last.tail = part
            continue
        known = free.get(part.text)
        last = etree.SubElement(
            element, f"{_X}ph", id=known.pop(0) if known else f"x{n}", ctype=CTYPES[part.kind]
        )
        last.text = part.text
    return element
