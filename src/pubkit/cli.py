"""The ``pubkit`` command: argv ⇄ the build and check API. Only this module prints and exits.

Exit codes: 0 ok (warnings printed), 1 problems in the sources (or warnings under
``--strict``), 2 usage error, 3 environment (a tool missing or failing, an output
that cannot be written), 4 internal error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import traceback
from pathlib import Path

import click
from click.core import ParameterSource

from . import __version__
from .build import (
    KINDS,
    PROFILES,
    ArticleSummary,
    BuildReport,
    Destination,
    Options,
    bib_reference_list,
    build_file,
    build_issue,
    check_issue_folder,
    citation,
    crossref_deposit,
    import_references,
    is_issue,
    project_root,
    reference_list,
    schemas_download,
    schemas_install,
    schemas_where,
    submit_crossref,
    validate_file,
    verify_package,
)
from .build import build as run_build
from .build import check as run_check
from .model import SegmentState
from .problems import Problem, PubkitError, Severity
from .writers import WRITERS, WriterSpec


def _find_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """PROJECT may be any folder inside a project (as git finds its repository); say when it was above."""
    if value is None:
        return None
    found = project_root(value)
    if found != value:
        click.echo(f"pubkit: using the project at {found}", err=True)
    return found


PROJECT = click.argument(
    "project",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
    required=False,
    callback=_find_project,
)
SCHEMAS = click.option(
    "--schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding the schemas (default: $PUBKIT_SCHEMAS, else the user cache).",
)
LANG = click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True)


def _show(problems: list[Problem] | tuple[Problem, ...], fmt: str = "text") -> None:
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
        return
    for problem in problems:
        click.echo(problem.render(), err=True)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if problems:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def _wrote(report: BuildReport) -> None:
    _show(report.warnings)
    for path in report.written:
        click.echo(f"wrote {path}")


class _Abort(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pubkit")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def main_group(debug: bool) -> None:
    """pubkit: bilingual (Russian/English) JATS, HTML, PDF and citations from an article's sources."""


ON_REQUEST = tuple(name for name, spec in WRITERS.items() if not spec.default)  # not in a plain build


@main_group.command()
@PROJECT
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="How to list problems."
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--allow-future", is_flag=True, help="Accept a publication date still to come (only a warning)."
)
@click.option(
    "--for",
    "registries",
    multiple=True,
    type=click.Choice(PROFILES),
    help="Also check what this registry's deposit needs, or (submission) the journal's author guidelines.",
)
def check(project: Path, fmt: str, strict: bool, allow_future: bool, registries: tuple[str, ...]) -> None:
    """Load and validate an article project or an issue folder (default: the current folder)."""
    if is_issue(project):
        issue = check_issue_folder(project, outputs=registries, allow_future=allow_future)
        _show(issue.all_problems, fmt)
        if not issue.ok or (strict and issue.all_problems):
            raise _Abort(1)
        if fmt == "text":
            click.echo(f"ok: {project} ({len(issue.articles)} articles)")
        return
    report = run_check(project, outputs=registries, allow_future=allow_future)
    _show(report.problems, fmt)
    if not report.ok or (strict and report.problems):
        raise _Abort(1)
    article = report.article
    if fmt == "json" or article is None:
        return
    done = sum(s.state is SegmentState.TRANSLATED for s in article.segments)
    stale = sum(s.state is SegmentState.STALE for s in article.segments)
    pages = f"{article.year};{article.volume}({article.issue}):{article.fpage}-{article.lpage}"
    click.echo(f"ok: {project}")
    click.echo(f"  title (ru): {article.title.ru}")
    click.echo(f"  title (en): {article.title.en}")
    click.echo(f"  DOI:        {article.doi}  ({pages})")
    click.echo(f"  authors:    {len(article.authors)}: {', '.join(p.name_en.cited for p in article.authors)}")
    click.echo(f"  affiliations: {len(article.affiliations)}")
    click.echo(f"  references: {len(article.references)}, all cited")
    click.echo(f"  English:    {done}/{len(article.segments)} segments translated, {stale} stale")
    for registry in registries:
        click.echo(f"  {registry}: ready to deposit")


# -- the outputs: `build` and one command per row of the output table -----------------------------

