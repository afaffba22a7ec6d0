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
import datetime
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..checks import check
from ..i18n.catalogs import catalog_bytes
from ..i18n.notes import segment_notes
from ..i18n.pofile import PoEntry, PoFile
from ..model import Journal
from ..problems import EnvironmentProblem, Problem, Problems, PubkitError, Severity
from ..refs.export import entries_to_bibtex
from ..refs.parse import parse_references
from ..refs.translit import transliterate
from ..sources import load_project
from ..sources.metadata import read_journal
from ..sources.project import find_journal
from ..tools import ast_to
from . import frontmatter as fm
from .body import prepare
from .docx import Gap, Manuscript, read_docx

REPORT = "IMPORT-REPORT.md"
# Typographic characters as typed (no "--" for "–"), and pipe tables where the cells allow them.
_MARKDOWN = "markdown-smart-simple_tables-multiline_tables"
_DATES = ("received", "accepted", "published")
_REQUIRED = ("doi", "volume", "issue", "fpage", "lpage", "year")
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
    article, affiliation_ids, author_ids = _article(m, journal)
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
    main = parsed.get("ru") or parsed["en"]
    if "ru" in parsed and "en" in parsed:
        for number, (_, entry) in main.items():
            english = parsed["en"].get(number)
            if english is not None and entry.fields.get("langid") == "russian":
                for name in _EN_FIELDS:
                    if name in english[1].fields and name not in entry.fields:
                        entry.fields[name] = english[1].fields[name]
    keys = {number: key for number, (key, _) in main.items()}
    return keys, entries_to_bibtex(list(main.values())), len(main)


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text``, Cyrillic transliterated: the ids of authors and affiliations."""
    decomposed = unicodedata.normalize("NFKD", transliterate(text))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def _article(m: Manuscript, journal: Journal | None) -> tuple[str, dict[str, str], list[str]]:
    data: dict = {}
    for key in _REQUIRED:
        value = m.imprint.get(key)
        if value is None:
            m.gaps.append(Gap(key, f"manuscript/article.yaml: {key}"))
        else:
            data[key] = int(value) if key == "year" and value.isdigit() else value
    dates = {}
    for key in (k for k in _DATES if k in m.dates):
        try:
            dates[key] = datetime.date.fromisoformat(m.dates[key])
        except ValueError:
            m.gaps.append(
                Gap(f"the {key} date {m.dates[key]!r} is not a date", f"manuscript/article.yaml: dates.{key}")
            )
    if dates:
        data["dates"] = dates
    section = _section(m, journal)
    if section:
        data["section"] = section
    if "ru" in m.titles:
        data["language"] = "ru"
        data["title"] = m.titles["ru"]
    else:
        m.gaps.append(Gap("the Russian title", "manuscript/article.yaml: title"))
    if "en" not in m.titles:
        m.gaps.append(Gap("the English title", "translations/en.po: title"))
    abstract = []
    for part in m.abstract:
        if "ru" not in part.titles:
            m.gaps.append(
                Gap(f"the Russian abstract's '{part.section}' section", "manuscript/article.yaml: abstract")
            )
            continue
        abstract.append(
            {"section": part.section, "title": part.titles["ru"], "text": part.texts.get("ru", [])}
        )
        if "en" not in part.titles:
            m.gaps.append(Gap(f"the English of abstract section '{part.titles['ru']}'", "translations/en.po"))
    if abstract:
        data["abstract"] = abstract
    elif not any("abstract" in g.target for g in m.gaps):
        m.gaps.append(Gap("the abstract", "manuscript/article.yaml: abstract"))
    if m.keywords.get("ru"):
        data["keywords"] = m.keywords["ru"]
    else:
        m.gaps.append(Gap("the keywords ('Ключевые слова: …')", "manuscript/article.yaml: keywords"))
    if "en" not in m.keywords:
        m.gaps.append(Gap("the English keywords ('Key words: …')", "translations/en.po: keywords.<n>"))
    ids, affiliations = _affiliations(m)
    if affiliations:
        data["affiliations"] = affiliations
    else:
        m.gaps.append(Gap("the affiliations", "manuscript/article.yaml: affiliations"))
    authors = _authors(m, ids, journal)
    if authors:
        data["authors"] = authors
    else:
        m.gaps.append(Gap("the authors", "manuscript/article.yaml: authors"))
    if "ru" in m.funding:
        data["funding"] = m.funding["ru"]
    if "ru" in m.conflict_of_interest:
        data["conflict_of_interest"] = m.conflict_of_interest["ru"]
    header = (
        f"# Article metadata imported from {Path(m.file).name} by 'pubkit import docx'.\n"
        "# Russian texts; their English is in translations/en.po. What the manuscript did not\n"
        f"# give is not set here: see {REPORT}.\n"
    )
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return header + text, ids, [a["id"] for a in authors]


def _section(m: Manuscript, journal: Journal | None) -> str | None:
    if m.section is None:
        m.gaps.append(Gap("the journal section ('Рубрика: …')", "manuscript/article.yaml: section"))
        return None
    if journal is None:
        m.gaps.append(
            Gap(
                f"the section '{m.section}' (no journal.yaml above the project to look it up)",
                "manuscript/article.yaml: section",
            )
        )
        return None
    wanted = m.section.strip().rstrip(".").lower()
    for section in journal.sections:
        if wanted in (section.id, section.name.ru.lower(), section.name.en.lower()):
            return section.id
    known = ", ".join(f"{s.name.ru} ({s.id})" for s in journal.sections)
    m.gaps.append(
        Gap(
            f"the section '{m.section}' is not one of the journal's: {known}",
            "manuscript/article.yaml: section",
        )
    )
    return None


def _affiliations(m: Manuscript) -> tuple[dict[str, str], dict]:
    ids: dict[str, str] = {}
    out: dict = {}
    for aff in m.affiliations:
        ident = f"aff{_ascii(aff.mark) or len(ids) + 1}"
        ids[aff.mark] = ident
        ru, en = aff.places.get("ru"), aff.places.get("en")
        entry: dict = {}
        where = f"manuscript/article.yaml: affiliations.{ident}"
        if ru is not None:
            entry["name"] = ru.name
        else:
            m.gaps.append(Gap(f"the Russian name of affiliation {aff.mark}", f"{where}.name"))
        if en is None:
            m.gaps.append(
                Gap(
                    f"the English name of affiliation {aff.mark}",
                    f"translations/en.po: affiliations.{ident}.name",
                )
            )
        for key in ("address", "city"):
            pair = {
                lang: getattr(p, key)
                for lang, p in (("ru", ru), ("en", en))
                if p is not None and getattr(p, key)
            }
            if pair:
                entry[key] = pair
            for lang in ("ru", "en"):
                if lang not in pair:
                    m.gaps.append(
                        Gap(f"the {key} ({lang}) of affiliation {aff.mark}", f"{where}.{key}.{lang}")
                    )
        codes = {p.country for p in (ru, en) if p is not None and p.country}
        if len(codes) == 1:
            code = codes.pop()
            name_ru, name_en, _ = fm.COUNTRIES[code]
            entry["country"] = {"code": code, "ru": name_ru, "en": name_en}
        else:
            m.gaps.append(Gap(f"the country of affiliation {aff.mark}", f"{where}.country"))
        out[ident] = entry
    return ids, out


def _degrees(position: str, journal: Journal | None) -> tuple[list[str], str]:
    """The journal's degrees written at the start of a position (``д-р мед. наук, заведующий …``), and the rest."""
    forms = {}
    for degree in journal.degrees if journal else ():
        forms[degree.name.ru.lower()] = degree.id
        forms[degree.name.en.lower()] = degree.id
    found = []
    parts = [part.strip() for part in position.split(",")]
    while parts and parts[0].lower() in forms:
        found.append(forms[parts.pop(0).lower()])
    return found, ", ".join(parts)


