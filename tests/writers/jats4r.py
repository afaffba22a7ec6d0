"""Run the JATS4R Schematron rules (``queryBinding="xslt2"``) offline with saxonche.

No ISO Schematron → XSLT 2 compiler is installable here (SchXslt is on neither PyPI nor
npm; pyschematron needs Python 3.12), so this module compiles the subset of Schematron
the JATS4R rules use into one XSLT 3 stylesheet: each active pattern of a phase becomes a
mode that visits every node, each rule a template (first matching rule of a pattern wins,
as Schematron says), each ``assert``/``report`` an ``xsl:if``, ``let`` an ``xsl:variable``,
and the schema's ``xsl:function``s are carried over. The rules read ``lang.xml`` and
friends relative to the stylesheet, so its base URI is the rules' folder.

XPath ``id()``/``idref()`` need typed ID attributes, which a DTD gives; the document is
handed to Saxon with an internal subset typing every ``id`` as ID and ``rid`` as IDREFS,
exactly as the JATS DTD does, so that nothing is fetched.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from saxonche import PySaxonProcessor

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
S = f"{{{SCH}}}"
X = f"{{{XSL}}}"


@dataclass(frozen=True, slots=True)
class Failure:
    pattern: str
    context: str
    test: str
    role: str
    location: str
    message: str


@dataclass(frozen=True, slots=True)
class _Check:
    pattern: str
    context: str
    test: str
    role: str


def _message(check_el: etree._Element, parent: etree._Element) -> None:
    """Copy an assert's text into ``parent``, turning ``name``/``value-of`` into XSLT."""
    parent.text = check_el.text
    for child in check_el:
        if child.tag == f"{S}name":
            node = etree.SubElement(parent, f"{X}value-of", select=child.get("path", "name()"))
        elif child.tag == f"{S}value-of":
            node = etree.SubElement(parent, f"{X}value-of", select=child.get("select"))
        else:
            node = etree.SubElement(parent, f"{X}value-of", select="''")
            node.tail = (child.text or "") + (child.tail or "")
            continue
        node.tail = child.tail


def _variable(parent: etree._Element, let: etree._Element) -> None:
    etree.SubElement(parent, f"{X}variable", name=let.get("name"), select=let.get("value"))


@functools.cache
def compile_phase(rules_dir: Path, phase: str) -> tuple[str, tuple[_Check, ...]]:
    """The XSLT 3 text for ``phase`` of ``jats4r.sch``, and the checks by their index."""
    schema = etree.parse(str(rules_dir / "jats4r.sch")).getroot()
    nsmap = {"xsl": XSL, "xs": "http://www.w3.org/2001/XMLSchema", "xsd": "http://www.w3.org/2001/XMLSchema"}
    nsmap |= {ns.get("prefix"): ns.get("uri") for ns in schema.iter(f"{S}ns")}
    active = [a.get("pattern") for p in schema.iter(f"{S}phase") if p.get("id") == phase for a in p]
    patterns = {}
    for include in schema.iter(f"{S}include"):
        root = etree.parse(str(rules_dir / include.get("href"))).getroot()
        for pattern in [root, *root.iter(f"{S}pattern")]:
            if pattern.tag == f"{S}pattern" and pattern.get("id"):
                patterns[pattern.get("id")] = pattern
    sheet = etree.Element(f"{X}stylesheet", nsmap=nsmap, version="3.0")
    sheet.set("{http://www.w3.org/XML/1998/namespace}base", rules_dir.resolve().as_uri() + "/")
    for child in schema:
        if child.tag == f"{X}function":
            sheet.append(copy.deepcopy(child))
        elif child.tag == f"{S}let":
            _variable(sheet, child)
    start = etree.SubElement(sheet, f"{X}template", match="/")
    results = etree.SubElement(start, "results")
    checks: list[_Check] = []
    for index, name in enumerate(active):
        mode = f"p{index}"
        etree.SubElement(results, f"{X}apply-templates", select="/*", mode=mode)
        pattern = patterns[name]
        fallback = etree.SubElement(sheet, f"{X}template", match="@*|node()", mode=mode, priority="-1000")
        etree.SubElement(fallback, f"{X}apply-templates", select="@*|node()", mode=mode)
        for position, rule in enumerate(pattern.iter(f"{S}rule")):
            context = rule.get("context")
            template = etree.SubElement(
                sheet, f"{X}template", match=context, mode=mode, priority=str(1000 - position)
            )
            for let in pattern.findall(f"{S}let"):
                _variable(template, let)
            for item in rule:
                if item.tag == f"{S}let":
                    _variable(template, item)
                elif item.tag in (f"{S}assert", f"{S}report"):
                    test = item.get("test")
                    condition = f"not({test})" if item.tag == f"{S}assert" else test
                    guard = etree.SubElement(template, f"{X}if", test=condition)
                    failed = etree.SubElement(guard, "failed", check=str(len(checks)), location="{path()}")
                    _message(item, failed)
                    checks.append(_Check(name, context, test, item.get("role", "error")))
            etree.SubElement(template, f"{X}apply-templates", select="@*|node()", mode=mode)
    return etree.tostring(sheet, encoding="unicode"), tuple(checks)


def _typed_ids(xml: bytes) -> str:
    """The document without its DOCTYPE, with an internal subset typing ``id`` and ``rid`` as the JATS DTD does."""
    root = etree.fromstring(xml, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    declarations = set()
    for element in root.iter(etree.Element):
        for attribute, kind in (("id", "ID"), ("rid", "IDREFS")):
            if element.get(attribute) is not None:
                declarations.add(f"<!ATTLIST {element.tag} {attribute} {kind} #IMPLIED>")
    subset = "\n".join(sorted(declarations))
    return etree.tostring(root, encoding="unicode", doctype=f"<!DOCTYPE {root.tag} [\n{subset}\n]>")


@functools.cache
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


def run_jats4r(xml: bytes, rules_dir: Path, phase: str = "errors") -> list[Failure]:
    """Every failed assert and successful report of the phase, in document order per pattern."""
    stylesheet, checks = compile_phase(rules_dir, phase)
    processor = _processor()
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=stylesheet)
    document = processor.parse_xml(xml_text=_typed_ids(xml))
    output = executable.transform_to_string(xdm_node=document)
    failures = []
    for failed in etree.fromstring(output.encode("utf-8")).iter("failed"):
        check = checks[int(failed.get("check"))]
        message = " ".join("".join(failed.itertext()).split())
        failures.append(
            Failure(check.pattern, check.context, check.test, check.role, failed.get("location"), message)
        )
    return failures
