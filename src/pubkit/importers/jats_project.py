"""Writing what :mod:`.jats` read as an article project folder, atomically, with ``IMPORT-REPORT.md``.

Everything is written into a staging folder beside the target first: ``article.yaml``,
``article.md``, ``refs.bib``, the figures, ``journal.yaml`` when no journal file exists
above the target, then ``translations/en.po``, made from the staged project's own
segments (so every ``msgid`` is exactly the Russian pubkit reads back), and last the
report, which includes what ``pubkit check`` says of the staged project. Only then is
the staging folder renamed into place; on any failure it is removed and the target is
left as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import layout
from ..build import check
from ..draft import DRAFT_MARK
from ..i18n.catalogs import catalog_bytes, merge
from ..i18n.segments import TemplateEntry
from ..model import Journal
from ..po import PoEntry, PoFile
from ..problems import EnvironmentProblem, Problem, Problems, PubkitError, Severity
from ..refs.export import entries_to_bibtex
from ..sources import load_project
from ..sources.body import _CYRILLIC, _inlines_to_markdown, _walk
from ..sources.metadata import read_journal
from ..sources.project import find_journal
from ..tools import markdown_to_ast
from .jats import ImportedArticle, read_jats

REPORT = "IMPORT-REPORT.md"
ARTICLE = "manuscript/article.yaml"
BODY = "manuscript/article.md"
BIB = "refs.bib"
CATALOG = "translations/en.po"
JOURNAL = f"{layout.MANUSCRIPT}/{layout.JOURNAL}"
# What an import writes; with --force, an old copy of any of them that this import does not write is removed
# (so nothing stale is left). The journal file is not among them: an import only writes one where none exists.
PROJECT_FILES = (ARTICLE, BODY, BIB, CATALOG, REPORT)


@dataclass(frozen=True, slots=True)
class JatsImportReport:
    """What ``import jats`` did: the folder, the files written, the import's and ``pubkit check``'s problems."""

    target: Path
    written: tuple[str, ...]
    problems: tuple[Problem, ...]
    check_problems: tuple[Problem, ...]
    summary: tuple[str, ...]

    @property
    def check_ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.check_problems)


def _dump_yaml(data: Mapping, comment: str) -> bytes:
    text = yaml.safe_dump(
        dict(data), allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    return (f"# {comment}\n" + text).encode("utf-8")


def _journal(target: Path) -> Journal | None:
    """The journal file pubkit would use for ``target``; an unreadable or invalid one stops the import."""
    path = find_journal(target)
    if path is None:
        return None
    problems = Problems()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PubkitError(
            Problem("import.journal", f"cannot read the journal file: {exc}", file=str(path))
        ) from exc
    journal = read_journal(text, str(path), problems)
    if journal is None or problems.errors:
        raise PubkitError(
            problems.errors
            or [
                Problem(
                    "import.journal",
                    "the journal file is incomplete; expected pubkit's journal.yaml",
                    file=str(path),
                )
            ]
        )
    return journal


def _refuse(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise PubkitError(
            Problem("import.target", "is not a folder; expected a folder for the project", file=str(target))
        )
    if target.is_dir() and any(target.iterdir()) and not force:
        raise PubkitError(
            Problem(
                "import.target",
                "the folder is not empty; expected a new or empty folder (or --force to overwrite the project files)",
                file=str(target),
            )
        )


def _english_body(imported: ImportedArticle) -> dict[str, str]:
    """Each Russian body segment's English: the two bodies walked in step, matched by segment id."""
    if imported.body_ru is None or imported.body_en is None:
        return {}
    file = imported.source
    ast_ru = markdown_to_ast(imported.body_ru.markdown, what=file)
    ast_en = markdown_to_ast(imported.body_en.markdown, what=file)
    quiet = Problems()
    slots_ru = list(_walk(ast_ru["blocks"], "", {}, quiet, file))
    slots_en = list(_walk(ast_en["blocks"], "", {}, quiet, file))
    texts_ru = _inlines_to_markdown(ast_ru, slots_ru, file)
    texts_en = _inlines_to_markdown(ast_en, slots_en, file)
    english = {slot.id: text for slot, text in zip(slots_en, texts_en, strict=True)}
    out = {}
    unmatched = 0
    for slot, text in zip(slots_ru, texts_ru, strict=True):
        if not _CYRILLIC.search(text):
            continue
        en = english.get(slot.id)
        if en and not en.startswith(DRAFT_MARK) and not _CYRILLIC.search(en):
            out[slot.id] = en
        elif not en:
            unmatched += 1
    if unmatched:
        imported.problems.warning(
            "import.translation",
            f"{unmatched} body segment(s) have no counterpart in the English sub-article (its structure differs); "
            "they are left untranslated",
            file=file,
        )
    return out


