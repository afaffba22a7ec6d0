"""eLibrary Articulus XML and its upload zip, checked with XPath against the structure in registries.md §2."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import zipfile

import pytest
from lxml import etree

from pubkit.build import render
from pubkit.model import Article, Dates, Localized
from pubkit.problems import PubkitError
from pubkit.refs.render import to_text
from pubkit.refs.style import format_references
from pubkit.writers import Inputs, Options
from pubkit.writers.rsci import ARTICLE_PARTS, MARKUP, rsci_xml, rsci_zip, rsci_zip_name, write_rsci

STAMP = (2025, 6, 30, 0, 0, 0)
PDF = "2311-1267-2025-12-2-96-106.ru.pdf"


@pytest.fixture(scope="module")
def xml(sample: Article) -> bytes:
    return rsci_xml([sample])


@pytest.fixture(scope="module")
def journal(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def test_journal_and_issue(journal: etree._Element, sample: Article) -> None:
    assert journal.tag == "journal" and journal.nsmap == {}
    assert journal.xpath("titleid/text()") == ["51432"]
    assert journal.xpath("issn/text()") == ["2311-1267"]
    assert journal.xpath("eissn/text()") == ["2413-5496"]
    assert journal.xpath("journalInfo/@lang") == ["RUS"]
    assert journal.xpath("journalInfo/title/text()") == [sample.journal.title.ru]
    issue = journal.find("issue")
    assert [issue.findtext(t) for t in ("volume", "number", "dateUni", "pages")] == [
        "12",
        "2",
        "2025",
        "96-106",
    ]
    [section] = issue.xpath("articles/section")
    assert section.xpath("secTitle/@lang") == ["RUS", "ENG"]
    assert section.xpath("secTitle/text()") == ["Клинические наблюдения", "Clinical cases"]
    assert section.getnext().tag == "article"  # the section heads its articles


def test_article_children_in_the_exporters_order(journal: etree._Element) -> None:
    [article] = journal.xpath("//article")
    present = [child.tag for child in article]
    assert present == [tag for tag, _ in ARTICLE_PARTS if tag in present]
    assert present == [
        "pages", "artType", "langPubl", "authors", "artTitles", "abstracts",
        "codes", "keywords", "references", "files",
    ]  # fmt: skip
    assert article.xpath("pages/text()") == ["96-106"]
    assert article.xpath("artType/text()") == ["RAR"]  # sections.clinical-case.rsci_type
    assert article.xpath("langPubl/text()") == ["RUS"]
    assert article.xpath("codes/doi/text()") == ["10.21682/2311-1267-2025-12-2-96-106"]
    assert article.xpath("files/file[@desc='fullText']/text()") == [PDF]


def test_texts_in_both_languages(journal: etree._Element, sample: Article) -> None:
    [article] = journal.xpath("//article")
    assert article.xpath("artTitles/artTitle/@lang") == ["RUS", "ENG"]
    assert article.xpath("artTitles/artTitle/text()") == [sample.title.ru, sample.title.en]
    russian, english = article.xpath("abstracts/abstract/text()")
    assert article.xpath("abstracts/abstract/@lang") == ["RUS", "ENG"]
    assert russian.startswith("Обоснование. ") and english.startswith("Background. ")
    assert article.xpath("keywords/kwdGroup[@lang='RUS']/keyword/text()") == [k.ru for k in sample.keywords]
    assert article.xpath("keywords/kwdGroup[@lang='ENG']/keyword/text()") == [k.en for k in sample.keywords]


def test_ten_authors_each_in_both_languages(journal: etree._Element, sample: Article) -> None:
    authors = journal.xpath("//article/authors/author")
    assert [a.get("num") for a in authors] == [str(n) for n in range(1, 11)]
    assert len(journal.xpath("//author/individInfo")) == 20
    for author, person in zip(authors, sample.authors, strict=True):
        assert author.xpath("individInfo/@lang") == ["RUS", "ENG"]
        ru, en = author.xpath("individInfo")
        assert (ru.findtext("surname"), ru.findtext("initials")) == (
            person.name_ru.surname,
            person.name_ru.initials,
        )
        assert (en.findtext("surname"), en.findtext("initials")) == (
            person.name_en.surname,
            person.name_en.initials,
        )
        aff = sample.affiliation(person.affiliations[0])
        assert [ru.findtext(t) for t in ("orgName", "address", "town", "country")] == [
            aff.name.ru, aff.address.ru, aff.city.ru, aff.country.ru,
        ]  # fmt: skip
        assert en.findtext("orgName") == aff.name.en and en.findtext("country") == "Russian Federation"
        assert not author.xpath("authorCodes | correspondent | individInfo/email")  # the sample gives none


def test_every_reference_in_both_lists(journal: etree._Element, sample: Article) -> None:
    references = journal.xpath("//article/references/reference")
    assert len(references) == 20
    assert len(journal.xpath("//reference/refInfo")) == 40
    for lang, code in (("ru", "RUS"), ("en", "ENG")):
        lines = [to_text(t) for t in format_references(sample.references, lang)]
        assert journal.xpath(f"//reference/refInfo[@lang='{code}']/text/text()") == lines


def test_no_empty_elements(journal: etree._Element) -> None:
    assert [e.tag for e in journal.iter() if len(e) == 0 and not (e.text or "").strip()] == []


def test_codes_dates_funding_and_contact_where_known(sample: Article) -> None:
    authors = (
        dataclasses.replace(
            sample.authors[0], orcid="0000-0002-1825-0097", email="a@example.org", corresponding=True
        ),
        *sample.authors[1:],
    )
    article = dataclasses.replace(
        sample,
        authors=authors,
        dates=Dates(datetime.date(2025, 1, 31), datetime.date(2025, 3, 15), datetime.date(2025, 6, 30)),
        funding=Localized("Исследование не имело спонсорской поддержки.", "The study had no sponsorship."),
    )
    tree = etree.fromstring(rsci_xml([article]))
    [first] = tree.xpath("//author[@num='1']")
    assert [c.tag for c in first] == ["correspondent", "authorCodes", "individInfo", "individInfo"]
    assert first.xpath("correspondent/text()") == ["1"]
    assert first.xpath("authorCodes/orcid/text()") == ["0000-0002-1825-0097"]  # bare, as eLibrary takes it
    assert first.xpath("individInfo/email/text()") == ["a@example.org", "a@example.org"]
    assert tree.xpath("//article/dates/*/text()") == ["31.01.2025", "15.03.2025", "30.06.2025"]
    assert [e.tag for e in tree.xpath("//article/dates/*")] == [
        "dateReceived",
        "dateAccepted",
        "datePublication",
    ]
    assert tree.xpath("//article/fundings/funding/@lang") == ["RUS", "ENG"]
    assert [c.tag for c in tree.xpath("//article")[0]][-2:] == ["dates", "fundings"]


def test_articles_grouped_by_section(sample: Article) -> None:
    review = next(s for s in sample.journal.sections if s.id == "review")
    second = dataclasses.replace(sample, doi="10.21682/x-107", fpage="107", lpage="120", section=review)
    third = dataclasses.replace(sample, doi="10.21682/x-121", fpage="121", lpage="130")
    tree = etree.fromstring(rsci_xml([sample, second, third]))
    listing = [(e.tag, e.findtext("secTitle") or e.findtext("codes/doi")) for e in tree.xpath("//articles/*")]
    assert listing == [
        ("section", "Клинические наблюдения"),
        ("article", sample.doi),
        ("article", third.doi),
        ("section", "Обзоры литературы"),
        ("article", second.doi),
    ]
    assert tree.xpath("//article[codes/doi='10.21682/x-107']/artType/text()") == ["REV"]
    assert tree.xpath("issue/pages/text()") == ["96-130"]


@pytest.mark.parametrize(
    ("change", "field"),
    [("journal", "elibrary_titleid"), ("section", "sections.clinical-case.rsci_type")],
)
def test_missing_registry_settings_stop_the_writer(sample: Article, change: str, field: str) -> None:
    if change == "journal":
        article = dataclasses.replace(
            sample, journal=dataclasses.replace(sample.journal, elibrary_titleid=None)
        )
    else:
        article = dataclasses.replace(sample, section=dataclasses.replace(sample.section, rsci_type=None))
    with pytest.raises(PubkitError) as caught:
        write_rsci(article, Options(), Inputs())
    [problem] = caught.value.problems
    assert (problem.code, problem.field) == ("deposit.missing", field)


def test_write_rsci(sample: Article, xml: bytes) -> None:
    output = render(sample, ["rsci"], Options())["rsci"]
    (main, upload) = output.files
    assert (main.path, main.data) == ("2311-1267-2025-12-2-96-106.rsci.xml", xml)
    assert upload.path == rsci_zip_name(sample) == "issue-2-2025.zip"
    with zipfile.ZipFile(io.BytesIO(upload.data)) as zf:
        assert zf.namelist() == [MARKUP, "2311-1267-2025-12-2-96-106.ru.pdf"]
        assert zf.read(MARKUP) == xml


def test_the_zip_holds_exactly_the_xml_and_its_pdfs(xml: bytes) -> None:
    data = rsci_zip(xml, {PDF: b"%PDF-1.7 sample"}, STAMP)
    assert data == rsci_zip(xml, {PDF: b"%PDF-1.7 sample"}, STAMP)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [MARKUP, PDF]
        assert archive.read(MARKUP) == xml and archive.read(PDF) == b"%PDF-1.7 sample"
        assert {info.date_time for info in archive.infolist()} == {STAMP}
    with pytest.raises(PubkitError, match=re.escape(f"no file for {PDF}")):
        rsci_zip(xml, {}, STAMP)
    with pytest.raises(PubkitError, match=re.escape("cover.pdf not named")):
        rsci_zip(xml, {PDF: b"%PDF", "cover.pdf": b"%PDF"}, STAMP)
