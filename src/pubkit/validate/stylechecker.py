"""NCBI's PMC StyleChecker (XSLT 1.0) on a JATS document: its ``<error>``s and ``<warning>``s as problems.

The StyleChecker resolves ``xref/@rid`` through XPath ``id()``, which needs ``id``
attributes typed as IDs, as a DTD types them. The document's own DOCTYPE is never
followed (:mod:`pubkit.safexml`): it is parsed safely and handed to the XSLT with an
internal subset that types every ``id`` as ID and ``rid`` as IDREFS, exactly as the JATS
DTD does, so that nothing is fetched or expanded. The checker returns a copy of the
article with each finding inserted into the element it concerns; that element's path
finds the line in the document.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .. import safexml
from ..problems import Problem, Severity
from .catalog import load

KIND = "pmc-stylechecker"
CODE = "pmc.style"


def typed_ids(root: etree._Element) -> etree._ElementTree:
    """A copy of ``root`` whose ``id`` and ``rid`` attributes are typed as the JATS DTD types them."""
    declarations = {
        f"<!ATTLIST {element.tag} {attribute} {kind} #IMPLIED>"
        for element in root.iter(etree.Element)
        for attribute, kind in (("id", "ID"), ("rid", "IDREFS"))
        if element.get(attribute) is not None
    }
    subset = "\n".join(sorted(declarations))
    text = etree.tostring(root, encoding="unicode", doctype=f"<!DOCTYPE {root.tag} [\n{subset}\n]>")
    return etree.fromstring(text.encode("utf-8"), safexml.parser()).getroottree()


def stylecheck(data: bytes, file: str, schemas: Path) -> list[Problem]:
    """Every StyleChecker finding on ``data``: errors as errors, warnings as warnings, with lines."""
    root, errors = safexml.parse(data)
    if root is None:
        return [Problem(CODE, f"not well-formed XML: {m}", file=file, line=line) for line, m in errors]
    checker = load(KIND, schemas)
    report = checker(typed_ids(root), style="'article'").getroot()
    paths = report.getroottree()
    problems = []
    for finding in report.iter("error", "warning"):
        path = paths.getpath(finding.getparent())
        path = path.removeprefix("/" + report.tag) if report.tag != root.tag else path
        found = root.getroottree().xpath(path) if path.startswith("/") else []
        line = found[0].sourceline if found else None
        severity = Severity.ERROR if finding.tag == "error" else Severity.WARNING
        message = " ".join("".join(finding.itertext()).split())
        problems.append(Problem(CODE, message, file=file, line=line, severity=severity))
    return problems
