"""Model → problems: identifiers, cross-references, citations and translation coverage.

Readers have already reported what is wrong inside each file; these checks look
across fields and files (an author's affiliation that points nowhere, a cited key
missing from ``refs.bib``, English made for an older Russian text).
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from . import layout
from .i18n.qa import segment_problems
from .identifiers import doi_problem, email_problem, orcid_problem, ror_problem
from .limits import current
from .model import SegmentState
from .problems import Problem, Problems
from .refs.validate import check_references
from .scripts import describe, foreign_letter, mixed, non_ascii

if TYPE_CHECKING:
    from .sources import Loaded
    from .sources.issue import IssueMeta, LoadedIssue
    from .sources.metadata import ArticleMeta

SUPPORTED_LANGUAGES = ("ru",)
# Codes in CLDR's territory list that are not ISO 3166-1 countries: unions, reserved and private-use ones.
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


def is_country(code: object) -> bool:
    """``code`` is an ISO 3166-1 alpha-2 country code (Babel's territories, less the non-countries)."""
    return (
        isinstance(code, str)
        and len(code) == 2
        and code.isascii()
        and code.isupper()
        and code not in NOT_COUNTRIES
        and code in Locale("en").territories
    )


def check(loaded: Loaded) -> list[Problem]:
    """Every problem of a loaded project: the readers' and the cross-checks' on whatever could be read."""
    problems = Problems()
    problems.extend(loaded.problems)
    meta_file = layout.ARTICLE
    meta, journal = loaded.meta, loaded.journal

    def at(field: str) -> int | None:
        return loaded.lines.get(field)

    if meta is not None:
        if meta.doi and (char := non_ascii(meta.doi)):
            problems.error(
                "meta.homoglyph",
                f"{meta.doi!r} has {describe(char)}; expected ASCII only (a look-alike letter?)",
                file=meta_file,
                line=at("doi"),
                field="doi",
            )
        elif meta.doi and (message := doi_problem(meta.doi)):
            problems.error("id.doi", message, file=meta_file, line=at("doi"), field="doi")
        elif meta.doi and journal is not None:
            expected = journal.prefix_for(meta.volume)
            if not meta.doi.startswith(expected + "/"):
                which = f"volume {meta.volume}'s" if journal.doi_history else "the journal's"
                problems.error(
                    "id.doi-prefix",
                    f"{meta.doi!r} does not carry {which} DOI prefix; expected {expected}/...",
                    file=meta_file,
                    line=at("doi"),
                    field="doi",
                )
            else:
                _check_doi_suffix(meta, journal, problems, meta_file, at("doi"))
        if meta.language:
            _check_language(meta.language, problems, meta_file, at("language"))
        if meta.fpage and meta.lpage:
            _check_pages(meta.fpage, meta.lpage, problems, meta_file, at("fpage"))
        _check_dates(meta, problems, meta_file, at)
        _check_people(meta, problems, meta_file, at)
        if meta.dates.published is None:
            problems.warning(
                "meta.published-missing",
                "no publication date: the JATS dates only the print issue (PMC wants an e-pub date beside "
                "the online one) and Google Scholar gets the year alone; expected dates.published",
                file=meta_file,
                line=at("dates") or at("year"),
                field="dates.published",
            )
    if loaded.body is not None:
        _check_citations(loaded, problems)
    problems.extend(check_references(loaded.references, layout.BIBLIOGRAPHY))
    _check_segments(loaded, problems)
    _check_printable(loaded, problems)
    return list(problems)


# The source files whose text the PDFs may print (the journal's, the article's, its references and English).
_PRINTED = (".yaml", ".md", ".po", ".bib")


def _check_printable(loaded: Loaded, problems: Problems) -> None:
    """A character no font of the PDFs has is an error at its first place: PDF/A cannot print it."""
    from .writers.pdf import unprintable  # Typst is asked only here, and only about rare characters

    texts = {
        name: data.decode("utf-8", "replace")
        for name, data in loaded.files.data.items()
        if name.endswith(_PRINTED)
    }
    missing = unprintable(frozenset("".join(texts.values())))
    for char in sorted(missing):
        name, text = next((n, t) for n, t in texts.items() if char in t)
        line = text.count("\n", 0, text.index(char)) + 1
        problems.error(
            "text.unprintable",
            f"{describe(char)} cannot be printed: no font of the PDFs has it; expected another character",
            file=name,
            line=line,
        )


def _check_citations(loaded: Loaded, problems: Problems) -> None:
    known = {ref.key for ref in loaded.references}
    cited = set(loaded.body.citations)
    for key in loaded.body.citations:
        if key not in known:
            where = next((s for s, keys in loaded.segment_citations.items() if key in keys), None)
            problems.error(
                "ref.unknown-key",
                f"cites [@{key}], which is not in refs.bib; expected a key of refs.bib",
                file=layout.BODY,
                line=loaded.segment_origins.get(where, (None, None))[1],
                field=where,
            )
    for ref in loaded.references:
        if ref.key not in cited:
            problems.error(
                "ref.uncited",
                f"reference {ref.key!r} is never cited in the body; expected a [@{ref.key}] citation or its removal",
                file=layout.BIBLIOGRAPHY,
                line=ref.line,
                field=ref.key,
            )


def _check_language(language: str, problems: Problems, file: str, line: int | None) -> None:
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError, TypeError):
        problems.error(
            "meta.language",
            f"{language!r} is not a language code; expected an ISO 639-1 code such as 'ru'",
            file=file,
            line=line,
            field="language",
        )
        return
    if language not in SUPPORTED_LANGUAGES:
        problems.error(
            "meta.language",
            f"original language {language!r} is not supported; expected one of: "
            f"{', '.join(SUPPORTED_LANGUAGES)} (English comes from translations/en.po)",
            file=file,
            line=line,
            field="language",
        )


