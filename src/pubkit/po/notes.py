"""What translators are told about each segment: where it is in the article, and what to keep as written.

Both come from the segment id and the Russian text alone (the ids are listed in
README.md), so the PO ``#.`` comments and the XLIFF ``<note>`` always agree.
"""

from __future__ import annotations

import re

from .codes import codes, without_codes

_IDENTIFIER = re.compile(
    r"https?://[^\s<>\]]*[^\s<>\].,;:!?)]"  # URL, without the sentence's closing punctuation
    r"|\b10\.\d{4,9}/[^\s<>\]]*[^\s<>\].,;:!?)]"  # DOI
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"  # e-mail
)
_LATIN = re.compile(r"(?<![\w@./-])[A-Za-z0-9][A-Za-z0-9-]*(?![\w-])")
_CELL = re.compile(r"r(\d+)c(\d+)(?:\.(\d+))?")
_OBJECT = re.compile(r"(table|figure)-(\d+)")
_FIXED = {"title": "Title", "funding": "Funding", "conflict-of-interest": "Conflict of interest"}


def describe(segment_id: str) -> str:
    """Where the segment is, in words: ``Abstract, Results, paragraph 2``, ``Table 1, row 3, column 1``."""
    if segment_id in _FIXED:
        return _FIXED[segment_id]
    parts = segment_id.split(".")
    kind, rest = parts[0], parts[1:]
    if kind == "abstract" and len(rest) == 2:
        return f"Abstract, {rest[0].capitalize()}, {_item(rest[1], 'heading')}"
    if kind == "keywords" and len(rest) == 1:
        return f"Keyword {rest[0]}"
    if kind == "affiliations" and len(rest) == 2:
        return f"Affiliation {rest[0]}, {rest[1]}"
    if kind == "authors" and len(rest) == 2:
        return f"Author {rest[0]}, {rest[1]}"
    if kind == "body" and rest:
        return ", ".join(_body(rest))
    return segment_id


def _item(last: str, title: str) -> str:
    return title if last == "title" else f"paragraph {last}"


def _body(rest: list[str]) -> list[str]:
    words = ["Body"] if rest[0].isdigit() else [f"Section {rest[0]}"]
    tail = rest if rest[0].isdigit() else rest[1:]
    if len(tail) == 1:
        return [*words, _item(tail[0], "heading")]
    found = _OBJECT.fullmatch(tail[0]) if tail else None
    if found is None:
        return [*words, ".".join(tail)]
    words.append(f"{found.group(1).capitalize()} {found.group(2)}")
    what = ".".join(tail[1:])
    cell = _CELL.fullmatch(what)
    if cell:
        words += [f"row {cell.group(1)}", f"column {cell.group(2)}"]
        if cell.group(3):
            words.append(f"paragraph {cell.group(3)}")
    elif what.startswith("caption"):
        words.append("caption" + (f", paragraph {what.split('.')[1]}" if "." in what else ""))
    else:
        words.append(what)
    return words


def identifiers(text: str) -> list[str]:
    """The URLs, DOIs and e-mail addresses of a text, in order (a DOI inside a URL is part of the URL)."""
    return _IDENTIFIER.findall(without_codes(text))


def without_identifiers(text: str) -> str:
    """``text`` without inline codes, URLs, DOIs and e-mail addresses (for checks on its words)."""
    return _IDENTIFIER.sub(" ", without_codes(text))


def latin_tokens(text: str) -> list[str]:
    """Latin-script words of a Russian text (gene and drug names, abbreviations, ``1p``), in order, once each."""
    found = (t for t in _LATIN.findall(without_identifiers(text)) if re.search("[A-Za-z]", t))
    return list(dict.fromkeys(found))


def keep(text: str) -> list[str]:
    """What the English must carry over as written: inline codes, identifiers, then Latin-script words."""
    return list(dict.fromkeys([c.text for c in codes(text)] + identifiers(text) + latin_tokens(text)))


def segment_notes(segment_id: str, text: str) -> tuple[str, ...]:
    """The ``#.`` comments of a segment: where it is, and (when there is any) what to keep as written."""
    kept = keep(text)
    return (describe(segment_id), *([f"Keep as written: {', '.join(kept)}"] if kept else []))