# The command-line options of each Options field a row reads (WriterSpec.options).
OPTION_PARAMS: dict[str, tuple[click.Option, ...]] = {
    "jats_version": (
        click.Option(["--jats-version"], type=click.Choice(["1.3", "1.4"]), default="1.3", show_default=True),
    ),
    "langs": (
        click.Option(
            ["--lang", "langs"], multiple=True, type=click.Choice(["ru", "en"]), help="Only these editions."
        ),
    ),
    "destination": (
        click.Option(
            ["--to-provider"], help="Receiving service provider; with --to-publication, writes transfer.xml."
        ),
        click.Option(["--to-publication"], help="Receiving publication or service (e.g. an archive's name)."),
    ),
}


def _options(chosen: dict) -> Options:
    """The :class:`Options` of the row options given on the command line."""
    provider, publication = chosen.pop("to_provider", None), chosen.pop("to_publication", None)
    if (provider is None) != (publication is None):
        raise click.UsageError("--to-provider and --to-publication go together (transfer.xml needs both)")
    destination = Destination(provider, publication) if provider and publication else None
    langs = tuple(chosen.pop("langs", ())) or None
    return Options(jats_version=chosen.pop("jats_version", "1.3"), langs=langs, destination=destination)


def _params(fields: list[str]) -> list[click.Parameter]:
    return [param for name in dict.fromkeys(fields) for param in OPTION_PARAMS[name]]


def _schemas_option() -> click.Option:
    return click.Option(
        ["--schemas"],
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder holding the schemas (default: $PUBKIT_SCHEMAS, else the user cache).",
    )


def _project_argument() -> click.Argument:
    return click.Argument(
        ["project"],
        default=".",
        required=False,
        type=click.Path(file_okay=False, path_type=Path),
        callback=_find_project,
    )


def _draft_option() -> click.Option:
    return click.Option(
        ["--draft"],
        is_flag=True,
        help="Build even with missing or stale English; untranslated text is marked.",
    )


def _build(
    project: Path,
    output: Path | None,
    formats: tuple[str, ...],
    draft: bool,
    schemas: Path | None,
    jobs: int | None,
    force: bool,
    fail_fast: bool,
    allow_future: bool,
    **chosen: object,
) -> None:
    """Check the project (or every article of an issue folder) and write its outputs into build/.

    Unchanged sources and settings build nothing (--force rebuilds). An issue's articles build
    in parallel (-j, one worker per core by default); one that fails does not stop the others.
    """
    options = _options(chosen)
    if is_issue(project):
        _build_issue(
            project,
            output,
            list(formats) or None,
            options,
            draft,
            schemas,
            jobs,
            force,
            fail_fast,
            allow_future,
        )
        return
    report = run_build(
        project,
        output,
        list(formats) or None,
        options,
        draft=draft,
        schemas=schemas,
        force=force,
        allow_future=allow_future,
    )
    if report.unchanged:
        click.echo(f"unchanged: {project} (nothing to build; --force rebuilds)")
    _wrote(report)


def _build_issue(
    project, output, formats, options, draft, schemas, jobs, force, fail_fast, allow_future
) -> None:
    """An issue build with a progress bar on a terminal (a line per article otherwise) and a summary table."""
    from rich.console import Console  # here: only an issue build draws, and rich takes 30 ms to load
    from rich.progress import Progress
    from rich.table import Table

    console = Console(stderr=True)
    with contextlib.ExitStack() as stack:
        if console.is_terminal:
            bar = stack.enter_context(Progress(console=console, transient=True))
            task = bar.add_task("building", total=None)

            def progress(summary: ArticleSummary) -> None:
                bar.update(task, advance=1, description=f"{summary.name}: {summary.state}")
        else:

            def progress(summary: ArticleSummary) -> None:
                click.echo(f"{summary.name}: {summary.state} ({summary.seconds:.1f} s)", err=True)

        report = build_issue(
            project,
            output,
            formats,
            options,
            draft=draft,
            schemas=schemas,
            jobs=jobs or os.cpu_count() or 1,
            force=force,
            fail_fast=fail_fast,
            progress=progress,
            allow_future=allow_future,
        )
    _show(
        [
            *report.warnings,
            *(p for _, problems in report.failed for p in problems if p.severity is Severity.ERROR),
        ]
    )
    for path in report.written:
        click.echo(f"wrote {path}")
    table = Table("article", "state", "files", "warnings", "errors", "seconds", box=None)
    for item in report.articles:
        table.add_row(
            item.name,
            item.state,
            str(item.files),
            str(item.warnings),
            str(item.errors),
            f"{item.seconds:.1f}",
        )
    Console().print(table)
    if all(item.state == "unchanged" for item in report.articles) and not report.failed:
        click.echo(f"unchanged: {project} (nothing to build; --force rebuilds)")
    if report.failed:
        raise _Abort(1)