def _catalog(staging: Path, english: Mapping[str, str]) -> bytes:
    """``translations/en.po`` for the staged project: its segments, with the English the JATS gave."""
    loaded = load_project(staging)
    template = [TemplateEntry(s.id, s.ru, s.file, s.line) for s in loaded.segments]
    entries = tuple(PoEntry(t.id, t.ru, english[t.id]) for t in template if english.get(t.id))
    merged, _ = merge(template, PoFile(None, entries))
    return catalog_bytes(loaded, merged)


def _write(root: Path, files: Mapping[str, bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _summary(imported: ImportedArticle, english: Mapping[str, str], segments: int) -> list[str]:
    article = imported.article
    lines = [
        f"title: {article.get('title', '(none)')}",
        f"DOI: {article.get('doi', '(none)')}",
        f"authors: {len(article.get('authors', []))}, affiliations: {len(article.get('affiliations', {}))}",
        f"abstract sections: {len(article.get('abstract', []))}, keywords: {len(article.get('keywords', []))}",
        f"references: {len(imported.references)}",
        "body: "
        + ("yes" if imported.body_ru else "none")
        + ", English body: "
        + ("yes" if imported.body_en else "none"),
        f"English: {len(english)} of {segments} segment(s)",
    ]
    return lines


def _report(
    imported: ImportedArticle,
    summary: list[str],
    problems: list[Problem],
    check_problems: tuple[Problem, ...],
) -> bytes:
    source = Path(imported.source).name
    out = [f"# Import report: `{source}`", "", "Made by `pubkit import jats`.", "", "## Imported", ""]
    out += [f"- {line}" for line in summary]
    out += ["", f"## Problems of the import ({len(problems)})", ""]
    out += [f"- `{p.render()}`" for p in problems] or ["None."]
    errors = sum(p.severity is Severity.ERROR for p in check_problems)
    out += ["", f"## `pubkit check` ({errors} error(s), {len(check_problems) - errors} warning(s))", ""]
    out += [f"- `{p.render()}`" for p in check_problems] or ["The project passes."]
    if imported.not_imported:
        out += ["", "## Not imported", "", "Text the JATS holds that has no place in the project:", ""]
        for what, text in imported.not_imported:
            out += [f"### {what}", "", text, ""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _place(staging: Path, target: Path, written: list[str]) -> None:
    """Move the staged project into ``target``: one rename for a new folder, file by file into an old one."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
        return
    for name in PROJECT_FILES:
        if name not in written and (target / name).is_file():
            (target / name).unlink()
    for name in written:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, destination)
    shutil.rmtree(staging)


def import_jats(source: Path, target: Path, force: bool = False) -> JatsImportReport:
    """Make the article project ``target`` from the JATS file ``source``; see the module docstring.

    Raises :class:`PubkitError` (nothing written) when ``source`` is not a readable JATS
    article or ``target`` is not an empty folder (unless ``force``).
    """
    _refuse(target, force)
    journal = _journal(target)
    imported = read_jats(source, journal)
    files: dict[str, bytes] = {}
    name = source.name
    files[ARTICLE] = _dump_yaml(
        imported.article,
        f"Article metadata imported from {name} by pubkit import jats (see {REPORT}). "
        "Russian texts; their English is in translations/en.po.",
    )
    if imported.body_ru is not None:
        files[BODY] = imported.body_ru.markdown.encode("utf-8")
    if imported.references:
        files[BIB] = entries_to_bibtex([(ref.key, ref.entry) for ref in imported.references]).encode("utf-8")
    else:
        imported.problems.warning(
            "import.missing", "no references in the JATS; refs.bib is not written", file=str(source)
        )
    if journal is None and imported.journal:
        files[JOURNAL] = _dump_yaml(
            imported.journal, f"Journal metadata imported from {name} (see {REPORT})."
        )
    for target_name, data in imported.images.items():
        files[f"manuscript/{target_name}"] = data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.import-"))
    except OSError as exc:
        raise EnvironmentProblem(
            Problem("import.unwritable", f"cannot write the project: {exc.strerror}", file=str(target))
        ) from exc
    try:
        _write(staging, files)
        english = {**imported.english, **_english_body(imported)}
        files[CATALOG] = _catalog(staging, english)
        _write(staging, {CATALOG: files[CATALOG]})
        report = check(staging)
        segments = len(load_project(staging).segments)
        summary = _summary(imported, english, segments)
        problems = list(imported.problems)
        files[REPORT] = _report(imported, summary, problems, report.problems)
        _write(staging, {REPORT: files[REPORT]})
        _place(staging, target, list(files))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise EnvironmentProblem(
            Problem(
                "import.unwritable",
                f"cannot write the project: {exc.strerror}",
                file=str(exc.filename or target),
            )
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return JatsImportReport(target, tuple(files), tuple(problems), report.problems, tuple(summary))
