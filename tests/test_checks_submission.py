"""`check --for submission`: the journal's author guidelines, each rule naming the field and the measured value."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pubkit.build import check
from pubkit.checks_submission import words
from pubkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "projects" / "minimal"
RULES = "submission:\n  abstract_words: {min: 20, max: 60}\n  keywords: {min: 2, max: 10}\n"


def _submission(root: Path) -> list[str]:
    return [
        p.render() for p in check(root, outputs=["submission"]).problems if p.code.startswith("submission.")
    ]


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """The minimal fixture, which meets every rule once its journal's limits fit its short abstract."""
    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL, target)
    journal = target / "manuscript" / "journal.yaml"
    journal.write_text(journal.read_text(encoding="utf-8") + RULES, encoding="utf-8")
    return target


def test_word_count() -> None:
    assert (
        words("Нейробластома (НБ) – наиболее частая опухоль, около 50 % пациентов") == 8
    )  # «–» and «%» are not words


def test_the_minimal_fixture_meets_every_rule(minimal: Path) -> None:
    assert _submission(minimal) == []


def test_the_sample_as_published_lacks_what_the_guidelines_ask(capsys) -> None:
    assert main(["check", "--for", "submission", str(ROOT)]) == 1
    err = capsys.readouterr().err
    assert "error: abstract (ru): the ru abstract has 316 words; expected 200–250 [submission.rule]" in err
    assert "error: abstract (en): the en abstract has 391 words; expected 200–250" in err
    assert err.count("has no ORCID iD") == 10
    assert "authors: 0 corresponding author(s); expected exactly one (corresponding: true)" in err
    assert "manuscript/article.yaml: error: funding: no funding statement" in err


def _edit(old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "manuscript" / "article.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    return change


BROKEN = {
    "no ORCID": (
        _edit("    orcid: 0000-0002-1825-0097\n", ""),
        "manuscript/article.yaml:55: error: authors[0].orcid: Petrova E.S. has no ORCID iD [submission.rule]",
    ),
    "no corresponding author": (
        _edit("    corresponding: true\n", ""),
        "manuscript/article.yaml:55: error: authors: 0 corresponding author(s); expected exactly one (corresponding: true) [submission.rule]",
    ),
    "the corresponding author without e-mail": (
        _edit("    email: petrova@example.org\n", ""),
        "manuscript/article.yaml:55: error: authors[0].email: the corresponding author Petrova E.S. has no e-mail address [submission.rule]",
    ),
    "no affiliation": (
        _edit("    affiliations: [rogachev]\n", "    affiliations: []\n"),
        "manuscript/article.yaml:59: error: authors[0].affiliations: Petrova E.S. has no affiliation [submission.rule]",
    ),
    "no conflict-of-interest statement": (
        _edit("conflict_of_interest: Автор заявляет об отсутствии конфликта интересов.\n", ""),
        "manuscript/article.yaml: error: conflict_of_interest: no conflict-of-interest statement; the guidelines require one (a Russian text) [submission.rule]",
    ),
    "one keyword": (
        _edit("  - катамнез\n", ""),
        "manuscript/article.yaml: error: keywords (ru): 1 ru keyword(s); expected 2–10 [submission.rule]",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_each_rule(name: str, minimal: Path) -> None:
    change, expected = BROKEN[name]
    change(minimal)
    assert expected in _submission(minimal)


def test_limits_from_journal_yaml(minimal: Path) -> None:
    journal = minimal / "manuscript" / "journal.yaml"
    journal.write_text(
        journal.read_text(encoding="utf-8").replace("{min: 20, max: 60}", "{min: 200}"), encoding="utf-8"
    )
    found = _submission(minimal)
    assert [p.split(": ")[2] for p in found] == ["abstract (ru)", "abstract (en)"], found
    assert all("words; expected 200–250 [submission.rule]" in p for p in found)
    journal.write_text(
        journal.read_text(encoding="utf-8").replace("{min: 200}", "{min: 90, max: 10}"), encoding="utf-8"
    )
    assert any(p.code == "meta.range" for p in check(minimal).problems)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "a5f1e2c80000000049454e44ae426082"
)


def test_figures_need_a_caption_in_both_languages(minimal: Path) -> None:
    (minimal / "manuscript" / "fig1.png").write_bytes(PNG)
    body = minimal / "manuscript" / "article.md"
    text = body.read_text(encoding="utf-8")
    body.write_text(text + "\n![Рисунок 1. Схема наблюдения](fig1.png)\n\n![](fig1.png)\n", encoding="utf-8")
    found = _submission(minimal)
    assert (
        "manuscript/article.md: error: 1 of 2 figure(s) without a caption; expected one in both languages [submission.rule]"
        in found
    )
    assert any("the caption of figure-1 has no current English" in p for p in found), found
