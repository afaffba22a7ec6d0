"""The journal's translation memory: ``translation-memory.tmx`` (TMX 1.4) next to ``journal.yaml``.

Every article of the journal adds its translated segments (``pubkit i18n memory
update``); ``update`` of another article fills its new segments from exact
matches and lists close ones. One unit per Russian text, sorted by it, so the
file is the same whatever order the articles were added in, and an article
added twice adds nothing. Read and written with translate-toolkit.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from translate.storage import tmx

from ..model import SegmentState
from ..po import PoFile
from ..problems import Problem, PubkitError
from ..sources import Loaded, load_project
from .files import write_if_changed
from .worddiff import word_diff

MEMORY = "translation-memory.tmx"
CLOSE = 0.75  # least character similarity of a close match


@dataclass(frozen=True, slots=True)
class MemoryReport:
    """The memory file, whether it changed, how many units it holds and how many the article added or changed."""

    path: Path
    changed: bool
    units: int
    added: int
    replaced: int


@dataclass(frozen=True, slots=True)
class CloseMatch:
    """A memory unit whose Russian is close to a segment's: the score, the memory's pair and a word diff."""

    segment_id: str
    score: float
    ru: str
    en: str
    diff: str


def memory_path(loaded: Loaded) -> Path:
    """Where the journal's memory lives: next to ``journal.yaml`` (or in the project when there is none)."""
    journal = loaded.files.journal
    return (journal.parent if journal is not None else loaded.files.root) / MEMORY


def read_memory(path: Path) -> dict[str, str]:
    """The memory's English by Russian text; an absent file is an empty memory."""
    if not path.is_file():
        return {}
    try:
        store = tmx.tmxfile(path.read_bytes(), sourcelanguage="ru", targetlanguage="en")
    except (OSError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise PubkitError(
            Problem("i18n.memory", f"not a readable TMX file: {exc}; expected TMX 1.4", file=str(path))
        ) from exc
    return {u.source: u.target for u in store.units if u.source and u.target}


def memory_bytes(memory: dict[str, str]) -> bytes:
    """The memory as TMX 1.4, units sorted by their Russian."""
    store = tmx.tmxfile(sourcelanguage="ru", targetlanguage="en")
    for ru in sorted(memory):
        store.addtranslation(ru, "ru", memory[ru], "en")
    return bytes(store)


def update_memory(root: Path) -> MemoryReport:
    """Add every translated segment of the project at ``root`` to the journal's memory."""
    loaded = load_project(root)
    path = memory_path(loaded)
    memory = read_memory(path)
    added = replaced = 0
    seen: set[str] = set()
    for segment in loaded.segments:
        if segment.state is not SegmentState.TRANSLATED or not segment.en or segment.ru in seen:
            continue  # a text the article has twice: its first English is kept
        seen.add(segment.ru)
        if segment.ru not in memory:
            added += 1
        elif memory[segment.ru] != segment.en:
            replaced += 1
        memory[segment.ru] = segment.en
    changed = write_if_changed(path, memory_bytes(memory))
    return MemoryReport(path, changed, len(memory), added, replaced)


def fill_from_memory(
    po: PoFile, memory: dict[str, str], trust: bool
) -> tuple[PoFile, int, tuple[CloseMatch, ...]]:
    """``po`` with its untranslated entries filled from exact memory matches (fuzzy unless ``trust``).

    Also returns how many were filled, and the close matches of the entries still
    untranslated, for the translator to look at.
    """
    entries, filled, close = [], 0, []
    for entry in po.entries:
        if not entry.msgstr and entry.msgid in memory:
            entry = replace(entry, msgstr=memory[entry.msgid], fuzzy=not trust, previous=None)
            filled += 1
        elif not entry.msgstr and (match := close_match(entry.context, entry.msgid, memory)):
            close.append(match)
        entries.append(entry)
    return replace(po, entries=tuple(entries)), filled, tuple(close)


def close_match(segment_id: str, ru: str, memory: dict[str, str]) -> CloseMatch | None:
    """The memory unit closest to ``ru`` when it scores at least :data:`CLOSE`; ties go to the first Russian in order."""
    best: tuple[float, str] | None = None
    for source in sorted(memory):
        score = difflib.SequenceMatcher(None, source, ru, autojunk=False).ratio()
        if score >= CLOSE and (best is None or score > best[0]):
            best = (score, source)
    if best is None:
        return None
    score, source = best
    return CloseMatch(segment_id, score, source, memory[source], word_diff(source, ru))
