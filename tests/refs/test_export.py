"""The article's "For citation" line, and exports read back by independent readers."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

from pubkit.refs.cite import article_citation
from pubkit.refs.export import export_article, export_references


def test_english_citation_equals_seed(article, seed_text):
    seed_line = seed_text.split("For citations:", 1)[1].split("Views:", 1)[0]
    assert article_citation(article, "en") == " ".join(seed_line.split())


def test_russian_citation(article):
    assert article_citation(article, "ru") == (
        "Турчина А.Н., Качанов Д.Ю., Андреева Н.А., Уталиева Д.Т., Моисеенко Р.А., Сидоров И.В., Коновалов Д.М., "
        "Дубровина М.Е., Гвоздев А.А., Шаманская Т.В. Изолированные лептоменингеальные рецидивы нейробластомы "
        "группы высокого риска. Российский журнал детской гематологии и онкологии. 2025;12(2):96-106. "
        "https://doi.org/10.21682/2311-1267-2025-12-2-96-106"
    )


def _s(value) -> str:
    """A citeproc-py variable as a plain string (it keeps text as a list of parts)."""
    return "".join(map(str, value)) if isinstance(value, list) else str(value)


def _expected(article):
    return {
        "authors": [f"{a.name_en.surname}, {a.name_en.given}" for a in article.authors],
        "title": article.title.en,
        "doi": article.doi,
        "year": "2025",
        "volume": "12",
        "issue": "2",
        "pages": ("96", "106"),
    }


def test_article_ris_reads_back(article):
    (item,) = rispy.loads(export_article(article, "en", "ris"))
    expected = _expected(article)
    assert item["type_of_reference"] == "JOUR"
    assert item["authors"] == expected["authors"]
    assert (item["title"], item["doi"], item["year"]) == (expected["title"], expected["doi"], "2025")
    assert (item["volume"], item["number"], item["start_page"], item["end_page"]) == ("12", "2", "96", "106")


def test_article_bibtex_reads_back(article):
    data = parse_string(export_article(article, "en", "bibtex"), "bibtex")
    (entry,) = data.entries.values()
    assert [str(p) for p in entry.persons["author"]] == _expected(article)["authors"]
    assert entry.fields["title"] == article.title.en
    assert (entry.fields["doi"], entry.fields["year"], entry.fields["volume"], entry.fields["number"]) == (
        article.doi,
        "2025",
        "12",
        "2",
    )
    assert entry.fields["pages"] == "96--106"


def test_article_csl_json_reads_with_citeproc(article):
    source = CiteProcJSON(json.loads(export_article(article, "ru", "csl-json")))
    item = source["2311-1267-2025-12-2-96-106"]
    assert item["author"][0]["family"] == "Турчина"
    assert [_s(item[v]) for v in ("title", "DOI", "volume", "issue", "page")] == [
        article.title.ru,
        article.doi,
        "12",
        "2",
        "96-106",
    ]
    assert item["issued"]["year"] == 2025


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_reference_exports_agree(refs, lang):
    ris = rispy.loads(export_references(refs, lang, "ris"))
    bib = parse_string(export_references(refs, lang, "bibtex"), "bibtex").entries
    csl = CiteProcJSON(json.loads(export_references(refs, lang, "csl-json")))
    assert len(ris) == len(bib) == 20
    for ref, item in zip(refs, ris, strict=True):
        entry, record = bib[ref.key], csl[ref.key.lower()]
        assert item["id"] == ref.key
        doi = ref.entry.fields.get("doi")
        assert (
            item.get("doi")
            == entry.fields.get("doi")
            == (_s(record["DOI"]).replace("\\_", "_") if doi else None)
            == doi
        )
        assert item["year"] == entry.fields["year"] == str(record["issued"]["year"])
        assert item["title"] == entry.fields["title"] == _s(record["title"])
        assert [a.split(",")[0] for a in item["authors"]] == [
            " ".join(p.prelast_names + p.last_names) for p in entry.persons["author"]
        ]
        if "pages" in ref.entry.fields:
            first, _, last = ref.entry.fields["pages"].partition("--")
            assert (item["start_page"], item.get("end_page")) == (first, last or None)
    if lang == "en":
        assert ris[13]["authors"][3] == "Abasov, R.Kh." and not re.search("[А-я]", ris[13]["title"])
    else:
        assert ris[13]["authors"][3] == "Абасов, Р.Х."


def test_repository_root_citation_equals_seed(seed_text):
    """End to end through the project loader: the repository root is the full example."""
    from pubkit.sources import load_project

    loaded = load_project(Path(__file__).parents[2])
    seed_line = seed_text.split("For citations:", 1)[1].split("Views:", 1)[0]
    assert article_citation(loaded.article, "en") == " ".join(seed_line.split())


# -- nothing lost: abstract, keywords, date, language, ISSNs, URLs and DOI (issue 17) ---------------


def _published(sample):
    return dataclasses.replace(
        sample, dates=dataclasses.replace(sample.dates, published=datetime.date(2025, 6, 30))
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_article_ris_keeps_everything(sample, lang):
    article = _published(sample)
    (item,) = rispy.loads(export_article(article, lang, "ris"), list_tags=[*rispy.LIST_TYPE_TAGS, "SN", "L1"])
    assert item["abstract"] == article.abstract_text(lang) and item["abstract"].startswith(
        {"en": "Background. Neuroblastoma", "ru": "Обоснование. Нейробластома"}[lang]
    )
    assert item["keywords"] == [k.get(lang) for k in article.keywords]
    assert (item["year"], item["date"]) == ("2025", "2025/06/30/")
    assert item["issn"] == ["2311-1267", "2413-5496"]
    assert item["urls"] == [article.url(lang)]
    assert item["file_attachments1"] == [article.pdf_url(lang)]
    assert item["doi"] == article.doi and item["language"] == lang
    assert item["place_published"] == {"en": "Moscow", "ru": "Москва"}[lang]
    (undated,) = rispy.loads(export_article(sample, lang, "ris"))
    assert undated["year"] == "2025" and "date" not in undated


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_article_bibtex_keeps_everything(sample, lang):
    (entry,) = parse_string(export_article(sample, lang, "bibtex"), "bibtex").entries.values()
    assert entry.fields["abstract"].replace("\\%", "%") == sample.abstract_text(lang)
    assert entry.fields["keywords"] == ", ".join(k.get(lang) for k in sample.keywords)
    # Zotero reads ``language``, biblatex ``langid``: both
    assert entry.fields["language"] == entry.fields["langid"] == {"en": "english", "ru": "russian"}[lang]
    assert entry.fields["issn"] == "2311-1267, 2413-5496"
    assert (entry.fields["url"], entry.fields["doi"]) == (sample.url(lang), sample.doi)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_article_csl_json_keeps_everything(sample, lang):
    data = json.loads(export_article(_published(sample), lang, "csl-json"))
    assert "_pdf" not in data[0]
    source = CiteProcJSON(data)
    item = source[sample.doi_suffix]
    assert (item["issued"]["year"], item["issued"]["month"], item["issued"]["day"]) == (2025, 6, 30)
    assert _s(item["abstract"]) == sample.abstract_text(lang)
    assert _s(item["keyword"]) == ", ".join(k.get(lang) for k in sample.keywords)
    assert (_s(item["language"]), _s(item["ISSN"]), _s(item["URL"])) == (
        lang,
        "2311-1267, 2413-5496",
        sample.url(lang),
    )
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(sample.doi_suffix)]))
    (printed,) = (str(entry) for entry in bibliography.bibliography())
    assert sample.title.get(lang) in printed and "2025" in printed


def test_places_are_expanded_in_exports_and_kept_in_printed_lists(refs):
    printed = [r for r in refs if r.entry.fields.get("address") == "М."]
    assert printed, "the test bibliography has a reference published in Moscow"
    for lang, place in (("en", "Moscow"), ("ru", "Москва")):
        items = {i["id"]: i for i in rispy.loads(export_references(refs, lang, "ris"))}
        bib = parse_string(export_references(refs, lang, "bibtex"), "bibtex").entries
        csl = {r["id"]: r for r in json.loads(export_references(refs, lang, "csl-json"))}
        for ref in printed:
            assert items[ref.key]["place_published"] == bib[ref.key].fields["address"] == place
            assert csl[ref.key]["publisher-place"] == place
