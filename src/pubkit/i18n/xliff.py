"""Exchange with CAT tools: export the catalog as XLIFF 1.2 or PO, import either back into ``translations/en.po``.

Both directions work on the catalog as ``update`` would leave it (the template
merged into ``translations/en.po``), so the ids and states a translator sees are
the ones the build will use. An imported unit must carry the current Russian as
its source: a unit translated from an older text is refused, by name, rather
than silently filed under text it does not translate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from .. import safexml
from ..limits import current, read_bounded
from ..model import Segment, SegmentState, Term
from ..po import PoFile, parse_po, with_tool_fields
from ..problems import Problem, Problems, PubkitError, Severity
from ..writers.xliff import XLIFF_NS, xliff_bytes
from .catalogs import CATALOG, catalog_bytes, merged_catalog, write_if_changed
from .qa import segment_problems
from .segments import TemplateEntry

XLIFF_NAMESPACES = (XLIFF_NS, "urn:oasis:names:tc:xliff:document:1.1")
_X = f"{{{XLIFF_NS}}}"
_DONE_STATES = {"translated", "signed-off", "final"}
_NOTE_ID = re.compile(r"^Segment (\S+):", re.MULTILINE)


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


def export(root: Path, fmt: str, pending: bool = False) -> bytes:
    """The project's catalog, brought up to date with its sources, as ``xliff`` or ``po`` bytes.

    ``pending``: only the segments still to translate (missing or stale).
    """
    loaded, template, merged, _ = merged_catalog(root)
    if pending:
        merged = replace(merged, entries=tuple(e for e in merged.entries if not e.translated), obsolete=())
        todo = {e.context for e in merged.entries}
        template = tuple(s for s in template if s.id in todo)
    if fmt == "po":
        return catalog_bytes(loaded, merged)
    if fmt == "xliff":
        glossary = loaded.journal.glossary if loaded.journal is not None else ()
        return xliff_bytes(as_segments(template, merged), glossary)
    raise ValueError(f"unknown export format {fmt!r}")


def as_segments(template: Sequence[TemplateEntry], po: PoFile) -> list[Segment]:
    """The template's segments with the catalog's English and state, as the XLIFF writer takes them."""
    entries = {e.context: e for e in po.entries}
    segments = []
    for entry in template:
        found = entries[entry.id]
        if found.translated:
            state = SegmentState.TRANSLATED
        elif found.msgstr:
            state = SegmentState.STALE
        else:
            state = SegmentState.MISSING
        previous = found.previous if found.fuzzy else None
        segments.append(
            Segment(entry.id, entry.ru, found.msgstr or None, state, previous, entry.file, entry.line)
        )
    return segments


def read_units(path: Path, file: str) -> list[Unit]:
    """The units of an XLIFF 1.2 or PO file (by extension ``.po``, otherwise XLIFF)."""
    data = read_bounded(path, file, current().text, code="i18n.unreadable")
    if path.suffix.lower() in (".po", ".pot"):
        po = parse_po(data, file)
        return [
            Unit(e.context, e.msgid, e.msgstr, e.fuzzy, next((ln for _, ln in e.locations if ln), None))
            for e in po.entries
        ]
    return _xliff_units(data, file)


def _xliff_units(data: bytes, file: str) -> list[Unit]:
    """The units of an XLIFF 1.2 file, or of a 1.1 one such as translate-toolkit's ``po2xliff`` writes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PubkitError(
            Problem(
                "i18n.syntax", f"not well-formed XML: {exc}; expected XLIFF 1.2", file=file, line=exc.lineno
            )
        ) from exc
    if found := safexml.entity_problem(root):
        line, what = found
        raise PubkitError(
            Problem(
                "i18n.entity",
                f"{what} is not allowed; expected XLIFF without DTD or entities (write characters as they are)",
                file=file,
                line=line,
            )
        )
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or ns not in XLIFF_NAMESPACES:
        raise PubkitError(
            Problem(
                "i18n.syntax", f"root element is {root.tag!r}; expected XLIFF 1.2 (or 1.1) <xliff>", file=file
            )
        )
    x = f"{{{ns}}}"
    units = []
    for element in root.iter(f"{x}trans-unit"):
        if element.get("restype") == "x-gettext-domain-header":
            continue
        source = element.find(f"{x}source")
        target = element.find(f"{x}target")
        codes = _codes_by_id(source)
        state = target.get("state") if target is not None else None
        done = (state in _DONE_STATES or state is None) and element.get("approved") != "no"
        units.append(
            Unit(
                _segment_id(element, x),
                _plain(source, codes) if source is not None else "",
                _plain(target, codes) if target is not None else "",
                not done,
                element.sourceline,
            )
        )
    return units


