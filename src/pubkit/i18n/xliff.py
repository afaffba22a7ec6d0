"""Exchange with CAT tools: export the catalog as XLIFF 1.2 or PO, import either back into ``translations/en.po``.

Both directions work on the catalog as ``update`` would leave it (the template
merged into ``translations/en.po``), so the ids and states a translator sees are
the ones the build will use. An imported unit must carry the current Russian as
its source: a unit translated from an older text is refused, by name, rather
than silently filed under text it does not translate.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from ..problems import Problem, Problems, PubkitError, Severity
from .catalogs import CATALOG, catalog_bytes, merged_catalog, write_if_changed
from .pofile import PoFile, parse_po
from .segments import TemplateEntry

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{XLIFF_NS}}}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DONE_STATES = {"translated", "signed-off", "final"}
_CITATION = re.compile(r"@([\w:.#$%&+?<>~/-]*\w)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation read from an exchange file."""

    id: str
    source: str
    target: str
    fuzzy: bool
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The catalog written to, the segments whose entry changed, and the refused units and warnings."""

    path: Path
    changed: tuple[str, ...]
    problems: tuple[Problem, ...]


def export(root: Path, fmt: str) -> bytes:
    """The project's catalog, brought up to date with its sources, as ``xliff`` or ``po`` bytes."""
    loaded, template, merged, _ = merged_catalog(root)
    if fmt == "po":
        return catalog_bytes(loaded, merged)
    if fmt == "xliff":
        return xliff_bytes(template, merged)
    raise ValueError(f"unknown export format {fmt!r}")


