"""Orchestration: load the project once, check it, run the writers, write the files atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .checks import check as run_checks
from .model import Article, Localized, Reference
from .problems import EnvironmentProblem, Problem, Problems, PubkitError, Severity
from .sources import Loaded, load_project
from .sources.body import draft_english_ast
from .sources.files import read_source_files
from .writers import DRAFT_MARK, WRITERS, Asset, Options
from .writers.package import PACKAGE, Destination, package_name, source_date_epoch, write_package

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


def load(root: Path | str, draft: bool = False) -> Article:
    """The validated article, or :class:`PubkitError` carrying every problem (``draft``: see :func:`check`)."""
    report = check(root, draft)
    if not report.ok or report.article is None:
        raise PubkitError([p for p in report.problems if p.severity is Severity.ERROR])
    return report.article


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
    report = check(root, draft=bool(options and options.draft))
    if not report.ok or report.article is None:
        raise PubkitError([p for p in report.problems if p.severity is Severity.ERROR])
    target = Path(out_dir) if out_dir is not None else Path(root) / "build"
    chosen = formats or list(FORMATS)
    sources = read_sources(report.loaded) if PACKAGE in chosen else ()
    files = render(report.article, chosen, options or Options(), sources)
    written = write_files(target, files)
    return BuildReport(written, tuple(p for p in report.problems if p.severity is Severity.WARNING))


def package(
    root: Path | str,
    target: Path | str | None = None,
    options: Options | None = None,
    destination: Destination | None = None,
) -> BuildReport:
    """Check the project, then write its MECA package to ``target`` (``build/<doi-suffix>.meca.zip``)."""
    report = check(root, draft=bool(options and options.draft))
    if not report.ok or report.article is None:
        raise PubkitError([p for p in report.problems if p.severity is Severity.ERROR])
    sources = read_sources(report.loaded)
    (archive,) = render(report.article, [PACKAGE], options or Options(), sources, destination)
    path = Path(target) if target is not None else Path(root) / "build" / package_name(report.article)
    written = write_files(path.parent, [Asset(path.name, archive.data)])
    return BuildReport(written, tuple(p for p in report.problems if p.severity is Severity.WARNING))
