"""``translations/<lang>.po`` (read by :mod:`.po`) → the English text of every segment.

Each catalog entry's context (``msgctxt``) is a segment id, its msgid the Russian
source the translation was made for, its msgstr the English. :class:`Translator`
is handed to the other readers: every translatable text they read goes through
it, so translations are merged while reading and the coverage of the catalog is
known when reading ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Localized, Segment, SegmentState
from ..po import read_po_data
from ..problems import Problems


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    msgid: str
    msgstr: str
    fuzzy: bool
    previous_msgid: str | None
    line: int | None


def read_catalog(data: bytes, file: str, problems: Problems) -> dict[str, CatalogEntry]:
    """Entries by context, read by :mod:`.po`; obsolete entries are left out, problems collected."""
    return {
        e.context: CatalogEntry(e.msgid, e.msgstr, e.fuzzy, e.previous, e.line)
        for e in read_po_data(data, file, problems).entries
    }


@dataclass
class Translator:
    """Looks up the English of each segment as readers meet it, and records every segment."""

    entries: dict[str, CatalogEntry]
    segments: list[Segment] = field(default_factory=list)

    def text(self, segment_id: str, ru: str, file: str, line: int | None) -> Localized:
        """The Russian text with its current English (``None`` when missing or stale)."""
        entry = self.entries.get(segment_id)
        if entry is None or not entry.msgstr:
            segment = Segment(segment_id, ru, None, SegmentState.MISSING, None, file, line)
        elif entry.msgid != ru or entry.fuzzy:
            previous = entry.msgid if entry.msgid != ru else entry.previous_msgid
            segment = Segment(segment_id, ru, entry.msgstr, SegmentState.STALE, previous, file, line)
        else:
            segment = Segment(segment_id, ru, entry.msgstr, SegmentState.TRANSLATED, None, file, line)
        self.segments.append(segment)
        return Localized(ru, segment.en if segment.state is SegmentState.TRANSLATED else None)
