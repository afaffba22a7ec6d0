"""The name style on its own: ``Surname I.I.`` for every kind of name the journal meets."""

from __future__ import annotations

import pytest
from pybtex.database import Entry, Person

from pubkit.refs.fields import name_text, names
from pubkit.refs.names import RjphoNameStyle, format_name, misread_as_given

NAMES = [
    ("Kachanov, D. Yu.", "Kachanov D.Yu."),
    ("Likar, Yu. N.", "Likar Yu.N."),
    ("Abasov, R. Kh.", "Abasov R.Kh."),
    ("Cheung, N.-K. V.", "Cheung N.-K.V."),
    ("Cheung, Nai-Kong V.", "Cheung N.-K.V."),
    ("Pearson, A. D. J.", "Pearson A.D.J."),
    ("Matthay, Katherine K.", "Matthay K.K."),
    ("van den Berg, Hendrik", "van den Berg H."),
    ("von Schweinitz, D.", "von Schweinitz D."),
    ("De Bernardi, B.", "De Bernardi B."),
    ("García Molina, E.", "García Molina E."),
    ("Pötschger, U.", "Pötschger U."),
    ("Schumacher-Kuckelkorn, R.", "Schumacher-Kuckelkorn R."),
    ("Smith, Jr, John", "Smith J. Jr"),
    ("{Van Gogh}, V.", "Van Gogh V."),
    ("Aristotle", "Aristotle"),
    ("Качанов, Денис Юрьевич", "Качанов Д.Ю."),
    ("Ликарь, Ю. Н.", "Ликарь Ю.Н."),
]


@pytest.mark.parametrize(("written", "formatted"), NAMES)
def test_format_name(written, formatted):
    assert format_name(Person(written)) == formatted
    assert str(RjphoNameStyle().format(Person(written))) == formatted


@pytest.mark.parametrize(
    ("written", "en"),
    [
        ("Ликарь, Юрий Николаевич", "Likar Yu.N."),
        ("Абасов, Р. Х.", "Abasov R.Kh."),
        ("Щербаков, А. П.", "Shcherbakov A.P."),
    ],
)
def test_cyrillic_transliterated_for_english(written, en):
    assert name_text(Person(written), "en") == en


def test_explicit_latin_form_overrides_transliteration():
    entry = Entry(
        "article",
        fields={"langid": "russian", "author_en": "Lickar, Yu. N."},
        persons={"author": [Person("Ликарь, Ю. Н.")]},
    )
    assert [name_text(p, "en") for p in names(entry, "author", "en")] == ["Lickar Yu.N."]
    assert [name_text(p, "ru") for p in names(entry, "author", "ru")] == ["Ликарь Ю.Н."]


@pytest.mark.parametrize(
    ("written", "misread"),
    [
        ("Matthay K.K.", True),
        ("Шаманская Т.В.", True),
        ("Cheung N.-K.V.", True),
        ("Matthay, K. K.", False),
        ("Katherine Matthay", False),
        ("Aristotle", False),
    ],
)
def test_misread_as_given(written, misread):
    assert misread_as_given(Person(written)) is misread