def _check_pages(fpage: str, lpage: str, problems: Problems, file: str, line: int | None) -> None:
    if fpage.isdigit() and lpage.isdigit() and int(fpage) > int(lpage):
        problems.error(
            "meta.pages",
            f"first page {fpage} comes after last page {lpage}; expected fpage <= lpage",
            file=file,
            line=line,
            field="fpage",
        )


def _today() -> datetime.date:
    """Today (UTC): the one place a check looks at the clock. Only a warning depends on it, never an output."""
    return datetime.datetime.now(datetime.UTC).date()


def _check_dates(meta: ArticleMeta, problems: Problems, file: str, at) -> None:
    """The year and dates lie in the journal's years, in the order received ≤ accepted ≤ published."""
    limits = current()
    span = f"expected a year from {limits.first_year} to {limits.last_year}"
    if meta.year is not None and not limits.first_year <= meta.year <= limits.last_year:
        message = f"year {meta.year} is out of range; {span}"
        problems.error("meta.year", message, file=file, line=at("year"), field="year")
    dates = [(name, getattr(meta.dates, name)) for name in ("received", "accepted", "published")]
    given = [(name, value) for name, value in dates if value is not None]
    for name, value in given:
        if not limits.first_year <= value.year <= limits.last_year:
            message = f"{name} date {value} is out of range; {span}"
            problems.error("meta.date", message, file=file, line=at(f"dates.{name}"), field=f"dates.{name}")
    for (first, early), (second, late) in itertools.pairwise(given):
        if early > late:
            problems.error(
                "meta.date-order",
                f"{first} {early} comes after {second} {late}; expected received <= accepted <= published",
                file=file,
                line=at(f"dates.{second}"),
                field=f"dates.{second}",
            )
    published = meta.dates.published
    if published is not None and published > _today():
        problems.error(
            "meta.date-future",
            f"published date {published} is in the future; expected the day the article appears "
            "(an issue prepared ahead of its date: --allow-future)",
            file=file,
            line=at("dates.published"),
            field="dates.published",
        )


