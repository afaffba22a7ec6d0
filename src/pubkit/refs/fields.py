"""Language-aware access to a ``refs.bib`` entry, shared by the style, the JATS renderer and the exports.

A Russian-language source (``langid = {russian}``) keeps its original Cyrillic in the
standard fields and the English the journal prints in ``<field>_en``; see
``docs/refs-fields.md``. Everything here reads an entry and returns plain strings.
"""

from __future__ import annotations

import re

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.richtext import Text

from pubkit.model import Lang
from pubkit.refs.names import format_name, initials
from pubkit.refs.translit import has_cyrillic, transliterate

RUSSIAN_LANGIDS = frozenset({"russian", "ru", "rus"})
# Fields of a Russian source holding Cyrillic, each with an English stand-in ``<name>_en``.
ORIGINALS = ("author", "editor", "title", "booktitle", "journal", "publisher", "school", "address", "type")
# What makes a value LaTeX rather than plain text: commands, braces, ties, math, and ligatures like ``--``.
_LATEX = re.compile(r"[\\{}~$]|--|``|''")


def is_russian(entry: Entry) -> bool:
    """Whether the entry is a Russian-language source, by its ``langid`` (or ``language``)."""
    langid = entry.fields.get("langid") or entry.fields.get("language") or ""
    return langid.strip().lower() in RUSSIAN_LANGIDS


def raw(entry: Entry, name: str) -> str | None:
    """A field's value as written, whitespace-trimmed; ``None`` if absent or empty."""
    value = entry.fields.get(name, "").strip()
    return value or None


def plain(entry: Entry, name: str) -> str | None:
    """A field's value as plain text: LaTeX decoded, braces removed (``{ALK}`` → ``ALK``, ``--`` → ``–``)."""
    value = raw(entry, name)
    if value is None or not _LATEX.search(value):
        return value  # the common case, and decoding LaTeX is the style's slowest step
    return str(Text.from_latex(value))


def english(entry: Entry, name: str) -> str | None:
    """For a Russian source, the English ``<name>_en``; for any other, the field itself."""
    return plain(entry, f"{name}_en") if is_russian(entry) else plain(entry, name)


def persons(entry: Entry, role: str) -> tuple[Person, ...]:
    """The people in ``role`` (``author``, ``author_en``, ...), parsed from the field if pybtex left it a string."""
    if role in entry.persons:
        return tuple(entry.persons[role])
    value = raw(entry, role)
    return tuple(Person(name) for name in split_name_list(value)) if value else ()


def names(entry: Entry, role: str, lang: Lang) -> tuple[Person, ...]:
    """People as a ``lang`` list shows them: for English, the explicit ``<role>_en`` form if given."""
    if lang == "en" and is_russian(entry):
        return persons(entry, f"{role}_en") or persons(entry, role)
    return persons(entry, role)


def is_others(person: Person) -> bool:
    """Whether ``person`` is BibTeX's ``others``, which the lists print as "et al." / "и др."."""
    return not (person.first_names or person.middle_names) and person.last_names == ["others"]


def missing_original(entry: Entry) -> tuple[str, ...]:
    """For a Russian source, the fields given only in English: ``<name>_en`` without its Cyrillic ``<name>``.

    An entry imported from the English list has this shape; its ``journal`` then holds the
    transliterated name and counts as missing too. Other sources miss nothing.
    """
    if not is_russian(entry):
        return ()
    missing = []
    for name in ORIGINALS:
        if name in ("author", "editor"):
            english, original = bool(persons(entry, f"{name}_en")), bool(persons(entry, name))
        else:
            english, original = raw(entry, f"{name}_en") is not None, raw(entry, name) is not None
        if name == "journal":
            journal = raw(entry, "journal")
            original = journal is not None and (has_cyrillic(journal) or raw(entry, "title") is not None)
            english = journal is not None
        if english and not original:
            missing.append(name)
    return tuple(missing)


def romanized(text: str, lang: Lang) -> str:
    """``text`` as the ``lang`` list prints it: transliterated for English."""
    return transliterate(text) if lang == "en" else text


def name_text(person: Person, lang: Lang, name_format=format_name) -> str:
    """One person as ``Surname I.I.`` in the script of ``lang``."""
    return romanized(name_format(person), lang)


def name_parts(person: Person, lang: Lang) -> tuple[str, str]:
    """``(surname, initials)`` in the script of ``lang``, for structured outputs."""
    surname = " ".join(p.strip("{}") for p in (*person.prelast_names, *person.last_names))
    given = initials((*person.first_names, *person.middle_names))
    return romanized(surname, lang), romanized(given, lang)
