"""Writers turn the model into bytes; :data:`WRITERS` is the one table of every output pubkit makes.

A writer never reads source files or writes output files: it returns an :class:`Output`,
and :mod:`pubkit.build` validates the files that name a schema and decides where the
bytes go. Each output is one :class:`WriterSpec` row: adding an output is one module,
one row and one golden file; the CLI's per-format commands are generated from the rows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ..model import Article, Lang

Scope = Literal["article", "issue"]
Need = Literal["outputs", "sources", "timestamp"]


@dataclass(frozen=True, slots=True)
class Asset:
    """A file of an output, relative to the output's folder; ``schema`` names the catalog entry it must pass."""

    path: str
    data: bytes
    schema: str | None = None  # e.g. "jats-1.3", "meca-1.0": validated by build before anything is written


@dataclass(frozen=True, slots=True)
class Output:
    """What a writer produced: files relative to the build folder, the main file first."""

    files: tuple[Asset, ...]


@dataclass(frozen=True, slots=True)
class Destination:
    """Who receives a MECA package: the transfer DTD requires a service provider and a publication."""

    provider: str
    publication: str
    publication_type: str | None = None  # e.g. "journal", "preprint-server", "archive"


@dataclass(frozen=True, slots=True)
class Options:
    """Choices that vary an output without copying its writer; a row lists the ones it reads."""

    jats_version: str = "1.3"
    langs: tuple[Lang, ...] | None = None  # PDF editions to write; None: every language with a body
    destination: Destination | None = None  # the MECA package's receiver (transfer.xml)


SourceFile = tuple[str, bytes]  # (path relative to the project, bytes)


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a row needs beyond the article, as its ``needs`` says: other outputs, the sources, the time."""

    outputs: Mapping[str, Output] = field(default_factory=dict)
    sources: tuple[SourceFile, ...] = ()
    epoch: int | None = None  # SOURCE_DATE_EPOCH, when set


Writer = Callable[..., Output]  # (article, options) or, with needs, (article, options, inputs)


@dataclass(frozen=True, slots=True)
class WriterSpec:
    """One output: its name, scope, writer (``module:function``, imported on first use) and what it needs.

    ``schema`` names the validation catalog's family its files are checked against (the
    writer sets the exact kind on each :class:`Asset`); ``meca_item`` is the MECA item type
    of its files when the package carries them (``None``: not packaged); ``options`` are the
    :class:`Options` fields it reads, which the CLI offers on its command; ``target`` is
    whether ``-o`` names its main file or a folder.
    """

    name: str
    scope: Scope
    writer: str
    description: str
    needs: frozenset[Need] = frozenset()
    schema: str | None = None
    meca_item: str | None = None
    options: tuple[str, ...] = ()
    target: Literal["file", "folder"] = "folder"

    def load(self) -> Writer:
        module, function = self.writer.split(":")
        return getattr(importlib.import_module(module, __name__), function)

    def run(self, article: Article, options: Options, inputs: Inputs) -> Output:
        writer = self.load()
        return writer(article, options, inputs) if self.needs else writer(article, options)


WRITERS: Mapping[str, WriterSpec] = {
    spec.name: spec
    for spec in (
        WriterSpec(
            "model", "article", ".model_json:write_model_json", "The validated model as JSON (model.json)."
        ),
        WriterSpec(
            "jats",
            "article",
            ".jats:write_jats",
            "The article as JATS XML, validated against the NLM DTD; an invalid file is never written.",
            schema="jats",
            meca_item="article-metadata",
            options=("jats_version",),
            target="file",
        ),
        WriterSpec(
            "html",
            "article",
            ".html:write_html",
            "The article's web pages: ru/index.html and en/index.html with their assets.",
            meca_item="article-supporting-file",
        ),
        WriterSpec(
            "pdf",
            "article",
            ".pdf:write_pdf",
            "The PDF editions typeset with Typst: <doi-suffix>.ru.pdf, and .en.pdf once the English body exists.",
            meca_item="manuscript",
            options=("langs",),
        ),
        WriterSpec(
            "package",
            "article",
            ".package:write_package",
            "The MECA submission package (a zip with manifest.xml): <doi-suffix>.meca.zip.",
            needs=frozenset({"outputs", "sources", "timestamp"}),
            schema="meca",
            options=("destination",),
            target="file",
        ),
    )
}