def xliff_bytes(template: tuple[TemplateEntry, ...], po: PoFile) -> bytes:
    """XLIFF 1.2 (strict): one ``trans-unit`` per segment, ``id`` = segment id, previous source as ``alt-trans``."""
    root = etree.Element(f"{_X}xliff", nsmap={None: XLIFF_NS}, version="1.2")
    file = etree.SubElement(
        root,
        f"{_X}file",
        original=CATALOG,
        datatype="plaintext",
        attrib={"source-language": "ru", "target-language": "en"},
    )
    body = etree.SubElement(file, f"{_X}body")
    entries = {e.context: e for e in po.entries}
    for segment in template:
        entry = entries[segment.id]
        unit = etree.SubElement(body, f"{_X}trans-unit", id=segment.id)
        _text(unit, "source", segment.ru, "ru")
        if entry.translated:
            unit.set("approved", "yes")
            _text(unit, "target", entry.msgstr, "en").set("state", "translated")
        elif entry.msgstr:
            _text(unit, "target", entry.msgstr, "en").set("state", "needs-review-translation")
        else:
            etree.SubElement(unit, f"{_X}target", state="new")
        if entry.msgstr and entry.fuzzy and entry.previous:
            alt = etree.SubElement(unit, f"{_X}alt-trans", alttranstype="previous-version")
            _text(alt, "source", entry.previous, "ru")
            _text(alt, "target", entry.msgstr, "en")
        group = etree.SubElement(unit, f"{_X}context-group", purpose="location")
        _text(group, "context", segment.file).set("context-type", "sourcefile")
        if segment.line is not None:
            _text(group, "context", str(segment.line)).set("context-type", "linenumber")
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _text(parent: etree._Element, tag: str, text: str, lang: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{_X}{tag}")
    element.text = text
    if lang:
        element.set(_XML_LANG, lang)
    return element


def read_units(path: Path, file: str) -> list[Unit]:
    """The units of an XLIFF 1.2 or PO file (by extension ``.po``, otherwise XLIFF)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PubkitError(Problem("i18n.unreadable", f"cannot read: {exc.strerror}", file=file)) from exc
    if path.suffix.lower() in (".po", ".pot"):
        po = parse_po(data, file)
        return [
            Unit(e.context, e.msgid, e.msgstr, e.fuzzy, next((ln for _, ln in e.locations if ln), None))
            for e in po.entries
        ]
    return _xliff_units(data, file)


def _xliff_units(data: bytes, file: str) -> list[Unit]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PubkitError(
            Problem(
                "i18n.syntax", f"not well-formed XML: {exc}; expected XLIFF 1.2", file=file, line=exc.lineno
            )
        ) from exc
    if root.tag != f"{_X}xliff":
        raise PubkitError(
            Problem("i18n.syntax", f"root element is {root.tag!r}; expected XLIFF 1.2 <xliff>", file=file)
        )
    units = []
    for element in root.iter(f"{_X}trans-unit"):
        source = element.find(f"{_X}source")
        target = element.find(f"{_X}target")
        text = "".join(target.itertext()) if target is not None else ""
        state = target.get("state") if target is not None else None
        done = (state in _DONE_STATES or state is None) and element.get("approved") != "no"
        units.append(
            Unit(
                element.get("id", ""),
                "".join(source.itertext()) if source is not None else "",
                text,
                not done,
                element.sourceline,
            )
        )
    return units


def import_file(root: Path, path: Path) -> ImportReport:
    """Write the translations of ``path`` (XLIFF 1.2 or PO) into the project's ``translations/en.po``."""
    file = str(path)
    units = read_units(path, file)
    loaded, template, merged, _ = merged_catalog(root)
    problems = Problems()
    po, changed = apply_units(template, merged, units, file, problems)
    target = root / CATALOG
    if changed or not target.is_file():
        write_if_changed(target, catalog_bytes(loaded, po))
    return ImportReport(target, tuple(changed), tuple(problems))


def apply_units(
    template: tuple[TemplateEntry, ...], po: PoFile, units: list[Unit], file: str, problems: Problems
) -> tuple[PoFile, list[str]]:
    """``po`` with each acceptable unit's target filed under its segment; the ids of the entries that changed."""
    current = {s.id: s.ru for s in template}
    entries = {e.context: e for e in po.entries}
    changed: list[str] = []
    for unit in units:
        if unit.id not in current:
            problems.error(
                "i18n.import-unknown",
                f"unit {unit.id!r} is not a segment of the article; expected the id of a current segment",
                file=file,
                line=unit.line,
                field=unit.id,
            )
            continue
        if unit.source != current[unit.id]:
            problems.error(
                "i18n.import-outdated",
                f"unit {unit.id!r} was translated from another Russian text than the current one; "
                "expected the current source (export again and translate the changes)",
                file=file,
                line=unit.line,
                field=unit.id,
            )
            continue
        if not unit.target:
            continue
        entry = entries[unit.id]
        new = replace(
            entry,
            msgstr=unit.target,
            fuzzy=unit.fuzzy,
            previous=entry.previous if unit.fuzzy else None,
        )
        if new == entry:
            continue
        for problem in mismatches(unit, file):
            problems.add(problem)
        entries[unit.id] = new
        changed.append(unit.id)
    ordered = tuple(entries[e.context] for e in po.entries)
    return PoFile(po.header, ordered, po.obsolete), changed


def mismatches(unit: Unit, file: str) -> list[Problem]:
    """Warnings when the numbers or the citation markers of the source and the translation differ."""
    found = []
    source_keys, target_keys = _citations(unit.source), _citations(unit.target)
    if source_keys != target_keys:
        found.append(
            _warning(unit, file, "i18n.import-citations", "citation markers", source_keys, target_keys)
        )
    source_numbers = _numbers(_CITATION.sub(" ", unit.source))
    target_numbers = _numbers(_CITATION.sub(" ", unit.target))
    if source_numbers != target_numbers:
        found.append(_warning(unit, file, "i18n.import-numbers", "numbers", source_numbers, target_numbers))
    return found


def _warning(unit: Unit, file: str, code: str, what: str, source: Counter, target: Counter) -> Problem:
    only_source = sorted((source - target).elements())
    only_target = sorted((target - source).elements())
    detail = "; ".join(
        part
        for part in (
            f"only in the Russian: {', '.join(only_source)}" if only_source else "",
            f"only in the English: {', '.join(only_target)}" if only_target else "",
        )
        if part
    )
    return Problem(
        code,
        f"the {what} of the translation differ from the source ({detail}); expected the same {what}",
        file=file,
        line=unit.line,
        field=unit.id,
        severity=Severity.WARNING,
    )


def _citations(text: str) -> Counter:
    return Counter(f"@{key}" for key in _CITATION.findall(text))


def _numbers(text: str) -> Counter:
    return Counter(n.replace(",", ".") for n in _NUMBER.findall(text))
