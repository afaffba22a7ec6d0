"""Shared fixtures: the sample project (the repository root), copies of it to mutate, schema and seed paths."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pubkit.build import load
from pubkit.model import Article

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("manuscript", "refs.bib", "translations")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current outputs (review the diff before committing).",
    )


def _shared() -> Path:
    return Path(os.environ.get("PUBKIT_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The journal's article page, our specification of what the journal prints."""
    path = Path(os.environ.get("PUBKIT_SEED", _shared() / "seed" / "000_05af1dc49f0eea1c.txt"))
    if not path.is_file():
        pytest.fail(f"seed not found at {path}; set PUBKIT_SEED")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def schemas_dir() -> Path:
    """The shared offline schemas (JATS DTDs, JATS4R, MECA, XLIFF); PUBKIT_SCHEMAS overrides."""
    path = Path(os.environ.get("PUBKIT_SCHEMAS", _shared() / "schemas"))
    if not path.is_dir():
        pytest.fail(f"schemas not found at {path}; set PUBKIT_SCHEMAS")
    return path


@pytest.fixture(scope="session")
def sample() -> Article:
    """The repository's own article, loaded and validated once per test run."""
    return load(ROOT)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample project in a temporary folder, for tests that change it."""
    target = tmp_path / "article"
    target.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target
