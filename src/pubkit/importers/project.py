"""A read manuscript → an article project folder, written atomically, with ``IMPORT-REPORT.md`` for the gaps.

The folder holds what the manuscript says and nothing invented: ``manuscript/article.yaml``
(the Russian metadata and both spellings of names), ``manuscript/article.md`` (the body)
and its figures, ``refs.bib`` (the reference list through :func:`pubkit.refs.parse.parse_references`)
and ``translations/en.po`` (the English title, abstract, keywords and affiliation names, as
translations of their segments). A datum the manuscript lacks is left out, so ``pubkit
check`` names it, and it is listed in the report with the place it would go.

The project is built in a hidden sibling folder, checked there, and renamed into place:
a failure leaves nothing in the target, and an existing non-empty target is replaced only
with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..checks import check
from ..i18n.catalogs import segments_catalog
from ..model import Journal
from ..problems import EnvironmentProblem, Problem, Problems, PubkitError, Severity
from ..refs.export import entries_to_bibtex
from ..refs.parse import parse_references
from ..sources import load_project
from ..sources.metadata import read_journal
from ..sources.project import find_journal
from ..tools import ast_to
from .body import prepare
from .docx import read_docx
from .manuscript import Gap, Manuscript
from .metadata import REPORT, article_yaml, english_segments

# Typographic characters as typed (no "--" for "–"); tables as pipe or grid tables, never the simple or
# multiline kinds, whose layout hangs on column widths.
_MARKDOWN = "markdown-smart-simple_tables-multiline_tables"
_SHOWN = (".png", ".jpg", ".jpeg", ".gif", ".svg")  # image formats the HTML and PDF outputs can show
_EN_FIELDS = ("title_en", "booktitle_en", "journal_en", "publisher_en", "address_en", "type_en", "author_en")


@dataclass(frozen=True, slots=True)
class DocxImport:
    """What ``import docx`` did: the folder written, the gaps found, and ``pubkit check``'s problems there."""

    target: Path
    gaps: tuple[Gap, ...]
    problems: tuple[Problem, ...]
    authors: int
    affiliations: int
    references: int
    figures: int
    report: Path | None


def import_docx(source: Path, target: Path, force: bool = False) -> DocxImport:
    """Make the article project ``target`` from the Word manuscript ``source``."""
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not force)):
        raise PubkitError(
            Problem(
                "import.exists",
                "exists and is not an empty folder; expected a new or empty folder (or --force to replace it)",
                file=str(target),
            )
        )
    if force and target.is_dir() and source.resolve().is_relative_to(target.resolve()):
        raise PubkitError(
            Problem(
                "import.exists",
                f"holds the manuscript {source}, which --force would delete; expected another folder",
                file=str(target),
            )
        )
    manuscript = read_docx(source)
    journal = _journal(target)
    files, counts = _sources(manuscript, journal)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.import-", dir=target.parent))
    try:
        _write(staging, files)
        _write(
            staging,
            {
                "translations/en.po": _catalog(
                    staging, manuscript, counts["affiliation_ids"], counts["author_ids"]
                )
            },
        )
        problems = tuple(check(load_project(staging)))
        gaps = (*manuscript.gaps, *_untranslated_body(problems))
        report = None
        if gaps or problems:
            _write(staging, {REPORT: _report(manuscript, gaps, problems).encode("utf-8")})
            report = target / REPORT
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return DocxImport(
        target,
        tuple(gaps),
        tuple(problems),
        len(manuscript.authors),
        len(manuscript.affiliations),
        counts["references"],
        len(manuscript.media),
        report,
    )


def _journal(target: Path) -> Journal | None:
    path = find_journal(target)
    if path is None:
        return None
    try:
        return read_journal(path.read_text(encoding="utf-8"), str(path), Problems())
    except (OSError, UnicodeDecodeError):
        return None


def _sources(m: Manuscript, journal: Journal | None) -> tuple[dict[str, bytes], dict]:
    keys, bib, count = _references(m)
    blocks = prepare(m.body, keys, m.gaps)
    ast = {"pandoc-api-version": m.api_version, "meta": {}, "blocks": blocks}
    body = ast_to(ast, _MARKDOWN, what=m.file, extra=("--wrap=none",)) if blocks else ""
    for name in sorted(m.media):
        if Path(name).suffix.lower() not in _SHOWN:
            m.gaps.append(
                Gap(
                    f"figure {name}: a format the outputs cannot show",
                    f"manuscript/{name} (save it as PNG or JPEG)",
                )
            )
    article, affiliation_ids, author_ids = article_yaml(m, journal)
    files = {
        "manuscript/article.yaml": article.encode("utf-8"),
        "manuscript/article.md": body.encode("utf-8"),
        **{f"manuscript/{name}": data for name, data in sorted(m.media.items())},
    }
    if bib is not None:
        files["refs.bib"] = bib.encode("utf-8")
    return files, {"references": count, "affiliation_ids": affiliation_ids, "author_ids": author_ids}


