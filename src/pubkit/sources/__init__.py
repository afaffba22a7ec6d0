"""Reading an article project: the only way into its files.

:func:`load_project` reads the journal and article metadata, the body, the
references and the translation catalog, and assembles one :class:`Article`,
or reports why it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, Body, Journal, Reference, Segment
from ..problems import Problem, Problems, PubkitError
from .bibliography import read_bibliography
from .body import read_body
from .catalog import Translator, read_catalog
from .metadata import ArticleMeta, read_article, read_journal
from .project import ProjectFiles, find_files


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
    segment_origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    segment_citations: dict[str, list[str]] = field(default_factory=dict)  # body segment → cited keys

    @property
    def lines(self) -> dict[str, int]:
        """``article.yaml`` field path → line."""
        return self.meta.lines if self.meta else {}


def _read_text(path: Path | None, files: ProjectFiles, problems: Problems) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.error(
            "project.encoding", f"not UTF-8 text ({exc.reason}); expected UTF-8", file=files.rel(path)
        )
    except OSError as exc:
        problems.error("project.unreadable", f"cannot read: {exc.strerror}", file=files.rel(path))
    return None


def load_project(root: Path) -> Loaded:
    """Read every source of the project at ``root``; problems are collected, not raised."""
    if not root.is_dir():
        raise PubkitError(
            Problem("project.not-found", f"{root} is not a folder; expected an article project")
        )
    problems = Problems()
    files = find_files(root, problems)

    entries = {}
    catalog_path = files.catalogs["en"]
    if catalog_path.is_file():
        entries = read_catalog(catalog_path, files.rel(catalog_path), problems)
    else:
        problems.error(
            "project.missing-file",
            "the English translation catalog not found; expected a gettext PO file",
            file=files.rel(catalog_path),
        )
    translator = Translator(entries)

    journal = None
    journal_text = _read_text(files.journal, files, problems)
    if journal_text is not None:
        journal = read_journal(journal_text, files.rel(files.journal), problems)

    meta = None
    article_text = _read_text(files.article, files, problems)
    if article_text is not None:
        meta = read_article(article_text, files.rel(files.article), journal, translator, problems)

    body = segment_citations = None
    body_text = _read_text(files.body, files, problems)
    if body_text is not None:
        body, segment_citations = read_body(
            body_text, files.rel(files.body), root / "manuscript", translator, problems
        )

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
        segment_origins=dict(translator.origins),
        segment_citations=segment_citations or {},
    )


def _complete(meta: ArticleMeta) -> bool:
    required = (meta.doi, meta.volume, meta.issue, meta.fpage, meta.lpage, meta.year, meta.section)
    return all(v is not None for v in required) and bool(
        meta.language and meta.title and meta.abstract and meta.keywords and meta.authors and meta.license
    )
