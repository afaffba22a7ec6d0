"""The one PO reader: gettext catalogs through Babel into plain entries, problems collected or raised.

The article's catalog (``translations/en.po``), the translators' commands and the
interface-label status all read PO files here, so a catalog means the same to each:
entries in file order, obsolete ones apart, each with its context, Russian, English,
fuzzy flag, the Russian a fuzzy English was made for (``#| msgid``), comments and line.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import PoFileError, read_po, unescape

from ..problems import Problem, Problems, PubkitError

_KEYWORD = re.compile(r"^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
_CONTINUATION = re.compile(r'^(?:#[~|]\s*)?(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\[\\"ntr])*"\s*$')
_CHARSET = re.compile(r"charset=([^\s\\\"]+)", re.IGNORECASE)
_BROKEN = r"a broken quoted string (unterminated, or an escape other than \n \t \r \" \\)"
_HEADER = re.compile(r'\A(?:#.*\n|\n)*msgid ""\nmsgstr ""\n(?:".*"\n)*')


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One catalog entry; ``previous`` is the Russian the fuzzy English was made for (``#| msgid``)."""

    context: str
    msgid: str
    msgstr: str = ""
    fuzzy: bool = False
    previous: str | None = None
    locations: tuple[tuple[str, int | None], ...] = ()
    comments: tuple[str, ...] = ()  # translators' own ``# ...`` comments, kept through merges
    notes: tuple[str, ...] = ()  # ``#.`` comments: where the segment is and what to keep, made by ``update``
    line: int | None = field(default=None, compare=False)  # where the file has it, for messages

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and not self.fuzzy


@dataclass(frozen=True, slots=True)
class PoFile:
    """A catalog's header text, active entries in file order and obsolete (``#~``) entries."""

    header: str | None
    entries: tuple[PoEntry, ...]
    obsolete: tuple[PoEntry, ...] = ()


def string_problems(text: str) -> list[tuple[int, str]]:
    """``(line, what)`` for each quoted string Babel would read by guessing: unterminated, or with an escape
    other than ``\\\\ \\" \\n \\t \\r``, and a declared charset other than UTF-8.

    Babel strips a string's first and last character whatever they are, so an unterminated
    string would lose its last letter silently; such a file is refused instead.
    """
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = _KEYWORD.match(line) or _CONTINUATION.match(line)
        if match is None:
            continue
        if not _STRING.match(match.group(1)):
            found.append((number, f'{_BROKEN}; expected a complete PO string such as "text"'))
    header = _HEADER.match(text)
    charset = _CHARSET.search(text, 0, header.end()) if header else None
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8", "charset"):
        line = text[: charset.start()].count("\n") + 1
        found.append((line, f"the header declares charset {charset.group(1)!r}; expected charset=UTF-8"))
    return found


def read_po_data(data: bytes, file: str, problems: Problems, *, contexts: bool = True) -> PoFile:
    """The catalog in ``data``; an unreadable file, and with ``contexts`` an entry without or with a
    repeated ``msgctxt``, is a problem (the entry is left out)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(
            "i18n.syntax", f"not a readable gettext catalog: {exc}; expected a UTF-8 PO file", file=file
        )
        return PoFile(None, ())
    if broken := string_problems(text):
        for line, what in broken:
            problems.error("i18n.syntax", what, file=file, line=line)
        return PoFile(None, ())
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError, LookupError) as exc:
        problems.error(
            "i18n.syntax", f"not a readable gettext catalog: {exc}; expected a UTF-8 PO file", file=file
        )
        return PoFile(None, ())
    header = _HEADER.match(text)
    entries = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        line = message.lineno or None
        if contexts and not message.context:
            problems.error(
                "i18n.no-context",
                f"entry {_short(message.id)!r} has no msgctxt; expected the segment id as context",
                file=file,
                line=line,
            )
            continue
        if contexts and message.context in seen:
            problems.error(
                "i18n.duplicate", f"segment {message.context!r} is translated twice", file=file, line=line
            )
            continue
        seen.add(message.context or "")
        entries.append(_entry(message))
    obsolete = tuple(_entry(m) for m in catalog.obsolete.values() if m.context and isinstance(m.id, str))
    return PoFile(header.group(0).rstrip("\n") if header else None, tuple(entries), obsolete)


def _entry(message: Message) -> PoEntry:
    string = message.string if isinstance(message.string, str) else ""
    return PoEntry(
        context=message.context or "",
        msgid=message.id,
        msgstr=string,
        fuzzy=message.fuzzy,
        previous=previous_msgid(message) if message.fuzzy else None,
        locations=tuple(message.locations),
        comments=tuple(c for c in message.user_comments if not c.startswith("|")),
        notes=tuple(message.auto_comments),
        line=message.lineno or None,
    )


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


def parse_po(data: bytes, file: str) -> PoFile:
    """Parse PO bytes; a syntax error, bad encoding or an entry without context is a :class:`PubkitError`."""
    problems = Problems()
    po = read_po_data(data, file, problems)
    if problems.errors:
        raise PubkitError(problems.errors)
    return po


def read_po_file(path: Path, file: str) -> PoFile:
    """Read the PO file at ``path`` (``file`` names it in messages)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PubkitError(
            Problem("i18n.unreadable", f"cannot read the catalog: {exc.strerror}", file=file)
        ) from exc
    return parse_po(data, file)
