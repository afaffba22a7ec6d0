"""The in-memory model of a journal article: plain, typed, immutable.

Readers in :mod:`pubkit.sources` build it once and validate it; every writer takes it
and nothing else. Texts that the journal prints in both languages are
:class:`Localized` pairs: Russian is the original, English comes from the
translation catalog (``None`` when no current translation exists).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from pybtex.database import Entry

Lang = Literal["ru", "en"]
LANGS: tuple[Lang, ...] = ("ru", "en")
ORCID_URL = "https://orcid.org/"
RUSSIAN_LANGIDS = frozenset({"russian", "ru", "rus"})  # refs.bib ``langid`` values of a Russian source


def reference_lang(langid: str | None) -> Lang:
    """The one rule for a reference's language: ``ru`` for a Russian ``langid``, else ``en``."""
    return "ru" if (langid or "").strip().lower() in RUSSIAN_LANGIDS else "en"


@dataclass(frozen=True, slots=True)
class Localized:
    """A text in Russian and English; ``en`` is ``None`` where no current translation exists."""

    ru: str
    en: str | None = None

    def get(self, lang: Lang) -> str | None:
        return self.ru if lang == "ru" else self.en


class SegmentState(Enum):
    """Where a translatable segment's English stands against its current Russian source."""

    TRANSLATED = "translated"
    STALE = "stale"  # the English was made for an older Russian text (or is marked fuzzy)
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: its stable id (the catalog context), Russian source, English text."""

    id: str
    ru: str
    en: str | None
    state: SegmentState
    previous_ru: str | None = None  # the Russian the stale English was made for, when known
    file: str = ""  # where the Russian is: the source file, relative to the project
    line: int | None = None


@dataclass(frozen=True, slots=True)
class License:
    """A license the journal publishes under, e.g. CC BY 4.0."""

    name: Localized
    url: str
    text: Localized  # the license sentence printed with the article


@dataclass(frozen=True, slots=True)
class Degree:
    """An academic degree from the journal's vocabulary, e.g. ``Dr. of Sci. (Med.)``."""

    id: str
    name: Localized


@dataclass(frozen=True, slots=True)
class SubmissionRules:
    """The limits of ``check --for submission`` (journal.yaml ``submission:``), as inclusive ranges."""

    abstract_words: tuple[int, int] = (200, 250)  # per language
    keywords: tuple[int, int] = (3, 10)  # per language


@dataclass(frozen=True, slots=True)
class Journal:
    """Journal-level metadata, shared by every article of the journal."""

    title: Localized
    abbrev_title: str
    journal_ids: tuple[tuple[str, str], ...]  # (journal-id-type, value)
    issn_print: str
    issn_electronic: str
    publisher: Localized
    publisher_loc: Localized | None
    doi_prefix: str
    article_url: str  # pattern with {doi_suffix} and {lang}
    pdf_url: str  # pattern with {doi_suffix} and {lang}
    license: License
    copyright_holder: Localized
    degrees: tuple[Degree, ...]
    sections: tuple[Section, ...]
    depositor: Depositor | None = None  # who deposits with Crossref and receives its reports
    registrant: str | None = None  # the Crossref member the deposit is made for
    elibrary_titleid: int | None = None  # the journal's id at eLibrary (RSCI)
    glossary: tuple[Term, ...] = ()  # the journal's terms (glossary.csv beside journal.yaml)
    doi_history: tuple[DoiPrefix, ...] = ()  # earlier prefixes, each for a range of volumes
    submission: SubmissionRules = SubmissionRules()  # the author guidelines check --for submission applies

    def prefix_for(self, volume: str | None) -> str:
        """The DOI prefix of the articles of ``volume``: an earlier one where the history says so."""
        if volume is not None and volume.isdigit():
            for earlier in self.doi_history:
                if earlier.first <= int(volume) <= earlier.last:
                    return earlier.prefix
        return self.doi_prefix


