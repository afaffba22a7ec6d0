"""The manuscript's metadata as ``article.yaml`` (Russian) and its English by segment id, with a gap for each missing datum.

Ids are made, never texts: authors by their Latin surname, affiliations by their
mark (``aff1``). A field the manuscript does not give is left out, so ``pubkit check``
reports it, and a :class:`Gap` says where it would go.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

import yaml

from ..model import Journal
from ..refs.translit import transliterate
from . import frontmatter as fm
from .manuscript import Gap, Manuscript

REPORT = "IMPORT-REPORT.md"
_DATES = ("received", "accepted", "published")
_IMPRINT_NAMES = {
    "doi": "the DOI",
    "volume": "the volume",
    "issue": "the issue",
    "fpage": "the first page",
    "lpage": "the last page",
    "year": "the year",
}
_REQUIRED = tuple(_IMPRINT_NAMES)


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text``, Cyrillic transliterated: the ids of authors and affiliations."""
    decomposed = unicodedata.normalize("NFKD", transliterate(text))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def article_yaml(m: Manuscript, journal: Journal | None) -> tuple[str, dict[str, str], list[str]]:
    """``article.yaml``'s text, the affiliation id of each mark, and the author ids in order; gaps go to ``m``."""
    data: dict = {}
    for key in _REQUIRED:
        value = m.imprint.get(key)
        if value is None:
            m.gaps.append(
                Gap(
                    f"{_IMPRINT_NAMES[key]} (a 'Для цитирования: …' line gives it)",
                    f"manuscript/article.yaml: {key}",
                )
            )
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
            m.gaps.append(
                Gap(
                    f"the English of abstract section '{part.titles['ru']}'",
                    f"translations/en.po: abstract.{part.section}.*",
                )
            )
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


def english_segments(m: Manuscript, affiliation_ids: dict[str, str], author_ids: list[str]) -> dict[str, str]:
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
