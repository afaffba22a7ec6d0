"""PO files written in one fixed shape, the one GNU gettext writes.

The shape: the header as the file already has it (or a short one without dates
and placeholders), then the entries in the order given, then the obsolete
entries, each with its comments in gettext's order (``#``, ``#.``, ``#:``,
``#,``, ``#|``) and wrapped at :data:`WIDTH` columns as gettext wraps. The same
entries always give the same bytes, so ``update`` on an unchanged project
rewrites nothing, and ``msgcat``, ``msgmerge`` or Poedit saving the file changes
nothing either.
"""

from __future__ import annotations

import re

from .read import PoEntry, PoFile
from .wrap import PAGE_WIDTH, escape, quote, references

WIDTH = PAGE_WIDTH


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
    lines += ['msgid ""', 'msgstr ""', *(f'"{escape(field)}\\n"' for field in fields)]
    return "\n".join(lines)


TOOL_FIELDS = ("Last-Translator", "Language-Team", "X-Generator")


def with_tool_fields(header: str, other: str | None) -> str:
    """``header`` with the fields a translation tool sets (:data:`TOOL_FIELDS`) taken from ``other``'s header."""
    fields = {}
    for name in TOOL_FIELDS:
        found = re.search(rf'^"{re.escape(name)}: (.*)\\n"$', other or "", re.MULTILINE)
        if found:
            fields[name] = found.group(0)
    lines = header.split("\n")
    for name, line in fields.items():
        at = next((i for i, old in enumerate(lines) if old.startswith(f'"{name}: ')), None)
        if at is None:
            lines.append(line)
        else:
            lines[at] = line
    return "\n".join(lines)


def render_po(po: PoFile, header: str) -> bytes:
    """The catalog's bytes: ``header`` (``po.header`` when it has one), the entries, the obsolete entries."""
    blocks = [(po.header or header).rstrip("\n")]
    blocks += ["\n".join(_entry_lines(entry, "")) for entry in po.entries]
    blocks += ["\n".join(_entry_lines(entry, "#~ ")) for entry in po.obsolete]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _entry_lines(entry: PoEntry, prefix: str) -> list[str]:
    """One entry as gettext writes it; obsolete entries (``prefix`` ``#~ ``) keep only comments and strings."""
    lines = [f"# {c}".rstrip() for c in entry.comments]
    if not prefix:
        lines += [f"#. {note}".rstrip() for note in entry.notes]
        lines += references([f"{file}:{line}" if line else file for file, line in entry.locations])
        if entry.fuzzy:
            lines.append("#, fuzzy")
        if entry.fuzzy and entry.previous:
            lines += quote("msgid", entry.previous, "#| ")
    lines += quote("msgctxt", entry.context, prefix)
    lines += quote("msgid", entry.msgid, prefix)
    lines += quote("msgstr", entry.msgstr, prefix)
    return lines
