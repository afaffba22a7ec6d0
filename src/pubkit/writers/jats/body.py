"""``<body>``: one language's body through pandoc's JATS writer, grafted into our tree.

The Russian body is the article's, the English one its translation's (``sub_article``).
Citations become ``[<xref ref-type="bibr" rid="ref-N">N</xref>]`` with the numbers every
output shares; pandoc writes the sections, lists, tables and figures. Its ids are made
ASCII and stable, table ids move to ``table-wrap``, and layout whitespace is dropped so
that one pretty-printer indents the whole document.
"""

from __future__ import annotations

import re

from lxml import etree

from ...labels import labels
from ...model import Article, Lang
from ...refs.translit import transliterate
from ...tools import ast_to
from ..citations import Run, rendered_runs, replace_citations
from .types import ascii_id

# Elements whose content is other elements only: whitespace between their children is layout.
_STRUCTURAL = frozenset(
    {
        "body", "sec", "boxed-text", "list", "list-item", "def-list", "def-item", "table-wrap", "table",
        "thead", "tbody", "tfoot", "tr", "colgroup", "col", "fig", "caption", "disp-quote", "fn-group",
        "fn", "statement", "array", "fig-group", "table-wrap-foot", "glossary",
    }
)  # fmt: skip
_PANDOC_ESCAPE = re.compile(r"U([0-9A-F]{4})")
LABELLED = {"table-wrap": "Table", "fig": "Figure"}  # element → label msgid, numbered per kind as in HTML


def ref_id(number: int) -> str:
    return f"ref-{number}"


def _cite_inlines(group: list[Run]) -> list[dict]:
    """A group citation as pandoc inlines: ``[`` links to ``#ref-N`` and separators ``]``."""
    inlines: list[dict] = [{"t": "Str", "c": "["}]
    for item in rendered_runs(group):
        if isinstance(item, str):
            inlines.append({"t": "Str", "c": item})
        else:
            _, number = item
            target = [f"#{ref_id(number)}", ""]
            inlines.append({"t": "Link", "c": [["", [], []], [{"t": "Str", "c": str(number)}], target]})
    inlines.append({"t": "Str", "c": "]"})
    return inlines


def _stable_id(pandoc_id: str) -> str:
    """pandoc's id (``tblU003Apatients``, a Cyrillic heading's id) as ASCII: ``tbl-patients``, ``vvedenie``."""
    return ascii_id(transliterate(_PANDOC_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), pandoc_id)))


def _fix_ids(parts: list[etree._Element], prefix: str) -> None:
    """ASCII, unique ids starting with ``prefix``; references to them follow.

    A table's id moves to its ``table-wrap``.
    """
    elements = [element for part in parts for element in part.iter()]
    for table in (e for e in elements if e.tag == "table"):
        wrap = table.getparent()
        if wrap is not None and wrap.tag == "table-wrap" and table.get("id") and not wrap.get("id"):
            wrap.set("id", table.attrib.pop("id"))
    renamed: dict[str, str] = {}
    used: set[str] = set()
    for element in elements:
        old = element.get("id")
        if old is None:
            continue
        new = base = f"{prefix}{_stable_id(old)}"
        suffix = 2
        while new in used:
            new, suffix = f"{base}-{suffix}", suffix + 1
        used.add(new)
        renamed[old] = new
        element.set("id", new)
    for element in elements:
        if element.get("rid"):
            element.set("rid", " ".join(renamed.get(r, r) for r in element.get("rid").split()))


def _label_display_objects(part: etree._Element, lang: Lang) -> None:
    """``<label>Таблица 1</label>`` first in every table and figure; an id on every box (JATS4R)."""
    gettext = labels(lang).gettext
    counters = dict.fromkeys(LABELLED, 0)
    boxes = 0
    for element in part.iter(*LABELLED, "boxed-text"):
        if element.tag == "boxed-text":
            boxes += 1
            if element.get("id") is None:
                element.set("id", f"box-{boxes}")
            continue
        counters[element.tag] += 1
        if element.find("label") is None:
            label = etree.Element("label")
            label.text = f"{gettext(LABELLED[element.tag])} {counters[element.tag]}"
            element.insert(0, label)


def _drop_layout_space(body: etree._Element) -> None:
    for element in body.iter():
        if element.tag in _STRUCTURAL:
            if element.text is not None and not element.text.strip():
                element.text = None
            for child in element:
                if child.tail is not None and not child.tail.strip():
                    child.tail = None


def body(
    article: Article, ast_json: str, lang: Lang, id_prefix: str = ""
) -> tuple[etree._Element, etree._Element | None]:
    """``ast_json`` (a body of ``article``) as JATS ``<body>``, and pandoc's ``<back>`` (footnotes) if any.

    Tables and figures are labelled in ``lang`` ("Таблица 1"). ``id_prefix`` starts every id, so that a second body's ids cannot clash with the first's;
    citations keep pointing at the article's ``ref-N``.
    """
    ast = replace_citations(ast_json, article, _cite_inlines)
    # Standalone, so that pandoc declares the namespaces it uses; only its body and back are kept.
    document = ast_to(ast, "jats_publishing", what="manuscript/article.md", extra=("-s", "--wrap=none"))
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    root = etree.fromstring(document.encode("utf-8"), parser)
    result = root.find("body")
    if result is None:
        result = etree.Element("body")
    back = root.find("back")
    for link in result.iter("xref"):
        if link.get("ref-type") == "bibr":
            link.attrib.pop("alt", None)
    parts = [part for part in (result, back) if part is not None]
    _label_display_objects(result, lang)
    _fix_ids(parts, id_prefix)
    for part in parts:
        _drop_layout_space(part)
        part.tail = None
        for child in part:
            child.tail = None
    return result, back if back is not None and len(back) else None
