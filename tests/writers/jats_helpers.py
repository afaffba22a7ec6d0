"""Shared helpers for the JATS writer's tests: write the sample's JATS and read it back."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pubkit.model import Article
from pubkit.validate import validate
from pubkit.writers import Options
from pubkit.writers.jats import FILENAME, write_jats


def jats(article: Article, schemas: Path, version: str = "1.3") -> bytes:
    """The article's JATS as the writer returns it, after the validation stage has passed it."""
    (main, *_) = write_jats(article, Options(jats_version=version)).files
    assert main.path == FILENAME and main.schema == f"jats-{version}"
    assert validate(main.schema, main.data, main.path, schemas) == []
    return main.data


def parse(data: bytes) -> etree._Element:
    """Parse without the DTD or the network."""
    return etree.fromstring(data, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))


def text(element: etree._Element) -> str:
    """An element's text, whitespace normalised."""
    return " ".join("".join(element.itertext()).split())
