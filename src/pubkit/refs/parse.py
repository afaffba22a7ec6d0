"""Printed reference lists → BibTeX entries: the ``rjpho`` style read backwards.

Rule-based and deterministic (no network, no models). A reference is read from its two
ends: the authors (``Surname I.O., …, et al.``) from the front; the DOI, ``(In Russ.)``
and the imprint (``Journal. 2020;12(3):1–8``, ``City: Publisher, 2020. 104 p.``,
``In: Book. City: Publisher, 2020. Pp. 1–8``, ``Thesis …. City, 2020``) from the back;
the title is what lies between. Russian sources come in two shapes: a Cyrillic original
from the Russian list (standard fields), or only the English form, marked ``(In Russ.)``,
which fills the ``_en`` fields and leaves the original to be added (see
:func:`pubkit.refs.fields.missing_original`). Whatever cannot be assigned goes into
``note``, so nothing printed is lost. :func:`parse_references` reads a whole list,
gives every entry its key and reports problems with the line of the input file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.database import Entry, Person

from pubkit.model import Lang
from pubkit.problems import Problem, Problems
from pubkit.refs.export import entries_to_bibtex
from pubkit.refs.fields import is_russian, missing_original
from pubkit.refs.keys import base_key, unique_key
from pubkit.refs.translit import has_cyrillic

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ\u0100-\u017f"
_LOWER = "a-zß-öø-ÿа-яё\u0100-\u017f"
# Initials run together (``D.Yu.``, ``N.-K.V.``, ``D.Shch.``) or spaced (``K. K.``); a spaced one is at most
# two letters, so that a short first word of the title (``Aims.``) is not taken for one.
_INIT = rf"[{_UPPER}][{_LOWER}]{{0,3}}\."
_SPACED_INIT = rf"[{_UPPER}][{_LOWER}]?\."
_WORD = r"[^\W\d_][\w'’-]*"
_AUTHOR = re.compile(
    rf"(?P<surname>{_WORD}(?:\s{_WORD})*?)\s(?P<given>{_INIT}(?:-?{_INIT}|\s{_SPACED_INIT})*)(?=[,\s]|$)"
)
_SEPARATOR = re.compile(r",\s?")
_OTHERS = re.compile(r",?\s?(?:et\.?\s?al|и\s?др)\b\.?")
_EDITORS = re.compile(r",\s?(?:editors|eds?|ред)\b\.?")
_DOI = re.compile(r"(?:^|\s)(?:doi:?\s?|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\S+?)\.?(?=\s|$)", re.I)
_IN_RUSSIAN = re.compile(r"\s?\(In Russ(?:ian)?\.?\)\.?")
_BOUNDARY = re.compile(r"[.?!]\s")
_YEAR = r"\d{4}[a-z]?"
_PAGES = r"[^\s.;,]+(?:\s?[-–—]+\s?[^\s.;,]+)?"
_ISSUE = re.compile(
    rf"(?<=[.?!])\s(?P<year>{_YEAR})(?:\s?;\s?(?P<volume>[^\s();:]+))?(?:\s?\((?P<number>[^)]+)\))?"
    rf"(?:\s?:\s?(?P<pages>{_PAGES}))?(?=\.\s|\.?$)"
)
_PLACE_WORD = rf"(?:[{_UPPER}][\w.'’-]*|am|upon|on|de|la|del|sur)"
_PLACE = rf"[{_UPPER}][\w.'’-]*(?:\s{_PLACE_WORD})*"
_IMPRINT = re.compile(
    rf"(?P<place>{_PLACE}(?:,\s{_PLACE})*?)(?::\s(?P<publisher>.+?))?[,;]\s(?P<year>{_YEAR})(?:\.\s(?P<tail>.*?))?\.?$"
)
_IN = re.compile(r"[.?!]\s(?:In|В\sкн\.):\s")
_THESIS = re.compile(
    r"(?:(?:PhD|Doctoral|Master'?s?|Candidate|Магистерская|Кандидатская|Докторская)\s)?(?:Thesis|Dissertation|Diss\.|Автореф|Дис)",
    re.I,
)
_MASTERS = re.compile(r"master|магист", re.I)
_SIZE = re.compile(r"(?P<total>\d+)\s?(?:pp?|с)\.?(?:\s|$)")
_CHAPTER_PAGES = re.compile(rf"(?:Pp?|pp?|С|с)\.\s?(?P<pages>{_PAGES})\.?(?:\s|$)")
_RANGE = re.compile(r"^(\w+)\s?[-–—]+\s?(\w+)$")
_ABBREVIATION = re.compile(rf"[{_UPPER}][{_LOWER}]{{0,4}}")
_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\d+[.)])\s+")
_DEFAULT_THESIS = {"en": "Thesis", "ru": "Дис."}


class ReferenceSyntaxError(ValueError):
    """A reference whose authors, title or imprint cannot be found; the message says which and what was expected."""


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """One reference read back: the entry, and what about it deserves a word to the user."""

    entry: Entry
    unassigned: tuple[str, ...] = ()  # printed parts kept in ``note``
    english_only: bool = False  # a Russian source marked (In Russ.): its Cyrillic original is missing
    page_problems: tuple[str, ...] = ()  # page ranges that end before they start, kept as printed


def normalize(text: str) -> str:
    """One line, single spaces, no space before closing punctuation: messy input made regular.

    >>> normalize("  Smith  J. ,  Jones K.  Title . J Med. 2020 ; 1 (2) : 3-4  ")
    'Smith J., Jones K. Title. J Med. 2020; 1 (2): 3-4'
    """
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([.,;:)])", r"\1", text)


def expand_pages(pages: str) -> tuple[str, bool]:
    """An NLM-abbreviated range in full BibTeX form, and whether it reads as a range that runs backwards.

    >>> [expand_pages(p)[0] for p in ("1466–77", "422-9", "99–101", "6196", "e12–e19", "15_suppl")]
    ['1466--1477', '422--429', '99--101', '6196', 'e12--e19', '15_suppl']
    >>> expand_pages("422–19")
    ('422--419', True)
    """
    match = _RANGE.match(pages.strip())
    if not match:
        return pages.strip(), False
    first, last = match.groups()
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    backwards = first.isdigit() and last.isdigit() and int(last) < int(first)
    return f"{first}--{last}", backwards


def _person(surname: str, given: str) -> Person:
    """``Surname, N.-K. V.`` from the printed ``Surname N.-K.V.``, as refs.bib writes names."""
    tokens = re.findall(r"-?[^.\-]+\.", given.replace(" ", ""))
    spaced = "".join(t if t.startswith("-") or i == 0 else f" {t}" for i, t in enumerate(tokens))
    return Person(f"{surname}, {spaced}")


def _people(text: str) -> tuple[list[Person], str, str]:
    """The leading authors (``others`` for "et al."), their role, and the rest of the reference."""
    match = _AUTHOR.match(text)
    if not match:
        raise ReferenceSyntaxError('no authors at the start; expected "Surname I.O., Surname I.O. Title. …"')
    people, pos = [], 0
    while match:
        people.append(_person(match["surname"], match["given"]))
        pos = match.end()
        separator = _SEPARATOR.match(text, pos)
        match = _AUTHOR.match(text, separator.end()) if separator else None
    if others := _OTHERS.match(text, pos):
        people.append(Person("others"))
        pos = others.end()
    role = "author"
    if editors := _EDITORS.match(text, pos):
        role, pos = "editor", editors.end()
    rest = text[pos:].lstrip(". ")
    if not rest:
        raise ReferenceSyntaxError("nothing after the authors; expected a title")
    return people, role, rest


def _title(text: str) -> str:
    """A title as the style wants it: a final period dropped (the style adds it), ``?`` and ``!`` kept."""
    return text[:-1] if text.endswith(".") else text


def _sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends (``. ``, ``? ``, ``! ``), each piece keeping its own ``?`` or ``!``."""
    pieces, start = [], 0
    for match in _BOUNDARY.finditer(text):
        pieces.append(_title(text[start : match.start() + 1]))
        start = match.end()
    pieces.append(_title(text[start:]))
    return pieces


