"""PO files as plain data: read through Babel, written through Babel in one fixed, diff-friendly shape.

The shape: the header as the file already has it (or a short one without dates
and placeholders), then the entries in the order given, wrapped at
:data:`WIDTH` columns, then the obsolete entries. The same entries always give
the same bytes, so ``update`` on an unchanged project rewrites nothing.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, escape, normalize, read_po, write_po

from ..problems import Problem, PubkitError
from ..sources.catalog import previous_msgid

WIDTH = 100
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

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and not self.fuzzy


@dataclass(frozen=True, slots=True)
class PoFile:
    """A catalog's header text, active entries in file order and obsolete (``#~``) entries."""

    header: str | None
    entries: tuple[PoEntry, ...]
    obsolete: tuple[PoEntry, ...] = ()


def parse_po(data: bytes, file: str) -> PoFile:
    """Parse PO bytes; a syntax error, bad encoding or an entry without context is a :class:`PubkitError`."""
    try:
        text = data.decode("utf-8")
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise PubkitError(
            Problem(
                "i18n.syntax", f"not a readable gettext catalog: {exc}; expected a UTF-8 PO file", file=file
            )
        ) from exc
    header = _HEADER.match(text)
    entries = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if not message.context:
            raise PubkitError(
                Problem(
                    "i18n.no-context",
                    f"entry {message.id[:40]!r} has no msgctxt; expected the segment id as context",
                    file=file,
                    line=message.lineno,
                )
            )
        if message.context in seen:
            raise PubkitError(
                Problem(
                    "i18n.duplicate",
                    f"segment {message.context!r} is translated twice",
                    file=file,
                    line=message.lineno,
                )
            )
        seen.add(message.context)
        entries.append(_entry(message))
    obsolete = tuple(_entry(m) for m in catalog.obsolete.values() if m.context and isinstance(m.id, str))
    return PoFile(header.group(0).rstrip("\n") if header else None, tuple(entries), obsolete)


def read_po_file(path: Path, file: str) -> PoFile:
    """Read the PO file at ``path`` (``file`` names it in messages)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PubkitError(
            Problem("i18n.unreadable", f"cannot read the catalog: {exc.strerror}", file=file)
        ) from exc
    return parse_po(data, file)


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
    )


def default_header(project_id: str, language: str | None, comment: str) -> str:
    """A header with only what the catalog knows: no dates, no translator placeholders."""
    fields = [f"Project-Id-Version: {project_id}"]
    if language:
        fields += [f"Language: {language}", "Plural-Forms: nplurals=2; plural=(n != 1);"]
    fields += [
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    lines = [f"# {line}" for line in comment.splitlines()]
    lines += ['msgid ""', 'msgstr ""', *(f'"{escape(field)[1:-1]}\\n"' for field in fields)]
    return "\n".join(lines)


def render_po(po: PoFile, header: str) -> bytes:
    """The catalog's bytes: ``header`` (``po.header`` when it has one), the entries, the obsolete entries."""
    catalog = Catalog(fuzzy=False, charset="utf-8")
    for entry in po.entries:
        catalog.add(
            entry.msgid,
            entry.msgstr,
            locations=list(entry.locations),
            flags={"fuzzy"} if entry.fuzzy else (),
            user_comments=list(entry.comments),
            context=entry.context,
        )
    for entry in po.obsolete:
        catalog.obsolete[(entry.msgid, entry.context)] = Message(
            entry.msgid, entry.msgstr, context=entry.context, user_comments=list(entry.comments)
        )
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, omit_header=True)
    blocks = out.getvalue().decode("utf-8").split("\n\n")
    for n, entry in enumerate(po.entries):
        if entry.fuzzy and entry.previous:
            blocks[n] = _with_previous(blocks[n], entry.previous)
    head = (po.header or header).rstrip("\n") + "\n"
    body = "\n\n".join(blocks)
    return (head + ("\n" + body if body else "")).encode("utf-8")


def _with_previous(block: str, previous: str) -> str:
    """Add ``#| msgid`` before the entry's ``msgctxt``, wrapped like the msgid itself.

    Babel's ``include_previous`` mangles a previous msgid that needs wrapping, so
    it is written here as msgmerge does.
    """
    quoted = normalize(previous, width=WIDTH - 3).splitlines()
    comment = "\n".join([f"#| msgid {quoted[0]}", *(f"#| {line}" for line in quoted[1:])])
    at = block.index("msgctxt ")
    return f"{block[:at]}{comment}\n{block[at:]}"
