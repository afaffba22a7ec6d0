"""Orchestration, in stages: read the sources once, check, make the draft view, run the writers,
validate every output that names a schema, place the files and write them atomically.

Nothing is written unless every chosen output was produced and is valid. An issue folder
builds each of its articles under ``<doi-suffix>/``; an article that fails is reported
with paths relative to the issue folder, and the others still build.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from lxml import etree

from . import layout
from .checks import check as run_checks
from .checks import check_issue
from .checks_deposit import REGISTRIES, check_for
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
from .sources import Loaded, load_project
from .sources.bibliography import read_bibliography
from .sources.issue import LoadedIssue, is_issue, load_issue
from .validate import KINDS, locate_schemas, validate, validate_jats
from .validate.package import Verification, verify_file
from .validate.schemas import cache_dir, download_jats_dtd
from .writers import WRITERS, Asset, Destination, Inputs, Options, Output
from .writers.jats.back import ref_list
from .writers.package import source_date_epoch

# What a build makes without -f: every article output but the registry deposits.
FORMATS: tuple[str, ...] = tuple(name for name, spec in WRITERS.items() if spec.writer and spec.default)

__all__ = [
    "FORMATS",
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
    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class IssueReport:
    """An issue build: the files written, the warnings, and each failed article's problems."""

    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]
    failed: tuple[tuple[str, tuple[Problem, ...]], ...]  # (article folder, its problems)

    @property
    def ok(self) -> bool:
        return not self.failed


# -- reading and checking ------------------------------------------------------------------------


def _report(loaded: Loaded, problems: tuple[Problem, ...], draft: bool) -> CheckReport:
    """The check report of what was loaded; in a draft, with untranslated text let through and marked."""
    article = loaded.article
    if draft:
        problems = draft_problems(problems)
        if article is not None:
            article = draft_view(article, loaded.draft_en)
    return CheckReport(loaded, problems, article)


def _problems(loaded: Loaded, outputs: Iterable[str]) -> tuple[Problem, ...]:
    """The project's problems, with what the chosen registry deposits need that it lacks."""
    found = run_checks(loaded)
    for name in outputs:
        if name in REGISTRIES:
            found += check_for(loaded, name)
    return tuple(found)


def check(root: Path | str, draft: bool = False, outputs: Iterable[str] = ()) -> CheckReport:
    """Load and validate the project at ``root``; every problem found, none raised.

    ``draft``: missing or stale English is only a warning, and the report's article is the
    draft view (:mod:`pubkit.draft`), whose untranslated texts are marked. ``outputs``: the
    outputs about to be made; a registry deposit among them adds what it needs (``check --for``).
    """
    loaded = load_project(Path(root))
    return _report(loaded, _problems(loaded, outputs), draft)


def checked(root: Path | str, draft: bool = False, outputs: Iterable[str] = ()) -> CheckReport:
    """The check report of a project that has no errors, or :class:`PubkitError` carrying every error."""
    report = check(root, draft, outputs)
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
    folder = locate_schemas(schemas)
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
) -> dict[str, Output]:
    """The outputs of ``formats``, validated; :class:`PubkitError` listing every invalid file."""
    outputs = render(article, formats, options, sources, source_date_epoch(os.environ))
    problems = validate_outputs(outputs, schemas)
    if problems:
        raise PubkitError(problems)
    return outputs


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
) -> BuildReport:
    """Check the project, then write the chosen outputs (all by default) into ``out_dir`` (``build/``).

    An issue folder is built with :func:`build_issue`; a failed article raises
    :class:`PubkitError` with its problems after the others are written.
    """
    if is_issue(Path(root)):
        report = build_issue(root, out_dir, formats, options, draft=draft, schemas=schemas)
        if report.failed:
            raise PubkitError([p for _, problems in report.failed for p in _errors(problems)])
        return BuildReport(report.written, report.warnings)
    formats = formats or list(FORMATS)
    target = Path(out_dir) if out_dir is not None else Path(root) / layout.BUILD
    _check_out_dir(Path(root), target)
    report = checked(root, draft, formats)
    files = _article_files(report, formats, options or Options(), schemas)
    written = write_files(target, files)
    return BuildReport(written, _warnings(report.problems))


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


