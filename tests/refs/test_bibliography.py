"""Reading refs.bib: entries in file order with lines, and bad BibTeX reported as problems, never raised."""

from __future__ import annotations

import pybtex.errors
import pytest

from pubkit.problems import Problems
from pubkit.sources.bibliography import read_bibliography

GOOD = """@article{a2020,
  author = {Matthay, K. K.},
  title = {T}, journal = {J}, year = {2020},
}

@book{b2021,
  langid = {russian},
  author = {Шаманская, Т. В.}, title = {Т}, title_en = {T}, year = {2021},
}
"""


def test_entries_in_file_order_with_lines_and_lang(capsys):
    refs = read_bibliography(GOOD, "refs.bib", problems := Problems())
    assert not problems
    assert [(r.key, r.line, r.lang) for r in refs] == [("a2020", 1, "en"), ("b2021", 6, "ru")]
    assert capsys.readouterr() == ("", "")


BAD = [
    pytest.param(
        GOOD + "@article{a2020,\n  title = {Again}, year = {2022},\n}\n",
        [("ref.duplicate-key", 10, "a2020", "entry key a2020 is used again (first at line 1)")],
        id="duplicate key",
    ),
    pytest.param(
        "@article{c2020,\n  title = {Unbalanced,\n  year = {2020},\n}\n",
        [("ref.syntax", 5, "c2020", "premature end of file")],
        id="unbalanced braces",
    ),
    pytest.param(
        "@article{d2020,\n  title = {T} year = {2020},\n}\n",
        [("ref.syntax", 2, "d2020", "expected")],
        id="missing comma",
    ),
    pytest.param(
        "@article{e2020,\n  title = {T},\n  title = {U},\n}\n",
        [("ref.duplicate-field", 1, "e2020", "duplicate title field")],
        id="duplicate field",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_bibtex_becomes_problems(text, expected, capsys):
    strict_before = pybtex.errors.strict
    problems = Problems()
    read_bibliography(text, "refs.bib", problems)
    found = [(p.code, p.line, p.field) for p in problems]
    assert found == [(code, line, field) for code, line, field, _ in expected]
    for problem, (*_, words) in zip(problems, expected, strict=True):
        assert words in problem.message
        assert problem.file == "refs.bib"
    assert capsys.readouterr() == ("", "")
    assert pybtex.errors.strict == strict_before


def test_following_entries_still_read_after_an_error():
    text = "@article{bad,\n  title = {T} year = {2020},\n}\n\n" + GOOD
    refs = read_bibliography(text, "refs.bib", problems := Problems())
    assert len(problems) == 1
    assert [r.key for r in refs][-2:] == ["a2020", "b2021"]
