"""The journal's deposit settings in ``journal.yaml``: depositor, registrant, eLibrary title id, artType per section."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.model import Depositor
from pubkit.problems import Problems
from pubkit.sources.metadata import RSCI_ARTICLE_TYPES, read_journal

ROOT = Path(__file__).resolve().parents[2]
JOURNAL = (ROOT / "manuscript" / "journal.yaml").read_text(encoding="utf-8")


def test_the_sample_journal_has_its_deposit_settings() -> None:
    problems = Problems()
    journal = read_journal(JOURNAL, "manuscript/journal.yaml", problems)
    assert not problems.items
    assert journal.depositor == Depositor(
        "Editorial office of the Russian Journal of Pediatric Hematology and Oncology",
        "crossref@journal.nodgo.org",
    )
    assert journal.registrant == "National Society of Pediatric Hematologists and Oncologists"
    assert journal.elibrary_titleid == 51432
    assert {s.id: s.rsci_type for s in journal.sections} == {
        "original-study": "RAR",
        "clinical-case": "RAR",
        "review": "REV",
        "lecture": "REV",
        "guidelines": "MIS",
        "editorial": "EDI",
        "news": "MIS",
        "obituary": "PER",
    }


@pytest.mark.parametrize(
    ("old", "new", "code", "field", "needle"),
    [
        ("rsci_type: REV", "rsci_type: XYZ", "meta.rsci-type", "sections.review.rsci_type", "RAR, REP, REV"),
        ("crossref@journal.nodgo.org", "crossref-at-nodgo", "id.email", "depositor.email", "not an e-mail"),
        ("elibrary_titleid: 51432", "elibrary_titleid: -3", "meta.titleid", "elibrary_titleid", "positive"),
        ("elibrary_titleid: 51432", "elibrary_titleid: abc", "meta.type", "elibrary_titleid", "whole number"),
        ("  email: crossref@journal.nodgo.org\n", "", "meta.missing", "depositor.email", "missing"),
    ],
)
def test_bad_deposit_settings_are_located_errors(
    old: str, new: str, code: str, field: str, needle: str
) -> None:
    assert old in JOURNAL
    problems = Problems()
    journal = read_journal(JOURNAL.replace(old, new, 1), "manuscript/journal.yaml", problems)
    [problem] = problems.items
    assert (problem.code, problem.field, problem.file) == (code, field, "manuscript/journal.yaml")
    assert problem.line is not None and needle in problem.message
    assert journal is not None  # the rest of the journal still reads


def test_deposit_settings_are_optional() -> None:
    lines = JOURNAL.split("# Registry deposits.")[0]
    problems = Problems()
    journal = read_journal(
        lines.replace("    rsci_type: REV  # eLibrary artType: review article\n", ""), "j.yaml", problems
    )
    assert not problems.items
    assert (journal.depositor, journal.registrant, journal.elibrary_titleid) == (None, None, None)
    assert next(s for s in journal.sections if s.id == "review").rsci_type is None
    assert "UNK" in RSCI_ARTICLE_TYPES and len(RSCI_ARTICLE_TYPES) == 13
