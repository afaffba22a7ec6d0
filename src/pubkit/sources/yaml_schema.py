"""JSON Schemas of ``article.yaml``, ``journal.yaml`` and ``issue.yaml`` for editors (completion, hover, validation).

The schemas say what :mod:`.metadata` and :func:`.issue.read_issue` read: the same keys, the same required ones, the same
types and enumerations, every key with a description and an example. ``tests/sources/test_yaml_schema.py``
keeps them honest: the sample and every fixture validate, and for each row of a table of mutations
the schema and ``pubkit check`` agree (both reject, or both accept). The files shipped in
``pubkit/schemas/`` are written from :data:`ARTICLE`, :data:`JOURNAL` and :data:`ISSUE` (``pytest --update-golden``).
"""

from __future__ import annotations

import json
from typing import Any

from .metadata import ABSTRACT_SECTIONS, RSCI_ARTICLE_TYPES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TEXT = {"type": ["string", "number"], "pattern": r"\S"}  # numbers are read as text ("12")


def text(description: str, example: object, **more: Any) -> dict[str, Any]:
    return {**TEXT, "description": description, "examples": [example], **more}


def pair(description: str, ru: str, en: str) -> dict[str, Any]:
    """A ``{ru, en}`` mapping given in full (names and places, not translations)."""
    return obj(description, {"ru": text("Russian.", ru), "en": text("English.", en)}, ["ru", "en"])


