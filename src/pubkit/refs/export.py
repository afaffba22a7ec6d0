"""The article and its references as RIS, BibTeX and CSL-JSON, for Zotero, Mendeley and EndNote users.

Each item is first made into one CSL-JSON record (CSL's variable names are the neutral
vocabulary), then written in the three formats, so they agree on every field. ``lang``
picks the forms a list in that language shows: romanized names and English titles
for Russian sources in English, the originals in Russian.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import rispy
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibtexWriter
from rispy.writer import RisWriter

from pubkit.model import Article, Lang, Reference
from pubkit.refs import fields
from pubkit.refs.translit import transliterate

Record = dict[str, Any]
PDF = "_pdf"  # a record's PDF URL: not a CSL-JSON variable, so not in the CSL-JSON output

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
}
_RIS_TYPES = {
    "article-journal": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "thesis": "THES",
}
_BIBTEX_TYPES = {
    "article-journal": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
}


# The journal's abbreviated places, as a reference manager should store them (the printed lists keep them).
PLACES = {
    "М.": "Москва",
    "M.": "Moscow",
    "СПб.": "Санкт-Петербург",
    "SPb.": "Saint Petersburg",
    "St. Petersburg": "Saint Petersburg",
    "Л.": "Ленинград",
}
# Zotero, Mendeley and biblatex read a language name in BibTeX's ``language``; ``langid`` is biblatex's alone.
BIBTEX_LANGUAGES = {"ru": "russian", "en": "english"}


def expand_place(place: str | None) -> str | None:
    """``М.`` → ``Москва``, ``SPb.`` → ``Saint Petersburg``: the full name a reference manager keeps.

    >>> expand_place("M."), expand_place("СПб."), expand_place("Cham")
    ('Moscow', 'Санкт-Петербург', 'Cham')
    """
    if not place:
        return place
    return PLACES.get(place.strip(), place)


def _page_range(pages: str) -> str:
    """``1466--1477`` → ``1466-1477``: CSL's full range with a hyphen."""
    first, _, last = pages.replace("–", "-").partition("-")
    last = last.lstrip("-").strip()
    return f"{first.strip()}-{last}" if last else first.strip()


def _drop_empty(record: Record) -> Record:
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def reference_record(ref: Reference, lang: Lang) -> Record:
    """One reference as a CSL-JSON item, in the forms of the ``lang`` list."""
    entry = ref.entry
    russian = fields.is_russian(entry)
    english = lang == "en" and russian

    def local(name: str) -> str | None:
        return fields.english(entry, name) if english else fields.plain(entry, name)

    def romanized(name: str) -> str | None:
        """The English form if given, else the original, romanized for the English list."""
        if not english:
            return fields.plain(entry, name)
        value = fields.plain(entry, f"{name}_en") or fields.plain(entry, name)
        return transliterate(value) if value else None

    kind = _CSL_TYPES.get(entry.type.lower(), "document")
    container = "journal" if kind == "article-journal" else "booktitle"
    container_title = romanized(container) if container == "journal" else local(container)
    people = {}
    for role in ("author", "editor"):
        people[role] = [
            dict(zip(("family", "given"), fields.name_parts(person, lang), strict=True))
            for person in fields.names(entry, role, lang)
        ]
    pages = fields.plain(entry, "pages")
    year = fields.plain(entry, "year")
    return _drop_empty(
        {
            "id": ref.key,
            "type": kind,
            "author": people["author"],
            "editor": people["editor"],
            "title": local("title"),
            "original-title": fields.plain(entry, "title") if english else None,
            "container-title": container_title,
            "issued": {"date-parts": [[int(year)]]} if year and year.isdigit() else None,
            "volume": fields.plain(entry, "volume"),
            "issue": fields.plain(entry, "number"),
            "page": _page_range(pages) if pages else None,
            "publisher": romanized("school" if kind == "thesis" else "publisher"),
            "publisher-place": expand_place(romanized("address")),
            "genre": romanized("type"),
            "number-of-pages": fields.plain(entry, "pagetotal"),
            "DOI": fields.raw(entry, "doi"),
            "language": "ru" if russian else "en",
        }
    )


def article_record(article: Article, lang: Lang) -> Record:
    """The article itself as a CSL-JSON item ("cite this article"), in ``lang``'s forms.

    The abstract and keywords are the export's language, the date the publication day
    when the sources know it (else the issue's year), ``ISSN`` both ISSNs, ``URL`` the
    landing page in ``lang``, the language the edition's (as the page's ``citation_language``).
    The PDF edition has no CSL variable: it rides in :data:`PDF`, which only RIS writes (``L1``).
    """
    names = (author.name(lang) for author in article.authors)
    journal = article.journal
    published = article.dates.published
    issued = [published.year, published.month, published.day] if published else [article.year]
    place = journal.publisher_loc.get(lang) if journal.publisher_loc else None
    return _drop_empty(
        {
            "id": article.doi_suffix,
            "type": "article-journal",
            "author": [{"family": n.surname, "given": n.given} for n in names],
            "title": article.title.get(lang),
            "container-title": journal.title.get(lang) or journal.title.ru,
            "container-title-short": journal.abbrev_title,
            "ISSN": ", ".join(i for i in (journal.issn_print, journal.issn_electronic) if i),
            "issued": {"date-parts": [issued]},
            "volume": article.volume,
            "issue": article.issue,
            "page": f"{article.fpage}-{article.lpage}",
            "publisher": journal.publisher.get(lang) or journal.publisher.ru,
            "publisher-place": place,
            "abstract": article.abstract_text(lang) if article.abstract else None,
            "keyword": ", ".join(k.get(lang) for k in article.keywords if k.get(lang)),
            "DOI": article.doi,
            "URL": article.url(lang),
            "language": lang if lang in article.editions else article.language,
            PDF: article.pdf_url(lang) if lang in article.editions else None,
        }
    )


