"""Printed reference lists read back into entries: the seed's lists round-trip, messy input is tolerated."""

from __future__ import annotations

import pytest

from pubkit.problems import Problems
from pubkit.refs import fields
from pubkit.refs.parse import parse_reference, parse_references, split_items
from pubkit.refs.render import numbered_text, to_text
from pubkit.refs.style import format_reference
from pubkit.sources.bibliography import read_bibliography


def reread(bib: str):
    """The imported .bib read the way a project reads refs.bib."""
    refs = read_bibliography(bib, "imported.bib", problems := Problems())
    assert not problems, [p.render() for p in problems]
    return refs


def test_seed_english_list_round_trips(seed_references, refs):
    imported = parse_references("\n".join(seed_references), "seed.txt", "en")
    assert {p.code for p in imported.problems} == {"ref.missing-original"}
    again = reread(imported.bibtex())
    assert numbered_text(again, "en").splitlines() == seed_references
    assert [ref.key for ref in again] == [ref.key for ref in refs]  # the keys refs.bib was written with


def test_seed_russian_sources_are_reported_missing_their_original(seed_references):
    imported = parse_references("\n".join(seed_references), "seed.txt", "en")
    assert [p.render() for p in imported.problems] == [
        "seed.txt:1: warning: shamanskaya2024neuroblastoma: Russian source printed only in English (In Russ.); "
        "add the Cyrillic original of author, title, publisher, address (until then both lists print its "
        "English form) [ref.missing-original]",
        "seed.txt:5: warning: shamanskaya2023optimization: Russian source printed only in English (In Russ.); "
        "add the Cyrillic original of author, title, address, type (until then both lists print its English "
        "form) [ref.missing-original]",
        "seed.txt:14: warning: andreeva2022comparative: Russian source printed only in English (In Russ.); "
        "add the Cyrillic original of author, title, journal (until then both lists print its English form) "
        "[ref.missing-original]",
    ]
    andreeva = dict(imported.entries)["andreeva2022comparative"]
    assert dict(andreeva.fields) == {
        "langid": "russian",
        "title_en": "Comparative analysis of the genetic profile of neuroblastoma at diagnosis, relapse or "
        "disease progression",
        "journal": "Voprosy gematologii/onkologii i immunopatologii v pediatrii",
        "journal_en": "Pediatric Hematology/Oncology and Immunopathology",
        "year": "2022",
        "volume": "21",
        "number": "4",
        "pages": "18--30",
        "doi": "10.24287/17261708-2022-21-4-18-30",
    }
    assert str(andreeva.persons["author_en"][5]) == "Kachanov, D. Yu."


def test_english_only_russian_source_prints_its_english_form_in_the_russian_list(seed_references):
    imported = parse_references(seed_references[4], "seed.txt", "en")
    entry = imported.entries[0][1]
    assert fields.missing_original(entry) == ("author", "title", "address", "type")
    assert to_text(format_reference(entry, "ru")) == seed_references[4].removeprefix("5. ")


def test_root_russian_list_round_trips_in_cyrillic(refs):
    printed = numbered_text(refs, "ru")
    imported = parse_references(printed, "refs-ru.txt", "ru")
    assert imported.problems == ()
    again = reread(imported.bibtex())
    assert numbered_text(again, "ru") == printed
    russian = [ref for ref in again if ref.lang == "ru"]
    assert [ref.key for ref in russian] == [
        "shamanskaya2024neyroblastoma",
        "shamanskaya2023optimizatsiya",
        "andreeva2022sravnitelnyy",
    ]
    for ref, original in zip(russian, [r for r in refs if r.lang == "ru"], strict=True):
        assert fields.missing_original(ref.entry) == ()
        for name in ("title", "journal", "address", "publisher", "type"):
            assert fields.plain(ref.entry, name) == fields.plain(original.entry, name)


