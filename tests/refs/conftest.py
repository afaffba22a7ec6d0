"""Shared fixtures for the reference tests: the repository's refs.bib, the seed page, a small Article."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from pubkit.model import (
    Article,
    Body,
    Dates,
    Journal,
    License,
    Localized,
    Person,
    PersonName,
    Reference,
    Section,
)
from pubkit.problems import Problems
from pubkit.sources.bibliography import read_bibliography

ROOT = Path(__file__).parents[2]


def seed_path() -> Path:
    return Path(os.environ.get("PUBKIT_SEED") or ROOT.parent / "shared/seed/000_05af1dc49f0eea1c.txt")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_references(seed_text: str) -> list[str]:
    """The seed's "References" section, one numbered reference per item."""
    block = seed_text.split("\nReferences\n", 1)[1].split("\nReview\n", 1)[0]
    return [line for line in block.strip().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def refs() -> tuple[Reference, ...]:
    problems = Problems()
    result = read_bibliography((ROOT / "refs.bib").read_text(encoding="utf-8"), "refs.bib", problems)
    assert not problems, [p.render() for p in problems]
    return result


AUTHORS = (
    ("Турчина", "А.Н.", "Turchina", "A.N."),
    ("Качанов", "Д.Ю.", "Kachanov", "D.Yu."),
    ("Андреева", "Н.А.", "Andreeva", "N.A."),
    ("Уталиева", "Д.Т.", "Utalieva", "D.T."),
    ("Моисеенко", "Р.А.", "Moiseenko", "R.A."),
    ("Сидоров", "И.В.", "Sidorov", "I.V."),
    ("Коновалов", "Д.М.", "Konovalov", "D.M."),
    ("Дубровина", "М.Е.", "Dubrovina", "M.E."),
    ("Гвоздев", "А.А.", "Gvozdev", "A.A."),
    ("Шаманская", "Т.В.", "Shamanskaya", "T.V."),
)


def make_article(references: tuple[Reference, ...] = ()) -> Article:
    """The seed article's citation data, built in code (the rest kept minimal)."""
    cc_by = License(Localized("CC BY 4.0"), "https://creativecommons.org/licenses/by/4.0/", Localized("…"))
    journal = Journal(
        title=Localized(
            "Российский журнал детской гематологии и онкологии",
            "Russian Journal of Pediatric Hematology and Oncology",
        ),
        abbrev_title="Russ J Pediatr Hematol Oncol",
        journal_ids=(),
        issn_print="2311-1267",
        issn_electronic="2413-5496",
        publisher=Localized("Издательский дом «АБВ-пресс»", "ABV-press Publishing House"),
        publisher_loc=None,
        doi_prefix="10.21682",
        article_url="https://journal.nodgo.org/jour/article/view/{doi_suffix}?locale={lang}",
        pdf_url="https://journal.nodgo.org/jour/article/download/{doi_suffix}?locale={lang}",
        license=cc_by,
        copyright_holder=Localized("Авторы", "Authors"),
        degrees=(),
        sections=(),
    )
    authors = tuple(
        Person(f"a{i}", PersonName(sr, gr), PersonName(se, ge), (), (), None)
        for i, (sr, gr, se, ge) in enumerate(AUTHORS)
    )
    return Article(
        journal=journal,
        doi="10.21682/2311-1267-2025-12-2-96-106",
        volume="12",
        issue="2",
        fpage="96",
        lpage="106",
        year=2025,
        section=Section("clinical-case", Localized("Клинический случай", "Clinical case"), "case-report"),
        dates=Dates(published=datetime.date(2025, 6, 30)),
        language="ru",
        title=Localized(
            "Изолированные лептоменингеальные рецидивы нейробластомы группы высокого риска",
            "Isolated leptomeningeal relapses in high-risk neuroblastoma",
        ),
        abstract=(),
        keywords=(),
        authors=authors,
        affiliations=(),
        funding=None,
        conflict_of_interest=None,
        license=cc_by,
        body=Body(Localized("{}", "{}"), tuple(ref.key for ref in references)),
        references=references,
        segments=(),
    )


@pytest.fixture
def article(refs: tuple[Reference, ...]) -> Article:
    return make_article(refs)
