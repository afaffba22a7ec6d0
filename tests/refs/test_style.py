"""The journal style against the seed's printed "References", character for character."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin
from pybtex.style.formatting import BaseStyle

from pubkit.problems import PubkitError
from pubkit.refs.names import RjphoNameStyle
from pubkit.refs.render import numbered_text, to_text
from pubkit.refs.style import RjphoStyle, format_reference, format_references, nlm_pages


def test_english_list_equals_seed(refs, seed_references):
    assert numbered_text(refs, "en").splitlines() == seed_references


@pytest.mark.parametrize("index", range(20))
def test_each_reference_equals_seed(refs, seed_references, index):
    assert f"{index + 1}. {to_text(format_reference(refs[index].entry, 'en'))}" == seed_references[index]


RUSSIAN = {
    0: "Шаманская Т.В., Качанов Д.Ю., Ликарь Ю.Н., Коновалов Д.М., Дубровина М.Е., Щербаков А.П., Друй А.Е., "
    "Андреева Н.А., Шарлай А.С. Нейробластома у детей и подростков: эпидемиология, клиническая картина и "
    "диагностика. М.: ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России, 2024. 104 с.",
    4: "Шаманская Т.В. Оптимизация терапии нейробластомы группы высокого риска у детей и подростков. "
    "Автореф. дис. … д-ра мед. наук. М., 2023.",
    13: "Андреева Н.А., Шаманская Т.В., Гегелия Н.В., Абасов Р.Х., Усман Н.Ю., Качанов Д.Ю., Друй А.Е. "
    "Сравнительный анализ генетического профиля нейробластомы при постановке диагноза, рецидиве или "
    "прогрессии заболевания. Вопросы гематологии/онкологии и иммунопатологии в педиатрии. 2022;21(4):18–30. "
    "doi: 10.24287/17261708-2022-21-4-18-30.",
}


def test_russian_list(refs):
    russian = [to_text(t) for t in format_references(refs, "ru")]
    for index, expected in RUSSIAN.items():
        assert russian[index] == expected
    english = [to_text(t) for t in format_references(refs, "en")]
    others = [i for i, ref in enumerate(refs) if ref.lang == "en"]
    assert [russian[i] for i in others] == [english[i] for i in others]


def test_russian_chapter_uses_russian_imprint():
    entry = Entry(
        "incollection",
        fields={
            "langid": "russian",
            "title": "Глава",
            "title_en": "Chapter",
            "booktitle": "Книга",
            "booktitle_en": "Book",
            "address": "М.",
            "publisher": "Медицина",
            "year": "2020",
            "pages": "213--235",
        },
        persons={"author": [Person("Иванов, И. И.")]},
    )
    assert (
        to_text(format_reference(entry, "ru"))
        == "Иванов И.И. Глава. В кн.: Книга. М.: Медицина, 2020. С. 213–35."
    )
    assert to_text(format_reference(entry, "en")) == (
        "Ivanov I.I. Chapter. In: Book. M.: Meditsina, 2020. Pp. 213–35. (In Russ.)."
    )


def test_unknown_type_is_a_clear_error():
    entry = Entry("patent", fields={"title": "X", "year": "2020"}, persons={"author": [Person("A, B.")]})
    entry.key = "x2020"
    with pytest.raises(PubkitError) as caught:
        format_reference(entry, "en")
    assert caught.value.problems[0].code == "ref.unknown-type"
    assert "x2020" in str(caught.value) and "@patent" in str(caught.value)


def test_missing_field_is_a_clear_error():
    entry = Entry("article", fields={"title": "X", "year": "2020"}, persons={"author": [Person("A, B.")]})
    entry.key = "x2020"
    with pytest.raises(PubkitError) as caught:
        format_reference(entry, "en")
    assert caught.value.problems[0].field == "journal"


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("1466--1477", "1466–77"),
        ("422--429", "422–9"),
        ("1--8", "1–8"),
        ("213--235", "213–35"),
        ("3008-3017", "3008–17"),
        ("18–30", "18–30"),
        ("99--101", "99–101"),
        ("6196", "6196"),
        ("5--5", "5"),
    ],
)
def test_nlm_pages(pages, expected):
    assert nlm_pages(pages) == expected


def test_usable_as_pybtex_plugin(refs):
    """Found by name through the installed entry points, like pybtex's own styles."""
    style_class = find_plugin("pybtex.style.formatting", "rjpho")
    assert style_class is RjphoStyle
    assert issubclass(style_class, BaseStyle)
    assert find_plugin("pybtex.style.names", "rjpho") is RjphoNameStyle
    from pybtex.database import BibliographyData

    data = BibliographyData(entries=[(ref.key, ref.entry) for ref in refs[:3]])
    formatted = list(style_class(lang="en").format_bibliography(data))
    assert [e.label for e in formatted] == ["1", "2", "3"]
    assert formatted[1].text.render_as("text").startswith("Matthay K.K., Valteau-Couanet D.")


def test_repository_root_list_equals_seed(seed_references):
    """The loader's references (in first-citation order) print as the seed's list."""
    from pubkit.sources import load_project

    loaded = load_project(Path(__file__).parents[2])
    assert numbered_text(loaded.article.references, "en").splitlines() == seed_references
