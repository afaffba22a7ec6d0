"""Orchestration: load the project once, check it, run the writers, write the files atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from .checks import check as run_checks
from .model import Article, Lang, Localized, Reference
from .package_verify import Verification, verify_file
from .problems import EnvironmentProblem, Problem, Problems, PubkitError, Severity
from .refs.cite import article_citation
from .refs.export import export_article, export_references
from .refs.parse import parse_references
from .refs.render import html_list, numbered_text
from .refs.validate import check_references
from .schemas import cache_dir, download_jats_dtd, locate_schemas
from .sources import Loaded, load_project
from .sources.bibliography import read_bibliography
from .sources.body import draft_english_ast
from .sources.files import read_source_files
from .validation import validate_jats
from .writers import DRAFT_MARK, WRITERS, Asset, Options
from .writers.jats.back import ref_list
from .writers.package import PACKAGE, Destination, source_date_epoch, write_package

FORMATS: tuple[str, ...] = (*WRITERS, PACKAGE)  # the package bundles the other writers' outputs


@dataclass(frozen=True, slots=True)
class CheckReport:
    loaded: Loaded
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def article(self) -> Article | None:
        return self.loaded.article


@dataclass(frozen=True, slots=True)
class BuildReport:
    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]


def check(root: Path | str, draft: bool = False) -> CheckReport:
    """Load and validate the project at ``root``; every problem found, none raised.

    ``draft``: missing or stale English is only a warning, and an untranslated body
    gets an English AST with the untranslated segments marked (see :func:`draft_project`).
    """
    loaded = load_project(Path(root))
    problems = tuple(run_checks(loaded))
    return CheckReport(*draft_project(loaded, problems)) if draft else CheckReport(loaded, problems)


DRAFT_CODES = ("i18n.missing", "i18n.stale")


def draft_project(loaded: Loaded, problems: tuple[Problem, ...]) -> tuple[Loaded, tuple[Problem, ...]]:
    """A draft build's view: untranslated text downgraded to warnings, the English body built with marks."""
    problems = tuple(replace(p, severity=Severity.WARNING) if p.code in DRAFT_CODES else p for p in problems)
    article = loaded.article
    if article is None or article.body.ast.en is not None:
        return loaded, problems
    found = Problems()
    english = draft_english_ast(article.body.ast.ru, article.segments, DRAFT_MARK, found)
    body = replace(article.body, ast=Localized(article.body.ast.ru, english))
    return replace(loaded, article=replace(article, body=body)), (*problems, *found)


def checked(root: Path | str, draft: bool = False) -> CheckReport:
    """The check report of a project that has no errors, or :class:`PubkitError` carrying every error."""
    report = check(root, draft)
    if not report.ok or report.article is None:
        raise PubkitError([p for p in report.problems if p.severity is Severity.ERROR])
    return report


def load(root: Path | str, draft: bool = False) -> Article:
    """The validated article, or :class:`PubkitError` carrying every problem (``draft``: see :func:`check`)."""
    return checked(root, draft).article


def references(root: Path | str) -> tuple[Reference, ...]:
    """The project's references in citation order, or :class:`PubkitError` with the problems that prevent it.

    Only what the list depends on must be sound (``refs.bib`` and the body's citations), so a
    reference list can be printed while, say, a translation is still missing.
    """
    loaded = load_project(Path(root))
    blocking = [
        p
        for p in run_checks(loaded)
        if p.severity is Severity.ERROR
        and (p.code.startswith("ref.") or p.file in ("refs.bib", "manuscript/article.md"))
    ]
    if blocking or loaded.body is None:
        raise PubkitError(
            blocking or [Problem("project.missing-file", "the body is needed to number the references")]
        )
    by_key = {ref.key: ref for ref in loaded.references}
    return tuple(by_key[key] for key in loaded.body.citations)


def reference_list(root: Path | str, lang: Lang, fmt: str) -> str:
    """The reference list as ``text`` (numbered, as printed), ``html``, ``jats`` or an export format."""
    return format_list(references(root), lang, fmt)


def format_list(cited: tuple[Reference, ...], lang: Lang, fmt: str) -> str:
    """References in the order given, in one of the formats of :func:`reference_list`."""
    if fmt == "text":
        return numbered_text(cited, lang)
    if fmt == "html":
        return html_list(cited, lang)
    if fmt == "jats":
        return etree.tostring(ref_list(cited), encoding="unicode", pretty_print=True)
    return export_references(cited, lang, fmt)


def citation(root: Path | str, lang: Lang, fmt: str) -> str:
    """How to cite the article: the "For citation" line (``text``), or RIS, BibTeX, CSL-JSON."""
    article = load(root)
    return article_citation(article, lang) + "\n" if fmt == "text" else export_article(article, lang, fmt)


def render(
    article: Article,
    formats: list[str],
    options: Options,
    sources: tuple[tuple[str, bytes], ...] = (),
    destination: Destination | None = None,
) -> list[Asset]:
    """Run the writers for ``formats``; their files, relative to the build folder.

    The package reuses the outputs built here, runs any other writer it needs, and
    carries ``sources`` (the project's files, see :func:`read_sources`).
    """
    outputs = {name: WRITERS[name](article, options) for name in formats if name != PACKAGE}
    if PACKAGE in formats:
        outputs[PACKAGE] = write_package(
            article,
            options,
            sources=sources,
            outputs=outputs,
            epoch=source_date_epoch(os.environ),
            destination=destination,
        )
    return [asset for name in formats for asset in outputs[name].files]