def obj(description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def texts(description: str, example: str) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": text("A Russian text.", example)}


DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
LICENSE = obj(
    "The license: its name in both languages, its URL and the statement printed with the article.",
    {
        "name": pair(
            "The license's name.", "Creative Commons Attribution 4.0 International (CC BY 4.0)", "…"
        ),
        "url": text(
            "The license's http(s) address.",
            "https://creativecommons.org/licenses/by/4.0/",
            pattern=r"^https?://",
        ),
        "text": pair("The license statement.", "Контент доступен под лицензией …", "This work is licensed …"),
    },
    ["name", "url", "text"],
)
NAME = obj(
    "One spelling of a name.",
    {"surname": text("Surname.", "Качанов"), "given": text("Initials or given names.", "Д.Ю.")},
    ["surname", "given"],
)
AUTHOR = obj(
    "An author. Segment: authors.<id>.position.",
    {
        "id": text("An ASCII id of your choice, used in segment ids.", "kachanov"),
        "name": obj(
            "Both spellings of the name (not translated).",
            {"ru": NAME, "en": NAME},
            ["ru", "en"],
        ),
        "affiliations": texts("Ids of the author's affiliations (keys of `affiliations`).", "rogachev"),
        "degrees": texts("Ids of the journal's degrees (journal.yaml `degrees`).", "dsc-med"),
        "position": text(
            "The author's position, in Russian. Segment: authors.<id>.position.", "заведующий …"
        ),
        "orcid": text("ORCID iD.", "0000-0002-1825-0097"),
        "email": text("E-mail address.", "name@example.org"),
        "corresponding": {"type": "boolean", "description": "The corresponding author.", "examples": [True]},
    },
    ["id", "name", "affiliations"],
)
AFFILIATION = obj(
    "An affiliation. Segment: affiliations.<id>.name.",
    {
        "name": text(
            "The institution's Russian name. Segment: affiliations.<id>.name.", "ФГБУ «НМИЦ ДГОИ …»"
        ),
        "address": pair(
            "The postal address.", "117997, Москва, ул. Саморы Машела, 1", "1 Samory Mashela St., …"
        ),
        "city": pair("The city.", "Москва", "Moscow"),
        "country": obj(
            "The country: ISO 3166 code and names.",
            {
                "code": text("ISO 3166-1 alpha-2 code.", "RU"),
                "ru": text("Russian.", "Российская Федерация"),
                "en": text("English.", "Russian Federation"),
            },
            ["code", "ru", "en"],
        ),
        "ror": text("ROR id (optional).", "https://ror.org/…"),
    },
    ["name", "address", "city", "country"],
)
ABSTRACT = obj(
    "One section of the structured abstract. Segments: abstract.<section>.title, abstract.<section>.<n>.",
    {
        "section": {
            "enum": list(ABSTRACT_SECTIONS),
            "description": "The section's kind.",
            "examples": ["methods"],
        },
        "title": text("The section's Russian heading.", "Материалы и методы"),
        "text": texts("The section's paragraphs, in Russian.", "Представлено описание …"),
    },
    ["section", "title", "text"],
)

ARTICLE: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "https://pubkit/schemas/article.schema.json",
    "title": "pubkit article.yaml",
    **obj(
        "An article's metadata. Russian is the original; the English lives in translations/en.po.",
        {
            "doi": text("The article's DOI.", "10.21682/2311-1267-2025-12-2-96-106"),
            "volume": text("Volume.", "12"),
            "issue": text("Issue number.", "2"),
            "fpage": text("First page.", "96"),
            "lpage": text("Last page.", "106"),
            "year": {"type": "integer", "description": "Year of publication.", "examples": [2025]},
            "section": text("The section's id in journal.yaml `sections`.", "clinical-case"),
            "dates": obj(
                "Dates (YYYY-MM-DD), each optional.",
                {
                    "received": {**DATE, "description": "Received.", "examples": ["2025-01-31"]},
                    "accepted": {**DATE, "description": "Accepted.", "examples": ["2025-03-15"]},
                    "published": {**DATE, "description": "Published.", "examples": ["2025-06-30"]},
                },
                [],
            ),
            "language": text("The original's language.", "ru"),
            "title": text(
                "The Russian title. Segment: title.", "Изолированные лептоменингеальные рецидивы …"
            ),
            "abstract": {"type": "array", "description": "The structured abstract.", "items": ABSTRACT},
            "keywords": texts("Russian keywords. Segments: keywords.<n>.", "нейробластома"),
            "affiliations": {
                "type": "object",
                "description": "Affiliations by id.",
                "additionalProperties": AFFILIATION,
            },
            "authors": {"type": "array", "description": "The authors, in byline order.", "items": AUTHOR},
            "funding": text("Funding statement, in Russian. Segment: funding.", "Работа выполнена …"),
            "conflict_of_interest": text(
                "Conflict-of-interest statement, in Russian. Segment: conflict-of-interest.",
                "Авторы заявляют об отсутствии конфликта интересов.",
            ),
            "license": LICENSE,
        },
        [
            "doi",
            "volume",
            "issue",
            "fpage",
            "lpage",
            "year",
            "section",
            "language",
            "title",
            "abstract",
            "keywords",
            "affiliations",
            "authors",
        ],
    ),
}