def _references(m: Manuscript) -> tuple[dict[str, str], str | None, int]:
    """The reference list(s) as BibTeX; number → key. With both lists, the Russian one gets the English's ``_en`` fields."""
    if not m.references:
        m.gaps.append(Gap("the reference list ('Литература' or 'References')", "refs.bib"))
        return {}, None, 0
    parsed = {}
    for lang, items in m.references.items():
        text = "\n".join(item for _, item in items) + "\n"
        imported = parse_references(text, "refs.bib", lang)
        failed = {p.line for p in imported.problems if p.code == "ref.parse"}
        entries = iter(imported.entries)
        numbered = {}
        for line, (number, _) in enumerate(items, start=1):
            if line not in failed:
                numbered[number] = next(entries)
        parsed[lang] = numbered
        at = m.reference_paragraphs.get(lang)
        for problem in imported.problems:
            if lang == "en" and "ru" in m.references and problem.code == "ref.missing-original":
                continue  # the Russian list gives the original, merged below
            number = items[problem.line - 1][0] if problem.line else "?"
            m.gaps.append(
                Gap(
                    f"{problem.message} [{problem.code}]",
                    f"refs.bib: {problem.field}" if problem.field else "refs.bib",
                    f"reference {number} of the list at paragraph {at}",
                )
            )
    main = parsed.get("ru") or parsed.get("en") or {}
    if "ru" in parsed and "en" in parsed:
        for number, (_, entry) in main.items():
            english = parsed["en"].get(number)
            if english is not None and entry.fields.get("langid") == "russian":
                for name in _EN_FIELDS:
                    if name in english[1].fields and name not in entry.fields:
                        entry.fields[name] = english[1].fields[name]
    keys = {number: key for number, (key, _) in main.items()}
    return keys, entries_to_bibtex(list(main.values())), len(main)


def _catalog(staging: Path, m: Manuscript, affiliation_ids: dict[str, str], author_ids: list[str]) -> bytes:
    """``translations/en.po``: every segment of the written sources, with the manuscript's English where it has one."""
    english = english_segments(m, affiliation_ids, author_ids)
    return segments_catalog(load_project(staging), lambda s: english.get(s.id, ""))


def _untranslated_body(problems: tuple[Problem, ...]) -> list[Gap]:
    body = [p.field for p in problems if p.code == "i18n.missing" and p.field and p.field.startswith("body.")]
    if not body:
        return []
    return [
        Gap(
            f"the English of the body: {len(body)} segment(s) (a manuscript has no English text of the body)",
            "translations/en.po: body.* (pubkit i18n export --pending -o todo.xlf)",
        )
    ]


def _report(m: Manuscript, gaps: tuple[Gap, ...], problems: tuple[Problem, ...]) -> str:
    lines = [
        "# Import report",
        "",
        f"`pubkit import docx {Path(m.file).name}`: what the manuscript did not give, or gave unclearly.",
        "Nothing below was filled in; add each item where the table says, then run `pubkit check`.",
        "",
    ]
    if gaps:
        lines += ["| what | where it goes | found in |", "|---|---|---|"]
        lines += [f"| {_cell(g.what)} | {_cell(g.target)} | {_cell(g.source)} |" for g in gaps]
        lines.append("")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    lines += [
        "## `pubkit check` after the import",
        "",
        f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)" + (":" if problems else "."),
        "",
    ]
    if problems:
        lines += ["```", *(p.render() for p in problems), "```", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _write(root: Path, files: dict[str, bytes]) -> None:
    try:
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    except OSError as exc:
        raise EnvironmentProblem(
            Problem("import.unwritable", f"cannot write the project: {exc.strerror}", file=str(exc.filename))
        ) from exc


def _swap(staging: Path, target: Path) -> None:
    """Rename the finished project into place; an old target is moved aside first and removed last."""
    old = None
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(staging, target)
    except OSError as exc:
        if old is not None and (old / target.name).exists() and not target.exists():
            os.replace(old / target.name, target)
        raise EnvironmentProblem(
            Problem(
                "import.unwritable", f"cannot move the project into place: {exc.strerror}", file=str(target)
            )
        ) from exc
    if old is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
