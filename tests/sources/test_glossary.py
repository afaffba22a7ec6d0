"""The journal's glossary is read with the journal, into the model, and checked like any source."""

from __future__ import annotations

from pathlib import Path

from pubkit.build import check
from pubkit.model import Term
from pubkit.problems import Problems, Severity
from pubkit.sources.glossary import read_glossary


def test_rows_become_terms_and_bad_rows_are_errors_with_lines() -> None:
    problems = Problems()
    text = "ru,en,note\nгрупп высок риск,high-risk group,COG\n\nтолько русский\n"
    assert read_glossary(text, "glossary.csv", problems) == (
        Term("групп высок риск", "high-risk group", "COG"),
    )
    assert [(p.code, p.line) for p in problems] == [("i18n.glossary", 4)]
    problems = Problems()
    assert read_glossary("term,translation\n", "glossary.csv", problems) == ()
    assert [(p.code, p.line) for p in problems] == [("i18n.glossary", 1)]


def test_check_reads_the_glossary_beside_the_journal(project: Path) -> None:
    (project / "manuscript" / "glossary.csv").write_text(
        "ru,en,note\nнейробласт,NBL tumour,\n", encoding="utf-8"
    )
    report = check(project)
    assert report.article.journal.glossary == (Term("нейробласт", "NBL tumour"),)
    assert "manuscript/glossary.csv" in dict(report.loaded.sources)
    found = [p for p in report.problems if p.code == "qa.glossary"]
    assert found and all(p.severity is Severity.WARNING for p in found)
