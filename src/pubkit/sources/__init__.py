"""Reading an article project: the only way into its files.

:func:`load_project` reads the journal and article metadata, the body, the
references and the translation catalog, and assembles one :class:`Article`,
or reports why it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import layout
from ..draft import DRAFT_MARK
from ..model import Article, Body, Journal, Reference, Segment
from ..problems import Problem, Problems, PubkitError
from .bibliography import read_bibliography
from .body import read_body
from .catalog import Translator, read_catalog
from .glossary import read_glossary
from .metadata import ArticleMeta, read_article, read_journal
from .project import ProjectFiles, SourceFile, find_files


@dataclass(frozen=True, slots=True)
class Loaded:
    """The article (``None`` when it could not be assembled), every problem met, and where fields came from."""

    article: Article | None
    problems: tuple[Problem, ...]
    files: ProjectFiles
    journal: Journal | None = None
    meta: ArticleMeta | None = None
    body: Body | None = None
    references: tuple[Reference, ...] = ()  # all of refs.bib, in file order
    segments: tuple[Segment, ...] = ()
    segment_citations: dict[str, list[str]] = field(default_factory=dict)  # body segment → cited keys
    draft_en: str | None = None  # the English body a draft build shows (see sources.body.ReadBody)

    @property
    def lines(self) -> dict[str, int]:
        """``article.yaml`` field path → line."""
        return self.meta.lines if self.meta else {}

    @property
    def segment_origins(self) -> dict[str, tuple[str, int | None]]:
        """Segment id → (file, line) of its Russian, as each segment records it."""
        return {s.id: (s.file, s.line) for s in self.segments}

    @property
    def sources(self) -> tuple[SourceFile, ...]:
        """Every source file as read, for outputs that carry the sources (the MECA package)."""
        return self.files.sources


def with_glossary(journal: Journal, path: Path, data: bytes | None, rel, problems: Problems) -> Journal:
    """``journal`` with the terms of its glossary file (``data``, read from ``path``)."""
    if data is None:
        return journal
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error("project.encoding", f"not UTF-8 text ({exc.reason}); expected UTF-8", file=rel(path))
        return journal
    return replace(journal, glossary=read_glossary(text, rel(path), problems))


def _read_text(path: Path | None, files: ProjectFiles, problems: Problems) -> str | None:
    data = files.bytes_of(path)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.error(
            "project.encoding", f"not UTF-8 text ({exc.reason}); expected UTF-8", file=files.rel(path)
        )
    return None


@dataclass(frozen=True, slots=True)
class SharedJournal:
    """A journal file read and parsed once for every article of an issue; its problems are the issue's."""

    path: Path
    data: bytes
    journal: Journal | None  # with its glossary
    glossary: bytes | None = None  # the glossary file's bytes, when the journal has one


def read_sources(root: Path, shared: SharedJournal | None = None) -> tuple[ProjectFiles, tuple[Problem, ...]]:
    """Every source file of the project at ``root``, read once, with the problems of reading them."""
    if not root.is_dir():
        raise PubkitError(
            Problem("project.not-found", f"{root} is not a folder; expected an article project")
        )
    problems = Problems()
    return find_files(root, problems, shared), tuple(problems)


def load_project(
    root: Path,
    shared: SharedJournal | None = None,
    read: tuple[ProjectFiles, tuple[Problem, ...]] | None = None,
) -> Loaded:
    """Read every source of the project at ``root`` once; problems are collected, not raised.

    ``shared`` is the issue's journal, already read: the article then neither reads nor
    parses it again, and reports none of its problems (the issue does). ``read``: the
    sources as :func:`read_sources` gave them, so that they are not read again.
    """
    files, found = read if read is not None else read_sources(root, shared)
    problems = Problems()
    problems.extend(found)

    entries = {}
    catalog_path = files.catalogs["en"]
    catalog_data = files.bytes_of(catalog_path)
    if catalog_data is not None:
        entries = read_catalog(catalog_data, files.rel(catalog_path), problems)
    else:
        problems.error(
            "project.missing-file",
            "the English translation catalog not found; expected a gettext PO file",
            file=files.rel(catalog_path),
        )
    translator = Translator(entries)

    journal = shared.journal if shared is not None else None
    journal_text = _read_text(files.journal, files, problems) if shared is None else None
    if journal_text is not None:
        journal = read_journal(journal_text, files.rel(files.journal), problems)
        if journal is not None and files.glossary is not None:
            journal = with_glossary(
                journal, files.glossary, files.bytes_of(files.glossary), files.rel, problems
            )

    meta = None
    article_text = _read_text(files.article, files, problems)
    if article_text is not None:
        meta = read_article(article_text, files.rel(files.article), journal, translator, problems)

    body = read = None
    body_text = _read_text(files.body, files, problems)
    if body_text is not None:
        read = read_body(body_text, layout.BODY, files.data, translator, problems, DRAFT_MARK)
        body = read.body if read is not None else None

    references: tuple[Reference, ...] = ()
    bib_text = _read_text(files.bibliography, files, problems)
    if bib_text is not None:
        references = read_bibliography(bib_text, files.rel(files.bibliography), problems)

    article = None
    if journal is not None and meta is not None and body is not None and _complete(meta):
        by_key = {ref.key: ref for ref in references}
        cited = [by_key[key] for key in body.citations if key in by_key]
        article = Article(
            journal=journal,
            doi=meta.doi,
            volume=meta.volume,
            issue=meta.issue,
            fpage=meta.fpage,
            lpage=meta.lpage,
            year=meta.year,
            section=meta.section,
            dates=meta.dates,
            language=meta.language,
            title=meta.title,
            abstract=meta.abstract,
            keywords=meta.keywords,
            authors=meta.authors,
            affiliations=meta.affiliations,
            funding=meta.funding,
            conflict_of_interest=meta.conflict_of_interest,
            license=meta.license,
            body=body,
            references=tuple(cited),
            segments=tuple(translator.segments),
            udc=meta.udc,
        )
    return Loaded(
        article=article,
        problems=tuple(problems),
        files=files,
        journal=journal,
        meta=meta,
        body=body,
        references=references,
        segments=tuple(translator.segments),
        segment_citations=read.citations if read else {},
        draft_en=read.draft_en if read else None,
    )


def _complete(meta: ArticleMeta) -> bool:
    required = (meta.doi, meta.volume, meta.issue, meta.fpage, meta.lpage, meta.year, meta.section)
    return all(v is not None for v in required) and bool(
        meta.language and meta.title and meta.abstract and meta.keywords and meta.authors and meta.license
    )
