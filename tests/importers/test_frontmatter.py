"""The front-matter lines of a manuscript: bylines, affiliations, labels, imprints, author information."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.importers import frontmatter as fm


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "А.Н. Турчина⟨1⟩, Д.Ю. Качанов⟨2⟩",
            [("Турчина", "А.Н.", ("1",), False), ("Качанов", "Д.Ю.", ("2",), False)],
        ),
        (
            "Турчина А.Н.⟨1, 2⟩ и Качанов Д.Ю.⟨2,*⟩",
            [("Турчина", "А.Н.", ("1", "2"), False), ("Качанов", "Д.Ю.", ("2",), True)],
        ),
        (
            "A. N. Turchina⟨1⟩, N.-K. V. Cheung⟨2⟩",
            [("Turchina", "A.N.", ("1",), False), ("Cheung", "N.-K.V.", ("2",), False)],
        ),
        ("Е.С. Петрова⟨1*⟩", [("Петрова", "Е.С.", ("1",), True)]),
        (
            "E. García Molina⟨1⟩ and D. Yu. Kachanov*",
            [("García Molina", "E.", ("1",), False), ("Kachanov", "D.Yu.", (), True)],
        ),
    ],
)
def test_bylines(line: str, expected: list) -> None:
    names = fm.authors(line)
    assert names is not None
    assert [(n.surname, n.given, n.marks, n.corresponding) for n in names] == expected


@pytest.mark.parametrize(
    "line",
    ["Изолированные лептоменингеальные рецидивы нейробластомы", "Материалы и методы. Текст", ""],
)
def test_not_a_byline(line: str) -> None:
    assert fm.authors(line) is None


def test_affiliation_with_address_and_country() -> None:
    ru = fm.affiliation(
        "⟨2⟩ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1"
    )
    assert ru == fm.Place(
        "2",
        "ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России",
        "117997, Москва, ул. Саморы Машела, 1",
        "Москва",
        "RU",
    )
    en = fm.affiliation(
        "⟨1⟩ N.I. Pirogov University; 1 Ostrovityanova St., Moscow, 117997, Russian Federation."
    )
    assert en == fm.Place(
        "1", "N.I. Pirogov University", "1 Ostrovityanova St., Moscow, 117997", "Moscow", "RU"
    )
    assert fm.affiliation("Clinic of Somewhere") == fm.Place("", "Clinic of Somewhere", None, None, None)
    assert fm.affiliation("⟨1⟩Clinic; г. Минск, ул. Ленина, 5, Беларусь").city == "Минск"


@pytest.mark.parametrize(
    ("line", "kind", "lang", "rest", "section"),
    [
        ("Обоснование. Нейробластома …", "abstract-section", "ru", "Нейробластома …", "background"),
        ("Materials and methods: A description", "abstract-section", "en", "A description", "methods"),
        ("Цель исследования – оценить", None, None, None, None),
        ("Ключевые слова: нейробластома, дети", "keywords", "ru", "нейробластома, дети", None),
        ("Keywords: neuroblastoma", "keywords", "en", "neuroblastoma", None),
        ("Резюме", "abstract", "ru", "", None),
        ("For citation: Turchina A.N. …", "citation", "en", "Turchina A.N. …", None),
        (
            "Конфликт интересов. Авторы заявляют об отсутствии конфликта интересов.",
            "coi",
            "ru",
            "Авторы заявляют об отсутствии конфликта интересов.",
            None,
        ),
        (
            "DOI: 10.21682/2311-1267-2025-12-2-96-106",
            "doi",
            "en",
            "10.21682/2311-1267-2025-12-2-96-106",
            None,
        ),
        ("УДК 616-006.487", "udc", "ru", "616-006.487", None),
        ("Doing well", None, None, None, None),
    ],
)
def test_labels(line: str, kind: str | None, lang: str | None, rest: str | None, section: str | None) -> None:
    found = fm.labelled(line)
    if kind is None:
        assert found is None
    else:
        assert (found.kind, found.lang, found.rest, found.section) == (kind, lang, rest, section)


def test_keywords_and_imprint() -> None:
    assert fm.keywords("нейробластома; группа высокого риска;  дети.") == [
        "нейробластома",
        "группа высокого риска",
        "дети",
    ]
    assert fm.keywords("neuroblastoma, relapse") == ["neuroblastoma", "relapse"]
    assert fm.imprint(
        "… Oncology. 2025;12(2):96-106. (In Russ.) https://doi.org/10.21682/2311-1267-2025-12-2-96-106"
    ) == {
        "year": "2025",
        "volume": "12",
        "issue": "2",
        "fpage": "96",
        "lpage": "106",
        "doi": "10.21682/2311-1267-2025-12-2-96-106",
    }
    assert fm.imprint("Без выходных данных") == {}


def test_author_information() -> None:
    found = fm.about(
        "Петрова Елена Сергеевна: канд. мед. наук, врач-детский онколог, e-mail: petrova@example.org; "
        "https://orcid.org/0000-0002-1825-0097",
        ["Петрова", "Иванов"],
    )
    assert found == fm.About(
        "Петрова", "канд. мед. наук, врач-детский онколог", "petrova@example.org", "0000-0002-1825-0097"
    )
    assert fm.about("D. Yu. Kachanov – Deputy Director", ["Kachanov"]).position == "Deputy Director"
    assert fm.about("Someone else: a position", ["Kachanov"]) is None


def test_script() -> None:
    assert (fm.script("Нейробластома MYCN"), fm.script("Neuroblastoma"), fm.script("2025")) == (
        "ru",
        "en",
        "en",
    )


_UPPER_RU, _LOWER_RU = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ", "абвгдежзиклмнопрстуфхцчшщыэюя"
_surnames = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_UPPER_RU),
    st.text(alphabet=_LOWER_RU, min_size=2, max_size=10),
)
_given = st.lists(st.sampled_from(_UPPER_RU), min_size=1, max_size=2).map(
    lambda letters: "".join(f"{x}." for x in letters)
)
_marks = st.lists(st.integers(1, 9).map(str), min_size=0, max_size=3, unique=True)


@given(
    st.lists(st.tuples(_surnames, _given, _marks, st.booleans()), min_size=1, max_size=8),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_any_byline_reads_back(people: list, surname_first: bool) -> None:
    """A byline written either way round, with any marks and asterisks, gives back every name and mark."""
    written = []
    for surname, initials, marks, star in people:
        name = f"{surname} {initials}" if surname_first else f"{initials} {surname}"
        sup = ",".join([*marks, *(["*"] if star else [])])
        written.append(name + (f"⟨{sup}⟩" if sup else ""))
    names = fm.authors(", ".join(written))
    assert names is not None
    assert [(n.surname, n.given, n.marks, n.corresponding) for n in names] == [
        (surname, initials, tuple(marks), star) for surname, initials, marks, star in people
    ]