def _imprint(text: str) -> tuple[str, re.Match[str]] | None:
    """The text before the imprint ``Place[: Publisher], Year[. tail]`` and its match; the first that fits.

    The imprint starts at a sentence end, so a publisher with an abbreviation in it
    (``им. Дмитрия Рогачева``) stays whole, while the place is a short capitalized name.
    """
    for boundary in _BOUNDARY.finditer(text):
        if match := _IMPRINT.fullmatch(text, boundary.end()):
            return text[: boundary.start() + 1], match
    return None


def _article(text: str) -> tuple[dict[str, str], str] | None:
    """``Title. Journal. Year;Vol(No):pages`` → fields, with what follows the issue left over."""
    issues = list(_ISSUE.finditer(text))
    if not issues:
        return None
    issue = issues[-1]
    pieces = _sentences(text[: issue.start()])
    if len(pieces) < 2:
        return None
    journal = pieces.pop()
    while len(pieces) > 1 and _ABBREVIATION.fullmatch(pieces[-1]):  # "J. Clin. Oncol." is one journal
        journal = f"{pieces.pop()}. {journal}"
    found = {"title": ". ".join(pieces), "journal": journal, "year": issue["year"]}
    found |= {name: issue[name] for name in ("volume", "number", "pages") if issue[name]}
    return found, text[issue.end() :]


