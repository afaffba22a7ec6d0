"""PO strings quoted and wrapped the way GNU gettext (``msgcat``, ``msgmerge``, Poedit) writes them.

A catalog that a tool rewrites should not change: gettext wraps at 79 columns
and breaks lines where the Unicode line-breaking rules (UAX #14, as its
libunistring applies them) allow, keeping the trailing space on the first line.
The rules below are the subset that European text meets; ``tests/i18n`` checks
them against the real ``msgcat``.
"""

from __future__ import annotations

import unicodedata

PAGE_WIDTH = 79
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}
_NO_BREAK_BEFORE = set(")]}!?.,:;/")  # closing and infix punctuation never starts a line
_QUOTES = set("\"'«»“”‘’„‹›")
_OPENING = set("([{") | _QUOTES
_HYPHENS = "-\u2010\u2013"  # hyphen, Unicode hyphen, en dash
_EM_DASH = "\u2014"


def escape(text: str) -> str:
    """``text`` with PO escapes (``\\\\``, ``\\"``, ``\\n``, …)."""
    return "".join(_ESCAPES.get(c, c) for c in text)


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def _ideograph(c: str) -> bool:
    return unicodedata.east_asian_width(c) == "W" and c.isalpha()


def _can_break(text: str, i: int) -> bool:
    """Whether a line may break before ``text[i]``."""
    a, b = text[i - 1], text[i]
    if b.isspace() or b in _NO_BREAK_BEFORE:
        return False
    if a == " ":
        before = text[:i].rstrip(" ")
        if before and before[-1] in "([{":  # an opening bracket and spaces stay with what follows
            return False
        if before and b in "([{" and before[-1] in _QUOTES:  # a quote, spaces, an opening bracket: one piece
            return False
        return not (before and b == _EM_DASH and before[-1] == _EM_DASH)
    if a in _OPENING or b in _HYPHENS:
        return False
    if (a in ")]}" and b in "([{") or a == "\u2026" or a in "!?" or (a == "}" and b.isalpha()):
        return True
    if a == "-":
        return not b.isdigit()
    if a in _HYPHENS or (a == _EM_DASH) != (b == _EM_DASH) or _ideograph(a) or _ideograph(b):
        return True
    if a in "/.,:;":
        return not b.isdigit()
    return False


def _pieces(text: str) -> list[str]:
    pieces, current = [], ""
    for i, c in enumerate(text):
        if current and _can_break(text, i):
            pieces.append(current)
            current = ""
        current += c
    return [*pieces, current] if current else pieces


def quote(keyword: str, value: str, prefix: str = "") -> list[str]:
    """The lines of ``keyword "value"`` (``msgid``, ``msgstr``, …), each line starting with ``prefix`` (``#~ ``)."""
    head = f"{prefix}{keyword} "
    portions = value.split("\n")
    portions = [p + "\n" for p in portions[:-1]] + ([portions[-1]] if portions[-1] else [])
    portions = portions or [""]
    if len(portions) == 1 and _width(head) + _width(escape(portions[0])) + 2 <= PAGE_WIDTH:
        return [f'{head}"{escape(portions[0])}"']
    room = PAGE_WIDTH - 2 - len(prefix)
    lines = [f'{head}""']
    for portion in portions:
        line, used = "", 0
        for piece in _pieces(portion):
            escaped = escape(piece)
            if line and used + _width(escaped) > room:
                lines.append(f'{prefix}"{line}"')
                line, used = "", 0
            line += escaped
            used += _width(escaped)
        lines.append(f'{prefix}"{line}"')
    return lines


def references(locations: list[str]) -> list[str]:
    """``#:`` lines: the locations separated by spaces, wrapped at the page width."""
    lines: list[str] = []
    for location in locations:
        if lines and len(lines[-1]) + 1 + len(location) <= PAGE_WIDTH:
            lines[-1] += f" {location}"
        else:
            lines.append(f"#: {location}")
    return lines
