"""Look-alike letters: a Latin-script text with a Cyrillic letter in it, or a name mixing the two scripts.

The real case: an aggregator printed "А. V." with a Cyrillic "А"; nothing shows it on the
page, but every search, sort and citation match breaks on it. Identifiers (DOIs, ORCID
iDs, e-mail addresses) are ASCII, so any other letter in them is a look-alike too.
"""

from __future__ import annotations

import unicodedata


def script(char: str) -> str | None:
    """``latin`` or ``cyrillic`` for a letter of either script, ``None`` for anything else."""
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return None


def describe(char: str) -> str:
    """``U+0410 CYRILLIC CAPITAL LETTER A``: how a message names a character."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNKNOWN CHARACTER')}"


def foreign_letter(text: str, expected: str) -> str | None:
    """The first letter of ``text`` in the other script than ``expected`` (``latin`` or ``cyrillic``)."""
    for char in text:
        found = script(char)
        if found is not None and found != expected:
            return char
    return None


def mixed(text: str) -> str | None:
    """The letter of the minority script when ``text`` has letters of both (a name is written in one)."""
    scripts = [s for s in map(script, text) if s is not None]
    if "latin" in scripts and "cyrillic" in scripts:
        minority = "latin" if scripts.count("latin") < scripts.count("cyrillic") else "cyrillic"
        return next(c for c in text if script(c) == minority)
    return None


def non_ascii(text: str) -> str | None:
    """The first character of an identifier outside ASCII."""
    return next((char for char in text if ord(char) > 127), None)