def _with_imprint(text: str, kind: str) -> tuple[dict[str, str], str] | None:
    """Books, chapters and theses: ``Title. [In: Book. | Thesis kind.] Place: Publisher, Year.`` then a size
    (books, theses) or pages (chapters)."""
    fields: dict[str, str] = {}
    second = {"chapter": "booktitle", "thesis": "type"}.get(kind)
    if second:
        if kind == "chapter":
            start = _IN.search(text)
        else:
            start = next((m for m in _BOUNDARY.finditer(text) if _THESIS.match(text, m.end())), None)
        if start is None:
            return None
        fields["title"] = _title(text[: start.start() + 1])
        text = text[start.end() :]
    found = _imprint(text)
    if found is None:
        return None
    before, match = found
    fields |= {second or "title": _title(before), "address": match["place"], "year": match["year"]}
    if match["publisher"]:
        fields["school" if kind == "thesis" else "publisher"] = match["publisher"]
    tail = match["tail"] or ""
    extent = _CHAPTER_PAGES if kind == "chapter" else _SIZE
    if extent_match := extent.match(tail):
        fields["pages" if kind == "chapter" else "pagetotal"] = extent_match[1]
        tail = tail[extent_match.end() :]
    return fields, tail


def _parts(text: str) -> tuple[str, dict[str, str], str]:
    """The entry type, its fields and any leftover text, trying the shapes from the most specific."""
    if found := _with_imprint(text, "chapter"):
        return "incollection", *found
    if found := _with_imprint(text, "thesis"):
        kind = "mastersthesis" if _MASTERS.search(found[0]["type"]) else "phdthesis"
        return kind, *found
    if found := _article(text):
        return "article", *found
    if found := _with_imprint(text, "book"):
        return "book", *found
    raise ReferenceSyntaxError(
        'no imprint found; expected a journal issue ("Journal. 2020;12(3):1–8"), a book ("City: Publisher, '
        '2020. 104 p."), a chapter ("In: Book. City: Publisher, 2020. Pp. 1–8") or a thesis ("Thesis. City, 2020")'
    )


_FIELD_ORDER = (
    "langid",
    "title",
    "title_en",
    "booktitle",
    "booktitle_en",
    "journal",
    "journal_en",
    "type",
    "type_en",
    "address",
    "address_en",
    "publisher",
    "publisher_en",
    "school",
    "school_en",
    "year",
    "volume",
    "number",
    "pages",
    "pagetotal",
    "doi",
    "note",
)
_ENGLISH_FORMS = ("title", "booktitle", "type", "address", "publisher", "school")


def parse_reference(text: str) -> ParsedReference:
    """One printed reference (numbered or not) as a pybtex entry. Raises :class:`ReferenceSyntaxError`."""
    text = normalize(_NUMBER.sub("", text, count=1))
    leftovers: list[str] = []
    if doi := _DOI.search(text):
        leftovers.append(text[doi.end() :].strip(" ."))
        text, doi_value = text[: doi.start()], doi["doi"]
    else:
        doi_value = None
    marker = _IN_RUSSIAN.search(text)
    if marker:
        leftovers.insert(0, text[marker.end() :].strip(" ."))
        text = text[: marker.start()]
    people, role, rest = _people(text.strip())
    kind, found, tail = _parts(rest.rstrip("."))
    leftovers.insert(0, tail.strip(" ."))
    backwards = False
    if "pages" in found:
        found["pages"], backwards = expand_pages(found["pages"])
    thesis_default = _DEFAULT_THESIS["ru" if has_cyrillic(found["title"]) else "en"]
    if found.get("type") in (thesis_default, thesis_default.rstrip(".")):
        del found["type"]
    if marker:
        found = _english_only(found)
        role = f"{role}_en"
    elif has_cyrillic(found["title"]) or any(has_cyrillic(str(p)) for p in people):
        found["langid"] = "russian"
    if doi_value:
        found["doi"] = doi_value
    unassigned = tuple(part for part in leftovers if part)
    if unassigned:
        found["note"] = ". ".join(unassigned)
    entry = Entry(kind, fields=[(name, found[name]) for name in _FIELD_ORDER if name in found])
    entry.persons[role] = people
    return ParsedReference(entry, unassigned, bool(marker), (found["pages"],) if backwards else ())