def check_issue_folder(root: Path | str, draft: bool = False, outputs: Iterable[str] = ()) -> IssueCheck:
    """Check every article of the issue at ``root`` and the issue as a whole; nothing raised."""
    loaded = load_issue(Path(root))
    articles = tuple((name, _report(a, _problems(a, outputs), draft)) for name, a in loaded.articles)
    return IssueCheck(loaded, tuple(check_issue(loaded)), articles)


def build_issue(
    root: Path | str,
    out_dir: Path | str | None = None,
    formats: list[str] | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
) -> IssueReport:
    """Build every article of the issue at ``root`` under ``<out>/<doi-suffix>/``, the issue's outputs on top.

    An issue-level problem stops everything; an article's problems stop only that article.
    """
    target = Path(out_dir) if out_dir is not None else Path(root) / layout.BUILD
    _check_out_dir(Path(root), target)
    made = issue_outputs(root, formats, options, draft=draft, schemas=schemas)
    written = write_files(target, made.files)
    return IssueReport(written, made.warnings, made.failed)


@dataclass(frozen=True, slots=True)
class IssueOutputs:
    """An issue's files placed in its build folder, not yet written, with warnings and failed articles."""

    files: list[Asset]
    warnings: tuple[Problem, ...]
    failed: tuple[tuple[str, tuple[Problem, ...]], ...]


def issue_outputs(
    root: Path | str,
    formats: list[str] | None = None,
    options: Options | None = None,
    *,
    draft: bool = False,
    schemas: Path | str | None = None,
) -> IssueOutputs:
    """The files of :func:`build_issue`, validated and placed; :class:`PubkitError` for the issue's own errors."""
    chosen = _known(formats or FORMATS)
    checked_issue = check_issue_folder(root, draft, chosen)
    if _errors(checked_issue.problems):
        raise PubkitError(_errors(checked_issue.problems))
    options = options or Options()
    # A row with an issue writer makes one file for the issue; the others, one per article.
    issue_rows = [f for f in chosen if WRITERS[f].issue_writer]
    per_article = [f for f in chosen if not WRITERS[f].issue_writer]
    read = [u for f in issue_rows for u in _uses(f)]
    files: list[Asset] = []
    made: dict[str, list[Asset]] = {name: [] for name in read}
    articles: list[Article] = []
    failed: list[tuple[str, tuple[Problem, ...]]] = []
    warnings: list[Problem] = []
    for name, report in checked_issue.articles:
        shown = _in_folder(name, report.problems)
        warnings += _warnings(shown)
        if not report.ok or report.article is None:
            failed.append((name, shown))
            continue
        folder = report.article.doi_suffix
        try:
            outputs = produce(report.article, [*per_article, *read], options, report.loaded.sources, schemas)
        except PubkitError as exc:
            if isinstance(exc, EnvironmentProblem):
                raise
            failed.append((name, _in_folder(name, exc.problems)))
            continue
        files += place(outputs, per_article, folder)
        for output in read:
            made[output] += place(outputs, [output], folder)
        articles.append(report.article)
    if issue_rows and failed:
        failed.append(
            (
                ".",
                (
                    Problem(
                        "issue.incomplete",
                        f"{', '.join(issue_rows)} not written: "
                        "an issue's outputs need every article of it built",
                    ),
                ),
            )
        )
    elif issue_rows:
        files += _issue_files(articles, issue_rows, made, options, schemas)
    return IssueOutputs(files, tuple(warnings), tuple(failed))


def _issue_files(
    articles: list[Article],
    rows: list[str],
    made: Mapping[str, list[Asset]],
    options: Options,
    schemas: Path | str | None,
) -> list[Asset]:
    """The issue-level outputs of ``rows``, validated, from the issue's articles and their outputs."""
    first = articles[0]
    issue = Issue(first.journal, first.volume, first.issue, first.year, tuple(articles))
    inputs = Inputs(
        {name: Output(tuple(assets)) for name, assets in made.items()}, (), source_date_epoch(os.environ)
    )
    outputs = {name: WRITERS[name].run_issue(issue, options, inputs) for name in rows}
    if problems := validate_outputs(outputs, schemas):
        raise PubkitError(problems)
    return place(outputs, rows)


# -- checking files made elsewhere ----------------------------------------------------------------


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
    return validate_jats(path.read_bytes(), str(path), folder, version)


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