main_group.add_command(
    click.Command(
        "build",
        callback=_build,
        help=_build.__doc__,
        params=[
            _project_argument(),
            click.Option(
                ["-o", "--output"],
                type=click.Path(file_okay=False, path_type=Path),
                help="Build folder (PROJECT/build).",
            ),
            click.Option(
                ["-f", "--format", "formats"],
                multiple=True,
                type=click.Choice(list(WRITERS)),
                help="Only these outputs (default: all but " + ", ".join(ON_REQUEST) + ").",
            ),
            _draft_option(),
            _schemas_option(),
            click.Option(
                ["-j", "--jobs"],
                type=click.IntRange(min=1),
                help="Articles built at once, for an issue (default: one per core).",
            ),
            click.Option(
                ["--force"], is_flag=True, help="Rebuild even what is unchanged since the last build."
            ),
            click.Option(
                ["--fail-fast"], is_flag=True, help="Stop an issue's build at the first failing article."
            ),
            click.Option(
                ["--allow-future"],
                is_flag=True,
                help="Accept a publication date still to come (an issue built ahead).",
            ),
            *_params([field for spec in WRITERS.values() for field in spec.options]),
        ],
    )
)


def output_command(spec: WriterSpec) -> click.Command:
    """The command that writes the output of one row of the table (``pubkit jats``, ``pubkit pdf``, ...)."""

    def run(project: Path, output: Path | None, draft: bool, schemas: Path | None = None, **chosen) -> None:
        options = _options(chosen)
        if spec.target == "file" and not is_issue(project):
            _wrote(build_file(project, spec.name, output, options, draft=draft, schemas=schemas))
        else:
            _wrote(run_build(project, output, [spec.name], options, draft=draft, schemas=schemas))

    if spec.target == "file":
        out = click.Option(
            ["-o", "--output"],
            type=click.Path(dir_okay=False, path_type=Path),
            help="The file to write (default: in PROJECT/build/); for an issue folder, the build folder.",
        )
    else:
        out = click.Option(
            ["-o", "--output"],
            type=click.Path(file_okay=False, path_type=Path),
            help="Build folder (PROJECT/build).",
        )
    params = [_project_argument(), out, _draft_option(), *_params(list(spec.options))]
    if spec.schema:
        params.append(_schemas_option())
    return click.Command(spec.name, callback=run, params=params, help=spec.description)


for _spec in WRITERS.values():
    main_group.add_command(output_command(_spec))


def _verify(verify: Path | None, schemas: Path | None, **build_options) -> None:
    """Build the article's MECA submission package (a zip with manifest.xml), or --verify one."""
    if verify is None:
        return package_build(schemas=schemas, **build_options)
    result = verify_package(verify, schemas)
    _show(result.problems)
    if not result.ok:
        raise _Abort(1)
    click.echo(f"ok: {verify} ({result.verified} files match their SHA-256)")


# `pubkit package --verify FILE` checks a package instead of writing one.
package_command = main_group.commands["package"]
package_build = package_command.callback
package_command.callback = _verify
package_command.help = _verify.__doc__
package_command.params.append(
    click.Option(
        ["--verify"],
        type=click.Path(dir_okay=False, path_type=Path),
        help="Verify this MECA package (ours or another tool's) instead of building one.",
    )
)


@main_group.command()
@PROJECT
@LANG
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html", "jats", "csl-json", "ris", "bibtex"]),
    default="text",
    show_default=True,
)
@click.option(
    "--bib",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Format this .bib file on its own, in file order, instead of a project.",
)
def refs(project: Path, lang: str, fmt: str, bib: Path | None) -> None:
    """Print the reference list in the journal's style, numbered by first citation."""
    if bib is None:
        click.echo(reference_list(project, lang, fmt), nl=False)
        return
    if click.get_current_context().get_parameter_source("project") is not ParameterSource.DEFAULT:
        raise click.UsageError("give a PROJECT or --bib FILE, not both")
    click.echo(bib_reference_list(bib, lang, fmt), nl=False)


