"""Deposit checks: what each registry needs, reported as problems before a deposit writer would stop."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pubkit.build import render
from pubkit.checks_deposit import check_for
from pubkit.model import Article
from pubkit.problems import PubkitError, Severity
from pubkit.sources import load_project
from pubkit.writers import Inputs, Options
from pubkit.writers.rsci import write_rsci

ROOT = Path(__file__).resolve().parents[1]
NO_DAY = ("deposit.date", "dates.published", Severity.WARNING)


def summary(problems) -> list[tuple[str, str, Severity]]:
    return [(p.code, p.field, p.severity) for p in problems]


@pytest.mark.parametrize(("registry", "expected"), [("crossref", [NO_DAY]), ("doaj", [NO_DAY]), ("rsci", [])])
def test_the_sample_can_be_deposited(sample: Article, registry: str, expected: list) -> None:
    loaded = load_project(ROOT)
    assert summary(check_for(loaded, registry)) == expected
    assert summary(check_for(sample, registry)) == expected
    render(sample, [registry], Options())  # and the writer agrees


def _journal(sample: Article, **change) -> Article:
    return dataclasses.replace(sample, journal=dataclasses.replace(sample.journal, **change))


@pytest.mark.parametrize(
    ("registry", "change", "field"),
    [
        ("crossref", {"depositor": None}, "depositor"),
        ("crossref", {"registrant": None}, "registrant"),
        ("rsci", {"elibrary_titleid": None}, "elibrary_titleid"),
    ],
)
def test_a_missing_journal_setting_is_the_error_the_writer_raises(
    sample: Article, registry: str, change: dict, field: str
) -> None:
    article = _journal(sample, **change)
    errors = [p for p in check_for(article, registry) if p.severity is Severity.ERROR]
    assert [(p.code, p.field, p.file) for p in errors] == [
        ("deposit.missing", field, "manuscript/journal.yaml")
    ]
    with pytest.raises(PubkitError) as caught:
        render(article, [registry], Options())
    assert [(p.code, p.field) for p in caught.value.problems] == [("deposit.missing", field)]


def test_a_section_without_an_arttype(sample: Article) -> None:
    article = dataclasses.replace(sample, section=dataclasses.replace(sample.section, rsci_type=None))
    assert summary(check_for(article, "rsci")) == [
        ("deposit.missing", "sections.clinical-case.rsci_type", Severity.ERROR)
    ]
    with pytest.raises(PubkitError):
        write_rsci(article, Options(), Inputs())


@pytest.mark.parametrize(
    ("registry", "change", "field", "needle"),
    [
        (
            "crossref",
            {"article_url": "https://journal.nodgo.org/{year}/{doi_suffix}/"},
            "article_url",
            "year",
        ),
        (
            "crossref",
            {"pdf_url": "https://journal.nodgo.org/{doi_suffix}/{0}.pdf"},
            "pdf_url",
            "only {doi_suffix}",
        ),
        (
            "crossref",
            {"article_url": "https://j.org/{doi_suffix}/" + "x" * 2048},
            "article_url",
            "longer than",
        ),
        ("doaj", {"article_url": "https://localhost/{doi_suffix}/"}, "article_url", "not a URL DOAJ accepts"),
    ],
)
def test_landing_url_patterns(sample: Article, registry: str, change: dict, field: str, needle: str) -> None:
    problems = [p for p in check_for(_journal(sample, **change), registry) if p.severity is Severity.ERROR]
    [problem] = problems
    assert (problem.code, problem.field) == ("deposit.url", field) and needle in problem.message


def test_a_loaded_project_names_its_files(project: Path) -> None:
    journal = project / "manuscript" / "journal.yaml"
    text = journal.read_text(encoding="utf-8")
    journal.write_text(text.split("# Registry deposits.")[0], encoding="utf-8")
    problems = check_for(load_project(project), "crossref")
    assert [(p.file, p.field) for p in problems if p.severity is Severity.ERROR] == [
        ("manuscript/journal.yaml", "depositor"),
        ("manuscript/journal.yaml", "registrant"),
    ]
    assert [p.file for p in problems if p.severity is Severity.WARNING] == ["manuscript/article.yaml"]


def test_an_unknown_registry(sample: Article) -> None:
    with pytest.raises(ValueError, match="crossref, doaj, rsci"):
        check_for(sample, "orcid")
