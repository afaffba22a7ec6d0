"""``translations/<lang>.po`` through Babel → the English text of every segment.

Each catalog entry's context (``msgctxt``) is a segment id, its msgid the Russian
source the translation was made for, its msgstr the English. :class:`Translator`
is handed to the other readers: every translatable text they read goes through
it, so translations are merged while reading and the coverage of the catalog is
known when reading ends.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from ..model import Localized, Segment, SegmentState
from ..problems import Problems


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    msgid: str
    msgstr: str
    fuzzy: bool
    previous_msgid: str | None
    line: int | None


def read_catalog(data: bytes, file: str, problems: Problems) -> dict[str, CatalogEntry]:
    """Entries by context; obsolete entries are left out. An unreadable catalog is a problem."""
    try:
        catalog: Catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        problems.error("i18n.syntax", f"not a readable gettext catalog: {exc}; expected a PO file", file=file)
        return {}
    entries: dict[str, CatalogEntry] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        line = message.lineno if message.lineno else None
        if not message.context:
            problems.error(
                "i18n.no-context",
                f"entry {_short(message.id)!r} has no msgctxt; expected the segment id as context",
                file=file,
                line=line,
            )
            continue
        if message.context in entries:
            problems.error(
                "i18n.duplicate", f"segment {message.context!r} is translated twice", file=file, line=line
            )
            continue
        previous = previous_msgid(message)
        entries[message.context] = CatalogEntry(
            message.id, message.string or "", message.fuzzy, previous, line
        )
    return entries


def previous_msgid(message: Message) -> str | None:
    """The ``#| msgid`` an entry was fuzzy-matched from, or ``None``.

    Babel writes previous msgids but reads them back as user comments starting
    with ``|``; this puts the quoted pieces back together.
    """
    if message.previous_id:
        return message.previous_id[0]
    pieces: list[str] = []
    for comment in message.user_comments:
        if not comment.startswith("|"):
            continue
        text = comment[1:].strip()
        if text.startswith("msgid "):
            pieces = [text[len("msgid ") :].strip()]
        elif pieces and text.startswith('"'):
            pieces.append(text)
        elif pieces:
            break
    return "".join(unescape(piece) for piece in pieces) if pieces else None


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass
class Translator:
    """Looks up the English of each segment as readers meet it, and records every segment."""

    entries: dict[str, CatalogEntry]
    segments: list[Segment] = field(default_factory=list)
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def text(self, segment_id: str, ru: str, file: str, line: int | None) -> Localized:
        """The Russian text with its current English (``None`` when missing or stale)."""
        entry = self.entries.get(segment_id)
        if entry is None or not entry.msgstr:
            segment = Segment(segment_id, ru, None, SegmentState.MISSING)
        elif entry.msgid != ru or entry.fuzzy:
            previous = entry.msgid if entry.msgid != ru else entry.previous_msgid
            segment = Segment(segment_id, ru, entry.msgstr, SegmentState.STALE, previous)
        else:
            segment = Segment(segment_id, ru, entry.msgstr, SegmentState.TRANSLATED)
        self.segments.append(segment)
        self.origins[segment_id] = (file, line)
        return Localized(ru, segment.en if segment.state is SegmentState.TRANSLATED else None)
