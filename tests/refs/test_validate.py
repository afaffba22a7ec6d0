"""check_references: each kind of bad entry, reported with file, line, key.field and what is expected."""

from __future__ import annotations

import pytest

from pubkit.problems import Problems
from pubkit.refs.style import journal_style
from pubkit.refs.validate import REQUIRED, check_references
from pubkit.sources.bibliography import read_bibliography

HEAD = "% refs\n"
OK = "@article{ok2020,\n  author = {Matthay, K. K.},\n  title = {T}, journal = {J}, year = {2020},\n  doi = {10.1000/x1},\n}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "@patent{p2020,\n  author = {A, B.}, title = {T}, year = {2020},\n}\n",
            [("ref.unknown-type", "p2020", "@patent p2020 is not an entry type")],
        ),
        (
            "@article{m2020,\n  author = {A, B.}, title = {T}, year = {2020},\n}\n",
            [("ref.missing-field", "m2020.journal", "has no journal")],
        ),
        (
            "@book{m2021,\n  title = {T}, year = {2021},\n}\n",
            [("ref.missing-field", "m2021.author", "has no author (or editor)")],
        ),
        (
            "@article{d2020,\n  author = {A, B.}, title = {T}, journal = {J}, year = {2020}, doi = {11.1000/x},\n}\n",
            [("ref.doi", "d2020.doi", "expected 10.NNNN/suffix")],
        ),
        (
            "@article{d2021,\n  author = {A, B.}, title = {T}, journal = {J}, year = {2021},\n"
            "  doi = {https://doi.org/10.1000/x},\n}\n",
            [("ref.doi", "d2021.doi", 'expected the bare DOI "10.1000/x"')],
        ),
        (
            "@article{r2020,\n  langid = {russian}, author = {Иванов, И. И.}, title = {Т}, journal = {Ж}, year = {2020},\n}\n",
            [("ref.missing-translation", "r2020.title_en", "has no title_en")],
        ),
        (
            "@article{n2020,\n  author = {Matthay K.K. and Valteau-Couanet, D.}, title = {T}, journal = {J}, year = {2020},\n}\n",
            [("ref.name-order", "n2020.author[1]", 'write "Surname, I. O." with a comma')],
        ),
    ],
)
def test_bad_entries(text, expected):
    refs = read_bibliography(HEAD + OK + text, "refs.bib", Problems())
    problems = check_references(refs, "refs.bib")
    assert [(p.code, p.field) for p in problems] == [(code, field) for code, field, _ in expected]
    for problem, (*_, words) in zip(problems, expected, strict=True):
        assert words in problem.message
        assert (problem.file, problem.line) == ("refs.bib", 7)


def test_repository_refs_are_clean(refs):
    assert check_references(refs, "refs.bib") == []


def test_required_fields_cover_the_styles_types():
    assert set(REQUIRED) == journal_style("en").entry_types


def test_russian_source_given_only_in_english_has_what_the_style_needs():
    text = (
        "@article{r2022,\n  langid = {russian},\n  author_en = {Andreeva, N. A.},\n  title_en = {T},\n"
        "  journal = {Voprosy onkologii}, year = {2022},\n}\n"
    )
    refs = read_bibliography(text, "refs.bib", Problems())
    # Nothing the style needs is missing; the check only warns that the Cyrillic original is.
    [warning] = check_references(refs, "refs.bib")
    assert (warning.code, warning.severity.value, warning.field) == (
        "ref.missing-original",
        "warning",
        "r2022",
    )
    assert "author, title, journal" in warning.message
