"""The ``pubkit`` command: argv ⇄ the build and check API. Only this module prints and exits.

Exit codes: 0 ok (warnings printed), 1 problems in the sources (or warnings under
``--strict``), 2 usage error, 3 environment (a tool missing or failing, an output
that cannot be written), 4 internal error.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .build import FORMATS
from .build import build as run_build
from .build import check as run_check
from .model import SegmentState
from .problems import Problem, PubkitError, Severity
from .writers import Options

PROJECT = click.argument(
    "project", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)
DRAFT = click.option(
    "--draft", is_flag=True, help="Build even with missing or stale English; untranslated text is marked."
)


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


class _Abort(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pubkit")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main_group(ctx: click.Context, debug: bool) -> None:
    """pubkit: bilingual (Russian/English) JATS, HTML, PDF and citations from an article's sources."""
    ctx.obj = {"debug": debug}


@main_group.command()
@PROJECT
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="How to list problems."
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def check(project: Path, fmt: str, strict: bool) -> None:
    """Load and validate an article project (default: the current folder)."""
    report = run_check(project)
    _show(report.problems, fmt)
    if not report.ok or (strict and report.problems):
        raise _Abort(1)
    article = report.article
    if fmt == "json" or article is None:
        return
    done = sum(s.state is SegmentState.TRANSLATED for s in article.segments)
    stale = sum(s.state is SegmentState.STALE for s in article.segments)
    authors = ", ".join(f"{p.name_en.surname} {p.name_en.initials}" for p in article.authors)
    click.echo(f"ok: {project}")
    click.echo(f"  title (ru): {article.title.ru}")
    click.echo(f"  title (en): {article.title.en}")
    click.echo(
        f"  DOI:        {article.doi}  ({article.year};{article.volume}({article.issue}):{article.fpage}-{article.lpage})"
    )
    click.echo(f"  authors:    {len(article.authors)}: {authors}")
    click.echo(f"  affiliations: {len(article.affiliations)}")
    click.echo(f"  references: {len(article.references)}, all cited")
    click.echo(f"  English:    {done}/{len(article.segments)} segments translated, {stale} stale")


@main_group.command()
@PROJECT
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Build folder (PROJECT/build)."
)
@click.option(
    "-f", "--format", "formats", multiple=True, type=click.Choice(sorted(FORMATS)), help="Only these outputs."
)
@DRAFT
def build(project: Path, output: Path | None, formats: tuple[str, ...], draft: bool) -> None:
    """Check the project and write its outputs into build/."""
    report = run_build(project, output, list(formats) or None, Options(draft=draft))
    _show(report.warnings)
    for path in report.written:
        click.echo(f"wrote {path}")


@main_group.command()
@PROJECT
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Build folder (PROJECT/build)."
)
@DRAFT
def html(project: Path, output: Path | None, draft: bool) -> None:
    """Write the article's web pages: ru/index.html and en/index.html with their assets."""
    report = run_build(project, output, ["html"], Options(draft=draft))
    _show(report.warnings)
    for path in report.written:
        click.echo(f"wrote {path}")


LANG = click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True)


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
def refs(project: Path, lang: str, fmt: str) -> None:
    """Print the reference list in the journal's style, numbered by first citation."""
    from lxml import etree

    from .build import references
    from .refs.export import export_references
    from .refs.render import html_list, numbered_text
    from .writers.jats.back import ref_list

    cited = references(project)
    if fmt == "text":
        click.echo(numbered_text(cited, lang), nl=False)
    elif fmt == "html":
        click.echo(html_list(cited, lang), nl=False)
    elif fmt == "jats":
        click.echo(etree.tostring(ref_list(cited), encoding="unicode", pretty_print=True), nl=False)
    else:
        click.echo(export_references(cited, lang, fmt), nl=False)


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
    from .build import load
    from .refs.cite import article_citation
    from .refs.export import export_article

    article = load(project)
    if fmt == "text":
        click.echo(article_citation(article, lang))
    else:
        click.echo(export_article(article, lang, fmt), nl=False)


