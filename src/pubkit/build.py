"""Orchestration, in stages: read the sources once, check, make the draft view, run the writers,
validate every output that names a schema, place the files and write them atomically.

Nothing is written unless every chosen output was produced and is valid. An issue folder
builds each of its articles under ``<doi-suffix>/``; an article that fails is reported
with paths relative to the issue folder, and the others still build.
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from lxml import etree

from . import incremental, layout, safexml
from .checks import check as run_checks
from .checks import check_issue
from .checks_deposit import REGISTRIES, check_for
from .checks_submission import check_submission
from .deposit import Answer, Deposit
from .deposit import endpoint as deposit_endpoint
from .deposit import prepare as prepare_deposit
from .deposit import read_file as read_deposit_file
from .deposit import submit as submit_deposit
from .draft import draft_problems, draft_view
from .limits import current as current_limits
from .limits import read_bounded
from .model import Article, Issue, Lang, Reference
from .problems import EnvironmentProblem, Problem, Problems, PubkitError, Severity
from .refs.cite import article_citation
from .refs.export import export_article, export_references
from .refs.parse import parse_references
from .refs.render import html_list, numbered_text
from .refs.validate import check_references
from .sources import Loaded, SharedJournal, load_project, read_sources
from .sources.bibliography import read_bibliography
from .sources.issue import IssueMeta, LoadedIssue, find_root, is_issue, issue_layout, load_issue
from .sources.project import ProjectFiles
from .validate import KINDS, stylecheck, validate, validate_jats
from .validate.package import Verification, verify_file
from .validate.store import Pack, Where, ensure, install_zip, where
from .writers import WRITERS, Asset, Destination, Inputs, Options, Output
from .writers.jats.back import ref_list
from .writers.package import source_date_epoch

# What a build makes without -f: every article output but those made on request (deposits, pot, xliff);
# an issue's build adds its own outputs (the contents pages).
FORMATS: tuple[str, ...] = tuple(name for name, spec in WRITERS.items() if spec.writer and spec.default)
ISSUE_FORMATS: tuple[str, ...] = tuple(name for name, spec in WRITERS.items() if spec.default)
# What `check --for` takes: a registry's deposit, or the journal's author guidelines.
PROFILES: tuple[str, ...] = (*REGISTRIES, "submission")

__all__ = [
    "FORMATS",
    "PROFILES",
    "REGISTRIES",
    "BuildReport",
    "CheckReport",
    "Destination",
    "IssueReport",
    "Options",
    "build",
    "build_file",
    "build_issue",
    "check",
    "is_issue",
    "load",
]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` found: the sources as read, every problem, and the article writers would see."""

    loaded: Loaded
    problems: tuple[Problem, ...]
    article: Article | None  # the draft view in a draft check

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The files a build wrote (or ``unchanged``: nothing to do) and the warnings it met."""

    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class IssueReport:
    """An issue build: the files written, the warnings, and each failed article's problems."""

    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    failed: tuple[tuple[str, tuple[Problem, ...]], ...]  # (article folder, its problems)
    articles: tuple[ArticleSummary, ...] = ()  # each article's state, in the issue's order

    @property
    def ok(self) -> bool:
        return not self.failed


# -- reading and checking ------------------------------------------------------------------------


def _report(
    loaded: Loaded, problems: tuple[Problem, ...], draft: bool, allow_future: bool = False
) -> CheckReport:
    """The check report of what was loaded; in a draft, with untranslated text let through and marked;
    with ``allow_future``, a publication date still to come is only a warning (an issue prepared ahead)."""
    article = loaded.article
    if allow_future:
        problems = tuple(
            replace(p, severity=Severity.WARNING) if p.code == "meta.date-future" else p for p in problems
        )
    if draft:
        problems = draft_problems(problems)
        if article is not None:
            article = draft_view(article, loaded.draft_en)
    return CheckReport(loaded, problems, article)


def _problems(loaded: Loaded, outputs: Iterable[str]) -> tuple[Problem, ...]:
    """The project's problems, with what the chosen registry deposits (or the guidelines) need that it lacks."""
    found = run_checks(loaded)
    for name in outputs:
        if name in REGISTRIES:
            found += check_for(loaded, name)
        elif name == "submission":
            found += check_submission(loaded)
    return tuple(found)