@main_group.command()
@PROJECT
@LANG
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "ris", "bibtex", "csl-json"]),
    default="text",
    show_default=True,
)
def cite(project: Path, lang: str, fmt: str) -> None:
    """Print how to cite the article ("For citation"), or export it for reference managers."""
    click.echo(citation(project, lang, fmt), nl=False)


@main_group.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--jats-version", type=click.Choice(["1.3", "1.4"]), help="Default: the file's dtd-version.")
@SCHEMAS
@click.option("--download", is_flag=True, hidden=True, help="Kept for scripts: fetching is the default now.")
@click.option(
    "--pmc", is_flag=True, help="Also run NCBI's PMC StyleChecker (its errors fail, its warnings are shown)."
)
def validate(file: Path, jats_version: str | None, schemas: Path | None, download: bool, pmc: bool) -> None:
    """Validate a JATS file against the official NLM JATS DTD (and PMC's StyleChecker with --pmc).

    The schemas are fetched into the user cache on first need.
    """
    problems = validate_file(file, schemas, jats_version, pmc=pmc)
    _show(problems)
    if any(p.severity is Severity.ERROR for p in problems):
        raise _Abort(1)
    click.echo(f"valid: {file}")


@main_group.group(name="schemas")
def schemas_group() -> None:
    """The schemas pubkit validates against: where they are, fetching them, installing a zip by hand."""


@schemas_group.command(name="where")
@SCHEMAS
def schemas_where_(schemas: Path | None) -> None:
    """Print the schemas folder in use (and why) and which schemas it holds."""
    found = schemas_where(schemas)
    click.echo(f"{found.folder} ({found.origin})")
    for kind, present in found.present.items():
        click.echo(f"  {kind:<18} {'installed' if present else 'missing'}")


@schemas_group.command(name="download")
@click.argument("kinds", nargs=-1, type=click.Choice(list(KINDS)))
def schemas_download_(kinds: tuple[str, ...]) -> None:
    """Fetch the schemas (default: all) into the user cache now, checking every file's SHA-256."""
    folder = schemas_download(kinds or None)
    click.echo(f"schemas ready in {folder}")


@schemas_group.command(name="install")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def schemas_install_(file: Path) -> None:
    """Install a schema package brought by hand (e.g. NLM's JATS-Publishing-1-3-MathML3-DTD.zip) into the cache."""
    for pack in schemas_install(file):
        click.echo(f"installed {pack.description}")


@main_group.command(name="new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--section", help="The section's id in journal.yaml (default: a TODO listing them).")
@click.option("--volume", help="The volume, if known.")
@click.option("--issue", help="The issue number, if known.")
@click.option("--year", type=int, help="The year of publication, if known.")
@click.option("--journal", "journal", is_flag=True, help="Make a journal folder (journal.yaml) instead.")
def new(
    directory: Path,
    section: str | None,
    volume: str | None,
    issue: str | None,
    year: int | None,
    journal: bool,
) -> None:
    """Start an article project in DIRECTORY from the journal.yaml above it: every key present and commented."""
    from .importers.new import new_journal, new_project

    if journal:
        click.echo(f"wrote {new_journal(directory)}; fill in its TODOs")
        return
    made = new_project(directory, section, volume, issue, year)
    click.echo(f"wrote {made.target}" + (f" (journal: {made.journal})" if made.journal else ""))
    if made.journal is None:
        click.echo("no journal.yaml above it: make one with `pubkit new --journal DIR`", err=True)
    if made.problems:
        click.echo(
            f"{len(made.problems)} field(s) to fill in: `pubkit check {made.target}` lists them", err=True
        )