def _segment_id(unit: etree._Element, x: str) -> str:
    """The segment a unit translates: its ``resname``, else the ``Segment <id>:`` line of its note, else its ``id``.

    translate-toolkit's ``xliff2po`` → ``po2xliff`` renumbers ids and drops
    ``resname`` but keeps developer notes, so the note carries the id too.
    """
    if unit.get("resname"):
        return unit.get("resname", "")
    for note in unit.iter(f"{x}note"):
        found = _NOTE_ID.search(note.text or "")
        if found:
            return found.group(1)
    return unit.get("id", "")


def _codes_by_id(source: etree._Element | None) -> dict[str, str]:
    """The Markdown of each inline-code tag of a source, by tag id."""
    if source is None:
        return {}
    return {ph.get("id", ""): "".join(ph.itertext()) for ph in source.iter() if ph is not source}


def _plain(element: etree._Element, codes: dict[str, str]) -> str:
    """An element's text with every inline tag turned back into the Markdown it stands for.

    A tag is restored from the source tag with the same id (CAT tools copy tags,
    sometimes without their content); ``<x equiv-text>`` and ``<g>`` are read too.
    """
    out = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname
        if name in ("g", "mrk", "sub"):
            out.append(_plain(child, codes))
        elif child.get("id") in codes:
            out.append(codes[child.get("id", "")])
        else:
            out.append(child.get("equiv-text") or "".join(child.itertext()))
        out.append(child.tail or "")
    return "".join(out)


def import_file(root: Path, path: Path) -> ImportReport:
    """Write the translations of ``path`` (XLIFF 1.2 or PO) into the project's ``translations/en.po``."""
    file = str(path)
    units = read_units(path, file)
    loaded, template, merged, _ = merged_catalog(root)
    problems = Problems()
    glossary = loaded.journal.glossary if loaded.journal is not None else ()
    po, changed = apply_units(template, merged, units, file, problems, glossary)
    if path.suffix.lower() == ".po" and changed:
        header = po.header or catalog_bytes(loaded, replace(po, entries=(), obsolete=())).decode("utf-8")
        po = replace(
            po, header=with_tool_fields(header.rstrip("\n"), parse_po(path.read_bytes(), file).header)
        )
    target = root / CATALOG
    if changed or not target.is_file():
        write_if_changed(target, catalog_bytes(loaded, po))
    return ImportReport(target, tuple(changed), tuple(problems))


def apply_units(
    template: tuple[TemplateEntry, ...],
    po: PoFile,
    units: list[Unit],
    file: str,
    problems: Problems,
    glossary: Sequence[Term] = (),
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
        findings = [replace(p, file=file, line=unit.line) for p in unit_problems(unit, glossary)]
        problems.extend(findings)
        if any(p.severity is Severity.ERROR for p in findings):
            continue
        entries[unit.id] = new
        changed.append(unit.id)
    ordered = tuple(entries[e.context] for e in po.entries)
    return PoFile(po.header, ordered, po.obsolete), changed


def unit_problems(unit: Unit, glossary: Sequence[Term] = ()) -> list[Problem]:
    """The QA findings on a unit's translation; with any error among them the unit is refused."""
    return segment_problems(unit.id, unit.source, unit.target, glossary)
