"""DOAJ article XML: valid against DOAJ's XSD, offline, English first, both languages present."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from pubkit.model import Article
from pubkit.problems import PubkitError
from pubkit.validate import validate
from pubkit.writers import Options
from pubkit.writers.doaj import doaj_xml, write_doaj

ORCID = "0000-0002-1825-0097"


def records(articles: list[Article], schemas_dir: Path) -> etree._Element:
    data = doaj_xml(articles)
    assert validate("doaj", data, "doaj.xml", schemas_dir) == []
    return etree.fromstring(data)


@pytest.fixture(scope="module")
def record(sample: Article, schemas_dir: Path) -> etree._Element:
    [record] = records([sample], schemas_dir).xpath("/records/record")
    return record


def test_identifiers_and_issue(record: etree._Element, sample: Article) -> None:
    def value(tag: str) -> list[str]:
        return record.xpath(f"{tag}/text()")

    assert value("language") == ["rus"]
    assert value("journalTitle") == ["Russian Journal of Pediatric Hematology and Oncology"]
    assert (value("issn"), value("eissn")) == (["2311-1267"], ["2413-5496"])
    assert value("publicationDate") == ["2025"]  # the sample gives the year only
    assert (value("volume"), value("issue"), value("startPage"), value("endPage")) == (
        ["12"],
        ["2"],
        ["96"],
        ["106"],
    )
    assert value("doi") == ["10.21682/2311-1267-2025-12-2-96-106"]
    assert value("publisherRecordId") == ["2311-1267-2025-12-2-96-106"]
    assert value("fullTextUrl") == [sample.url("en")]


def test_english_first_then_russian(record: etree._Element, sample: Article) -> None:
    assert record.xpath("title/@language") == ["eng", "rus"]
    assert record.xpath("title/text()") == [sample.title.en, sample.title.ru]
    assert record.xpath("abstract/@language") == ["eng", "rus"]
    english, russian = record.xpath("abstract/text()")
    assert english.startswith("Background. Neuroblastoma (NB)") and "Conclusion" in english
    assert russian.startswith("Обоснование. Нейробластома (НБ)")
    for section in sample.abstract:
        for paragraph in section.paragraphs:
            assert paragraph.en in english and paragraph.ru in russian
    assert record.xpath("keywords/@language") == ["eng", "rus"]
    assert record.xpath("keywords[1]/keyword/text()") == [k.en for k in sample.keywords]
    assert record.xpath("keywords[2]/keyword/text()") == [k.ru for k in sample.keywords]


def test_authors_with_latin_names_and_affiliations(record: etree._Element, sample: Article) -> None:
    authors = record.xpath("authors/author")
    assert [a.findtext("name") for a in authors] == [
        f"{p.name_en.given} {p.name_en.surname}" for p in sample.authors
    ]
    names = {e.get("affiliationId"): e.text for e in record.xpath("affiliationsList/affiliationName")}
    for author, person in zip(authors, sample.authors, strict=True):
        assert [names[i] for i in author.xpath("affiliationId/text()")] == [
            sample.affiliation(a).name.en for a in person.affiliations
        ]
    assert not record.xpath("authors/author/orcid_id")


def test_orcid_as_a_full_url_and_many_records(sample: Article, schemas_dir: Path) -> None:
    authors = (
        dataclasses.replace(sample.authors[0], orcid=ORCID, email="turchina@example.org"),
        *sample.authors[1:],
    )
    second = dataclasses.replace(sample, doi="10.21682/2311-1267-2025-12-2-107-115", authors=authors)
    tree = records([sample, second], schemas_dir)
    assert tree.xpath("record/doi/text()") == [sample.doi, second.doi]
    assert tree.xpath("record[2]/authors/author[1]/orcid_id/text()") == [f"https://orcid.org/{ORCID}"]
    assert tree.xpath("record[2]/authors/author[1]/email/text()") == ["turchina@example.org"]


def test_write_doaj(sample: Article) -> None:
    output = write_doaj(sample, Options())
    assert [a.path for a in output.files] == ["2311-1267-2025-12-2-96-106.doaj.xml"]
    assert output == write_doaj(sample, Options())
    with pytest.raises(PubkitError, match="draft"):
        write_doaj(dataclasses.replace(sample, draft=True), Options())
    keywords = (dataclasses.replace(sample.keywords[0], en=None), *sample.keywords[1:])
    with pytest.raises(PubkitError) as caught:
        write_doaj(dataclasses.replace(sample, keywords=keywords), Options())
    assert caught.value.problems[0].field == "keywords[0]"