def read_sources(loaded: Loaded) -> tuple[tuple[str, bytes], ...]:
    """The project's source files as data, for the package; unreadable ones stop the build."""
    problems = Problems()
    sources = read_source_files(loaded.files, problems)
    if problems.errors:
        raise PubkitError(problems.errors)
    return sources


def write_files(out_dir: Path, files: list[Asset]) -> tuple[Path, ...]:
    """Write every file to a temporary name first, then rename them all: nothing half-written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for asset in files:
            target = out_dir / asset.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file() and target.read_bytes() == asset.data:
                continue
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(asset.data)
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(
            Problem(
                "build.unwritable",
                f"cannot write the output: {exc.strerror}",
                file=str(exc.filename or out_dir),
            )
        ) from exc
    for tmp, target in staged:
        os.replace(tmp, target)
    return tuple(out_dir / asset.path for asset in files)


def build(
    root: Path | str,
    out_dir: Path | str | None = None,
    formats: list[str] | None = None,
    options: Options | None = None,
) -> BuildReport:
    """Check the project, then write the chosen outputs (all by default) into ``out_dir`` (``build/``)."""
    options = options or Options()
    report = checked(root, options.draft)
    chosen = formats or list(FORMATS)
    sources = read_sources(report.loaded) if PACKAGE in chosen else ()
    files = render(report.article, chosen, options, sources)
    written = write_files(Path(out_dir) if out_dir is not None else Path(root) / "build", files)
    return BuildReport(written, _warnings(report))


def build_file(
    root: Path | str,
    fmt: str,
    target: Path | str | None = None,
    options: Options | None = None,
    destination: Destination | None = None,
) -> BuildReport:
    """Write one output whose main file goes to ``target`` (default: in ``build/``), its assets beside it."""
    options = options or Options()
    report = checked(root, options.draft)
    sources = read_sources(report.loaded) if fmt == PACKAGE else ()
    main, *assets = render(report.article, [fmt], options, sources, destination)
    path = Path(target) if target is not None else Path(root) / "build" / main.path
    written = write_files(path.parent, [Asset(path.name, main.data), *assets])
    return BuildReport(written, _warnings(report))


def package(
    root: Path | str,
    target: Path | str | None = None,
    options: Options | None = None,
    destination: Destination | None = None,
) -> BuildReport:
    """Check the project, then write its MECA package to ``target`` (``build/<doi-suffix>.meca.zip``)."""
    return build_file(root, PACKAGE, target, options, destination)


def _warnings(report: CheckReport) -> tuple[Problem, ...]:
    return tuple(p for p in report.problems if p.severity is Severity.WARNING)


def validate_file(
    path: Path, schemas: Path | None = None, version: str | None = None, download: bool = False
) -> list[Problem]:
    """A JATS file's DTD errors as problems (none: valid). ``download`` fills the user cache when no DTD is found."""
    try:
        folder = locate_schemas(schemas)
    except EnvironmentProblem:
        if not download or schemas is not None:
            raise
        download_jats_dtd(version or "1.3")
        folder = cache_dir()
    return [
        Problem("jats.invalid", message, file=str(path), line=line)
        for line, message in map(_located, validate_jats(path.read_bytes(), folder, version))
    ]


def _located(error: str) -> tuple[int | None, str]:
    """``line N: message`` → (N, message)."""
    head, _, message = error.partition(": ")
    return (int(head[5:]), message) if head.startswith("line ") and head[5:].isdigit() else (None, error)


def verify_package(path: Path, schemas: Path | None = None) -> Verification:
    """Check a MECA package (ours or another tool's): manifest, checksums, paths, the JATS inside."""
    return verify_file(path, schemas)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """A printed reference list read into BibTeX: the ``.bib`` text, how many entries, problems, files written."""

    bib: str
    count: int
    problems: tuple[Problem, ...]
    written: tuple[Path, ...] = ()


def _read_text(path: Path) -> str:
    """A UTF-8 file given on the command line; unreadable or not UTF-8 is a problem naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
        raise PubkitError(
            Problem("input.encoding", f"not UTF-8 text ({where}); save it as UTF-8", file=str(path))
        ) from exc
    except OSError as exc:
        raise EnvironmentProblem(
            Problem("input.unreadable", f"cannot read: {exc.strerror}", file=str(path))
        ) from exc


def import_references(path: Path, lang: Lang, output: Path | None = None) -> ImportReport:
    """A printed ``lang`` reference list (one reference a line) as refs.bib text; see :mod:`pubkit.refs.parse`.

    With ``output``, the ``.bib`` is written there atomically, and only if some reference was read.
    """
    imported = parse_references(_read_text(path), str(path), lang)
    bib = imported.bibtex() if imported.entries else ""
    written = ()
    if output is not None and imported.entries:
        written = write_files(output.parent, [Asset(output.name, bib.encode("utf-8"))])
    return ImportReport(bib, len(imported.entries), imported.problems, written)


def bib_reference_list(path: Path, lang: Lang, fmt: str) -> str:
    """A ``.bib`` file's references in file order, formatted as :func:`reference_list` does, outside any project."""
    problems = Problems()
    refs = read_bibliography(_read_text(path), str(path), problems)
    problems.extend(check_references(refs, str(path)))
    # The Russian list prints Russian sources in the original, so their English is not needed for it.
    blocking = [p for p in problems.errors if lang == "en" or p.code != "ref.missing-translation"]
    if blocking:
        raise PubkitError(blocking)
    return format_list(refs, lang, fmt)
