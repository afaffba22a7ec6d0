"""An issue folder: issue.yaml's order and values, and what check_issue finds across the articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pubkit.build import check_issue_folder
from pubkit.sources.issue import load_issue

ISSUE = Path(__file__).resolve().parents[1] / "projects" / "issue-two-articles"


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    target = tmp_path / "issue"
    shutil.copytree(ISSUE, target)
    return target


def found(folder: Path) -> list[tuple[str, str | None, str]]:
    return [(p.code, p.file, p.severity.value) for p in check_issue_folder(folder).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_fixture_issue_is_sound_and_in_issue_yamls_order(issue: Path) -> None:
    assert found(issue) == []
    loaded = load_issue(issue)
    assert loaded.meta is not None and loaded.meta.pages == (10, 20)
    assert [name for name, _ in loaded.articles] == ["01-follow-up", "02-late-effects"]


def test_without_issue_yaml_the_folders_give_the_order(issue: Path) -> None:
    (issue / "issue.yaml").unlink()
    assert found(issue) == []
    assert load_issue(issue).meta is None


def test_every_folder_listed_once_and_every_listed_folder_there(issue: Path) -> None:
    edit(issue / "issue.yaml", "review: [02-late-effects]", "review: [03-missing]")
    assert sorted(found(issue)) == [
        ("issue.unknown-article", "issue.yaml", "error"),
        ("issue.unlisted", "issue.yaml", "error"),
    ]


def test_the_articles_agree_with_issue_yaml(issue: Path) -> None:
    edit(issue / "issue.yaml", 'number: "3"', 'number: "4"')
    sections = "  original-study: [01-follow-up]\n  review: [02-late-effects]"
    edit(issue / "issue.yaml", sections, "  review: [01-follow-up, 02-late-effects]")
    problems = found(issue)
    assert problems.count(("issue.mismatch", "01-follow-up/manuscript/article.yaml", "error")) == 1
    assert ("issue.mismatch", "02-late-effects/manuscript/article.yaml", "error") in problems
    assert ("issue.section", "01-follow-up/manuscript/article.yaml", "error") in problems


def test_pages_overlap_is_an_error_a_gap_a_warning_and_the_span_must_match(issue: Path) -> None:
    second = issue / "02-late-effects" / "manuscript" / "article.yaml"
    edit(second, 'fpage: "15"', 'fpage: "14"')
    assert ("issue.pages-overlap", "02-late-effects/manuscript/article.yaml", "error") in found(issue)
    edit(second, 'fpage: "14"', 'fpage: "17"')
    assert found(issue) == [("issue.pages-gap", "02-late-effects/manuscript/article.yaml", "warning")]
    edit(issue / "issue.yaml", "pages: 10-20", "pages: 10-30")
    assert ("issue.pages", "issue.yaml", "error") in found(issue)


def test_an_article_with_its_own_journal_is_refused(issue: Path) -> None:
    shutil.copy(issue / "journal.yaml", issue / "01-follow-up" / "manuscript" / "journal.yaml")
    assert ("issue.own-journal", "01-follow-up/manuscript/journal.yaml", "error") in found(issue)


def test_a_broken_issue_yaml_is_located(issue: Path) -> None:
    (issue / "issue.yaml").write_text("volume: [\n", encoding="utf-8")
    assert [(c, f) for c, f, _ in found(issue)] == [("yaml.syntax", "issue.yaml")]
    (issue / "issue.yaml").write_text("volume: '12'\nnuber: '3'\npages: 20-10\n", encoding="utf-8")
    assert sorted(c for c, _, _ in found(issue)) == ["issue.pages", "meta.unknown-key"]
