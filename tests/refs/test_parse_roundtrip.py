"""Property: any entry the style can print reads back as the same entry (formatted text → parsed → same fields).

The generated entries stay inside what a printed reference can tell apart: titles are
sentences without an inner ``. `` (where one sentence ends and the next begins is
otherwise a guess), page ranges run forwards, and a thesis kind is never the bare
default word (``Thesis``, ``Дис.``) the style prints when ``type`` is absent.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import Entry, Person

from pubkit.refs.parse import parse_reference
from pubkit.refs.render import to_text
from pubkit.refs.style import format_reference

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"


def word(letters: str, min_size: int = 2, capital: bool = False) -> st.SearchStrategy[str]:
    text = st.text(letters, min_size=min_size, max_size=9)
    return text.map(str.capitalize) if capital else text


def sentence(letters: str) -> st.SearchStrategy[str]:
    """A title: a capitalized word, then lower-case words and numbers, commas and colons between."""
    rest = st.lists(
        st.tuples(st.one_of(word(letters, 1), st.integers(1, 999).map(str)), st.sampled_from(["", ",", ":"])),
        min_size=1,
        max_size=6,
    )
    end = st.sampled_from(["", "", "?"])
    return st.builds(
        lambda first, words, last: " ".join([first, *(w + p for w, p in words)]).rstrip(",:") + last,
        word(letters, 4, capital=True),
        rest,
        end,
    )


def person(cyrillic: bool) -> st.SearchStrategy[Person]:
    if cyrillic:
        surname = word(CYRILLIC, 3, capital=True)
        initial = st.sampled_from(list("АБВГДЕЖИКЛМНОПРСТЮЯ"))
    else:
        surname = st.one_of(
            word(LATIN, 3, capital=True),
            st.builds("{}-{}".format, word(LATIN, 3, capital=True), word(LATIN, 3, capital=True)),
            st.builds("von {}".format, word(LATIN, 3, capital=True)),
        )
        initial = st.sampled_from(["A", "B", "D", "K", "N", "Yu", "Kh", "Sh"])
    initials = st.lists(initial, min_size=1, max_size=2).map(lambda parts: " ".join(f"{p}." for p in parts))
    return st.builds(lambda s, i: Person(f"{s}, {i}"), surname, initials)


def people(cyrillic: bool) -> st.SearchStrategy[list[Person]]:
    names = st.lists(person(cyrillic), min_size=1, max_size=5)
    return st.builds(lambda found, others: found + [Person("others")] * others, names, st.booleans())


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


YEAR = st.integers(1950, 2030).map(str)
DOI = st.builds(
    "10.{}/{}".format, st.integers(1000, 99999), st.text(LATIN + "0123456789-", min_size=1, max_size=12)
)


@st.composite
def page_range(draw) -> str:
    first = draw(st.integers(1, 5000))
    if draw(st.booleans()):
        return str(first)
    return f"{first}--{first + draw(st.integers(1, 300))}"


# Places and publishers as the journal prints them, in each script.
PLACES = {
    "en": st.sampled_from(["Cham", "New York", "London", "St. Petersburg", "Berlin, Heidelberg", "M."]),
    "ru": st.sampled_from(["М.", "СПб.", "Москва", "Новосибирск"]),
}
PUBLISHERS = {
    "en": st.sampled_from(
        ["Springer", "Wiley-Blackwell", "GEOTAR-Media", "Izd. dom ABV-press", "Elsevier Inc."]
    ),
    "ru": st.sampled_from(
        ["Медицина", "ГЭОТАР-Медиа", "Издательский дом «АБВ-пресс»", "ФГБУ «НМИЦ ДГОИ им. Д. Рогачева»"]
    ),
}
THESES = {
    "en": st.sampled_from(
        [
            "PhD thesis",
            "Doctoral dissertation",
            "Master's thesis",
            "Thesis abstract of … Cand. of Sci. (Med.)",
        ]
    ),
    "ru": st.sampled_from(
        ["Автореф. дис. … д-ра мед. наук", "Дис. … канд. мед. наук", "Магистерская диссертация"]
    ),
}
JOURNALS = {
    "en": st.builds(
        lambda words, basel: " ".join(words) + (" (Basel)" if basel else ""),
        st.lists(word(LATIN, 1, capital=True), min_size=1, max_size=4),
        st.booleans(),
    ),
    "ru": st.lists(word(CYRILLIC, 2), min_size=1, max_size=4).map(lambda w: " ".join(w).capitalize()),
}


@st.composite
def entries(draw) -> tuple[Entry, str]:
    """An entry of any supported type, in one of three shapes, and the list (``en``/``ru``) that prints it."""
    shape = draw(st.sampled_from(["english", "russian-original", "russian-english-only"]))
    script = "ru" if shape == "russian-original" else "en"
    letters = CYRILLIC if script == "ru" else LATIN
    kind = draw(st.sampled_from(["article", "book", "incollection", "thesis"]))
    found: dict[str, str | None] = {"title": draw(sentence(letters)), "year": draw(YEAR)}
    if kind == "article":
        found |= {
            "journal": draw(JOURNALS[script]),
            "volume": draw(optional(st.integers(1, 200).map(str))),
            "number": draw(optional(st.sampled_from(["1", "12", "3-4", "15_suppl"]))),
            "pages": draw(optional(page_range())),
        }
    else:
        found["address"] = draw(PLACES[script])
    if kind == "book":
        found |= {
            "publisher": draw(optional(PUBLISHERS[script])),
            "pagetotal": draw(optional(st.integers(8, 999).map(str))),
        }
    if kind == "incollection":
        found |= {
            "booktitle": draw(sentence(letters)),
            "publisher": draw(optional(PUBLISHERS[script])),
            "pages": draw(optional(page_range())),
        }
    if kind == "thesis":
        found |= {"type": draw(THESES[script]), "school": draw(optional(PUBLISHERS[script]))}
        found |= {"pagetotal": draw(optional(st.integers(8, 999).map(str)))}
        kind = "mastersthesis" if "aster" in found["type"] or "Магист" in found["type"] else "phdthesis"
    found["doi"] = draw(optional(DOI))
    role = "editor" if kind == "book" and draw(st.booleans()) else "author"
    names = draw(people(cyrillic=script == "ru"))
    if shape == "russian-english-only":
        english = {"title", "booktitle", "type", "address", "publisher", "school"}
        found = {f"{k}_en" if k in english else k: v for k, v in found.items()}
        if "journal" in found and draw(st.booleans()):
            found["journal_en"] = draw(JOURNALS["en"])
        role += "_en"
    if shape != "english":
        found["langid"] = "russian"
    entry = Entry(kind, fields={k: v for k, v in found.items() if v is not None})
    entry.persons[role] = names
    return entry, script


def as_data(entry: Entry) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    return (
        entry.type,
        dict(sorted(entry.fields.items())),
        {role: [str(p) for p in persons] for role, persons in entry.persons.items()},
    )


@settings(max_examples=300, deadline=None)
@given(entries())
def test_formatted_entry_parses_back_to_the_same_fields(generated):
    entry, lang = generated
    printed = to_text(format_reference(entry, lang))
    parsed = parse_reference(printed)
    assert parsed.unassigned == (), printed
    assert as_data(parsed.entry) == as_data(entry), printed