JOURNAL: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "https://pubkit/schemas/journal.schema.json",
    "title": "pubkit journal.yaml",
    **obj(
        "The journal's metadata, shared by all its articles.",
        {
            "title": pair("The journal's title.", "Российский журнал детской гематологии и онкологии", "…"),
            "abbrev_title": text("The NLM abbreviation.", "Russ J Pediatr Hematol Oncol"),
            "journal_ids": {
                "type": "object",
                "description": "Journal ids by type (publisher-id, nlm-ta, …).",
                "additionalProperties": TEXT,
            },
            "issn": obj(
                "ISSNs.",
                {"print": text("Print ISSN.", "2311-1267"), "electronic": text("Online ISSN.", "2413-5496")},
                ["print", "electronic"],
            ),
            "publisher": obj(
                "The publisher.",
                {
                    "name": pair("Name.", "Национальное общество …", "National Society …"),
                    "location": pair("Location.", "Москва", "Moscow"),
                },
                ["name"],
            ),
            "doi_prefix": text("The DOI prefix.", "10.21682"),
            "doi_history": {
                "type": "array",
                "description": "Earlier DOI prefixes, each with the volumes registered under it.",
                "items": obj(
                    "An earlier prefix.",
                    {
                        "prefix": text("The DOI prefix.", "10.17650"),
                        "volumes": text("The volumes, first-last.", "1-4", pattern=r"^\d+(\s*[-–]\s*\d+)?$"),
                    },
                    ["prefix", "volumes"],
                ),
            },
            "article_url": text(
                "https:// pattern of the article page, with {doi_suffix} and {lang}.",
                "https://journal.nodgo.org/articles/{doi_suffix}/{lang}/",
                pattern=r"^https://.*\{doi_suffix\}",
            ),
            "pdf_url": text(
                "https:// pattern of the PDF, with {doi_suffix} and {lang}.",
                "https://journal.nodgo.org/articles/{doi_suffix}/{doi_suffix}.{lang}.pdf",
                pattern=r"^https://.*\{doi_suffix\}",
            ),
            "license": LICENSE,
            "copyright_holder": pair("The copyright holder.", "Авторы", "The Authors"),
            "degrees": {
                "type": "object",
                "description": "Academic degrees by id, in both languages.",
                "additionalProperties": pair("A degree.", "д-р мед. наук", "Dr. of Sci. (Med.)"),
            },
            "sections": {
                "type": "object",
                "description": "The journal's sections by id.",
                "additionalProperties": obj(
                    "A section.",
                    {
                        "name": pair("The section's name.", "Клинические наблюдения", "Clinical cases"),
                        "article_type": text("The JATS article-type.", "case-report"),
                        "rsci_type": {
                            "enum": list(RSCI_ARTICLE_TYPES),
                            "description": "eLibrary artType.",
                            "examples": ["RAR"],
                        },
                    },
                    ["name", "article_type"],
                ),
            },
            "depositor": obj(
                "Crossref depositor.",
                {"name": text("Name.", "Editorial office …"), "email": text("E-mail.", "crossref@…")},
                ["name", "email"],
            ),
            "registrant": text("Crossref registrant.", "National Society …"),
            "submission": obj(
                "The author guidelines `check --for submission` applies; each limit optional.",
                {
                    key: obj(
                        description,
                        {
                            "min": {
                                "type": "integer",
                                "minimum": 1,
                                "description": "At least.",
                                "examples": [low],
                            },
                            "max": {
                                "type": "integer",
                                "minimum": 1,
                                "description": "At most.",
                                "examples": [high],
                            },
                        },
                        [],
                    )
                    for key, description, low, high in (
                        ("abstract_words", "The abstract's length in words, per language.", 200, 250),
                        ("keywords", "The number of keywords, per language.", 3, 10),
                    )
                },
                [],
            ),
            "elibrary_titleid": {
                "type": "integer",
                "minimum": 1,
                "description": "eLibrary title id.",
                "examples": [51432],
            },
        },
        [
            "title",
            "abbrev_title",
            "issn",
            "publisher",
            "doi_prefix",
            "article_url",
            "pdf_url",
            "license",
            "copyright_holder",
            "sections",
        ],
    ),
}

ISSUE: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "https://pubkit/schemas/issue.schema.json",
    "title": "pubkit issue.yaml",
    **obj(
        "An issue folder's metadata; every key optional.",
        {
            "volume": text("Volume.", "12"),
            "number": text("Issue number.", "3"),
            "year": {"type": "integer", "description": "Year.", "examples": [2025]},
            "published": {
                **DATE,
                "description": "Publication date (YYYY-MM-DD).",
                "examples": ["2025-09-30"],
            },
            "title": pair("A special issue's title.", "Нейробластома", "Neuroblastoma"),
            "pages": text(
                "The issue's page range, first-last.", "10-96", pattern=r"^\s*\d+\s*[-–]\s*\d+\s*$"
            ),
            "sections": {
                "type": "object",
                "description": "The issue's order: each section id (journal.yaml) with its article folders.",
                "examples": [{"original-study": ["01-follow-up"]}],
                "additionalProperties": texts("Article folders, in order.", "01-follow-up"),
            },
        },
        [],
    ),
}

SCHEMAS = {"article.schema.json": ARTICLE, "journal.schema.json": JOURNAL, "issue.schema.json": ISSUE}


def render(schema: dict[str, Any]) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