def _check_people(article: ArticleMeta, problems: Problems, file: str, at) -> None:
    aff_ids = {aff.id for aff in article.affiliations}
    used: set[str] = set()
    for index, person in enumerate(article.authors):
        path = f"authors[{index}]"
        for aff_id in person.affiliations:
            used.add(aff_id)
            if aff_id not in aff_ids:
                problems.error(
                    "meta.affiliation-ref",
                    f"affiliation {aff_id!r} is not defined; expected one of: {', '.join(sorted(aff_ids))}",
                    file=file,
                    line=at(f"{path}.affiliations"),
                    field=f"{path}.affiliations",
                )
        if not person.affiliations:
            problems.error(
                "meta.affiliation-ref",
                "no affiliation given; expected at least one",
                file=file,
                line=at(f"{path}.id"),
                field=f"{path}.affiliations",
            )
        _check_name_scripts(person, problems, file, at(f"{path}.name"), f"{path}.name")
        for key in ("orcid", "email"):
            value = getattr(person, key)
            if value and (char := non_ascii(value)):
                problems.error(
                    "meta.homoglyph",
                    f"{value!r} has {describe(char)}; expected ASCII only (a look-alike letter?)",
                    file=file,
                    line=at(f"{path}.{key}"),
                    field=f"{path}.{key}",
                )
        if person.orcid and (message := orcid_problem(person.orcid)):
            problems.error("id.orcid", message, file=file, line=at(f"{path}.orcid"), field=f"{path}.orcid")
        if person.email and (message := email_problem(person.email)):
            problems.error("id.email", message, file=file, line=at(f"{path}.email"), field=f"{path}.email")
        if person.corresponding and not person.email:
            problems.error(
                "meta.corresponding",
                "the corresponding author has no e-mail; expected email:",
                file=file,
                line=at(f"{path}.id"),
                field=f"{path}.email",
            )
    for kind, values in (
        ("id", [p.id for p in article.authors]),
        ("name", [(p.name_ru.surname, p.name_ru.given) for p in article.authors]),
        ("Latin name", [(p.name_en.surname, p.name_en.given) for p in article.authors]),
    ):
        for value, count in Counter(values).items():
            if count > 1:
                index = values.index(value)
                shown = value if isinstance(value, str) else " ".join(value)
                problems.error(
                    "meta.duplicate-author",
                    f"author {kind} {shown!r} appears {count} times; expected each author once",
                    file=file,
                    line=at(f"authors[{index}].id"),
                    field=f"authors[{index}]",
                )
    if sum(p.corresponding for p in article.authors) > 1:
        problems.error(
            "meta.corresponding",
            "more than one corresponding author; expected at most one",
            file=file,
            field="authors",
        )
    for aff in article.affiliations:
        if aff.id not in used:
            problems.warning(
                "meta.affiliation-unused",
                f"affiliation {aff.id!r} is not given for any author",
                file=file,
                field=f"affiliations.{aff.id}",
            )
        if aff.ror and (message := ror_problem(aff.ror)):
            where = f"affiliations.{aff.id}.ror"
            problems.error("id.ror", message, file=file, line=at(where), field=where)
        known_country = is_country(aff.country_code)
        if not known_country:
            problems.error(
                "meta.country",
                f"{aff.country_code!r} is not a country code; expected ISO 3166-1 alpha-2 such as RU",
                file=file,
                line=at(f"affiliations.{aff.id}.country.code"),
                field=f"affiliations.{aff.id}.country.code",
            )


def _check_segments(loaded: Loaded, problems: Problems) -> None:
    catalog = loaded.files.rel(loaded.files.catalogs["en"])
    glossary = loaded.journal.glossary if loaded.journal is not None else ()
    for segment in loaded.segments:
        source_file, source_line = loaded.segment_origins.get(segment.id, (None, None))
        where = f" ({source_file}" + (f":{source_line}" if source_line else "") + ")" if source_file else ""
        if segment.state is SegmentState.MISSING:
            problems.error(
                "i18n.missing",
                f"no English for segment {segment.id!r}{where}; expected a msgctxt {segment.id!r} entry",
                file=catalog,
                field=segment.id,
            )
        elif segment.state is SegmentState.STALE:
            problems.error(
                "i18n.stale",
                f"the English of segment {segment.id!r} was made for an older Russian text{where}; "
                "expected a translation of the current text (run 'pubkit i18n update')",
                file=catalog,
                field=segment.id,
            )
        if segment.state is SegmentState.TRANSLATED and segment.en is not None:
            found = segment_problems(segment.id, segment.ru, segment.en, glossary)
            problems.extend([replace(p, file=catalog) for p in found])


def check_issue(issue: LoadedIssue) -> list[Problem]:
    """The issue as a whole: its articles belong to one volume, number and year, with distinct DOIs.

    Each article's own problems are its checks' (:func:`check`); here only what holds
    across articles, on whatever could be read.
    """
    problems = Problems()
    problems.extend(issue.problems)
    metas = [(name, loaded.meta) for name, loaded in issue.articles if loaded.meta is not None]
    if issue.meta is not None:
        _check_against_issue_yaml(issue.meta, metas, problems)
    for field in ("volume", "issue", "year"):
        values = {getattr(meta, field) for _, meta in metas if getattr(meta, field) is not None}
        if len(values) > 1 and (issue.meta is None or getattr(issue.meta, _ISSUE_KEYS[field]) is None):
            first = next(getattr(m, field) for _, m in metas if getattr(m, field) is not None)
            for name, meta in metas:
                value = getattr(meta, field)
                if value is not None and value != first:
                    problems.error(
                        "issue.mismatch",
                        f"{field} is {value!r}, but the issue's first article has {first!r}; "
                        "expected every article of the issue to agree",
                        file=f"{name}/{layout.ARTICLE}",
                        line=meta.lines.get(field),
                        field=field,
                    )
    seen: dict[str, str] = {}
    for name, meta in metas:
        if meta.doi is None:
            continue
        if meta.doi in seen:
            problems.error(
                "issue.duplicate-doi",
                f"DOI {meta.doi} is also the DOI of {seen[meta.doi]}; expected a DOI per article",
                file=f"{name}/{layout.ARTICLE}",
                line=meta.lines.get("doi"),
                field="doi",
            )
        seen.setdefault(meta.doi, name)
    _check_issue_pages(metas, issue.meta, problems)
    return list(problems)


