"""Transliteration: the seed's spellings, and the scheme is total and deterministic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pubkit.refs.translit import has_cyrillic, transliterate


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Шаманская Т.В.", "Shamanskaya T.V."),
        ("Качанов Д.Ю.", "Kachanov D.Yu."),
        ("Ликарь Ю.Н.", "Likar Yu.N."),
        ("Щербаков А.П.", "Shcherbakov A.P."),
        ("Друй А.Е.", "Druy A.E."),
        ("Шарлай А.С.", "Sharlay A.S."),
        ("Гегелия Н.В.", "Gegeliya N.V."),
        ("Абасов Р.Х.", "Abasov R.Kh."),
        ("Усман Н.Ю.", "Usman N.Yu."),
        (
            "Вопросы гематологии/онкологии и иммунопатологии в педиатрии",
            "Voprosy gematologii/onkologii i immunopatologii v pediatrii",
        ),
        ("Объём", "Obem"),
        ("Latin stays, «кавычки» too", "Latin stays, «kavychki» too"),
    ],
)
def test_seed_spellings(cyrillic, latin):
    assert transliterate(cyrillic) == latin


@given(st.text())
def test_total_and_deterministic(text):
    once = transliterate(text)
    assert isinstance(once, str)
    assert transliterate(text) == once


@given(
    st.text(alphabet=st.characters(min_codepoint=0x410, max_codepoint=0x44F) | st.just("ё") | st.just(" "))
)
def test_russian_letters_all_romanized(text):
    assert not has_cyrillic(transliterate(text))