@main_group.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The zip to write (PROJECT/build/<doi-suffix>.meca.zip).",
)
@click.option(
    "--verify",
    "verify",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Verify this MECA package (ours or another tool's) instead of building one.",
)
@click.option(
    "--schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding meca/ and the JATS DTDs (default: $PUBKIT_SCHEMAS, then ../shared/schemas).",
)
@click.option("--to-provider", help="Receiving service provider; with --to-publication, writes transfer.xml.")
@click.option("--to-publication", help="Receiving publication or service (e.g. an archive's name).")
def package(
    project: Path,
    output: Path | None,
    verify: Path | None,
    schemas: Path | None,
    to_provider: str | None,
    to_publication: str | None,
) -> None:
    """Build the article's MECA submission package (a zip with manifest.xml), or --verify one."""
    from .build import package as run_package
    from .package_verify import verify_file
    from .writers.package import Destination

    if verify is not None:
        result = verify_file(verify, schemas)
        _show(result.problems)
        if not result.ok:
            raise _Abort(1)
        click.echo(f"ok: {verify} ({result.verified} files match their SHA-256)")
        return
    if (to_provider is None) != (to_publication is None):
        raise click.UsageError("--to-provider and --to-publication go together (transfer.xml needs both)")
    destination = Destination(to_provider, to_publication) if to_provider and to_publication else None
    report = run_package(project, output, Options(), destination)
    _show(report.warnings)
    for path in report.written:
        click.echo(f"wrote {path}")


SCHEMAS = click.option(
    "--schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder holding jats-publishing-1.x/ (default: $PUBKIT_SCHEMAS, ../shared/schemas, the user cache).",
)


@main_group.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File (PROJECT/build/article.jats.xml).",
)
@click.option("--jats-version", type=click.Choice(["1.3", "1.4"]), default="1.3", show_default=True)
@SCHEMAS
@DRAFT
def jats(project: Path, output: Path | None, jats_version: str, schemas: Path | None, draft: bool) -> None:
    """Write the article as JATS XML, validated against the NLM DTD; an invalid file is never written."""
    from .build import load, write_files
    from .writers import Asset
    from .writers.jats import FILENAME, write_jats

    article = load(project, draft)
    options = Options(jats_version=jats_version, schemas=str(schemas) if schemas else None, draft=draft)
    main_file, *figures = write_jats(article, options).files
    target = output or project / "build" / FILENAME
    written = write_files(target.parent, [Asset(target.name, main_file.data), *figures])
    for path in written:
        click.echo(f"wrote {path}")


@main_group.command()
@PROJECT
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), help="Build folder (PROJECT/build)."
)
@click.option("--lang", "langs", multiple=True, type=click.Choice(["ru", "en"]), help="Only these editions.")
@DRAFT
def pdf(project: Path, output: Path | None, langs: tuple[str, ...], draft: bool) -> None:
    """Typeset the article as PDF with Typst: <doi-suffix>.ru.pdf, and .en.pdf once the English body exists."""
    from .build import load, write_files
    from .writers.pdf import write_pdf

    article = load(project, draft)
    files = write_pdf(article, Options(draft=draft), tuple(langs) or None).files
    for path in write_files(output or project / "build", list(files)):
        click.echo(f"wrote {path}")


@main_group.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--jats-version", type=click.Choice(["1.3", "1.4"]), help="Default: the file's dtd-version.")
@SCHEMAS
@click.option(
    "--download", is_flag=True, help="Fetch the official NLM DTDs into the user cache if none is found."
)
def validate(file: Path, jats_version: str | None, schemas: Path | None, download: bool) -> None:
    """Validate a JATS file against the official NLM JATS DTD, offline."""
    from .problems import EnvironmentProblem
    from .schemas import cache_dir, download_jats_dtd, locate_schemas
    from .validation import validate_jats

    try:
        folder = locate_schemas(schemas)
    except EnvironmentProblem:
        if not download or schemas is not None:
            raise
        download_jats_dtd(jats_version or "1.3")
        folder = cache_dir()
    errors = validate_jats(file.read_bytes(), folder, jats_version)
    _show(
        [
            Problem("jats.invalid", error.partition(": ")[2], file=str(file), line=_line(error))
            for error in errors
        ]
    )
    if errors:
        raise _Abort(1)
    click.echo(f"valid: {file}")


def _line(error: str) -> int | None:
    """The line number of a ``line N: message`` validation error."""
    head = error.partition(": ")[0]
    return int(head[5:]) if head.startswith("line ") and head[5:].isdigit() else None


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
def update(project: Path) -> None:
    """Merge the template into translations/en.po: changed Russian → fuzzy, removed segments → obsolete."""
    from .i18n import update as run_update

    report = run_update(project)
    verb = "updated" if report.changed else "unchanged:"
    click.echo(
        f"{verb} {report.path}: {report.kept} kept, {report.moved} moved, {report.fuzzy} fuzzy, "
        f"{report.added} new, {report.obsoleted} obsolete"
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
def export(project: Path, fmt: str, output: Path) -> None:
    """Export the catalog, brought up to date with the sources, as XLIFF 1.2 or PO for a CAT tool."""
    from .i18n import export as run_export
    from .i18n.catalogs import write_if_changed

    write_if_changed(output, run_export(project, fmt))
    click.echo(f"wrote {output}")


@i18n.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@PROJECT
def import_(file: Path, project: Path) -> None:
    """Write the translations of an XLIFF 1.2 or PO FILE into translations/en.po."""
    from .i18n import import_file

    report = import_file(project, file)
    _show(report.problems)
    click.echo(f"{len(report.changed)} segment(s) changed in {report.path}")
    if any(p.severity is Severity.ERROR for p in report.problems):
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