@main_group.command()
@PROJECT
@click.option("--port", type=int, default=0, show_default=True, help="Port on 127.0.0.1 (0: a free one).")
@click.option("--pdf", is_flag=True, help="Build the PDFs too (slower rebuilds).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
def serve(project: Path, port: int, pdf: bool, open_browser: bool) -> None:
    """Live preview: build the pages (as --draft), serve them on 127.0.0.1, rebuild and reload on every change."""
    import webbrowser

    from .serve import Preview

    def told(built) -> None:
        if built.ok:
            click.echo(
                f"build {built.version}: ok in {built.seconds:.1f} s, {len(built.warnings)} warning(s)"
            )
        else:
            _show(built.problems)
            click.echo(f"build {built.version} failed; the pages show the problems", err=True)

    try:
        preview = Preview(project, pdf=pdf, port=port)
    except OSError as exc:
        raise PubkitError(
            Problem("serve.port", f"cannot listen on 127.0.0.1:{port}: {exc.strerror}")
        ) from exc
    try:
        told(preview.start())
        click.echo(f"serving {preview.url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(preview.url)
        preview.watch(told)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        preview.stop()


@main_group.group()
def deposit() -> None:
    """Submit a registry deposit (Crossref); build and check it first with `pubkit crossref` / `check --for`."""


@deposit.command(name="crossref")
@click.argument("target", default=".", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--test", is_flag=True, help="Send to Crossref's test system (test.crossref.org).")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@click.option("--endpoint", help="Deposit URL (default: $PUBKIT_CROSSREF_URL, else Crossref's).")
@click.option(
    "--schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding the schemas (default: $PUBKIT_SCHEMAS, the user cache).",
)
def deposit_crossref(
    target: Path, test: bool, dry_run: bool, endpoint: str | None, schemas: Path | None
) -> None:
    """Send TARGET's Crossref deposit: a *.crossref.xml file, an article project or an issue folder.

    The login comes from $PUBKIT_CROSSREF_USER and $PUBKIT_CROSSREF_PASSWORD. Crossref answers
    that it received the file; the result of the deposit comes later by e-mail to the depositor.
    """
    prepared = crossref_deposit(target, test=test, endpoint=endpoint, schemas=schemas)
    if dry_run:
        click.echo("\n".join(["dry run, nothing sent:", *prepared.describe()]))
        return
    answer = submit_crossref(prepared)
    click.echo(f"sent {prepared.name} to {prepared.endpoint}: {answer.status}")
    if answer.text:
        click.echo(f"  Crossref: {answer.text[:300]}")
    click.echo("  the deposit's result comes by e-mail to the depositor's address")


@main_group.group(name="import")
def import_group() -> None:
    """Bring material printed elsewhere into a project's sources."""


@import_group.command(name="refs")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=".bib file to write.")
@click.option(
    "--lang",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="Which of the journal's lists FILE holds.",
)
def import_refs(file: Path, output: Path | None, lang: str) -> None:
    """Read a printed reference list (one reference a line, numbered or not) into BibTeX; without -o, print it."""
    report = import_references(file, lang, output)
    _show(report.problems)
    if not report.count:
        raise _Abort(1)
    if output is None:
        click.echo(report.bib, nl=False)
    for path in report.written:
        click.echo(f"wrote {path}: {report.count} reference(s)")


@import_group.command(name="docx")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Project folder to make (or DIRECTORY)."
)
@click.option("--force", is_flag=True, help="Replace an existing non-empty folder.")
def import_docx(file: Path, directory: Path | None, output: Path | None, force: bool) -> None:
    """Make an article project from a Word manuscript; what it lacks is listed in DIR/IMPORT-REPORT.md."""
    from .importers import import_docx as run_import

    if (directory is None) == (output is None):
        raise click.UsageError("give the project folder once: pubkit import docx FILE.docx -o DIR")
    output = output or directory
    done = run_import(file, output, force)
    for gap in done.gaps:
        click.echo(f"{file}: {gap.source}: missing or unclear: {gap.what} -> {gap.target}", err=True)
    counts = f"{done.authors} author(s), {done.affiliations} affiliation(s), {done.references} reference(s)"
    click.echo(f"wrote {done.target}: {counts}, {done.figures} figure(s)")
    errors = sum(p.severity is Severity.ERROR for p in done.problems)
    if done.report is not None:
        click.echo(f"wrote {done.report}: {len(done.gaps)} gap(s); pubkit check: {errors} error(s)")


@import_group.command(name="jats")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder to make (new or empty).",
)
@click.option("--force", is_flag=True, help="Write into a non-empty folder, replacing its project files.")
def import_jats(file: Path, output: Path, force: bool) -> None:
    """Make an article project from a JATS article (the journal's archive, or pubkit's own JATS)."""
    from .importers.jats_project import REPORT
    from .importers.jats_project import import_jats as run_import

    report = run_import(file, output, force)
    _show(report.problems)
    click.echo(f"wrote {output}: {', '.join(report.written)}")
    for line in report.summary:
        click.echo(f"  {line}")
    verdict = "passes" if report.check_ok else f"fails: its problems are listed in {output / REPORT}"
    click.echo(f"  pubkit check {verdict}")


