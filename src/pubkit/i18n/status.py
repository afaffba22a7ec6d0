"""``status``: how far each catalog's translation is, and what changed in the Russian of each stale segment.

Covers the article's English (the segments exactly as ``check`` and ``build``
see them) and the interface-label catalogs under ``pubkit/locale/``. Words are
counted in the source text, as translators are paid and planned by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import SegmentState
from ..po import read_po_data
from ..problems import Problems, PubkitError
from .catalogs import CATALOG, catalog_bytes, merged_catalog
from .worddiff import word_diff

LOCALE = Path(__file__).resolve().parents[1] / "locale"
STATES = (SegmentState.TRANSLATED, SegmentState.STALE, SegmentState.MISSING)
_CITATION = re.compile(r"\[@[^\]]*\]|@[\w:.-]+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class StaleSegment:
    """A segment whose English was made for another Russian text, with a word diff from that text to the current one."""

    id: str
    diff: str | None  # None when the catalog does not say which Russian the English was made for


@dataclass(frozen=True, slots=True)
class CatalogStatus:
    """One catalog's coverage: per state, the number of segments and of source words."""

    name: str  # "article" or the UI catalog's domain
    lang: str
    file: str
    segments: dict[SegmentState, int]
    words: dict[SegmentState, int]
    stale: tuple[StaleSegment, ...] = ()

    @property
    def complete(self) -> bool:
        return self.segments[SegmentState.STALE] == 0 and self.segments[SegmentState.MISSING] == 0


@dataclass(frozen=True, slots=True)
class StatusReport:
    catalogs: tuple[CatalogStatus, ...]
    outdated: bool  # ``pubkit i18n update`` would change translations/en.po

    @property
    def complete(self) -> bool:
        return all(c.complete for c in self.catalogs)


def status(root: Path, locale: Path = LOCALE) -> StatusReport:
    """The translation status of the project at ``root`` and of the interface catalogs under ``locale``."""
    loaded, _, merged, _ = merged_catalog(root)
    assert loaded.article is not None  # merged_catalog raises otherwise
    items = [(s.state, s.ru, s.id, s.previous_ru) for s in loaded.article.segments]
    article = _summarise("article", "en", CATALOG, items)
    path = root / CATALOG
    current = path.read_bytes() if path.is_file() else b""
    outdated = catalog_bytes(loaded, merged) != current
    return StatusReport((article, *ui_status(locale)), outdated)


def ui_status(locale: Path) -> list[CatalogStatus]:
    """The interface-label catalogs ``<lang>/LC_MESSAGES/<domain>.po``, by language and domain."""
    found = []
    for path in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        file = f"pubkit/locale/{path.relative_to(locale).as_posix()}"
        problems = Problems()
        po = read_po_data(path.read_bytes(), file, problems, contexts=False)
        if problems.errors:
            raise PubkitError(problems.errors)
        items = []
        for entry in po.entries:
            key = f"{entry.context}|{entry.msgid}" if entry.context else entry.msgid
            if not entry.msgstr:
                items.append((SegmentState.MISSING, entry.msgid, key, None))
            elif entry.fuzzy:
                items.append((SegmentState.STALE, entry.msgid, key, entry.previous))
            else:
                items.append((SegmentState.TRANSLATED, entry.msgid, key, None))
        found.append(_summarise(path.stem, path.parts[-3], file, items))
    return found


def _summarise(
    name: str, lang: str, file: str, items: list[tuple[SegmentState, str, str, str | None]]
) -> CatalogStatus:
    segments = dict.fromkeys(STATES, 0)
    words = dict.fromkeys(STATES, 0)
    stale = []
    for state, source, key, previous in items:
        segments[state] += 1
        words[state] += count_words(source)
        if state is SegmentState.STALE:
            stale.append(StaleSegment(key, word_diff(previous, source) if previous else None))
    return CatalogStatus(name, lang, file, segments, words, tuple(stale))


def count_words(text: str) -> int:
    """Words of a source text, citation markers not counted."""
    return len(_WORD.findall(_CITATION.sub(" ", text)))


def render_status(report: StatusReport) -> str:
    """The report as the text ``pubkit i18n status`` prints."""
    lines = []
    for cat in report.catalogs:
        parts = []
        for state in STATES:
            parts.append(f"{cat.segments[state]} {state.value} ({cat.words[state]} words)")
        lines.append(f"{cat.file} [{cat.name}, {cat.lang}]: " + ", ".join(parts))
        for segment in cat.stale:
            lines.append(f"  stale {segment.id}: " + (segment.diff or "(previous Russian text not recorded)"))
    if report.outdated:
        lines.append(f"{CATALOG} is behind the sources: run 'pubkit i18n update'")
    return "\n".join(lines)
