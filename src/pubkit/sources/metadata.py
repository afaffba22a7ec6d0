"""YAML → journal and article metadata, every field located by file, line and path.

Texts are Russian; each goes through the :class:`Translator` under its segment id,
so the values built here already carry their English.
"""

from __future__ import annotations

import datetime
import difflib
import string
from dataclasses import dataclass

from ..identifiers import doi_prefix_problem, email_problem, issn_problem
from ..model import (
    AbstractSection,
    Affiliation,
    Dates,
    Degree,
    Depositor,
    DoiPrefix,
    Journal,
    License,
    Localized,
    Person,
    PersonName,
    Section,
    SubmissionRules,
)
from ..problems import Problems
from ..safety import url_problem
from .catalog import Translator
from .located import Fields, parse_yaml

ABSTRACT_SECTIONS = ("background", "objective", "methods", "results", "conclusions")
# eLibrary's artType codes, as its journal XSD enumerates them (UNK is marked obsolete there).
RSCI_ARTICLE_TYPES = ("ABS", "BRV", "CNF", "COR", "EDI", "MIS", "PER", "RAR", "REP", "REV", "RPR", "SCO", "UNK")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Everything ``article.yaml`` says; the body, references and segments are added by the loader."""

    doi: str | None
    volume: str | None
    issue: str | None
    fpage: str | None
    lpage: str | None
    year: int | None
    section: Section | None
    dates: Dates
    language: str | None
    title: Localized | None
    abstract: tuple[AbstractSection, ...]
    keywords: tuple[Localized, ...]
    authors: tuple[Person, ...]
    affiliations: tuple[Affiliation, ...]
    funding: Localized | None
    conflict_of_interest: Localized | None
    license: License | None
    lines: dict[str, int]  # field path → line, for checks that report later
    udc: str | None = None  # УДК, e.g. 616-006.488-053.2


def _pair(fields: Fields | None) -> Localized | None:
    """A ``{ru: ..., en: ...}`` mapping given in full in the YAML (names, not translations)."""
    if fields is None:
        return None
    ru, en = fields.scalar("ru"), fields.scalar("en")
    fields.finish()
    return Localized(ru, en) if ru and en else None


def read_journal(text: str, file: str, problems: Problems) -> Journal | None:
    root = Fields.of(parse_yaml(text, file, problems), "", file, problems) if text is not None else None
    if root is None:
        return None
    title = _pair(root.mapping("title"))
    abbrev = root.scalar("abbrev_title")
    ids = root.mapping("journal_ids", required=False)
    journal_ids: list[tuple[str, str]] = []
    if ids is not None:
        for key in sorted(ids._items):
            value = ids.scalar(key)
            if value:
                journal_ids.append((key, value))
        ids.finish()
    issn = root.mapping("issn")
    issn_print = issn.scalar("print") if issn else None
    issn_electronic = issn.scalar("electronic") if issn else None
    if issn:
        for key, value in (("print", issn_print), ("electronic", issn_electronic)):
            if value and (message := issn_problem(value)):
                issn.error("id.issn", message, key)
        if issn_print and issn_print == issn_electronic:
            issn.error(
                "id.issn",
                f"print and online ISSN are both {issn_print}; expected the two different ISSNs of the journal",
                "electronic",
            )
        issn.finish()
    publisher = root.mapping("publisher")
    publisher_name = publisher_loc = None
    if publisher:
        publisher_name = _pair(publisher.mapping("name"))
        publisher_loc = _pair(publisher.mapping("location", required=False))
        publisher.finish()
    doi_prefix = root.scalar("doi_prefix")
    if doi_prefix and (message := doi_prefix_problem(doi_prefix)):
        root.error("id.doi-prefix", message, "doi_prefix")
        doi_prefix = None
    doi_history = _doi_history(root)
    article_url = root.scalar("article_url")
    pdf_url = root.scalar("pdf_url")
    for key, pattern in (("article_url", article_url), ("pdf_url", pdf_url)):
        if pattern and (message := url_pattern_problem(pattern)):
            root.error("meta.url", message, key)
    if article_url and pdf_url and not pdf_url.startswith(article_url.rsplit("/", 1)[0] + "/"):
        page = article_url.rsplit("/", 1)[0] + "/"
        root.problems.warning(
            "meta.pdf-url",
            f"{pdf_url!r} is not in the folder of its landing page {page!r}; Google Scholar indexes a PDF "
            f"only beside its page or below it (pubkit writes it beside the page); expected {page}...",
            file=root.file,
            line=root.line_of("pdf_url"),
            field="pdf_url",
        )
    license_ = _license(root.mapping("license"))
    holder = _pair(root.mapping("copyright_holder"))
    degrees = tuple(
        Degree(name, pair)
        for name, fields in root.entries("degrees", required=False)
        if (pair := _pair(fields))
    )
    sections = []
    for name, fields in root.entries("sections"):
        section_name = _pair(fields.mapping("name"))
        article_type = fields.scalar("article_type")
        rsci_type = fields.scalar("rsci_type", required=False)
        if rsci_type and rsci_type not in RSCI_ARTICLE_TYPES:
            fields.error(
                "meta.rsci-type",
                f"unknown eLibrary artType {rsci_type!r}; expected one of: {', '.join(RSCI_ARTICLE_TYPES)}",
                "rsci_type",
            )
            rsci_type = None
        fields.finish()
        if section_name and article_type:
            sections.append(Section(name, section_name, article_type, rsci_type))
    depositor = _depositor(root.mapping("depositor", required=False))
    registrant = root.scalar("registrant", required=False)
    titleid = root.scalar("elibrary_titleid", int, required=False)
    if titleid is not None and titleid <= 0:
        root.error(
            "meta.titleid",
            f"{titleid} is not an eLibrary title id; expected a positive number",
            "elibrary_titleid",
        )
        titleid = None
    submission = _submission(root.mapping("submission", required=False))
    root.finish()
    values = (title, abbrev, issn_print, issn_electronic, publisher_name, doi_prefix, article_url, pdf_url)
    if any(v is None for v in values) or license_ is None or holder is None:
        return None
    return Journal(
        title=title,
        abbrev_title=abbrev,
        journal_ids=tuple(journal_ids),
        issn_print=issn_print,
        issn_electronic=issn_electronic,
        publisher=publisher_name,
        publisher_loc=publisher_loc,
        doi_prefix=doi_prefix,
        doi_history=doi_history,
        article_url=article_url,
        pdf_url=pdf_url,
        license=license_,
        copyright_holder=holder,
        degrees=degrees,
        sections=tuple(sections),
        depositor=depositor,
        registrant=registrant,
        elibrary_titleid=titleid,
        submission=submission,
    )


def _submission(fields: Fields | None) -> SubmissionRules:
    """``submission: {abstract_words: {min, max}, keywords: {min, max}}``; each omitted limit keeps its default."""
    defaults = SubmissionRules()
    if fields is None:
        return defaults
    ranges = {}
    for key in ("abstract_words", "keywords"):
        low, high = getattr(defaults, key)
        sub = fields.mapping(key, required=False)
        if sub is not None:
            low = sub.scalar("min", int, required=False) or low
            high = sub.scalar("max", int, required=False) or high
            if not 0 < low <= high:
                sub.error(
                    "meta.range",
                    f"min {low} and max {high} do not make a range; expected 0 < min <= max",
                    "min",
                )
                low, high = getattr(defaults, key)
            sub.finish()
        ranges[key] = (low, high)
    fields.finish()
    return SubmissionRules(**ranges)


def _doi_history(root: Fields) -> tuple[DoiPrefix, ...]:
    """``doi_history``: each earlier prefix with the volumes it covers (``volumes: 1-4``), not overlapping."""
    history: list[DoiPrefix] = []
    for path, node in root.sequence("doi_history", required=False):
        fields = Fields.of(node, path, root.file, root.problems)
        if fields is None:
            continue
        prefix, volumes = fields.scalar("prefix"), fields.scalar("volumes")
        fields.finish()
        if prefix and (message := doi_prefix_problem(prefix)):
            fields.error("id.doi-prefix", message, "prefix")
            continue
        first, _, last = (volumes or "").replace("–", "-").partition("-")
        last = last or first
        if not (first.strip().isdigit() and last.strip().isdigit() and 0 < int(first) <= int(last)):
            if volumes:
                fields.error(
                    "meta.volumes", f"{volumes!r} is not a range of volumes; expected e.g. 1-4", "volumes"
                )
            continue
        earlier = DoiPrefix(prefix, int(first), int(last))
        if any(not (earlier.last < h.first or h.last < earlier.first) for h in history):
            fields.error("meta.volumes", f"volumes {volumes} overlap another entry of doi_history", "volumes")
            continue
        history.append(earlier)
    return tuple(history)


def _depositor(fields: Fields | None) -> Depositor | None:
    """``depositor: {name, email}``: both required once the mapping is given."""
    if fields is None:
        return None
    name, email = fields.scalar("name"), fields.scalar("email")
    if email and (message := email_problem(email)):
        fields.error("id.email", message, "email")
        email = None
    fields.finish()
    return Depositor(name, email) if name and email else None


def _license(fields: Fields | None) -> License | None:
    if fields is None:
        return None
    name = _pair(fields.mapping("name"))
    url = fields.scalar("url")
    text = _pair(fields.mapping("text"))
    if url and (not url.startswith(("https://", "http://")) or url_problem(url)):
        fields.error("meta.url", f"{url!r} is not a URL; expected the license's http(s) address", "url")
        url = None
    fields.finish()
    return License(name, url, text) if name and url and text else None


URL_NAMES = ("doi_suffix", "lang")  # what an article_url or pdf_url pattern may name


def url_pattern_problem(pattern: str) -> str | None:
    """What is wrong with a journal URL pattern, or ``None``: https, ``{doi_suffix}``, only :data:`URL_NAMES`."""
    expected = "expected an https:// URL pattern naming {doi_suffix} and optionally {lang}"
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"{pattern!r} is not a URL pattern ({exc}); {expected}"
    names = [name for _, name, _, _ in parts if name is not None]
    odd = [
        f"{{{name}}}"
        for _, name, spec, conversion in parts
        if name is not None and (name not in URL_NAMES or spec or conversion)
    ]
    if odd:
        return f"{pattern!r} uses {', '.join(odd)}; {expected}"
    if "doi_suffix" not in names or not pattern.startswith("https://"):
        return f"{pattern!r} is not an https:// URL pattern with {{doi_suffix}}; {expected}"
    if message := url_problem(pattern.format(doi_suffix="x", lang="ru")):
        return message
    return None


def read_article(
    text: str, file: str, journal: Journal | None, translator: Translator, problems: Problems
) -> ArticleMeta | None:
    root = Fields.of(parse_yaml(text, file, problems), "", file, problems)
    if root is None:
        return None
    lines: dict[str, int] = {}

    def located(key: str, kind: type = str, required: bool = True):
        lines[key] = root.line_of(key)
        return root.scalar(key, kind, required)

    def translated(fields: Fields, key: str, segment_id: str, required: bool = True) -> Localized | None:
        ru = fields.scalar(key, str, required)
        lines[fields.field_path(key)] = fields.line_of(key)
        return translator.text(segment_id, ru, file, fields.line_of(key)) if ru else None

    doi = located("doi")
    volume, issue = located("volume"), located("issue")
    fpage, lpage = located("fpage"), located("lpage")
    year = located("year", int)
    section_id = located("section")
    section = None
    if section_id and journal is not None:
        section = next((s for s in journal.sections if s.id == section_id), None)
        if section is None:
            ids = [s.id for s in journal.sections]
            close = difflib.get_close_matches(section_id, ids, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            root.error(
                "meta.section",
                f"unknown section {section_id!r}; {hint}expected one of journal.yaml's: {', '.join(ids)}",
                "section",
            )
    dates = _dates(root.mapping("dates", required=False), lines)
    language = located("language")
    udc = located("udc", required=False)
    title = translated(root, "title", "title")

    abstract = []
    items = root.sequence("abstract")
    for path, node in items:
        fields = Fields.of(node, path, file, problems)
        if fields is None:
            continue
        if not fields.has("section") and not fields.has("title"):
            # An unstructured abstract: one item, its paragraphs alone (segments abstract.1, abstract.2 ...).
            if len(items) > 1:
                fields.error(
                    "meta.abstract-section",
                    "an abstract item without a section; expected section: and title: on every item of a "
                    "structured abstract, or a single item with only text: for an unstructured one",
                )
            paragraphs = tuple(
                translator.text(f"abstract.{i}", ru, file, line)
                for i, (_, ru, line) in enumerate(fields.strings("text"), start=1)
            )
            if paragraphs and len(items) == 1:
                abstract.append(AbstractSection("", None, paragraphs))
            fields.finish()
            continue
        kind = fields.scalar("section")
        if kind and kind not in ABSTRACT_SECTIONS:
            fields.error(
                "meta.abstract-section",
                f"unknown abstract section {kind!r}; expected one of: {', '.join(ABSTRACT_SECTIONS)}",
                "section",
            )
            kind = None
        if kind:
            section_title = translated(fields, "title", f"abstract.{kind}.title")
            paragraphs = tuple(
                translator.text(f"abstract.{kind}.{i}", ru, file, line)
                for i, (_, ru, line) in enumerate(fields.strings("text"), start=1)
            )
            if fields.is_empty("text"):
                fields.error("meta.empty", "text is empty; expected at least one paragraph", "text")
            if section_title and paragraphs:
                abstract.append(AbstractSection(kind, section_title, paragraphs))
        fields.finish()

    keywords = tuple(
        translator.text(f"keywords.{i}", ru, file, line)
        for i, (_, ru, line) in enumerate(root.strings("keywords"), start=1)
    )
    for key, what in (
        ("abstract", "a section"),
        ("keywords", "a keyword"),
        ("authors", "an author"),
        ("affiliations", "an affiliation"),
    ):
        if root.is_empty(key):
            root.error("meta.empty", f"{key} is empty; expected at least {what}", key)

    affiliations = []
    for aff_id, fields in root.entries("affiliations"):
        name = translated(fields, "name", f"affiliations.{aff_id}.name")
        address = _pair(fields.mapping("address"))
        city = _pair(fields.mapping("city"))
        country = fields.mapping("country")
        code = country_name = None
        if country is not None:
            code = country.scalar("code")
            ru, en = country.scalar("ru"), country.scalar("en")
            country_name = Localized(ru, en) if ru and en else None
            country.finish()
        ror = fields.scalar("ror", required=False)
        lines[f"{fields.path}.ror"] = fields.line_of("ror")
        lines[f"{fields.path}.country.code"] = country.line_of("code") if country else fields.line
        fields.finish()
        if name and address and city and code and country_name:
            affiliations.append(Affiliation(aff_id, name, address, city, code, country_name, ror))

    degrees = {d.id: d for d in journal.degrees} if journal else {}
    authors = []
    for path, node in root.sequence("authors"):
        fields = Fields.of(node, path, file, problems)
        if fields is None:
            continue
        person = _person(fields, degrees, translator, lines)
        if person is not None:
            authors.append(person)

    funding = translated(root, "funding", "funding", required=False)
    coi = translated(root, "conflict_of_interest", "conflict-of-interest", required=False)
    license_ = _license(root.mapping("license", required=False)) if root.has("license") else None
    root.finish()
    return ArticleMeta(
        doi=doi,
        volume=volume,
        issue=issue,
        fpage=fpage,
        lpage=lpage,
        year=year,
        section=section,
        dates=dates,
        language=language,
        title=title,
        abstract=tuple(abstract),
        keywords=keywords,
        authors=tuple(authors),
        affiliations=tuple(affiliations),
        funding=funding,
        conflict_of_interest=coi,
        license=license_ or (journal.license if journal else None),
        lines=lines,
        udc=udc,
    )


def _dates(fields: Fields | None, lines: dict[str, int]) -> Dates:
    if fields is None:
        return Dates()
    for key in ("received", "accepted", "published"):
        lines[f"dates.{key}"] = fields.line_of(key)
    values = {
        key: fields.scalar(key, datetime.date, required=False)
        for key in ("received", "accepted", "published")
    }
    fields.finish()
    return Dates(**values)


def _person(
    fields: Fields, degrees: dict[str, Degree], translator: Translator, lines: dict[str, int]
) -> Person | None:
    person_id = fields.scalar("id")
    names = fields.mapping("name")
    name_ru = name_en = None
    lines[f"{fields.path}.name"] = fields.line_of("name")
    if names is not None:
        name_ru, name_en = _name(names.mapping("ru")), _name(names.mapping("en"))
        names.finish()
    affiliations = tuple(value for _, value, _ in fields.strings("affiliations"))
    lines[f"{fields.path}.affiliations"] = fields.line_of("affiliations")
    person_degrees = []
    for path, value, line in fields.strings("degrees", required=False):
        if value in degrees:
            person_degrees.append(degrees[value])
        else:
            fields.problems.error(
                "meta.degree",
                f"unknown degree {value!r}; expected one of the journal's: {', '.join(sorted(degrees))}",
                file=fields.file,
                line=line,
                field=path,
            )
    position = None
    if person_id:
        ru = fields.scalar("position", required=False)
        if ru:
            position = translator.text(
                f"authors.{person_id}.position", ru, fields.file, fields.line_of("position")
            )
    orcid = fields.scalar("orcid", required=False)
    email = fields.scalar("email", required=False)
    corresponding = fields.scalar("corresponding", bool, required=False) or False
    for key in ("orcid", "email", "id"):
        lines[f"{fields.path}.{key}"] = fields.line_of(key)
    fields.finish()
    if not (person_id and name_ru and name_en):
        return None
    return Person(
        id=person_id,
        name_ru=name_ru,
        name_en=name_en,
        affiliations=affiliations,
        degrees=tuple(person_degrees),
        position=position,
        orcid=orcid,
        email=email,
        corresponding=corresponding,
    )


def _name(fields: Fields | None) -> PersonName | None:
    if fields is None:
        return None
    surname, given = fields.scalar("surname"), fields.scalar("given")
    fields.finish()
    return PersonName(surname, given) if surname and given else None
