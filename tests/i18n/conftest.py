"""Helpers for the translators' workflow scenarios: run the CLI on a project copy, edit its sources, read its catalog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from pubkit.cli import main
from pubkit.model import SegmentState
from pubkit.po import PoFile, read_po_file
from pubkit.sources import load_project

XML_XSD_URLS = ("http://www.w3.org/2001/xml.xsd", "https://www.w3.org/2001/xml.xsd")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def pubkit(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``pubkit ARGS`` in-process; exit code and captured output."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


class Scenario:
    """A copy of the sample project that a test edits, with views on its translation state."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.po_path = root / "translations" / "en.po"

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace ``old`` (which must occur exactly once) by ``new`` in the project file ``rel``."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def states(self) -> dict[str, SegmentState]:
        """Every segment's state as the readers (and so ``check`` and ``build``) see it."""
        article = load_project(self.root).article
        assert article is not None
        return {s.id: s.state for s in article.segments}

    def untranslated(self) -> dict[str, SegmentState]:
        return {k: v for k, v in self.states().items() if v is not SegmentState.TRANSLATED}

    def catalog(self) -> PoFile:
        return read_po_file(self.po_path, "translations/en.po")

    def english(self) -> dict[str, str]:
        """The catalog's English by segment id."""
        return {e.context: e.msgstr for e in self.catalog().entries}


@pytest.fixture
def scenario(project: Path) -> Scenario:
    return Scenario(project)


class _XmlXsdResolver(etree.Resolver):
    """XLIFF 1.2 imports the W3C xml.xsd by URL; serve the local copy (offline)."""

    def __init__(self, local: Path) -> None:
        super().__init__()
        self.local = local

    def resolve(self, system_url, public_id, context):
        if system_url in XML_XSD_URLS:
            return self.resolve_filename(str(self.local.resolve()), context)
        return None


@pytest.fixture(scope="session")
def xliff_schema(schemas_dir: Path) -> etree.XMLSchema:
    """The strict XLIFF 1.2 schema, compiled offline."""
    folder = schemas_dir / "xliff-1.2"
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_XmlXsdResolver(folder / "xml.xsd"))
    return etree.XMLSchema(etree.parse(str(folder / "xliff-core-1.2-strict.xsd"), parser))
