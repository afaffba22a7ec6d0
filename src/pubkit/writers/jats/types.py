"""What the JATS modules share: namespaces, the JATS versions we write, and small lxml helpers.

Kept apart so that ``front``, ``body`` and ``back`` depend on it and not on each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

XLINK = "http://www.w3.org/1999/xlink"
MML = "http://www.w3.org/1998/Math/MathML"
ALI = "http://www.niso.org/schemas/ali/1.0/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HREF = f"{{{XLINK}}}href"
TITLE = f"{{{XLINK}}}title"
NSMAP = {"xlink": XLINK, "mml": MML, "ali": ALI}


@dataclass(frozen=True, slots=True)
class JatsVersion:
    """One JATS Journal Publishing (MathML 3) version: what goes into ``dtd-version`` and the DOCTYPE.

    Both 1.3 and 1.4 take ``publication-format`` on ``issn`` and ``pub-date`` (``pub-type``
    is the deprecated JATS 1.0 form), so the versions differ only in their identifiers.
    """

    number: str
    public_id: str
    system_id: str
    driver: str  # the DTD file that declares the whole tag set

    @property
    def doctype(self) -> str:
        return f'<!DOCTYPE article PUBLIC "{self.public_id}" "{self.system_id}">'


VERSIONS: dict[str, JatsVersion] = {
    "1.3": JatsVersion(
        "1.3",
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD with MathML3 v1.3 20210610//EN",
        "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3-mathml3.dtd",
        "JATS-journalpublishing1-3-mathml3.dtd",
    ),
    "1.4": JatsVersion(
        "1.4",
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD with MathML3 v1.4 20241031//EN",
        "https://jats.nlm.nih.gov/publishing/1.4/JATS-journalpublishing1-4-mathml3.dtd",
        "JATS-journalpublishing1-4-mathml3.dtd",
    ),
}

_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def ascii_id(*parts: str) -> str:
    """An ASCII XML id from ``parts`` joined by ``-``; anything else becomes ``-``.

    >>> ascii_id("aff", "pirogov"), ascii_id("tbl:patients")
    ('aff-pirogov', 'tbl-patients')
    """
    text = _NOT_ID.sub("-", "-".join(parts)).strip("-")
    return text if text[:1].isalpha() else f"id-{text}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    """A child element; ``None`` attributes are left out. Text, when given, must not be empty."""
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        if not text.strip():
            raise ValueError(f"empty text for <{tag}>")
        element.text = text
    return element


def lang_sub(
    parent: etree._Element, tag: str, text: str, lang: str | None = None, **attrs: str
) -> etree._Element:
    """A child element with text and, when given, ``xml:lang``."""
    element = sub(parent, tag, text, **attrs)
    if lang:
        element.set(XML_LANG, lang)
    return element