_ISSUE_KEYS = {"volume": "volume", "issue": "number", "year": "year"}  # article.yaml key → issue.yaml key


def _check_against_issue_yaml(meta: IssueMeta, metas: list, problems: Problems) -> None:
    """Every article in the volume, number and year issue.yaml gives, and in the section it lists it under."""
    sections = dict((name, section) for section, name in meta.order)
    for name, article in metas:
        for field, key in _ISSUE_KEYS.items():
            expected, value = getattr(meta, key), getattr(article, field)
            if expected is not None and value is not None and value != expected:
                problems.error(
                    "issue.mismatch",
                    f"{field} is {value!r}, but issue.yaml gives {key} {expected!r}; expected the issue's",
                    file=f"{name}/{layout.ARTICLE}",
                    line=article.lines.get(field),
                    field=field,
                )
        listed = sections.get(name)
        if listed is not None and article.section is not None and article.section.id != listed:
            problems.error(
                "issue.section",
                f"the article is in section {article.section.id!r}, but issue.yaml lists it under {listed!r}",
                file=f"{name}/{layout.ARTICLE}",
                line=article.lines.get("section"),
                field="section",
            )
        published = article.dates.published
        if meta.published is not None and published is not None and published != meta.published:
            problems.warning(
                "issue.published",
                f"published {published.isoformat()}, but the issue was published {meta.published.isoformat()}",
                file=f"{name}/{layout.ARTICLE}",
                line=article.lines.get("dates.published"),
                field="dates.published",
            )


def _check_name_scripts(person, problems: Problems, file: str, line: int | None, field: str) -> None:
    """A Latin name with a Cyrillic letter in it, or any name with a word mixing the scripts: an error
    naming the character, since nothing on the page shows it."""
    for lang, name in (("en", person.name_en), ("ru", person.name_ru)):
        text = f"{name.surname} {name.given}"
        if lang == "en" and (char := foreign_letter(text, "latin")):
            message = f"the Latin name {text!r} has {describe(char)}; expected Latin letters only"
        elif char := mixed(text):
            message = f"the name {text!r} mixes Latin and Cyrillic letters: {describe(char)}"
        else:
            continue
        problems.error("meta.homoglyph", message, file=file, line=line, field=f"{field}.{lang}")


def _check_doi_suffix(meta: ArticleMeta, journal, problems: Problems, file: str, line: int | None) -> None:
    """The journal's suffix pattern ``<ISSN>-<year>-<volume>-<issue>-<first>-<last>`` against the article's
    own year, volume, issue and pages: a warning where they disagree (some registered DOIs do)."""
    suffix = meta.doi.split("/", 1)[1]
    if not suffix.startswith(journal.issn_print + "-"):
        return  # another pattern: nothing to compare
    parts = [str(meta.year), meta.volume, meta.issue, meta.fpage, meta.lpage]
    if any(part is None for part in parts):
        return
    expected = "-".join([journal.issn_print, *parts])
    if suffix != expected:
        problems.warning(
            "id.doi-pattern",
            f"the DOI suffix {suffix!r} does not follow the article's year, volume, issue and pages "
            f"({expected!r}); check it against the registered DOI",
            file=file,
            line=line,
            field="doi",
        )


def _check_issue_pages(metas: list, meta: IssueMeta | None, problems: Problems) -> None:
    """Pages in the issue's order: no overlap (an error), no gap (a warning: a gap may be a blank page or an
    advertisement), and the span issue.yaml gives."""
    spans = []
    for name, article in metas:
        if article.fpage and article.lpage and article.fpage.isdigit() and article.lpage.isdigit():
            spans.append((name, article, int(article.fpage), int(article.lpage)))
    for (before, _, _, last), (name, article, first, _) in itertools.pairwise(spans):
        where = {"file": f"{name}/{layout.ARTICLE}", "line": article.lines.get("fpage"), "field": "fpage"}
        if first <= last:
            problems.error(
                "issue.pages-overlap",
                f"starts on page {first}, but {before} ends on page {last}; expected pages after {last}",
                **where,
            )
        elif first > last + 1:
            problems.warning(
                "issue.pages-gap",
                f"starts on page {first}, {first - last - 1} page(s) after {before} ends",
                **where,
            )
    if meta is not None and meta.pages is not None and spans:
        span = (spans[0][2], spans[-1][3])
        if span != meta.pages:
            problems.error(
                "issue.pages",
                f"the articles run from page {span[0]} to {span[1]}, but issue.yaml gives {meta.pages[0]}-"
                f"{meta.pages[1]}; expected the same range",
                file=layout.ISSUE,
                line=meta.lines.get("pages"),
                field="pages",
            )
