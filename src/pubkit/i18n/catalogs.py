"""``extract`` and ``update``: the template (POT) of a project, and merging it into ``translations/en.po``.

Matching an old catalog entry to a template segment goes in passes, each only
over what earlier passes left unclaimed, so no segment can take a translation
another segment still owns:

1. same context, same Russian: kept as it is;
2. same Russian under another context: the paragraph moved (or its section was
   renumbered by an insertion), so it keeps its translation under its new id;
3. changed Russian, similar text in the same container (``body.cases``,
   ``abstract.results``): the closest pair wins, marked fuzzy with ``#| msgid``;
4. changed Russian under the same context, however different: a rewrite in
   place, marked fuzzy.

Nothing is matched across containers unless the Russian is identical, unlike
Babel's own ``Catalog.update`` (whose fuzzy matcher ignores contexts). Old
entries nobody claims become obsolete (``#~``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import Segment
from ..po import PoEntry, PoFile, default_header, read_po_file, render_po
from ..po.notes import segment_notes
from ..sources import Loaded
from ..writers.pot import pot_bytes
from .files import write_if_changed
from .memory import CloseMatch, fill_from_memory, memory_path, read_memory
from .segments import TemplateEntry, load_template

CATALOG = "translations/en.po"
TEMPLATE = "translations/article.pot"
SIMILAR = 0.5  # least word-level similarity for a pass-3 match
_COMMENT = (
    "English translation of the article's Russian segments.\n"
    "msgctxt is the segment id, msgid the Russian source, msgstr the English."
)


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What ``update`` did: the catalog path, whether its bytes changed, and the counts per kind of change."""

    path: Path
    changed: bool
    kept: int
    moved: int
    fuzzy: int
    added: int
    obsoleted: int
    from_memory: int = 0  # new segments filled from exact matches of the journal's memory
    close: tuple[CloseMatch, ...] = ()  # close memory matches of segments still untranslated


def extract(root: Path, output: Path | None = None) -> Path:
    """Write the template of the project at ``root`` (default ``translations/article.pot``)."""
    loaded, _ = load_template(root)
    target = output or root / TEMPLATE
    write_if_changed(target, pot_bytes(loaded.article))
    return target


@dataclass
class _Merge:
    """The matching state: which old entries are claimed, and the new entry chosen for each segment."""

    old: list[PoEntry]
    claimed: set[int]
    chosen: dict[str, tuple[str, PoEntry]]  # segment id → (kind, entry)

    def take(self, index: int, segment: TemplateEntry, kind: str) -> None:
        self.claimed.add(index)
        self.chosen[segment.id] = (kind, _adopt(self.old[index], segment, kind))

    def free(self, candidates: Iterable[int]) -> list[int]:
        return [i for i in candidates if i not in self.claimed]


def merge(template: Sequence[TemplateEntry], po: PoFile) -> tuple[PoFile, dict[str, int]]:
    """``po`` brought in line with ``template``, and how many entries were kept/moved/fuzzy/added/obsoleted."""
    old = [*po.entries, *po.obsolete]
    active = len(po.entries)
    state = _Merge(old, set(), {})
    by_context = {e.context: i for i, e in enumerate(po.entries)}
    by_msgid: dict[str, list[int]] = {}
    for i, entry in enumerate(old):
        if entry.msgstr:
            by_msgid.setdefault(entry.msgid, []).append(i)

    for segment in template:  # 1. unchanged
        i = by_context.get(segment.id)
        if i is not None and old[i].msgid == segment.ru:
            state.take(i, segment, "kept")
    for segment in _open(template, state):  # 2. moved, identical text
        candidates = state.free(by_msgid.get(segment.ru, ()))
        if candidates:
            same_group = [i for i in candidates if _group(old[i].context) == segment.group]
            state.take((same_group or candidates)[0], segment, "moved")
    pairs = []  # 3. changed text, closest similar entry in the same container
    for segment in _open(template, state):
        for i in state.free(range(active)):
            if _group(old[i].context) == segment.group:
                score = _similarity(old[i].msgid, segment.ru)
                if score >= SIMILAR:
                    pairs.append((-score, old[i].context != segment.id, i, segment))
    for _, _, i, segment in sorted(pairs, key=lambda p: p[:3]):
        if i not in state.claimed and segment.id not in state.chosen:
            state.take(i, segment, "fuzzy")
    for segment in _open(template, state):  # 4. rewritten in place
        i = by_context.get(segment.id)
        if i is not None and i not in state.claimed:
            state.take(i, segment, "fuzzy")

    entries = []
    counts = {"kept": 0, "moved": 0, "fuzzy": 0, "added": 0, "obsoleted": 0}
    for segment in template:
        kind, entry = state.chosen.get(segment.id, ("added", PoEntry(segment.id, segment.ru)))
        counts[kind] += 1
        entries.append(
            replace(
                entry, locations=((segment.file, segment.line),), notes=segment_notes(segment.id, segment.ru)
            )
        )
    dropped = [e for i, e in enumerate(po.entries) if i not in state.claimed]
    counts["obsoleted"] = len(dropped)
    obsolete = _dedupe([*(e for i, e in enumerate(po.obsolete, active) if i not in state.claimed), *dropped])
    return PoFile(po.header, tuple(entries), obsolete), counts


