"""PO files as plain data: one reader (:mod:`.read`), one writer in gettext's shape (:mod:`.render`).

Used by the article's catalog loader, the translators' commands and the PO writers; it
imports nothing of pubkit's but its problem types.
"""

from __future__ import annotations

from .read import PoEntry, PoFile, parse_po, previous_msgid, read_po_data, read_po_file
from .render import WIDTH, default_header, render_po, with_tool_fields

__all__ = [
    "WIDTH",
    "PoEntry",
    "PoFile",
    "default_header",
    "parse_po",
    "previous_msgid",
    "read_po_data",
    "read_po_file",
    "render_po",
    "with_tool_fields",
]