def _authors(m: Manuscript, affiliation_ids: dict[str, str], journal: Journal | None) -> list:
    out = []
    taken: set[str] = set()
    single = next(iter(affiliation_ids.values())) if len(affiliation_ids) == 1 else None
    for n, author in enumerate(m.authors, start=1):
        ru, en = author.names.get("ru"), author.names.get("en")
        base = _ascii((en or ru).surname) or f"author{n}"
        ident, k = base, 2
        while ident in taken:
            ident, k = f"{base}{k}", k + 1
        taken.add(ident)
        where = f"manuscript/article.yaml: authors[{n - 1}]"
        names = {}
        if ru is not None:
            names["ru"] = {"surname": ru.surname, "given": ru.given}
        else:
            m.gaps.append(Gap(f"the Cyrillic name of {en.given} {en.surname}", f"{where}.name.ru"))
        if en is not None:
            names["en"] = {"surname": en.surname, "given": en.given}
        else:
            spelled = f"{transliterate(ru.given)} {transliterate(ru.surname)}"
            m.gaps.append(
                Gap(
                    f"the Latin name of {ru.given} {ru.surname} (by transliteration: {spelled}; confirm the author's spelling)",
                    f"{where}.name.en",
                )
            )
        marks = next((name.marks for name in (ru, en) if name is not None and name.marks), ())
        affiliations = [affiliation_ids[mark] for mark in marks if mark in affiliation_ids]
        if not affiliations and single:
            affiliations = [single]
        unknown = [mark for mark in marks if mark not in affiliation_ids]
        if unknown or not affiliations:
            m.gaps.append(
                Gap(
                    f"the affiliation of {ident} (marks: {', '.join(marks) or 'none'})",
                    f"{where}.affiliations",
                )
            )
        entry: dict = {"id": ident, "name": names}
        if affiliations:
            entry["affiliations"] = affiliations
        degrees: dict[str, list[str]] = {}
        for lang, text in author.positions.items():
            degrees[lang], author.positions[lang] = _degrees(text, journal)
        if degrees.get("ru") and degrees.get("en") and degrees["ru"] != degrees["en"]:
            m.gaps.append(Gap(f"degrees of {ident} differ between the languages", f"{where}.degrees"))
        elif chosen := degrees.get("ru") or degrees.get("en"):
            entry["degrees"] = chosen
        if author.positions.get("ru"):
            entry["position"] = author.positions["ru"]
        elif author.positions.get("en"):
            m.gaps.append(Gap(f"the Russian position of {ident}", f"{where}.position"))
        if author.orcid:
            entry["orcid"] = author.orcid
        if author.email:
            entry["email"] = author.email
        if author.corresponding:
            entry["corresponding"] = True
        out.append(entry)
    return out