def _open(template: Sequence[TemplateEntry], state: _Merge) -> list[TemplateEntry]:
    return [s for s in template if s.id not in state.chosen]


def _adopt(entry: PoEntry, segment: TemplateEntry, kind: str) -> PoEntry:
    """The old entry under the segment's id; a changed source keeps the English, fuzzy, with the old source."""
    if kind == "fuzzy" and entry.msgid != segment.ru:
        previous = entry.previous if entry.fuzzy and entry.previous else entry.msgid
        return replace(
            entry, context=segment.id, msgid=segment.ru, fuzzy=bool(entry.msgstr), previous=previous
        )
    return replace(entry, context=segment.id)


def _dedupe(entries: list[PoEntry]) -> tuple[PoEntry, ...]:
    """Obsolete entries with obsolete positions dropped: one per (context, source), the newest."""
    seen: dict[tuple[str, str], PoEntry] = {}
    for entry in entries:
        seen.pop((entry.context, entry.msgid), None)
        seen[(entry.context, entry.msgid)] = replace(
            entry, locations=(), fuzzy=False, previous=None, notes=()
        )
    return tuple(seen.values())


def _group(context: str) -> str:
    return context.rsplit(".", 1)[0] if "." in context else ""


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def merged_catalog(root: Path) -> tuple[Loaded, tuple[TemplateEntry, ...], PoFile, dict[str, int]]:
    """The project's template and its catalog merged with it, in memory."""
    loaded, entries = load_template(root)
    path = root / CATALOG
    po = read_po_file(path, CATALOG) if path.is_file() else PoFile(None, ())
    merged, counts = merge(entries, po)
    return loaded, entries, merged, counts


def segments_catalog(loaded: Loaded, english: Callable[[Segment], str]) -> bytes:
    """``translations/en.po`` for the loaded segments in reading order, each with ``english(segment)``
    (empty: still to translate), its origin and its notes: what an importer writes for a new project."""
    entries = tuple(
        PoEntry(s.id, s.ru, english(s), locations=((s.file, s.line),), notes=segment_notes(s.id, s.ru))
        for s in loaded.segments
    )
    return catalog_bytes(loaded, PoFile(None, entries))


def catalog_bytes(loaded: Loaded, po: PoFile) -> bytes:
    """``po`` as ``translations/en.po`` bytes (its own header, else a fresh one)."""
    return render_po(po, default_header(_project_id(loaded), "en", _COMMENT))


def update(root: Path, trust_memory: bool = False) -> UpdateReport:
    """Merge the project's template into ``translations/en.po``; the file is rewritten only when it changes.

    New segments are filled from exact matches of the journal's translation
    memory, marked fuzzy for review unless ``trust_memory``.
    """
    loaded, _, merged, counts = merged_catalog(root)
    merged, filled, close = fill_from_memory(merged, read_memory(memory_path(loaded)), trust_memory)
    path = root / CATALOG
    changed = write_if_changed(path, catalog_bytes(loaded, merged))
    return UpdateReport(path, changed, **counts, from_memory=filled, close=close)


def _project_id(loaded: Loaded) -> str:
    return loaded.article.doi if loaded.article is not None else "pubkit article"
