"""The public API, used as a program built on pubkit would: only names from ``pubkit`` itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pubkit

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "tests" / "projects" / "issue-two-articles"


def test_every_public_name_exists_and_says_what_it_is() -> None:
    for name in pubkit.__all__:
        value = getattr(pubkit, name)
        assert name == "OUTPUTS" or (value.__doc__ or "").strip(), name
    assert (Path(pubkit.__file__).parent / "py.typed").is_file()


def test_load_write_build(tmp_path: Path) -> None:
    article = pubkit.load(ROOT)
    assert isinstance(article, pubkit.Article) and isinstance(article.title, pubkit.Localized)
    jats = pubkit.write("jats", article)
    assert jats.startswith(b"<?xml") and article.doi.encode() in jats
    assert pubkit.write("jats", article, pubkit.Options(jats_version="1.4")) != jats
    assert json.loads(pubkit.write("model", article))["doi"] == article.doi
    report = pubkit.build(ROOT, tmp_path, ["jats"])
    assert tmp_path / "article.jats.xml" in report.written
    assert (tmp_path / "article.jats.xml").read_bytes() == jats
    with pytest.raises(ValueError, match="unknown output 'docx'"):
        pubkit.write("docx", article)


def test_check_and_build_issue(tmp_path: Path) -> None:
    assert pubkit.check(ROOT).ok
    report = pubkit.build_issue(ISSUE, tmp_path, ["jats"])
    assert isinstance(report, pubkit.IssueReport)
    assert len([p for p in report.written if p.name == "article.jats.xml"]) == 2


def test_problems_are_data() -> None:
    with pytest.raises(pubkit.PubkitError) as caught:
        pubkit.load(ROOT / "tests")
    assert all(isinstance(p, pubkit.Problem) for p in caught.value.problems)
