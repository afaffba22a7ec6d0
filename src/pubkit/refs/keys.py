"""Citation keys for imported references: ``surnameYEARfirstword``, as the keys of ``refs.bib`` go.

Lower-case ASCII (Cyrillic transliterated, accents dropped), from the first person's
surname, the year and the first word of the title that is not an article; a key that
is taken gets the first free suffix ``b``, ``c``, … in input order, so keys are stable.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterator, Set

from pybtex.database import Entry

from pubkit.refs.translit import transliterate

_STOP_WORDS = frozenset({"a", "an", "the"})


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits only: transliterated, accents dropped.

    >>> _ascii("Pötschger"), _ascii("Нейробластома"), _ascii("High-risk")
    ('potschger', 'neyroblastoma', 'highrisk')
    """
    decomposed = unicodedata.normalize("NFKD", transliterate(text))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def base_key(entry: Entry) -> str:
    """``surnameYEARfirstword`` from the first person and the title (the English one if only that is given).

    >>> from pybtex.database import Person
    >>> base_key(Entry("article", {"title": "The high-risk group", "year": "2020"},
    ...                persons={"author": [Person("García Molina, E.")]}))
    'garciamolina2020highrisk'
    """
    people = next((people for people in entry.persons.values() if people), [])
    surname = _ascii(" ".join(people[0].last_names)) if people else ""
    title = entry.fields.get("title") or entry.fields.get("title_en") or ""
    words = [word for word in map(_ascii, title.split()) if word]
    first = next((word for word in words if word not in _STOP_WORDS), words[0] if words else "")
    return f"{surname}{entry.fields.get('year', '')}{first}"


def _suffixes() -> Iterator[str]:
    """``""``, ``b`` … ``z``, then ``aa``, ``ab`` …: the suffixes tried, in order."""
    yield ""
    yield from string.ascii_lowercase[1:]
    for length in itertools.count(2):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield "".join(letters)


def unique_key(key: str, taken: Set[str]) -> str:
    """``key`` with the first suffix that makes it free.

    >>> unique_key("kramer2022phase", {"kramer2022phase", "kramer2022phaseb"})
    'kramer2022phasec'
    """
    return next(key + suffix for suffix in _suffixes() if key + suffix not in taken)
