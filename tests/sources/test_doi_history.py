"""The journal's DOI history: each volume's prefix, and the suffix pattern checked against the article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pubkit.build import build, check

BACK = Path(__file__).resolve().parents[1] / "projects" / "back-issue-2017"


@pytest.fixture
def back(tmp_path: Path) -> Path:
    shutil.copytree(BACK, tmp_path / "article")
    return tmp_path / "article"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def codes(folder: Path) -> list[tuple[str, str]]:
    return [(p.code, p.severity.value) for p in check(folder).problems]


def test_a_volume_4_article_under_10_17650_passes_and_builds(back: Path, tmp_path: Path) -> None:
    report = check(back)
    assert report.ok and report.article.journal.prefix_for("4") == "10.17650"
    assert report.article.journal.prefix_for("12") == "10.21682"
    written = build(back, tmp_path / "out").written
    assert {p.suffix for p in written} >= {".xml", ".html", ".pdf", ".zip"}


def test_the_old_prefix_in_a_later_volume_names_the_expected_one(back: Path) -> None:
    meta = back / "manuscript" / "article.yaml"
    edit(meta, 'volume: "4"', 'volume: "12"')
    [problem] = [p for p in check(back).problems if p.code == "id.doi-prefix"]
    assert "expected 10.21682/" in problem.message and problem.field == "doi"


def test_the_new_prefix_in_an_early_volume_names_the_old_one(back: Path) -> None:
    edit(back / "manuscript" / "article.yaml", "doi: 10.17650/", "doi: 10.21682/")
    [problem] = [p for p in check(back).problems if p.code == "id.doi-prefix"]
    assert "volume 4's DOI prefix; expected 10.17650/" in problem.message


def test_a_suffix_that_disagrees_with_the_pages_is_a_warning(back: Path) -> None:
    edit(back / "manuscript" / "article.yaml", 'lpage: "39"', 'lpage: "40"')
    assert ("id.doi-pattern", "warning") in codes(back) and check(back).ok


@pytest.mark.parametrize(
    ("history", "code"),
    [
        ('  - {prefix: "10.17650", volumes: 4-1}\n', "meta.volumes"),
        ('  - {prefix: "10.17650", volumes: 1-4}\n  - {prefix: "10.11111", volumes: 3-5}\n', "meta.volumes"),
        ('  - {prefix: "17650", volumes: 1-4}\n', "id.doi-prefix"),
    ],
)
def test_a_broken_history_is_located(back: Path, history: str, code: str) -> None:
    edit(back / "manuscript" / "journal.yaml", '  - {prefix: "10.17650", volumes: 1-4}\n', history)
    found = [p for p in check(back).problems if p.code == code and p.file == "manuscript/journal.yaml"]
    assert found and all(p.line for p in found)