def _english_only(found: dict[str, str]) -> dict[str, str]:
    """A Russian source's English form into the ``_en`` fields; ``journal`` keeps the transliterated name."""
    english = {f"{name}_en" if name in _ENGLISH_FORMS else name: value for name, value in found.items()}
    if "journal" in english:
        original, _, translated = english["journal"].partition(" = ")
        english["journal"] = original
        if translated:
            english["journal_en"] = translated
    return {"langid": "russian", **english}


@dataclass(frozen=True, slots=True)
class Imported:
    """A parsed list: ``(key, entry)`` pairs in input order, and the problems met on the way."""

    entries: tuple[tuple[str, Entry], ...]
    problems: tuple[Problem, ...]

    def bibtex(self) -> str:
        """The entries as a ``.bib`` text, written by pybtex."""
        return entries_to_bibtex(self.entries)


def split_items(text: str) -> list[tuple[int, str]]:
    """The references of a list with the line each starts on, their numbers (``1.``, ``1)``, ``[1]``) removed.

    In a numbered list a reference runs on over the next lines until a blank line or the
    next number (wrapped text); in an unnumbered one, each non-blank line is a reference.
    """
    lines = text.splitlines()
    numbered = any(_NUMBER.match(line) for line in lines)
    items: list[tuple[int, str]] = []
    previous_blank = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            previous_blank = True
            continue
        if numbered and not previous_blank and items and not _NUMBER.match(line):
            items[-1] = (items[-1][0], f"{items[-1][1]} {line}")
        else:
            items.append((number, _NUMBER.sub("", line, count=1)))
        previous_blank = False
    return items


def parse_references(text: str, file: str, lang: Lang) -> Imported:
    """Every reference of a printed ``lang`` list (``en`` or ``ru``) as an entry with its key.

    An unreadable reference is an error naming its line and is left out; the rest still
    come through. Warnings: parts kept in ``note`` (``ref.note``), a Russian source only
    in English (``ref.missing-original``), Cyrillic in the English list (``ref.cyrillic``).
    """
    problems = Problems()
    entries: list[tuple[str, Entry]] = []
    taken: set[str] = set()
    for line, item in split_items(text):
        try:
            parsed = parse_reference(item)
        except ReferenceSyntaxError as error:
            problems.error("ref.parse", f'cannot read "{_excerpt(item)}": {error}', file=file, line=line)
            continue
        key = unique_key(base_key(parsed.entry), taken)
        taken.add(key)
        entries.append((key, parsed.entry))
        _report(parsed, key, lang, problems, file=file, line=line)
    if not entries and not problems:
        problems.error("ref.empty", "no references found; expected one reference per line", file=file)
    return Imported(tuple(entries), tuple(problems))


def _report(parsed: ParsedReference, key: str, lang: Lang, problems: Problems, **where) -> None:
    """The warnings one parsed reference deserves."""
    if parsed.unassigned:
        kept = "; ".join(f'"{part}"' for part in parsed.unassigned)
        problems.warning("ref.note", f"could not assign {kept}; kept in note", field=f"{key}.note", **where)
    for pages in parsed.page_problems:
        problems.warning(
            "ref.pages", f"page range {pages} ends before it starts", field=f"{key}.pages", **where
        )
    missing = missing_original(parsed.entry)
    if parsed.english_only and missing:
        message = (
            f"Russian source printed only in English (In Russ.); add the Cyrillic original of "
            f"{', '.join(missing)} (until then both lists print its English form)"
        )
        problems.warning("ref.missing-original", message, field=key, **where)
    elif lang == "en" and is_russian(parsed.entry):
        message = "Cyrillic text in the English list; imported as a Russian original without its English form"
        problems.warning("ref.cyrillic", message, field=key, **where)


def _excerpt(text: str, width: int = 60) -> str:
    """The start of a reference, for messages."""
    text = normalize(text)
    return text if len(text) <= width else text[: width - 1] + "…"