MESSY = [
    pytest.param(
        "7.  Brodeur  G. M. ,  Pritchard J., et al Revisions. J Clin Oncol. 1993 ; 11 (8) : 1466-77",
        "Brodeur G.M., Pritchard J., et al. Revisions. J Clin Oncol. 1993;11(8):1466–77.",
        id="spaces, et al without period, hyphen range, no final period",
    ),
    pytest.param(
        "Roe R. Is it safe? J. Clin. Oncol. 2020;1:2",
        "Roe R. Is it safe? J. Clin. Oncol. 2020;1:2.",
        id="question mark title, dotted journal abbreviation",
    ),
    pytest.param(
        "Smith J., editors. Big book. New York: Wiley; 2019. 300 p.",
        "Smith J., editors. Big book. New York: Wiley, 2019. 300 p.",
        id="editors, semicolon before the year",
    ),
    pytest.param(
        "Doe J. A study. Master's thesis. Boston: MIT, 2001.",
        "Doe J. A study. Master's thesis. Boston: MIT, 2001.",
        id="thesis with school",
    ),
    pytest.param(
        "Doe J. Title. Berlin, Heidelberg: Springer, 2001. 12 p.",
        "Doe J. Title. Berlin, Heidelberg: Springer, 2001. 12 p.",
        id="place with a comma",
    ),
    pytest.param(
        "Иванов И.И., и др. Глава. В кн.: Книга. СПб.: Наука, 2020. С. 213–35.",
        "Иванов И.И., и др. Глава. В кн.: Книга. СПб.: Наука, 2020. С. 213–35.",
        id="Cyrillic chapter",
    ),
]


@pytest.mark.parametrize(("printed", "expected"), MESSY)
def test_messy_input_is_tolerated(printed, expected):
    parsed = parse_reference(printed)
    lang = "ru" if fields.is_russian(parsed.entry) else "en"
    assert to_text(format_reference(parsed.entry, lang)) == expected
    assert parsed.unassigned == ()


def test_pages_come_back_in_full():
    entry = parse_reference("Brodeur G.M. Revisions. J Clin Oncol. 1993;11(8):1466–77.").entry
    assert entry.fields["pages"] == "1466--1477"
    assert "note" not in entry.fields


def test_unassigned_parts_are_kept_in_note():
    imported = parse_references(
        "Smith J. Title. Lancet. 2020;395:1–8. Epub 2019 Dec 1. doi: 10.1/abc. PMID: 12345.", "l.txt", "en"
    )
    key, entry = imported.entries[0]
    assert (key, entry.fields["note"], entry.fields["doi"]) == (
        "smith2020title",
        "Epub 2019 Dec 1. PMID: 12345",
        "10.1/abc",
    )
    assert [p.render() for p in imported.problems] == [
        'l.txt:1: warning: smith2020title.note: could not assign "Epub 2019 Dec 1"; "PMID: 12345"; '
        "kept in note [ref.note]"
    ]


def test_bad_references_name_their_line_and_the_rest_come_through():
    text = "References\n\n1. Smith J. Aims. Lancet. 2020;1:2.\n2. Nobody here\n3. Smith J. Aims. Lancet. 2020;1:3.\n"
    imported = parse_references(text, "list.txt", "en")
    assert [key for key, _ in imported.entries] == ["smith2020aims", "smith2020aimsb"]
    assert [p.render() for p in imported.problems] == [
        'list.txt:1: error: cannot read "References": no authors at the start; expected "Surname I.O., '
        'Surname I.O. Title. …" [ref.parse]',
        'list.txt:4: error: cannot read "Nobody here": no authors at the start; expected "Surname I.O., '
        'Surname I.O. Title. …" [ref.parse]',
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "ref.empty"),
        ("Smith J.", "ref.parse"),
        ("Smith J. Title without an imprint.", "ref.parse"),
    ],
)
def test_nothing_readable(text, code):
    imported = parse_references(text, "list.txt", "en")
    assert imported.entries == ()
    assert [p.code for p in imported.problems] == [code]


def test_cyrillic_in_the_english_list_is_reported():
    imported = parse_references("Иванов И.И. Книга. М.: Наука, 2020.", "list.txt", "en")
    assert [p.code for p in imported.problems] == ["ref.cyrillic"]


def test_items_wrap_in_numbered_lists():
    text = "1. Smith J. A long\n   title. Lancet. 2020;1:2.\n\n2. Roe R.\nB. Lancet. 2021;1:2.\n"
    assert split_items(text) == [
        (1, "Smith J. A long    title. Lancet. 2020;1:2."),
        (4, "Roe R. B. Lancet. 2021;1:2."),
    ]
    assert split_items("Smith J. A.\nRoe R. B.\n") == [(1, "Smith J. A."), (2, "Roe R. B.")]