@main_group.group()
def i18n() -> None:
    """The translators' workflow: keep translations/en.po in step with the Russian sources."""


@i18n.command()
@PROJECT
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="POT file to write.")
def extract(project: Path, output: Path | None) -> None:
    """Write the template of every translatable segment (PROJECT/translations/article.pot)."""
    from .i18n import extract as run_extract

    click.echo(f"wrote {run_extract(project, output)}")


@i18n.command()
@PROJECT
@click.option("--trust-memory", is_flag=True, help="File exact memory matches as translated, not fuzzy.")
def update(project: Path, trust_memory: bool) -> None:
    """Merge the template into translations/en.po: changed Russian → fuzzy, removed segments → obsolete.

    New segments get the English of exact matches in the journal's translation memory.
    """
    from .i18n import update as run_update

    report = run_update(project, trust_memory)
    verb = "updated" if report.changed else "unchanged:"
    click.echo(
        f"{verb} {report.path}: {report.kept} kept, {report.moved} moved, {report.fuzzy} fuzzy, "
        f"{report.added} new, {report.obsoleted} obsolete, {report.from_memory} from memory"
    )
    for match in report.close:
        click.echo(f"  close match for {match.segment_id} ({match.score:.0%}): {match.diff}")
        click.echo(f"    memory English: {match.en}")


@i18n.group()
def memory() -> None:
    """The journal's translation memory (translation-memory.tmx next to journal.yaml)."""


@memory.command(name="update")
@PROJECT
def memory_update(project: Path) -> None:
    """Add every translated segment of the article to the journal's translation memory."""
    from .i18n.memory import update_memory

    report = update_memory(project)
    verb = "updated" if report.changed else "unchanged:"
    click.echo(
        f"{verb} {report.path}: {report.units} unit(s), {report.added} added, {report.replaced} replaced"
    )


@i18n.command()
@PROJECT
@click.option(
    "--check", "gate", is_flag=True, help="Exit 1 unless everything is translated and nothing is stale."
)
def status(project: Path, gate: bool) -> None:
    """Segments and words translated, stale and missing, with a word diff of each stale segment's Russian."""
    from .i18n.status import render_status
    from .i18n.status import status as run_status

    report = run_status(project)
    click.echo(render_status(report))
    if gate and not report.complete:
        raise _Abort(1)


@i18n.command()
@PROJECT
@click.option("--format", "fmt", type=click.Choice(["xliff", "po"]), default="xliff", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--pending", is_flag=True, help="Only the segments still to translate (missing or stale).")
def export(project: Path, fmt: str, output: Path, pending: bool) -> None:
    """Export the catalog, brought up to date with the sources, as XLIFF 1.2 or PO for a CAT tool."""
    from .i18n import export as run_export
    from .i18n.catalogs import write_if_changed

    write_if_changed(output, run_export(project, fmt, pending))
    click.echo(f"wrote {output}")


@i18n.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@PROJECT
def import_(file: Path, project: Path) -> None:
    """Write the translations of an XLIFF (1.2 or 1.1) or PO FILE into translations/en.po."""
    from .i18n import import_file

    report = import_file(project, file)
    _show(report.problems)
    click.echo(f"{len(report.changed)} segment(s) changed in {report.path}")
    if any(p.severity is Severity.ERROR for p in report.problems):
        raise _Abort(1)


@i18n.command(name="qa")
@PROJECT
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="How to list findings."
)
def qa_(project: Path, fmt: str) -> None:
    """Translation QA of every translated segment: numbers, citations, identifiers, names, glossary, ..."""
    from .i18n.qa import qa

    report = qa(project)
    _show(report.problems, fmt)
    if fmt == "text" and not report.problems:
        click.echo(f"no findings in {report.checked} translated segment(s)")
    if not report.ok:
        raise _Abort(1)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; the only place that catches everything, so bugs look like bugs."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        main_group.main(args=argv, prog_name="pubkit", standalone_mode=False)
    except _Abort as stop:
        return stop.code
    except PubkitError as exc:
        _show(exc.problems)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except Exception:  # the one broad catch: bugs are reported, never shown as a bare traceback
        command = " ".join(["pubkit", *(argv if argv is not None else sys.argv[1:])])
        click.echo(f"pubkit: internal error, please report it with the command: {command}", err=True)
        if debug:
            traceback.print_exc()
        else:
            click.echo("(run again with --debug to see the traceback)", err=True)
        return 4
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
