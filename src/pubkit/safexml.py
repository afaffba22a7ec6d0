"""The one way pubkit parses XML it did not build itself: no DTD loading, no network, no entities.

A document's DOCTYPE is never followed (nothing is fetched), entities are not expanded
(no XXE, no billion laughs), and libxml2's huge-tree mode stays off, so a hostile file
costs bounded memory. Validation loads its DTDs and XSDs from the schema catalog, never
from the document.
"""

from __future__ import annotations

from lxml import etree


def parser() -> etree.XMLParser:
    """A fresh safe parser (lxml parsers keep an error log, so one per parse)."""
    return etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False, huge_tree=False)


def parse(data: bytes) -> tuple[etree._Element | None, list[tuple[int | None, str]]]:
    """The root element, or ``None`` with every syntax error as ``(line, message)``."""
    safe = parser()
    try:
        return etree.fromstring(data, safe), []
    except etree.XMLSyntaxError as exc:
        errors = [(e.line, e.message) for e in safe.error_log.filter_from_errors()]
        return None, errors or [(exc.lineno, exc.msg)]


def entity_problem(root: etree._Element) -> tuple[int | None, str] | None:
    """``(line, what)`` when a parsed document declares a DOCTYPE or keeps an entity reference.

    Entities are never expanded here, so ``&xxe;`` would otherwise survive as a literal
    reference, and a file that other parsers read differently must not be accepted as data.
    """
    tree = root.getroottree()
    if tree.docinfo.doctype:
        return 1, f"a DOCTYPE ({tree.docinfo.doctype})"
    for node in root.iter():
        if isinstance(node, etree._Entity):
            return node.sourceline, f"the entity reference {node.text}"
    return None