def _english(m: Manuscript, affiliation_ids: dict[str, str], author_ids: list[str]) -> dict[str, str]:
    """The English the manuscript gives, by segment id."""
    english: dict[str, str] = {}
    if "en" in m.titles:
        english["title"] = m.titles["en"]
    for part in m.abstract:
        if "en" in part.titles:
            english[f"abstract.{part.section}.title"] = part.titles["en"]
        ru, en = part.texts.get("ru", []), part.texts.get("en", [])
        if en and len(en) != len(ru):
            m.gaps.append(
                Gap(
                    f"abstract section '{part.section}': {len(ru)} Russian paragraph(s), {len(en)} English",
                    "translations/en.po (not paired)",
                )
            )
            continue
        english.update({f"abstract.{part.section}.{i}": text for i, text in enumerate(en, start=1)})
    ru_kw, en_kw = m.keywords.get("ru", []), m.keywords.get("en", [])
    if en_kw and len(en_kw) != len(ru_kw):
        m.gaps.append(
            Gap(
                f"{len(ru_kw)} Russian keywords, {len(en_kw)} English",
                "translations/en.po: keywords (not paired)",
            )
        )
    elif en_kw:
        english.update({f"keywords.{i}": text for i, text in enumerate(en_kw, start=1)})
    for author, ident in zip(m.authors, author_ids, strict=True):
        if author.positions.get("ru") and author.positions.get("en"):
            english[f"authors.{ident}.position"] = author.positions["en"]
    for aff in m.affiliations:
        if "en" in aff.places:
            english[f"affiliations.{affiliation_ids[aff.mark]}.name"] = aff.places["en"].name
    if "en" in m.funding:
        english["funding"] = m.funding["en"]
    if "en" in m.conflict_of_interest:
        english["conflict-of-interest"] = m.conflict_of_interest["en"]
    return english


def _catalog(staging: Path, m: Manuscript, affiliation_ids: dict[str, str], author_ids: list[str]) -> bytes:
    """``translations/en.po``: every segment of the written sources, with the manuscript's English where it has one."""
    loaded = load_project(staging)
    english = _english(m, affiliation_ids, author_ids)
    entries = []
    for segment in loaded.segments:
        file, line = loaded.segment_origins.get(segment.id, ("", None))
        entries.append(
            PoEntry(
                segment.id,
                segment.ru,
                english.get(segment.id, ""),
                locations=((file, line),),
                notes=segment_notes(segment.id, segment.ru),
            )
        )
    return catalog_bytes(loaded, PoFile(None, tuple(entries)))


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