@dataclass(frozen=True, slots=True)
class DoiPrefix:
    """A DOI prefix the journal used for volumes ``first`` to ``last`` (a change of publisher moves it)."""

    prefix: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary row: each word of a term matches any word it begins (``групп высок риск``), case ignored."""

    ru: str
    en: str
    note: str = ""

    def in_russian(self, text: str) -> bool:
        return _term_pattern(self.ru).search(text) is not None

    def in_english(self, text: str) -> bool:
        return _term_pattern(self.en).search(text) is not None


def _term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) + r"[\w-]*" for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Depositor:
    """The Crossref depositor: a name and the e-mail address Crossref sends its deposit reports to."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Section:
    """A journal section (rubric) and the JATS article type of its articles."""

    id: str
    name: Localized
    article_type: str
    rsci_type: str | None = None  # eLibrary's artType code (RAR, REV, ...) for the section's articles


@dataclass(frozen=True, slots=True)
class Affiliation:
    id: str
    name: Localized
    address: Localized
    city: Localized
    country_code: str  # ISO 3166-1 alpha-2
    country: Localized
    ror: str | None = None


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in one script: surname and given names (or initials, as known)."""

    surname: str
    given: str

    @property
    def initials(self) -> str:
        """Initials as the journal prints them (``Д.Ю.``, ``D.Yu.``)."""
        return self.given if self.given.endswith(".") else _initials(self.given)

    @property
    def cited(self) -> str:
        """``Surname I.I.``, as citations and reference lists print a name."""
        return f"{self.surname} {self.initials}"

    @property
    def byline(self) -> str:
        """``I.I. Surname``, as the PDF's byline prints a name."""
        return f"{self.initials} {self.surname}"

    @property
    def display(self) -> str:
        """``A. N. Turchina``, as the journal's web page shows a name (initials spaced, then surname)."""
        return f"{_INITIAL_GAP.sub('. ', self.initials)} {self.surname}"

    @property
    def inverted(self) -> str:
        """``Surname, Given``, the form Highwire and Dublin Core expect."""
        return f"{self.surname}, {self.given}"


_INITIAL_GAP = re.compile(r"\.(?=\w)")  # "D.Yu." → "D. Yu."


def _initials(given: str) -> str:
    parts = [p for p in given.replace("-", " - ").split() if p]
    out = ""
    for part in parts:
        out += "-" if part == "-" else part[0] + "."
    return out.replace(".-", "-")


@dataclass(frozen=True, slots=True)
class Person:
    """An author with the Cyrillic name, the Latin name the journal prints, and the rest of "About the authors"."""

    id: str
    name_ru: PersonName
    name_en: PersonName
    affiliations: tuple[str, ...]  # Affiliation ids
    degrees: tuple[Degree, ...]
    position: Localized | None
    orcid: str | None = None
    email: str | None = None
    corresponding: bool = False

    def name(self, lang: Lang) -> PersonName:
        """The name in the script of ``lang``: Cyrillic for Russian, the journal's Latin form for English."""
        return self.name_ru if lang == "ru" else self.name_en

    @property
    def orcid_url(self) -> str | None:
        """The ORCID iD as the URL ORCID asks every display to use."""
        if self.orcid is None:
            return None
        return self.orcid if self.orcid.startswith("http") else ORCID_URL + self.orcid

    def about(self, lang: Lang) -> str | None:
        """ "About the authors": degrees, then the position, as the journal prints them."""
        parts = [degree.name.get(lang) for degree in self.degrees]
        if self.position:
            parts.append(self.position.get(lang))
        return ", ".join(p for p in parts if p) or None


@dataclass(frozen=True, slots=True)
class AbstractSection:
    """One heading of a structured abstract (Background, Materials and methods, ...)."""

    kind: str  # background | methods | results | conclusions | objective
    title: Localized
    paragraphs: tuple[Localized, ...]


@dataclass(frozen=True, slots=True)
class Dates:
    received: datetime.date | None = None
    accepted: datetime.date | None = None
    published: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of ``refs.bib``. ``entry`` is pybtex's parsed entry; treat it as read-only."""

    key: str
    entry: Entry
    lang: str  # "ru" for Russian-language sources, else "en"
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """An image file the body refers to, carried to the outputs as an asset."""

    path: str  # relative to manuscript/
    data: bytes


