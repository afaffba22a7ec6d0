"""What the JATS import modules share: language attributes, element text, new ids."""

from __future__ import annotations

import re

from lxml import etree

from ..refs.translit import has_cyrillic
from ..writers.jats.types import ascii_id
from .jats_refs import text_of

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def lang_of(element: etree._Element, default: str) -> str:
    value = element.get(XML_LANG)
    if value:
        return value.split("-")[0].lower()
    return default


def text_lang(element: etree._Element, default: str) -> str:
    """An element's language: ``xml:lang``, else its script (Cyrillic is Russian), else ``default``."""
    value = element.get(XML_LANG)
    if value:
        return value.split("-")[0].lower()
    text = text_of(element) or ""
    if has_cyrillic(text):
        return "ru"
    return "en" if re.search("[A-Za-z]", text) else default


def new_id(jats_id: str | None, kind: str, number: int, taken) -> str:
    """A YAML id from the JATS id (``aff-rogachev`` → ``rogachev``), else ``<kind><number>``."""
    base = (jats_id or "").removeprefix(f"{kind}-")
    base = ascii_id(base) if base else f"{kind}{number}"
    if base.startswith("id-"):
        base = f"{kind}{number}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident
