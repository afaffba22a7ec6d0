"""Cyrillic → Latin for the English reference list: the one table the journal uses.

The scheme is MVD 310-1997 (the Russian passport system, iuliia's ``MVD_310``) with
the soft and hard signs left out, as the journal prints them (``Likar``, not
``Likar'``); before ``е`` they still give ``ye`` as the scheme says (``Vasilyeva``).
Text without Cyrillic letters passes through unchanged.

>>> transliterate("Качанов Д.Ю.")
'Kachanov D.Yu.'
>>> transliterate("Ликарь Ю.Н., Абасов Р.Х., Гегелия Н.В.")
'Likar Yu.N., Abasov R.Kh., Gegeliya N.V.'
>>> transliterate("Подъезд, Васильева, Шарлай")
'Podyezd, Vasilyeva, Sharlay'
"""

from __future__ import annotations

import functools
import json
import re

import iuliia
from iuliia.schema import TranslitSchema

SCHEME = "MVD 310-1997, soft and hard signs omitted"
_OMITTED = ("ь", "ъ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@functools.cache
def _schema() -> TranslitSchema:
    """iuliia's MVD 310 definition with ``ь`` and ``ъ`` mapped to nothing."""
    defn = json.loads(iuliia.MVD_310.path.read_text(encoding="utf-8"))
    mapping = dict(defn["mapping"]) | dict.fromkeys(_OMITTED, "")
    return TranslitSchema(
        name="mvd_310_rjpho",
        description=SCHEME,
        mapping=mapping,
        prev_mapping=defn.get("prev_mapping"),
        next_mapping=defn.get("next_mapping"),
        ending_mapping=defn.get("ending_mapping"),
    )


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` contains any Cyrillic letter (and so needs transliterating)."""
    return _CYRILLIC.search(text) is not None


def transliterate(text: str) -> str:
    """``text`` with every Cyrillic letter romanized by the journal's scheme."""
    return _schema().translate(text) if has_cyrillic(text) else text
