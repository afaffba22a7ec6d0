"""Hostile inputs: a small project to mutate, and the CLI run in-process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pubkit.cli import main

MINIMAL = Path(__file__).resolve().parents[1] / "projects" / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of the ``minimal`` fixture project to mutate."""
    target = tmp_path / "article"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``pubkit ARGS`` in-process: exit status and stderr (never a traceback)."""

    def run(*args: str | Path) -> tuple[int, str]:
        capsys.readouterr()
        status = main([str(a) for a in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        assert status != 4, captured.err
        return status, captured.err

    return run
