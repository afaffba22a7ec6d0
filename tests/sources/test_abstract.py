"""Abstracts as the journal prints them: structured with any labels, labels that run on, or unstructured."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pubkit.build import check
from pubkit.model import AbstractSection, Localized

REVIEW = Path(__file__).resolve().parents[1] / "projects" / "review-unstructured"


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Results", "Results."),
        ("Results.", "Results."),
        ("The aim of the study –", "The aim of the study –"),
        ("Цель исследования:", "Цель исследования:"),
        (None, None),
    ],
)
def test_a_label_runs_into_its_text(title: str | None, label: str | None) -> None:
    section = AbstractSection("objective", Localized(title, title) if title else None, (Localized("т", "t"),))
    assert section.label("en") == label


def test_an_unstructured_abstract_is_its_paragraphs_alone() -> None:
    article = check(REVIEW).article
    [section] = article.abstract
    assert section.title is None and len(section.paragraphs) == 2
    assert [s.id for s in article.segments if s.id.startswith("abstract")] == ["abstract.1", "abstract.2"]
    assert article.abstract_text("en").startswith("The review covers")


def test_an_item_without_a_section_among_others_is_an_error(tmp_path: Path) -> None:
    project = tmp_path / "review"
    shutil.copytree(REVIEW, project)
    meta = project / "manuscript" / "article.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        text.replace(
            "  - text:\n", "  - section: results\n    title: Итоги\n    text: [Итог.]\n  - text:\n", 1
        ),
        "utf-8",
    )
    found = [p for p in check(project).problems if p.code == "meta.abstract-section"]
    assert found and found[0].line
