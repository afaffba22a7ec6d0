"""The journal's sections (rubrics): every kind of article it prints, and an unknown one named with a suggestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.build import build, check


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_unknown_section_suggests_the_closest(project: Path) -> None:
    edit(project / "manuscript" / "article.yaml", "section: clinical-case", "section: clinical-cases")
    [problem] = [p for p in check(project).problems if p.code == "meta.section"]
    assert "did you mean 'clinical-case'?" in problem.message and problem.line


@pytest.mark.parametrize("section", ["lecture", "guidelines", "editorial", "news", "obituary"])
def test_every_rubric_of_the_journal_builds(project: Path, tmp_path: Path, section: str) -> None:
    edit(project / "manuscript" / "article.yaml", "section: clinical-case", f"section: {section}")
    report = check(project)
    assert report.ok and report.article.section.id == section
    build(project, tmp_path / section, ["jats", "html", "rsci"])
