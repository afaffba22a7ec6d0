"""Look-alike letters in names and identifiers: errors that name the character."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pubkit.build import check
from pubkit.scripts import describe, foreign_letter, mixed, non_ascii

CYRILLIC_A = "\u0410"  # looks like Latin A


def test_the_helpers() -> None:
    assert foreign_letter(f"{CYRILLIC_A}. V.", "latin") == CYRILLIC_A
    assert (
        mixed(f"{CYRILLIC_A}. V.") == CYRILLIC_A
        and mixed("Качанов Д.Ю.") is None
        and mixed("Kachanov D.Yu.") is None
    )
    assert describe(CYRILLIC_A) == "U+0410 CYRILLIC CAPITAL LETTER A"
    assert (
        non_ascii("10.21682/2311-1267-2025-12-2-96-106") is None and non_ascii("10.1200/JC\u041e") == "\u041e"
    )


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .-'", min_size=1))
def test_latin_text_has_no_foreign_letter(text: str) -> None:
    assert foreign_letter(text, "latin") is None and mixed(text) is None


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def homoglyphs(folder: Path) -> list[tuple[str, str | None, str]]:
    return [(p.code, p.field, p.message) for p in check(folder).problems if p.code.endswith("homoglyph")]


@pytest.mark.parametrize(
    ("old", "new", "field", "char"),
    [
        (
            "en: {surname: Turchina, given: A.N.}",
            f"en: {{surname: Turchina, given: {CYRILLIC_A}.N.}}",
            "authors[0].name.en",
            "U+0410 CYRILLIC CAPITAL LETTER A",
        ),
        (
            "ru: {surname: Турчина, given: А.Н.}",
            "ru: {surname: Турчина, given: А.H.}",
            "authors[0].name.ru",
            "U+0048 LATIN CAPITAL LETTER H",
        ),
        (
            "doi: 10.21682/2311-1267-2025-12-2-96-106",
            "doi: 10.21682/2311-1267-2025-12-2-96-1\u041e6",
            "doi",
            "U+041E CYRILLIC CAPITAL LETTER O",
        ),
    ],
)
def test_look_alikes_in_the_article_are_errors_naming_the_character(
    project: Path, old: str, new: str, field: str, char: str
) -> None:
    edit(project / "manuscript" / "article.yaml", old, new)
    found = homoglyphs(project)
    assert [f for _, f, _ in found] == [field] and char in found[0][2]
    assert not check(project).ok


def test_look_alikes_in_references_are_errors_naming_the_character(project: Path) -> None:
    bib = project / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("Matthay, K. K.", "Мatthay, K. K.", 1), encoding="utf-8")  # a Cyrillic М
    found = homoglyphs(project)
    assert found and found[0][0] == "ref.homoglyph" and "CYRILLIC CAPITAL LETTER EM" in found[0][2]