def to_csl_json(records: Sequence[Record]) -> str:
    """CSL-JSON: an array of items, UTF-8 kept readable."""
    items = [{key: value for key, value in record.items() if key != PDF} for record in records]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _year(record: Record) -> str | None:
    issued = record.get("issued")
    return str(issued["date-parts"][0][0]) if issued else None


def _ris_date(record: Record) -> str | None:
    """RIS ``DA``: ``2025/06/30/`` for a full date (a year alone is ``PY``'s)."""
    parts = record.get("issued", {}).get("date-parts", [[]])[0]
    if len(parts) != 3:
        return None
    year, month, day = parts
    return f"{year}/{month:02d}/{day:02d}/"


def _keywords(record: Record) -> list[str]:
    return [k.strip() for k in record.get("keyword", "").split(",") if k.strip()]


def _ris_item(record: Record) -> dict[str, Any]:
    first, _, last = record.get("page", "").partition("-")
    item = {
        "type_of_reference": _RIS_TYPES.get(record["type"], "GEN"),
        "id": record["id"],
        "authors": [
            f"{a['family']}, {a['given']}" if a.get("given") else a["family"]
            for a in record.get("author", [])
        ],
        "secondary_authors": [f"{a['family']}, {a['given']}" for a in record.get("editor", [])],
        "title": record.get("title"),
        "secondary_title": record.get("container-title"),
        "alternate_title1": record.get("container-title-short"),
        "year": _year(record),
        "volume": record.get("volume"),
        "number": record.get("issue"),
        "start_page": first or None,
        "end_page": last or None,
        "publisher": record.get("publisher"),
        "place_published": record.get("publisher-place"),
        "type_of_work": record.get("genre"),
        "issn": [i.strip() for i in record.get("ISSN", "").split(",") if i.strip()],
        "date": _ris_date(record),
        "abstract": record.get("abstract"),
        "keywords": _keywords(record),
        "doi": record.get("DOI"),
        "urls": [record["URL"]] if record.get("URL") else [],
        "file_attachments1": [record[PDF]] if record.get(PDF) else [],
        "language": record.get("language"),
    }
    return {key: value for key, value in item.items() if value not in (None, "", [])}


class _RisWriter(RisWriter):
    """rispy's writer without the ``1.`` counter line it puts before each item, which importers do not expect."""

    DEFAULT_LIST_TAGS: ClassVar[list[str]] = [*RisWriter.DEFAULT_LIST_TAGS, "SN", "L1"]  # one line each

    def set_header(self, count: int) -> str:
        return ""


def to_ris(records: Sequence[Record]) -> str:
    """RIS, one ``TY``…``ER`` block per item."""
    return rispy.dumps([_ris_item(record) for record in records], implementation=_RisWriter)


def _bibtex_entry(record: Record) -> Entry:
    container = "journal" if record["type"] == "article-journal" else "booktitle"
    values = {
        "title": record.get("title"),
        container: record.get("container-title"),
        "year": _year(record),
        "volume": record.get("volume"),
        "number": record.get("issue"),
        "pages": record.get("page", "").replace("-", "--") or None,
        "publisher" if record["type"] != "thesis" else "school": record.get("publisher"),
        "address": record.get("publisher-place"),
        "type": record.get("genre"),
        "pagetotal": record.get("number-of-pages"),
        "issn": record.get("ISSN"),
        "abstract": record.get("abstract"),
        "keywords": record.get("keyword"),
        "doi": record.get("DOI"),
        "url": record.get("URL"),
        "language": BIBTEX_LANGUAGES.get(record.get("language"), record.get("language")),
        "langid": "russian" if record.get("language") == "ru" else "english",
    }
    entry = Entry(_BIBTEX_TYPES.get(record["type"], "misc"), fields={k: v for k, v in values.items() if v})
    for role in ("author", "editor"):
        for name in record.get(role, []):
            entry.add_person(Person(last=name["family"], first=name.get("given", "")), role)
    return entry


class _BibtexWriter(BibtexWriter):
    """pybtex's writer, but DOIs and URLs verbatim: biblatex reads them so, and ``\\_`` would corrupt them."""

    VERBATIM = frozenset({"doi", "url"})

    def _write_field(self, stream, type: str, value: str) -> None:
        if type.lower() in self.VERBATIM:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


def entries_to_bibtex(entries: Sequence[tuple[str, Entry]]) -> str:
    """BibTeX (UTF-8, LaTeX specials escaped, DOIs verbatim) for ``(key, entry)`` pairs, in that order."""
    return _BibtexWriter(encoding="UTF-8").to_string(BibliographyData(entries=list(entries)))


def to_bibtex(records: Sequence[Record]) -> str:
    """BibTeX, one entry per item, keyed by the record id."""
    return entries_to_bibtex([(record["id"], _bibtex_entry(record)) for record in records])


WRITERS: dict[str, Callable[[Sequence[Record]], str]] = {
    "ris": to_ris,
    "bibtex": to_bibtex,
    "csl-json": to_csl_json,
}


def export_article(article: Article, lang: Lang, fmt: str) -> str:
    """The article's own citation in ``fmt`` (one of :data:`WRITERS`)."""
    return WRITERS[fmt]([article_record(article, lang)])


def export_references(refs: Sequence[Reference], lang: Lang, fmt: str) -> str:
    """The reference list in ``fmt`` (one of :data:`WRITERS`), in the order given."""
    return WRITERS[fmt]([reference_record(ref, lang) for ref in refs])
