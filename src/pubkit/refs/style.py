"""The journal's reference style as a pybtex formatting plugin (``rjpho``), in English and Russian.

The English list is what the journal prints under "References": Vancouver/NLM order,
every author, NLM page ranges (``1466–77``), and Russian sources romanized with their
English title and ``(In Russ.)``. The Russian list shows Russian sources in Cyrillic
with Russian imprint words (``с.``, ``С.``, ``В кн.:``) and every other source as in
English; a Russian source whose Cyrillic original is missing (see
:func:`pubkit.refs.fields.missing_original`) prints its English form in both lists. A reference is formatted once, as pybtex rich text; :mod:`pubkit.refs.render`
turns that into plain text, HTML or JATS.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from pybtex.database import Entry
from pybtex.richtext import HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from pubkit.model import Lang, Reference
from pubkit.problems import Problem, PubkitError
from pubkit.refs import fields
from pubkit.refs.names import RjphoNameStyle
from pubkit.refs.translit import transliterate

DOI_URL = "https://doi.org/"

# Imprint words of each list: English, and Russian for Russian-language sources.
_WORDS = {
    "en": {"pages": "Pp.", "in": "In:", "size": "p.", "thesis": "Thesis", "editors": "editors"},
    "ru": {"pages": "С.", "in": "В кн.:", "size": "с.", "thesis": "Дис.", "editors": "ред."},
}
OTHERS = {"en": "et al.", "ru": "и др."}  # BibTeX's ``and others``
IN_RUSSIAN = "(In Russ.)"

_RANGE = re.compile(r"^\s*(\w+)\s*(?:--?|–|—)\s*(\w+)\s*$")


class StyleError(PubkitError):
    """A reference the style cannot format: an unknown entry type or a missing field it needs."""

    def __init__(self, entry: Entry, code: str, message: str, field: str | None = None) -> None:
        super().__init__(Problem(code, f"{entry.key}: {message}", field=field))


def nlm_pages(pages: str) -> str:
    """A page range shortened as NLM does, with an en dash; anything else as given.

    >>> [nlm_pages(p) for p in ("1466--1477", "422--429", "1--8", "18--30", "99--101", "6196", "15_suppl")]
    ['1466–77', '422–9', '1–8', '18–30', '99–101', '6196', '15_suppl']
    """
    match = _RANGE.match(pages)
    if not match:
        return pages.strip()
    first, last = match.groups()
    if first == last:
        return first
    if first.isdigit() and last.isdigit() and len(first) == len(last):
        common = 0
        while common < len(last) - 1 and first[common] == last[common]:
            common += 1
        last = last[common:]
    return f"{first}–{last}"


def _sentence(*parts: str | Text) -> Text:
    """Parts run together and closed with a period unless they already end with one."""
    return Text(*parts).add_period()


def _doi(entry: Entry) -> Text | None:
    doi = fields.raw(entry, "doi")
    return Text("doi: ", HRef(DOI_URL + doi, doi), ".") if doi else None


class RjphoStyle(BaseStyle):
    """pybtex formatting plugin ``rjpho``; ``lang`` ("en" or "ru") picks the list to produce."""

    default_name_style = RjphoNameStyle
    default_label_style = "number"
    default_sorting_style = "none"

    def __init__(self, lang: Lang = "en", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang: Lang = lang
        self._templates: dict[str, Callable[[Entry, Lang], list[Text | None]]] = {
            "article": self._article,
            "book": self._book,
            "incollection": self._chapter,
            "inbook": self._chapter,
            "inproceedings": self._chapter,
            "phdthesis": self._thesis,
            "mastersthesis": self._thesis,
        }

    @property
    def entry_types(self) -> frozenset[str]:
        """The BibTeX entry types this style knows."""
        return frozenset(self._templates)

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        return FormattedEntry(entry.key, self.format(entry), label)

    def format(self, entry: Entry) -> Text:
        """One reference as rich text, without its number. Raises :class:`StyleError`."""
        template = self._templates.get(entry.type.lower())
        if template is None:
            known = ", ".join(sorted(self._templates))
            raise StyleError(entry, "ref.unknown-type", f"entry type @{entry.type} is not one of: {known}")
        russian = fields.is_russian(entry)
        # A Russian source given only in English (imported from the English list) prints so in both lists.
        original = russian and not fields.missing_original(entry)
        lang: Lang = "ru" if original and self.lang == "ru" else "en"
        parts = template(entry, lang)
        if russian and lang == "en":
            parts.append(Text(IN_RUSSIAN, "."))
        parts.append(_doi(entry))
        return Text(" ").join([p for p in parts if p])

    # -- pieces ---------------------------------------------------------------------------------

    def _required(self, entry: Entry, name: str, lang: Lang | None = None) -> str:
        """A field the entry type needs; with ``lang`` "en", a Russian source's English ``_en`` form."""
        value = fields.english(entry, name) if lang == "en" else fields.plain(entry, name)
        if value is None:
            field = f"{name}_en" if lang == "en" and fields.is_russian(entry) else name
            raise StyleError(entry, "ref.missing-field", f"@{entry.type} needs a {field} field", field)
        return value

    def _romanized(self, entry: Entry, name: str, lang: Lang) -> str | None:
        """A field the English list romanizes when no ``_en`` form is given (publisher, place, type)."""
        if lang == "ru" or not fields.is_russian(entry):
            return fields.plain(entry, name)
        value = fields.plain(entry, f"{name}_en") or fields.plain(entry, name)
        return None if value is None else transliterate(value)

    def _authors(self, entry: Entry, lang: Lang) -> Text:
        """``Surname I.I., ...`` for every author (``others`` as "et al."), or the editors followed by "editors"."""
        for role in ("author", "editor"):
            people = fields.names(entry, role, lang)
            if people:
                text = ", ".join(
                    OTHERS[lang] if fields.is_others(p) else fields.name_text(p, lang, self._name)
                    for p in people
                )
                return _sentence(text if role == "author" else f"{text}, {_WORDS[lang]['editors']}")
        raise StyleError(entry, "ref.missing-field", f"@{entry.type} needs an author field", "author")

    def _name(self, person) -> str:
        return str(self.format_name(person, self.abbreviate_names))

    def _imprint(self, entry: Entry, lang: Lang, publisher_field: str = "publisher") -> Text:
        """``City: Publisher, Year.`` with what is given (``City, Year.`` without a publisher)."""
        place = self._romanized(entry, "address", lang)
        publisher = self._romanized(entry, publisher_field, lang)
        year = self._required(entry, "year")
        head = ": ".join(p for p in (place, publisher) if p)
        return _sentence(f"{head}, {year}" if head else year)

    def _size(self, entry: Entry, lang: Lang) -> Text | None:
        total = fields.plain(entry, "pagetotal")
        return _sentence(f"{total} {_WORDS[lang]['size']}") if total else None

    # -- entry types ----------------------------------------------------------------------------

    def _article(self, entry: Entry, lang: Lang) -> list[Text | None]:
        if lang == "en" and fields.is_russian(entry):
            original = transliterate(self._required(entry, "journal", "ru"))
            english = fields.plain(entry, "journal_en")
            journal = f"{original} = {english}" if english else original
        else:
            journal = self._required(entry, "journal", lang)
        issue = self._required(entry, "year")
        if volume := fields.plain(entry, "volume"):
            issue += f";{volume}"
        if number := fields.plain(entry, "number"):
            issue += f"({number})"
        if pages := fields.plain(entry, "pages"):
            issue += f":{nlm_pages(pages)}"
        title = self._required(entry, "title", lang)
        return [self._authors(entry, lang), _sentence(title), _sentence(journal), _sentence(issue)]

    def _book(self, entry: Entry, lang: Lang) -> list[Text | None]:
        title = self._required(entry, "title", lang)
        return [
            self._authors(entry, lang),
            _sentence(title),
            self._imprint(entry, lang),
            self._size(entry, lang),
        ]

    def _chapter(self, entry: Entry, lang: Lang) -> list[Text | None]:
        parts = [self._authors(entry, lang), _sentence(self._required(entry, "title", lang))]
        parts.append(_sentence(f"{_WORDS[lang]['in']} {self._required(entry, 'booktitle', lang)}"))
        parts.append(self._imprint(entry, lang))
        if pages := fields.plain(entry, "pages"):
            parts.append(_sentence(f"{_WORDS[lang]['pages']} {nlm_pages(pages)}"))
        return parts

    def _thesis(self, entry: Entry, lang: Lang) -> list[Text | None]:
        kind = self._romanized(entry, "type", lang) or _WORDS[lang]["thesis"]
        title = self._required(entry, "title", lang)
        imprint = self._imprint(entry, lang, publisher_field="school")
        return [
            self._authors(entry, lang),
            _sentence(title),
            _sentence(kind),
            imprint,
            self._size(entry, lang),
        ]


@functools.cache
def journal_style(lang: Lang) -> RjphoStyle:
    """The style for one list; cached, as it holds no state beyond ``lang``."""
    return RjphoStyle(lang=lang)


def format_reference(entry: Entry, lang: Lang) -> Text:
    """One reference in the ``lang`` list, as rich text. Raises :class:`StyleError`."""
    return journal_style(lang).format(entry)


def format_references(refs: Sequence[Reference], lang: Lang) -> tuple[Text, ...]:
    """The reference list in the given order (the article's citation order)."""
    return tuple(format_reference(ref.entry, lang) for ref in refs)
