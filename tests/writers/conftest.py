"""Fixtures for the writers' tests: the sample's JATS, written once per run."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pubkit.model import Article

from .jats_helpers import jats, parse


@pytest.fixture(scope="session")
def jats_bytes(sample: Article, schemas_dir: Path) -> bytes:
    return jats(sample, schemas_dir)


@pytest.fixture(scope="session")
def tree(jats_bytes: bytes) -> etree._Element:
    return parse(jats_bytes)
