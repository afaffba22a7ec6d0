"""``<back>``: the reference list in citation order, and the body's footnotes.

Each reference is formatted once by :mod:`pubkit.refs`; here it is only placed. A
Russian-language source carries its Russian and its English form, structured and as
printed, side by side in ``citation-alternatives`` with ``xml:lang`` on each.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from ...model import Article, Reference
from ...refs.render import element_citation, mixed_citation
from .body import ref_id
from .types import XML_LANG, sub


def _tag_names(mixed: etree._Element, structured: etree._Element) -> None:
    """Wrap the leading author list of the printed form in ``person-group``/``string-name`` (JATS4R).

    The names are the structured form's, which the style printed as ``Surname I.I., ...``;
    a list printed otherwise (editors, an unusual name) is left as text.
    """
    group = structured.find("person-group[@person-group-type='author']")
    text = mixed.text or ""
    if group is None:
        return
    names = [(n.findtext("surname"), n.findtext("given-names")) for n in group.iter("name")]
    printed = [" ".join(part for part in name if part) for name in names]
    if not printed or not text.startswith(", ".join(printed)):
        return
    person_group = etree.Element("person-group", {"person-group-type": "author"})
    for index, (surname, given) in enumerate(names):
        string_name = sub(person_group, "string-name")
        sub(string_name, "surname", surname)
        if given:
            sub(string_name, "given-names", given).getprevious().tail = " "
        if index < len(names) - 1:
            string_name.tail = ", "
    person_group.tail = text[len(", ".join(printed)) :]
    mixed.text = None
    mixed.insert(0, person_group)


def _forms(ref: Reference) -> list[etree._Element]:
    """The citations of one reference: both languages for a Russian source, one form otherwise."""
    langs = ("ru", "en") if ref.lang == "ru" else ("en",)
    forms = [element_citation(ref, lang) for lang in langs]
    for lang, structured in zip(langs, forms[:], strict=True):
        mixed = mixed_citation(ref, lang)
        mixed.set(XML_LANG, lang)
        _tag_names(mixed, structured)
        forms.append(mixed)
    return forms


def ref_list(refs: Sequence[Reference]) -> etree._Element:
    """``ref-list`` with ``ref id="ref-N"``, ``label`` N, numbered in the order given (first citation)."""
    element = etree.Element("ref-list")
    for number, reference in enumerate(refs, start=1):
        ref = sub(element, "ref", id=ref_id(number))
        sub(ref, "label", str(number))
        alternatives = sub(ref, "citation-alternatives")
        for form in _forms(reference):
            alternatives.append(form)
    return element


def back(article: Article, pandoc_back: etree._Element | None) -> etree._Element:
    """References, then any footnotes pandoc wrote."""
    element = etree.Element("back")
    if article.references:
        element.append(ref_list(article.references))
    if pandoc_back is not None:
        for child in pandoc_back:
            element.append(child)
    return element
