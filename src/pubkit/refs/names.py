"""The journal's name style: ``Surname I.I.``, in the script the name is written in.

Initials keep what the source gives: ``Yu.`` stays ``Yu.`` (a Russian digraph, whether
typed as ``Yu.`` or made from a Cyrillic ``Ю.``), hyphenated given names keep the
hyphen (``N.-K.``), and particles stay in front of the surname (``von Schweinitz D.``).
Transliteration is not this module's job: the formatting style romanizes the result.

>>> from pybtex.database import Person
>>> format_name(Person("Cheung, N.-K. V."))
'Cheung N.-K.V.'
>>> format_name(Person("von Schweinitz, Dietrich"))
'von Schweinitz D.'
>>> format_name(Person("Качанов, Денис Юрьевич"))
'Качанов Д.Ю.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pybtex.database import Person
from pybtex.richtext import Text
from pybtex.style.names import BaseNameStyle

_INITIALS = re.compile(r"^(?:\w{1,2}\.)(?:-?\w{1,2}\.)*$")


def _plain(part: str) -> str:
    """A name part without BibTeX's protecting braces."""
    return part.replace("{", "").replace("}", "")


def _initial(part: str) -> str:
    """One given name as an initial: ``Denis`` → ``D.``, ``Nai-Kong`` → ``N.-K.``, ``Yu.`` kept."""
    part = _plain(part)
    if part.endswith("."):
        return part
    return "-".join(piece[:1] + "." for piece in part.split("-") if piece)


def initials(given: Sequence[str]) -> str:
    """The initials of the given names, run together: ``["A.", "D.", "J."]`` → ``A.D.J.``.

    >>> initials(["Nai-Kong", "V."])
    'N.-K.V.'
    >>> initials(["Ю.", "Н."])
    'Ю.Н.'
    """
    return "".join(_initial(part) for part in given if _plain(part))


def format_name(person: Person) -> str:
    """``Surname I.I.`` with particles before the surname and a lineage (``Jr``) after the initials."""
    surname = " ".join(_plain(p) for p in (*person.prelast_names, *person.last_names))
    parts = [surname, initials((*person.first_names, *person.middle_names))]
    parts += [_plain(p) for p in person.lineage_names]
    return " ".join(p for p in parts if p)


def misread_as_given(person: Person) -> bool:
    """Whether pybtex read ``Surname I.O.`` (written without a comma) as given name + surname.

    >>> misread_as_given(Person("Matthay K.K.")), misread_as_given(Person("Matthay, K. K."))
    (True, False)
    """
    last = person.last_names
    return bool(person.first_names) and len(last) == 1 and _INITIALS.match(_plain(last[0])) is not None


class RjphoNameStyle(BaseNameStyle):
    """pybtex name-style plugin ``rjpho``: every name as ``Surname I.I.``; ``abbr`` changes nothing."""

    def format(self, person: Person, abbr: bool = False) -> Text:
        return Text(format_name(person))
