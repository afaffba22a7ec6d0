"""PROJECT may be any folder inside a project: pubkit finds the project as git finds its repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pubkit.cli import main
from pubkit.sources.issue import find_root

ISSUE = Path(__file__).resolve().parent / "projects" / "issue-two-articles"


def test_find_root_walks_up_to_the_project(project: Path, tmp_path: Path) -> None:
    assert find_root(project) == project
    assert find_root(project / "manuscript") == project
    (project / "build" / "ru").mkdir(parents=True)
    assert find_root(project / "build" / "ru") == project
    assert find_root(ISSUE) == ISSUE  # an issue folder is itself
    assert find_root(ISSUE / "01-follow-up" / "translations") == ISSUE / "01-follow-up"
    assert find_root(tmp_path / "nowhere") == tmp_path / "nowhere"  # no project: unchanged


def test_check_from_the_manuscript_folder(project: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "manuscript")
    assert os.getcwd() == str(project / "manuscript")
    assert main(["check"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith(f"pubkit: using the project at {project}\n")
    assert out.startswith(f"ok: {project}\n")
    assert main(["refs", str(project / "translations")]) == 0
    assert capsys.readouterr().out.startswith("1. ")


def test_a_project_given_as_itself_says_nothing(project: Path, capsys) -> None:
    assert main(["check", str(project)]) == 0
    assert "using the project" not in capsys.readouterr().err