@dataclass(frozen=True, slots=True)
class Body:
    """The article body as pandoc JSON ASTs, in Russian and (when fully translated) English.

    ``citations`` lists the reference keys in order of first citation; it is the one
    source of citation numbers for every output.
    """

    ast: Localized  # pandoc JSON documents
    citations: tuple[str, ...]
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    journal: Journal
    doi: str
    volume: str
    issue: str
    fpage: str
    lpage: str
    year: int
    section: Section
    dates: Dates
    language: Lang
    title: Localized
    abstract: tuple[AbstractSection, ...]
    keywords: tuple[Localized, ...]
    authors: tuple[Person, ...]
    affiliations: tuple[Affiliation, ...]
    funding: Localized | None
    conflict_of_interest: Localized | None
    license: License
    body: Body
    references: tuple[Reference, ...]  # in citation order
    segments: tuple[Segment, ...]
    draft: bool = False  # the draft view: untranslated texts stand marked in the English (pubkit.draft)
    udc: str | None = None  # the Universal Decimal Classification index (УДК), when the journal gives one

    @property
    def doi_suffix(self) -> str:
        return self.doi.split("/", 1)[1]

    @property
    def page_range(self) -> str:
        """``96–106`` with an en dash, as the masthead and the pages print it (one page: ``96``)."""
        return self.fpage if self.fpage == self.lpage else f"{self.fpage}–{self.lpage}"

    @property
    def page_range_hyphen(self) -> str:
        """``96-106`` with a hyphen, as the journal's "For citation" line prints it."""
        return self.fpage if self.fpage == self.lpage else f"{self.fpage}-{self.lpage}"

    def abstract_text(self, lang: Lang) -> str:
        """The structured abstract as one plain paragraph: ``Background. … Results. …``."""
        return " ".join(
            f"{section.title.get(lang)}. " + " ".join(p.get(lang) for p in section.paragraphs)
            for section in self.abstract
        )

    @property
    def editions(self) -> tuple[Lang, ...]:
        """The languages with a body, so with a PDF edition: Russian, and English once it is translated."""
        return tuple(lang for lang in LANGS if self.body.ast.get(lang) is not None)

    def affiliation(self, aff_id: str) -> Affiliation:
        return next(a for a in self.affiliations if a.id == aff_id)

    @property
    def affiliation_numbers(self) -> dict[str, int]:
        """Each affiliation's mark (1, 2, ...) in order of first mention in the author list, then the rest."""
        numbers: dict[str, int] = {}
        for aff_id in [
            *(a for p in self.authors for a in p.affiliations),
            *(a.id for a in self.affiliations),
        ]:
            numbers.setdefault(aff_id, len(numbers) + 1)
        return numbers

    def citation_number(self, key: str) -> int:
        """The reference's number, by first citation in the body (1-based)."""
        return self.body.citations.index(key) + 1

    def url(self, lang: Lang) -> str:
        return self.journal.article_url.format(doi_suffix=self.doi_suffix, lang=lang)

    def pdf_name(self, lang: Lang) -> str:
        """The PDF edition's file name: ``<DOI suffix>.<lang>.pdf``, e.g. ``2311-1267-2025-12-2-96-106.ru.pdf``."""
        return f"{self.doi_suffix}.{lang}.pdf"

    def pdf_path(self, lang: Lang) -> str:
        """Where the build puts the PDF edition: beside its landing page ``<lang>/index.html`` (Google Scholar)."""
        return f"{lang}/{self.pdf_name(lang)}"

    def pdf_url(self, lang: Lang) -> str:
        return self.journal.pdf_url.format(doi_suffix=self.doi_suffix, lang=lang)


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue of the journal: its volume, number and year, and its articles in the issue's order."""

    journal: Journal
    volume: str
    number: str
    year: int
    articles: tuple[Article, ...]
    published: datetime.date | None = None
    title: Localized | None = None  # a themed issue's title

    @property
    def page_range(self) -> str:
        """The pages the issue's articles span, ``10–20``."""
        return f"{self.articles[0].fpage}–{self.articles[-1].lpage}"