def check(
    root: Path | str, draft: bool = False, outputs: Iterable[str] = (), *, allow_future: bool = False
) -> CheckReport:
    """Load and validate the project at ``root``; every problem found, none raised.

    ``draft``: missing or stale English is only a warning, and the report's article is the
    draft view (:mod:`pubkit.draft`), whose untranslated texts are marked. ``outputs``: the
    outputs about to be made; a registry deposit among them adds what it needs (``check --for``).
    """
    loaded = load_project(Path(root))
    return _report(loaded, _problems(loaded, outputs), draft, allow_future)


def checked(
    root: Path | str, draft: bool = False, outputs: Iterable[str] = (), *, allow_future: bool = False
) -> CheckReport:
    """The check report of a project that has no errors, or :class:`PubkitError` carrying every error."""
    report = check(root, draft, outputs, allow_future=allow_future)
    if not report.ok or report.article is None:
        raise PubkitError(_errors(report.problems))
    return report


def load(root: Path | str, draft: bool = False) -> Article:
    """The validated article (a draft's view with ``draft``), or :class:`PubkitError` with every problem."""
    return checked(root, draft).article


def _errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def _warnings(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(p for p in problems if p.severity is Severity.WARNING)


# -- references and citations -----------------------------------------------------------------


def references(root: Path | str) -> tuple[Reference, ...]:
    """The project's references in citation order, or :class:`PubkitError` with the problems that prevent it.

    Only what the list depends on must be sound (``refs.bib`` and the body's citations), so a
    reference list can be printed while, say, a translation is still missing.
    """
    loaded = load_project(Path(root))
    blocking = [
        p
        for p in _errors(run_checks(loaded))
        if p.code.startswith("ref.") or p.file in (layout.BIBLIOGRAPHY, layout.BODY)
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


# -- writing, validating, placing ---------------------------------------------------------------


def _known(formats: Iterable[str]) -> list[str]:
    """``formats`` once each, or the usage error naming an unknown one."""
    for name in formats:
        if name not in WRITERS:
            known = ", ".join(WRITERS)
            raise PubkitError(
                Problem("build.format", f"unknown output {name!r}; expected one of: {known}"), 2
            )
    return list(dict.fromkeys(formats))


def _uses(name: str) -> list[str]:
    """The article outputs the row ``name`` reads: its ``uses``, or every packaged row for the package."""
    spec = WRITERS[name]
    if "outputs" not in spec.needs:
        return []
    return list(spec.uses) or [n for n, s in WRITERS.items() if s.writer and s.meca_item and n != name]


def _closure(formats: Iterable[str]) -> list[str]:
    """``formats`` and, before the rows that read other outputs, the outputs they read."""
    chosen: list[str] = []
    for name in _known(formats):
        if WRITERS[name].writer is None:
            articles = ", ".join(n for n, s in WRITERS.items() if s.writer)
            raise PubkitError(
                Problem("build.format", f"{name} is made for an issue folder; expected one of: {articles}"), 2
            )
        chosen += [*_uses(name), name]
    return list(dict.fromkeys(chosen))


def render(
    article: Article, formats: Iterable[str], options: Options, sources: tuple = (), epoch: int | None = None
) -> dict[str, Output]:
    """Run the writers of ``formats`` (and the outputs they need) on ``article``; outputs by name."""
    done: dict[str, Output] = {}
    for name in _closure(formats):
        inputs = Inputs(outputs=dict(done), sources=sources, epoch=epoch)
        done[name] = WRITERS[name].run(article, options, inputs)
    return done


def validate_outputs(outputs: Mapping[str, Output], schemas: Path | str | None = None) -> list[Problem]:
    """Every error of every file that names a schema; the schemas folder is looked up only when needed."""
    named = [asset for output in outputs.values() for asset in output.files if asset.schema]
    if not named:
        return []
    folder = ensure((asset.schema for asset in named), schemas)
    problems = []
    for asset in named:
        for problem in validate(asset.schema, asset.data, asset.path, folder):
            what = "JATS" if asset.schema.startswith("jats") else KINDS[asset.schema].description
            problems.append(replace(problem, message=f"generated {what} is invalid: {problem.message}"))
    return problems


def produce(
    article: Article,
    formats: Iterable[str],
    options: Options,
    sources: tuple = (),
    schemas: Path | str | None = None,
    epoch: int | None = None,
) -> dict[str, Output]:
    """The outputs of ``formats``, validated; :class:`PubkitError` listing every invalid file.

    ``epoch``: the time outputs record (default: ``SOURCE_DATE_EPOCH``, when set).
    """
    epoch = epoch if epoch is not None else source_date_epoch(os.environ)
    outputs = render(article, formats, options, sources, epoch)
    problems = validate_outputs(outputs, schemas)
    if problems:
        raise PubkitError(problems)
    return outputs


OUTPUTS = tuple(name for name, spec in WRITERS.items() if spec.writer)  # what write() can make


def write(
    name: str, article: Article, options: Options | None = None, *, schemas: Path | str | None = None
) -> bytes:
    """The main file of the output ``name`` (``"jats"``, ``"crossref"``, ...) of ``article``, validated.

    The same bytes ``build`` writes, without touching the disk; an output that fails its schema is
    :class:`PubkitError`. Outputs that carry the sources (``package``) get none here: use :func:`build`.
    """
    if name not in OUTPUTS:
        raise ValueError(f"unknown output {name!r}; expected one of: {', '.join(OUTPUTS)}")
    return produce(article, [name], options or Options(), (), schemas)[name].files[0].data


def place(outputs: Mapping[str, Output], formats: Iterable[str], folder: str = "") -> list[Asset]:
    """The files of the chosen outputs at their places in the build folder (under ``folder``, if given)."""
    prefix = f"{folder}/" if folder else ""
    chosen = list(dict.fromkeys(formats))
    return [replace(asset, path=prefix + asset.path) for name in chosen for asset in outputs[name].files]


_STALE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # what mkstemp(prefix=".<name>.", suffix=".tmp") makes


def _inside(out_dir: Path, rel: str) -> Path:
    """``out_dir / rel``, or :class:`PubkitError` when ``rel`` could lead outside ``out_dir``.

    Output paths are built from validated parts (the DOI suffix, fixed names); this is the
    last guard before writing, against ``..``, absolute paths and symlinked subfolders.
    """
    pure = PurePosixPath(rel)
    bad = not rel or "\\" in rel or "\x00" in rel or pure.is_absolute() or ".." in pure.parts
    target = out_dir / pure
    if not bad:
        try:
            target.resolve().relative_to(out_dir.resolve())
        except ValueError:
            bad = True
    if bad:
        raise PubkitError(
            Problem(
                "build.path",
                f"refusing to write {rel!r}: it is not a path inside the output folder {out_dir}",
                file=rel,
            )
        )
    return target


def _clean_stale(folders: Iterable[Path]) -> None:
    """Remove the temporary files a killed or failed earlier build left in ``folders``."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _STALE.match(path.name) and path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)


def _finish_pending(out_dir: Path) -> None:
    """Complete the renames of a build killed while renaming (roll forward to the set it validated)."""
    journal = out_dir / layout.PENDING
    if not journal.is_file() or journal.is_symlink():
        return
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pairs = []
    for tmp_rel, target_rel in pairs if isinstance(pairs, list) else []:
        tmp, target = _inside(out_dir, tmp_rel), _inside(out_dir, target_rel)
        if _STALE.match(tmp.name) and tmp.is_file() and not tmp.is_symlink():
            os.replace(tmp, target)
    journal.unlink()


def write_files(out_dir: Path, files: list[Asset]) -> tuple[Path, ...]:
    """Write every file to a temporary name first, then rename them all: nothing half-written.

    Every path is checked to lie inside ``out_dir``. Before the renames, the list of them is
    saved in ``out_dir/.pubkit-pending.json``; a build killed while renaming is completed by
    the next one, which then removes every temporary file left behind, so the folder holds
    either the old set of files or the new one. This build's temporary files are removed on
    any failure.
    """
    targets = [(_inside(out_dir, asset.path), asset) for asset in files]
    staged: list[tuple[Path, Path]] = []
    renaming = False
    try:
        _finish_pending(out_dir)
        _clean_stale(dict.fromkeys([out_dir, *(target.parent for target, _ in targets)]))
        for target, asset in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file() and target.read_bytes() == asset.data:
                continue
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(asset.data)
            os.chmod(tmp, 0o644)
        if staged:
            pending = [
                [t.relative_to(out_dir).as_posix(), g.relative_to(out_dir).as_posix()] for t, g in staged
            ]
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{layout.PENDING}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(pending, handle)
            os.replace(tmp, out_dir / layout.PENDING)
        renaming = True
        for tmp, target in staged:
            os.replace(tmp, target)
        (out_dir / layout.PENDING).unlink(missing_ok=True)
    except OSError as exc:
        if not renaming:  # once renaming, the journal and the files it names let the next build finish
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(
            Problem(
                "build.unwritable",
                f"cannot write the output: {exc.strerror}",
                file=str(exc.filename or out_dir),
            )
        ) from exc
    return tuple(target for target, _ in targets)


def _check_out_dir(root: Path, out_dir: Path) -> None:
    """The output folder may not lie inside the sources, or the next package would carry old outputs."""
    try:
        inside = out_dir.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return
    if set(inside) & set(layout.SOURCE_FOLDERS):
        raise PubkitError(
            Problem(
                "build.out-in-sources",
                f"the output folder {out_dir} is inside the sources ({'/'.join(inside)}); expected a folder "
                f"outside {', '.join(f'{f}/' for f in layout.SOURCE_FOLDERS)} (the default is {layout.BUILD}/)",
            ),
            2,
        )


def _article_files(
    report: CheckReport, formats: list[str], options: Options, schemas: Path | str | None, folder: str = ""
) -> list[Asset]:
    outputs = produce(report.article, formats, options, report.loaded.sources, schemas)
    return place(outputs, formats, folder)


def build(
    root: Path | str,
    out_dir: Path | str | None = None,
    formats: list[str] | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
    force: bool = False,
    allow_future: bool = False,
) -> BuildReport:
    """Check the project, then write the chosen outputs (all by default) into ``out_dir`` (``build/``).

    Nothing is done when the sources, settings and outputs are as the last build left them
    (``force``: build anyway). An issue folder is built with :func:`build_issue`; a failed
    article raises :class:`PubkitError` with its problems after the others are written.
    """
    if is_issue(Path(root)):
        report = build_issue(
            root,
            out_dir,
            formats,
            options,
            draft=draft,
            schemas=schemas,
            force=force,
            allow_future=allow_future,
        )
        if report.failed:
            raise PubkitError([p for _, problems in report.failed for p in _errors(problems)])
        unchanged = bool(report.articles) and all(a.state == "unchanged" for a in report.articles)
        return BuildReport(report.written, report.warnings, unchanged)
    plain = formats is None and (options is None or options == Options()) and not draft
    formats = _known(formats or FORMATS)
    _closure(formats)  # an unknown output, or an issue's asked of an article: the usage error now
    out = Path(out_dir) if out_dir is not None else Path(root) / layout.BUILD
    _check_out_dir(Path(root), out)
    options = options or Options()
    epoch = source_date_epoch(os.environ)
    quick = incremental.quick_record(Path(root), os.environ.get("SOURCE_DATE_EPOCH")) if plain else None
    read = read_sources(Path(root))
    current = incremental.key(read[0].sources, _settings(formats, options, draft, epoch))
    previous = incremental.read_manifest(out)
    if not force and incremental.unchanged(out, previous.get("."), current, formats):
        return BuildReport((), (), unchanged=True)
    loaded = load_project(Path(root), None, read)
    report = _report(loaded, _problems(loaded, formats), draft, allow_future)
    if not report.ok or report.article is None:
        raise PubkitError(_errors(report.problems))
    outputs = produce(report.article, formats, options, loaded.sources, schemas, epoch)
    record = {name: tuple(a.path for a in place(outputs, [name])) for name in formats}
    entries = {**previous, ".": incremental.Entry(current, record)}
    manifest = Asset(incremental.MANIFEST, incremental.manifest_bytes(entries, quick))
    files = [*place(outputs, formats), manifest]
    return BuildReport(write_files(out, files), _warnings(report.problems))


def build_file(
    root: Path | str,
    fmt: str,
    target: Path | str | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
) -> BuildReport:
    """Write one output whose main file goes to ``target`` (default: in ``build/``), its assets beside it."""
    if target is not None:
        _check_out_dir(Path(root), Path(target).parent)
    report = checked(root, draft, [fmt])
    main, *assets = _article_files(report, [fmt], options or Options(), schemas)
    path = Path(target) if target is not None else Path(root) / layout.BUILD / main.path
    written = write_files(path.parent, [replace(main, path=path.name), *assets])
    return BuildReport(written, _warnings(report.problems))


def package(
    root: Path | str,
    target: Path | str | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
) -> BuildReport:
    """Check the project, then write its MECA package to ``target`` (``build/<doi-suffix>.meca.zip``)."""
    return build_file(root, "package", target, options, draft=draft, schemas=schemas)


# -- issues ---------------------------------------------------------------------------------------


def _in_folder(name: str, problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """An article's problems with paths relative to the issue folder."""
    return tuple(replace(p, file=f"{name}/{p.file}" if p.file else name) for p in problems)


@dataclass(frozen=True, slots=True)
class IssueCheck:
    """An issue's check: the issue's own problems and each article's report (paths relative to the issue)."""

    loaded: LoadedIssue
    problems: tuple[Problem, ...]
    articles: tuple[tuple[str, CheckReport], ...]

    @property
    def ok(self) -> bool:
        return not _errors(self.problems) and all(r.ok for _, r in self.articles)

    @property
    def all_problems(self) -> tuple[Problem, ...]:
        return (*self.problems, *(p for name, r in self.articles for p in _in_folder(name, r.problems)))


def check_issue_folder(
    root: Path | str, draft: bool = False, outputs: Iterable[str] = (), *, allow_future: bool = False
) -> IssueCheck:
    """Check every article of the issue at ``root`` and the issue as a whole; nothing raised."""
    loaded = load_issue(Path(root))
    articles = tuple(
        (name, _report(a, _problems(a, outputs), draft, allow_future)) for name, a in loaded.articles
    )
    return IssueCheck(loaded, tuple(check_issue(loaded)), articles)


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One article of an issue build: what became of it, with counts and its time."""

    name: str
    state: str  # "built", "unchanged" or "failed"
    files: int
    warnings: int
    errors: int
    seconds: float


def build_issue(
    root: Path | str,
    out_dir: Path | str | None = None,
    formats: list[str] | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
    jobs: int = 1,
    executor: concurrent.futures.Executor | None = None,
    force: bool = False,
    fail_fast: bool = False,
    progress: Callable[[ArticleSummary], None] | None = None,
    allow_future: bool = False,
) -> IssueReport:
    """Build every article of the issue at ``root`` under ``<out>/<doi-suffix>/``, the issue's outputs on top.

    An issue-level problem stops everything; an article's problems stop only that article,
    whose previous outputs stay as they were. Articles build on ``executor`` (any
    :class:`concurrent.futures.Executor`: Dask's ``client.get_executor()``, a process pool
    whose ``mp_context`` is ``forkserver`` or ``spawn`` — a forked child of a process that
    has typeset a PDF hangs), or on a pool of ``jobs`` processes, or one after another. An article whose sources,
    settings and outputs are unchanged since the last build is skipped (``force``: rebuild).
    """
    out = Path(out_dir) if out_dir is not None else Path(root) / layout.BUILD
    _check_out_dir(Path(root), out)
    made = issue_outputs(
        root,
        formats,
        options,
        draft=draft,
        schemas=schemas,
        out=out,
        jobs=jobs,
        executor=executor,
        force=force,
        fail_fast=fail_fast,
        progress=progress,
        allow_future=allow_future,
    )
    written = write_files(out, made.files)
    return IssueReport(written, made.warnings, made.failed, made.articles)


@dataclass(frozen=True, slots=True)
class IssueOutputs:
    """An issue's files placed in its build folder, not yet written, with warnings and failed articles."""

    files: list[Asset]
    warnings: tuple[Problem, ...]
    failed: tuple[tuple[str, tuple[Problem, ...]], ...]
    articles: tuple[ArticleSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class _Job:
    """One article of an issue build, as sent to a worker (plain, picklable data)."""

    folder: Path
    name: str
    read: tuple[ProjectFiles, tuple[Problem, ...]]
    shared: SharedJournal | None
    render: tuple[str, ...]  # the outputs to make: the article's own and those the issue's rows read
    chosen: tuple[str, ...]
    options: Options
    draft: bool
    schemas: str | None
    epoch: int | None
    load_only: bool  # unchanged, but the issue's outputs need the article
    allow_future: bool = False


@dataclass(frozen=True, slots=True)
class _Done:
    name: str
    loaded: Loaded
    report: CheckReport
    outputs: dict[str, Output] | None
    failed: tuple[Problem, ...]
    environment: tuple[Problem, ...]
    seconds: float


def _run_job(job: _Job) -> _Done:
    """Load, check and (unless ``load_only``) make one article's outputs; failures are returned, not raised."""
    start = time.perf_counter()
    loaded = load_project(job.folder, job.shared, job.read)
    report = _report(loaded, _problems(loaded, job.chosen), job.draft, job.allow_future)
    outputs, failed, environment = None, (), ()
    if report.ok and report.article is not None and not job.load_only:
        try:
            outputs = produce(report.article, job.render, job.options, loaded.sources, job.schemas, job.epoch)
        except EnvironmentProblem as exc:
            environment = tuple(exc.problems)
        except PubkitError as exc:
            failed = tuple(exc.problems)
    return _Done(job.name, loaded, report, outputs, failed, environment, time.perf_counter() - start)


def _settings(chosen, options: Options, draft: bool, epoch: int | None) -> dict[str, object]:
    return {"outputs": list(chosen), "options": repr(options), "draft": draft, "epoch": epoch}


def issue_outputs(
    root: Path | str,
    formats: list[str] | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
    epoch: int | None = None,
    out: Path | None = None,
    jobs: int = 1,
    executor: concurrent.futures.Executor | None = None,
    force: bool = False,
    fail_fast: bool = False,
    progress: Callable[[ArticleSummary], None] | None = None,
    allow_future: bool = False,
) -> IssueOutputs:
    """The files of :func:`build_issue`, validated and placed (with the build record when ``out`` is given).

    :class:`PubkitError` for the issue's own errors, before anything is written.
    """
    root = Path(root)
    plain = formats is None and (options is None or options == Options()) and not draft and epoch is None
    quick = incremental.quick_record(root, os.environ.get("SOURCE_DATE_EPOCH")) if plain else None
    epoch = epoch if epoch is not None else source_date_epoch(os.environ)
    chosen = _known(formats or ISSUE_FORMATS)
    options = options or Options()
    found = issue_layout(root)
    if _errors(found.problems):
        raise PubkitError(_errors(found.problems))
    # A row with an issue writer makes one file for the issue; the others, one per article.
    issue_rows = [f for f in chosen if WRITERS[f].issue_writer]
    per_article = [f for f in chosen if not WRITERS[f].issue_writer]
    read_by_issue = list(dict.fromkeys(u for f in issue_rows for u in _uses(f)))
    settings = _settings(chosen, options, draft, epoch)
    previous = incremental.read_manifest(out) if out is not None and not force else {}
    extra = [(layout.ISSUE, found.issue_data)] if found.issue_data is not None else []
    reads, keys = {}, {}
    for name in found.names:
        reads[name] = read_sources(root / name, found.shared)
        keys[name] = incremental.key([*reads[name][0].sources, *extra], settings)
    issue_key = incremental.key([], {**settings, "articles": [(n, keys[n]) for n in found.names]})
    to_render = tuple(dict.fromkeys([*per_article, *read_by_issue]))
    same = {
        n
        for n in found.names
        if out is not None and incremental.unchanged(out, previous.get(n), keys[n], to_render)
    }
    issue_same = not issue_rows or (
        out is not None and incremental.unchanged(out, previous.get("."), issue_key)
    )
    if len(same) == len(found.names) and issue_same:
        summaries = tuple(
            ArticleSummary(n, "unchanged", len(previous[n].files), 0, 0, 0.0) for n in found.names
        )
        for summary in summaries:
            if progress:
                progress(summary)
        return IssueOutputs([], (), (), summaries)
    work = [
        _Job(
            root / name,
            name,
            reads[name],
            found.shared,
            to_render,
            tuple(chosen),
            options,
            draft,
            str(schemas) if schemas is not None else None,
            epoch,
            load_only=name in same,
            allow_future=allow_future,
        )
        for name in found.names
        if name not in same or issue_rows
    ]
    done: dict[str, _Done] = {}
    for result in _run_all(work, jobs, executor, fail_fast):
        done[result.name] = result
        if result.environment:
            raise EnvironmentProblem(list(result.environment))
        if progress:
            progress(_summary(result, per_article))
    loaded = LoadedIssue(
        root,
        found.shared,
        tuple((n, done[n].loaded) for n in found.names if n in done),
        found.problems,
        found.meta,
    )
    if _errors(issue_problems := check_issue(loaded)):
        raise PubkitError(_errors(issue_problems))
    files: list[Asset] = []
    made: dict[str, list[Asset]] = {name: [] for name in read_by_issue}
    articles: list[Article] = []
    failed: list[tuple[str, tuple[Problem, ...]]] = []
    warnings: list[Problem] = list(_warnings(issue_problems))
    entries = dict(previous)
    summaries = []
    for name in found.names:
        if name in same and name not in done:
            summaries.append(ArticleSummary(name, "unchanged", len(previous[name].files), 0, 0, 0.0))
            continue
        result = done.get(name)
        if result is None:  # not run: --fail-fast stopped before it
            continue
        shown = _in_folder(name, result.report.problems)
        warnings += _warnings(shown)
        summaries.append(_summary(result, per_article))
        if not result.report.ok or result.report.article is None or result.failed:
            failed.append((name, shown if not result.report.ok else _in_folder(name, result.failed)))
            continue
        article = result.report.article
        articles.append(article)
        folder = article.doi_suffix
        if result.outputs is None:  # unchanged: the issue's rows read its files as last built
            for output in read_by_issue:
                made[output] += _built_files(out, previous[name], output)
            continue
        record = {}
        for output in to_render:
            placed = place(result.outputs, [output], folder)
            if output in per_article:
                files += placed
                record[output] = tuple(a.path for a in placed)
            if output in read_by_issue:
                made[output] += placed
        entries[name] = incremental.Entry(keys[name], record)
    if issue_rows and failed:
        failed.append(
            (
                ".",
                (
                    Problem(
                        "issue.incomplete",
                        f"{', '.join(issue_rows)} not written: an issue's outputs "
                        "need every article of it built",
                    ),
                ),
            )
        )
    elif issue_rows and len(articles) == len(found.names):
        issue_files = _issue_files(articles, issue_rows, made, options, schemas, epoch, found.meta)
        files += issue_files
        entries["."] = incremental.Entry(issue_key, {"issue": tuple(a.path for a in issue_files)})
    if out is not None and files:
        files.append(
            Asset(incremental.MANIFEST, incremental.manifest_bytes(entries, quick if not failed else None))
        )
    return IssueOutputs(files, tuple(warnings), tuple(failed), tuple(summaries))


def _run_all(
    work: list[_Job], jobs: int, executor: concurrent.futures.Executor | None, fail_fast: bool
) -> Iterator[_Done]:
    """Every job's result as it completes: on ``executor``, a pool of ``jobs`` processes, or in this process."""
    if executor is None and (jobs <= 1 or len(work) <= 1):
        for job in work:
            result = _run_job(job)
            yield result
            if fail_fast and _failed(result):
                return
        return
    # Workers start from a fork server, never by forking this process: Typst's worker threads (and
    # pandoc's pipes) do not survive a fork, and a forked child of a process that has typeset waits forever.
    context = multiprocessing.get_context("forkserver")
    pool = executor or concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        futures = [pool.submit(_run_job, job) for job in work]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            yield result
            if fail_fast and _failed(result):
                for other in futures:
                    other.cancel()
                return
    finally:
        if executor is None:
            pool.shutdown(cancel_futures=True)


def _failed(result: _Done) -> bool:
    return not result.report.ok or bool(result.failed or result.environment)


def _summary(result: _Done, per_article: list[str]) -> ArticleSummary:
    errors = len(_errors(result.report.problems)) + len(result.failed)
    files = (
        sum(len(result.outputs[n].files) for n in per_article if n in result.outputs) if result.outputs else 0
    )
    state = "failed" if _failed(result) else "built" if result.outputs is not None else "unchanged"
    return ArticleSummary(
        result.name, state, files, len(_warnings(result.report.problems)), errors, result.seconds
    )


def _built_files(out: Path | None, entry: incremental.Entry, output: str) -> list[Asset]:
    """An unchanged article's files of ``output`` as the last build wrote them, for the issue's rows to read."""
    return [Asset(path, (out / path).read_bytes()) for path in entry.outputs.get(output, ())] if out else []


def _issue_files(
    articles: list[Article],
    rows: list[str],
    made: Mapping[str, list[Asset]],
    options: Options,
    schemas: Path | str | None,
    epoch: int | None,
    meta: IssueMeta | None,
) -> list[Asset]:
    """The issue-level outputs of ``rows``, validated, from the issue's articles and their outputs."""
    first = articles[0]
    published = meta.published if meta is not None else None
    title = meta.title if meta is not None else None
    issue = Issue(first.journal, first.volume, first.issue, first.year, tuple(articles), published, title)
    inputs = Inputs({name: Output(tuple(assets)) for name, assets in made.items()}, (), epoch)
    outputs = {name: WRITERS[name].run_issue(issue, options, inputs) for name in rows}
    if problems := validate_outputs(outputs, schemas):
        raise PubkitError(problems)
    return place(outputs, rows)


# -- registering ----------------------------------------------------------------------------------


def crossref_deposit(
    target: Path | str,
    *,
    test: bool = False,
    endpoint: str | None = None,
    schemas: Path | str | None = None,
) -> Deposit:
    """The Crossref deposit of ``target``: a built ``*.crossref.xml`` (validated again), or a project or
    issue folder whose deposit is made here (checked and validated like a build), ready to submit."""
    target = Path(target)
    url = deposit_endpoint(test, endpoint, os.environ)
    # Crossref keeps a deposit only if its timestamp is later than the last one of the same DOI,
    # so a deposit made here is stamped now, unless SOURCE_DATE_EPOCH fixes the time.
    epoch = source_date_epoch(os.environ) or int(time.time())
    if target.is_file():
        name, data = read_deposit_file(target)
        if problems := validate("crossref-5.3.1", data, str(target), ensure(["crossref-5.3.1"], schemas)):
            raise PubkitError(problems)
        return prepare_deposit(name, data, url)
    if is_issue(target):
        made = issue_outputs(target, ["crossref"], schemas=schemas, epoch=epoch)
        if made.failed:
            raise PubkitError([p for _, problems in made.failed for p in _errors(problems)])
        (asset,) = made.files
    else:
        report = checked(target, False, ["crossref"])
        (asset,) = produce(report.article, ["crossref"], Options(), (), schemas, epoch)["crossref"].files
    return prepare_deposit(asset.path, asset.data, url)


def submit_crossref(deposit: Deposit) -> Answer:
    """Send the deposit to Crossref (credentials from the environment); its answer page, the result comes by e-mail."""
    return submit_deposit(deposit)


# -- checking files made elsewhere ----------------------------------------------------------------


def validate_file(
    path: Path,
    schemas: Path | None = None,
    version: str | None = None,
    download: bool = True,
    pmc: bool = False,
) -> list[Problem]:
    """A JATS file's DTD errors as problems (none: valid), and with ``pmc`` the PMC StyleChecker's findings.

    The schemas are fetched into the cache on first need; ``download`` is kept for callers of
    the old ``--download`` flag: fetching is the default now.
    """
    data = path.read_bytes()
    if version is None:
        root, _ = safexml.parse(data)
        version = root.get("dtd-version") if root is not None else None
    kind = f"jats-{version}"
    ensure([k for k in (kind, "pmc-stylechecker" if pmc else None) if k in KINDS], schemas)
    folder = ensure([], schemas)
    problems = validate_jats(data, str(path), folder, version)
    if pmc and not any(p.message.startswith("not well-formed XML") for p in problems):
        problems += stylecheck(data, str(path), folder)
    return problems


def project_root(start: Path) -> Path:
    """The article project or issue folder ``start`` is in (itself, or the nearest project above it)."""
    return find_root(start)


def schemas_where(schemas: Path | None = None) -> Where:
    """Which schemas folder pubkit uses now and which schemas it already holds."""
    return where(schemas)


def schemas_download(kinds: Iterable[str] | None = None) -> Path:
    """Fill the user cache now with ``kinds`` (default: every schema pubkit knows); the cache folder."""
    return ensure(kinds or list(KINDS))


def schemas_install(path: Path) -> list[Pack]:
    """Install the schema packs of a zip brought by hand (after checking every file's SHA-256)."""
    return install_zip(path)


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
        return read_bounded(path, str(path), current_limits().text).decode("utf-8")
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
