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
from .build import build as run_build
from .build import check as run_check
from .model import SegmentState
from .problems import Problem, PubkitError, Severity
from .writers import WRITERS, Options

PROJECT = click.argument(
    "project", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
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
    "-f", "--format", "formats", multiple=True, type=click.Choice(sorted(WRITERS)), help="Only these outputs."
)
def build(project: Path, output: Path | None, formats: tuple[str, ...]) -> None:
    """Check the project and write its outputs into build/."""
    report = run_build(project, output, list(formats) or None, Options())
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
    from .refs.render import html_list, numbered_text, ref_list

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
    "--format", "fmt", type=click.Choice(["text", "ris", "bibtex", "csl-json"]), default="text", show_default=True
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
