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

from ..model import Article, Issue, Lang

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


Writer = Callable[..., Output]  # (article or issue, options) or, with needs, (…, options, inputs)


def _load(writer: str) -> Writer:
    module, function = writer.split(":")
    return getattr(importlib.import_module(module, __name__), function)


@dataclass(frozen=True, slots=True)
class WriterSpec:
    """One output: its name, its writers per scope (``module:function``, imported on first use), its needs.

    ``writer`` makes the output of one article, ``issue_writer`` the output of a whole issue
    (an :class:`~pubkit.model.Issue`; with ``outputs`` in ``needs`` it gets the article
    outputs of every article, placed under their folders). ``schema`` names the validation
    catalog's family its files are checked against (the writer sets the exact kind on each
    :class:`Asset`); ``meca_item`` is the MECA item type of its files when the package
    carries them (``None``: not packaged); ``options`` are the :class:`Options` fields it
    reads, which the CLI offers on its command; ``target`` is whether ``-o`` names its main
    file or a folder; ``default`` is whether a build without ``-f`` makes it (the registry
    deposits are made on request).
    """

    name: str
    writer: str | None
    description: str
    needs: frozenset[Need] = frozenset()
    schema: str | None = None
    meca_item: str | None = None
    options: tuple[str, ...] = ()
    target: Literal["file", "folder"] = "folder"
    issue_writer: str | None = None
    default: bool = True
    uses: tuple[str, ...] = ()  # with ``outputs`` in needs: the outputs it reads (default: the packaged ones)

    @property
    def scopes(self) -> tuple[Scope, ...]:
        return tuple(s for s, w in (("article", self.writer), ("issue", self.issue_writer)) if w)

    def load(self, scope: Scope = "article") -> Writer:
        """The writer function of ``scope``, imported now."""
        path = self.writer if scope == "article" else self.issue_writer
        assert path is not None, f"{self.name} has no {scope} writer"
        return _load(path)

    def run(self, article: Article, options: Options, inputs: Inputs) -> Output:
        writer = self.load()
        return writer(article, options, inputs) if self.needs else writer(article, options)

    def run_issue(self, issue: Issue, options: Options, inputs: Inputs) -> Output:
        writer = self.load("issue")
        return writer(issue, options, inputs) if self.needs else writer(issue, options)


WRITERS: Mapping[str, WriterSpec] = {
    spec.name: spec
    for spec in (
        WriterSpec("model", ".model_json:write_model_json", "The validated model as JSON (model.json)."),
        WriterSpec(
            "jats",
            ".jats:write_jats",
            "The article as JATS XML, validated against the NLM DTD; an invalid file is never written.",
            schema="jats",
            meca_item="article-metadata",
            options=("jats_version",),
            target="file",
        ),
        WriterSpec(
            "html",
            ".html:write_html",
            "The article's web pages: ru/index.html and en/index.html with their assets.",
            meca_item="article-supporting-file",
        ),
        WriterSpec(
            "pdf",
            ".pdf:write_pdf",
            "The PDF editions typeset with Typst: <doi-suffix>.ru.pdf, and .en.pdf once the English body exists.",
            meca_item="manuscript",
            options=("langs",),
        ),
        WriterSpec(
            "package",
            ".package:write_package",
            "The MECA submission package (a zip with manifest.xml): <doi-suffix>.meca.zip.",
            needs=frozenset({"outputs", "sources", "timestamp"}),
            schema="meca",
            options=("destination",),
            target="file",
        ),
        WriterSpec(
            "toc",
            None,
            "The issue's table of contents: ru/index.html and en/index.html at the top of an issue's build.",
            needs=frozenset({"outputs"}),
            uses=("html", "pdf"),
            issue_writer=".toc:write_toc",
        ),
        WriterSpec(
            "pot",
            ".pot:write_pot",
            "The translation template: translations/article.pot, every segment with its origin and notes.",
            target="file",
            default=False,
        ),
        WriterSpec(
            "xliff",
            ".xliff:write_xliff",
            "The segments as the build sees them, as XLIFF 1.2 for CAT tools: translations/en.xlf.",
            schema="xliff",
            target="file",
            default=False,
        ),
        WriterSpec(
            "crossref",
            ".crossref:write_crossref",
            "The Crossref 5.3.1 deposit: <doi-suffix>.crossref.xml (issue.crossref.xml for an issue).",
            needs=frozenset({"timestamp"}),
            schema="crossref",
            target="file",
            issue_writer=".crossref:write_crossref_issue",
            default=False,
        ),
        WriterSpec(
            "doaj",
            ".doaj:write_doaj",
            "The DOAJ article upload: <doi-suffix>.doaj.xml (doaj.xml for an issue).",
            schema="doaj",
            target="file",
            issue_writer=".doaj:write_doaj_issue",
            default=False,
        ),
        WriterSpec(
            "rsci",
            ".rsci:write_rsci",
            "The eLibrary/RSCI (Articulus) upload: rsci/Markup_unicode.xml and issue-<number>-<year>.zip "
            "with the PDFs it names.",
            needs=frozenset({"outputs", "timestamp"}),
            uses=("pdf",),
            issue_writer=".rsci:write_rsci_issue",
            default=False,
        ),
    )
}
