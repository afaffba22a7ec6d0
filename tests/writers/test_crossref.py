"""The Crossref 5.3.1 deposit: valid against Crossref's XSD, offline, and holding what the sample says."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from lxml import etree

from pubkit.model import Article, Dates
from pubkit.problems import PubkitError
from pubkit.refs.render import to_text
from pubkit.refs.style import format_references
from pubkit.validate import validate
from pubkit.writers import Inputs, Options
from pubkit.writers.crossref import crossref_timestamp, crossref_xml, write_crossref

NS = {
    "cr": "http://www.crossref.org/schema/5.3.1",
    "jats": "http://www.ncbi.nlm.nih.gov/JATS1",
    "ai": "http://www.crossref.org/AccessIndicators.xsd",
}
EPOCH = 1750000000  # 2025-06-15 15:06:40 UTC
ORCIDS = ("0000-0002-1825-0097", "0000-0001-5109-3700")


def xpath(tree: etree._Element, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


def deposit(articles: list[Article], schemas_dir: Path) -> etree._Element:
    data = crossref_xml(articles, timestamp=EPOCH)
    assert validate("crossref-5.3.1", data, "deposit.xml", schemas_dir) == []
    return etree.fromstring(data)


@pytest.fixture(scope="module")
def tree(sample: Article, schemas_dir: Path) -> etree._Element:
    return deposit([sample], schemas_dir)


def with_ids(sample: Article) -> Article:
    """The sample with ORCID iDs on two authors, a ROR on one affiliation and the history dates."""
    authors = list(sample.authors)
    authors[0] = dataclasses.replace(authors[0], orcid=ORCIDS[0])
    authors[3] = dataclasses.replace(authors[3], orcid=ORCIDS[1])
    affiliations = [dataclasses.replace(sample.affiliations[0], ror="01bj3aw27"), *sample.affiliations[1:]]
    dates = Dates(datetime.date(2025, 1, 31), datetime.date(2025, 3, 15), datetime.date(2025, 6, 30))
    return dataclasses.replace(sample, authors=tuple(authors), affiliations=tuple(affiliations), dates=dates)


def test_head_is_the_journals_depositor_and_a_content_digest(tree: etree._Element, sample: Article) -> None:
    assert xpath(tree, "/cr:doi_batch/@version") == ["5.3.1"]
    assert xpath(tree, "//cr:head/cr:timestamp/text()") == ["20250615150640000"]
    assert xpath(tree, "//cr:depositor/cr:email_address/text()") == ["crossref@journal.nodgo.org"]
    assert xpath(tree, "//cr:head/cr:registrant/text()") == [sample.journal.registrant]
    [batch_id] = xpath(tree, "//cr:doi_batch_id/text()")
    assert batch_id.startswith("2025-12-2-") and len(batch_id) <= 100
    later = etree.fromstring(crossref_xml([sample], timestamp=EPOCH + 3600))
    assert xpath(later, "//cr:doi_batch_id/text()") == [
        batch_id
    ]  # the digest is of the content, not the time
    assert xpath(later, "//cr:head/cr:timestamp/text()") == ["20250615160640000"]


def test_journal_and_issue(tree: etree._Element) -> None:
    assert xpath(tree, "//cr:journal_metadata/cr:full_title/text()") == [
        "Russian Journal of Pediatric Hematology and Oncology"
    ]
    assert xpath(tree, "//cr:journal_metadata/cr:issn[@media_type='print']/text()") == ["2311-1267"]
    assert xpath(tree, "//cr:journal_metadata/cr:issn[@media_type='electronic']/text()") == ["2413-5496"]
    assert xpath(tree, "//cr:journal_issue/cr:journal_volume/cr:volume/text()") == ["12"]
    assert xpath(tree, "//cr:journal_issue/cr:issue/text()") == ["2"]
    assert xpath(tree, "//cr:journal_issue/cr:publication_date/@media_type") == ["print", "online"]


def test_article_titles_abstracts_pages_license(tree: etree._Element, sample: Article) -> None:
    [article] = xpath(tree, "//cr:journal_article")
    assert article.get("language") == "ru"
    assert xpath(article, "cr:titles/cr:title/text()") == [sample.title.ru, sample.title.en]
    assert xpath(article, "jats:abstract/@xml:lang") == ["ru", "en"]
    for lang in ("ru", "en"):
        abstract = xpath(article, f"jats:abstract[@xml:lang='{lang}']")[0]
        assert xpath(abstract, "jats:sec/jats:title/text()") == [s.title.get(lang) for s in sample.abstract]
        paragraphs = [p.get(lang) for s in sample.abstract for p in s.paragraphs]
        assert xpath(abstract, "jats:sec/jats:p/text()") == paragraphs
    assert xpath(article, "cr:pages/cr:first_page/text()") == ["96"]
    assert xpath(article, "cr:pages/cr:last_page/text()") == ["106"]
    license_url = "https://creativecommons.org/licenses/by/4.0/"
    assert xpath(article, "ai:program/ai:license_ref/@applies_to") == ["vor", "tdm"]
    assert xpath(article, "ai:program/ai:license_ref/text()") == [license_url, license_url]
    assert not xpath(article, "//*[local-name()='program' and @name='fundref']")  # no structured funder


def test_doi_data_points_at_the_landing_page_and_the_pdfs(tree: etree._Element, sample: Article) -> None:
    [doi_data] = xpath(tree, "//cr:journal_article/cr:doi_data")
    assert xpath(doi_data, "cr:doi/text()") == ["10.21682/2311-1267-2025-12-2-96-106"]
    assert xpath(doi_data, "cr:resource/text()") == [sample.url("ru")]
    pdfs = [sample.pdf_url("ru"), sample.pdf_url("en")]
    assert xpath(doi_data, "cr:collection[@property='crawler-based']/cr:item/cr:resource/text()") == pdfs
    assert xpath(doi_data, "cr:collection[@property='text-mining']/cr:item/cr:resource/text()") == pdfs


def test_all_ten_authors_with_both_names(tree: etree._Element, sample: Article) -> None:
    people = xpath(tree, "//cr:contributors/cr:person_name")
    assert len(people) == len(sample.authors) == 10
    assert [p.get("sequence") for p in people] == ["first"] + ["additional"] * 9
    for element, person in zip(people, sample.authors, strict=True):
        assert element.get("language") == "en" and element.get("contributor_role") == "author"
        assert xpath(element, "cr:surname/text()") == [person.name_en.surname]
        assert xpath(element, "cr:given_name/text()") == [person.name_en.given]
        assert xpath(element, "cr:alt-name/cr:name[@language='ru']/cr:surname/text()") == [
            person.name_ru.surname
        ]
        assert xpath(element, "cr:alt-name/cr:name/cr:given_name/text()") == [person.name_ru.given]
        [institution] = xpath(element, "cr:affiliations/cr:institution/cr:institution_name/text()")
        assert institution == sample.affiliation(person.affiliations[0]).name.en
        assert not xpath(element, "cr:ORCID")  # the sample gives none


def test_orcid_ror_and_dates_where_known(sample: Article, schemas_dir: Path) -> None:
    tree = deposit([with_ids(sample)], schemas_dir)
    assert xpath(tree, "//cr:person_name/cr:ORCID/text()") == [f"https://orcid.org/{o}" for o in ORCIDS]
    assert xpath(tree, "//cr:person_name[1]/cr:affiliations//cr:institution_id[@type='ror']/text()") == [
        "https://ror.org/01bj3aw27"
    ]
    online = xpath(tree, "//cr:journal_article/cr:publication_date[@media_type='online']")[0]
    assert [e.text for e in online] == ["06", "30", "2025"]
    assert xpath(tree, "//cr:journal_article/cr:acceptance_date/cr:day/text()") == ["15"]


def test_every_reference_by_doi_or_its_english_line(tree: etree._Element, sample: Article) -> None:
    citations = xpath(tree, "//cr:citation_list/cr:citation")
    assert len(citations) == 20
    assert [c.get("key") for c in citations] == [f"ref-{n}" for n in range(1, 21)]
    english = [to_text(t) for t in format_references(sample.references, "en")]
    with_doi = 0
    for citation, ref, line in zip(citations, sample.references, english, strict=True):
        doi = ref.entry.fields.get("doi")
        if doi:
            with_doi += 1
            assert xpath(citation, "cr:doi/text()") == [doi]
            assert not xpath(citation, "cr:unstructured_citation")
        else:
            assert xpath(citation, "cr:unstructured_citation/text()") == [line]
    assert with_doi == 18
    assert len(xpath(tree, "//cr:citation/cr:unstructured_citation")) == 2


def test_one_issue_with_many_articles(sample: Article, schemas_dir: Path) -> None:
    second = dataclasses.replace(sample, doi="10.21682/2311-1267-2025-12-2-107-115", fpage="107", lpage="115")
    tree = deposit([sample, second], schemas_dir)
    assert len(xpath(tree, "//cr:journal_metadata")) == len(xpath(tree, "//cr:journal_issue")) == 1
    assert xpath(tree, "//cr:journal_article/cr:doi_data/cr:doi/text()") == [sample.doi, second.doi]
    other_issue = dataclasses.replace(second, issue="3")
    with pytest.raises(PubkitError) as caught:
        crossref_xml([sample, other_issue], timestamp=EPOCH)
    assert caught.value.problems[0].code == "deposit.issue"


def test_write_crossref_is_reproducible_and_named_by_the_doi(sample: Article) -> None:
    first = write_crossref(sample, Options(), Inputs())
    assert [a.path for a in first.files] == ["2311-1267-2025-12-2-96-106.crossref.xml"]
    assert first == write_crossref(sample, Options(), Inputs())
    # No time given: 1 January of the article's year (the sample has no publication day).
    assert b"<timestamp>20250101000000000</timestamp>" in first.files[0].data
    later = write_crossref(sample, Options(), Inputs(epoch=EPOCH))
    assert b"<timestamp>20250615150640000</timestamp>" in later.files[0].data
    assert crossref_timestamp(0) == 19700101000000000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"depositor": None}, "depositor"),
        ({"registrant": None}, "registrant"),
    ],
)
def test_a_missing_journal_setting_stops_the_deposit(sample: Article, change: dict, field: str) -> None:
    article = dataclasses.replace(sample, journal=dataclasses.replace(sample.journal, **change))
    with pytest.raises(PubkitError) as caught:
        write_crossref(article, Options(), Inputs())
    [problem] = caught.value.problems
    assert (problem.code, problem.field) == ("deposit.missing", field)


def test_no_deposit_from_a_draft_or_without_english(sample: Article) -> None:
    with pytest.raises(PubkitError, match="draft"):
        write_crossref(dataclasses.replace(sample, draft=True), Options(), Inputs())
    untranslated = dataclasses.replace(sample, title=dataclasses.replace(sample.title, en=None))
    with pytest.raises(PubkitError) as caught:
        write_crossref(untranslated, Options(), Inputs())
    assert caught.value.problems[0].field == "title"
    assert "no English text" in caught.value.problems[0].message
