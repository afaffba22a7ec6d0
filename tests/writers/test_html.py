"""The HTML writer: both language pages of the sample, read back as HTML5 and compared with the model and the seed."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
import re
from importlib import resources
from pathlib import Path

import html5lib
import pytest
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract
from lxml import etree
from lxml import html as lxml_html

from pubkit.build import check
from pubkit.cli import main
from pubkit.draft import DRAFT_MARK
from pubkit.labels import labels
from pubkit.model import LANGS, Article, Figure, Localized
from pubkit.problems import PubkitError
from pubkit.refs.cite import article_citation
from pubkit.refs.render import numbered_text
from pubkit.writers import WRITERS, Options
from pubkit.writers.html import write_html

ROOT = Path(__file__).resolve().parents[2]
VOID = {"meta", "link", "img", "br", "hr", "input", "source", "col", "wbr"}
FIGURE_MD = "figures/ages.png"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16  # bytes only: the writer copies figures, it does not decode them


def _files(article: Article, options: Options | None = None) -> dict[str, bytes]:
    return {asset.path: asset.data for asset in write_html(article, options or Options()).files}


@pytest.fixture(scope="module")
def files(sample: Article) -> dict[str, bytes]:
    return _files(sample)


@pytest.fixture(scope="module")
def pages(files: dict[str, bytes]) -> dict[str, lxml_html.HtmlElement]:
    return {lang: lxml_html.document_fromstring(files[f"{lang}/index.html"]) for lang in LANGS}


def _meta(page: lxml_html.HtmlElement, name: str) -> list[str]:
    return [m.get("content") for m in page.xpath("//head/meta[@name=$n]", n=name)]


def _text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_writes_both_pages_and_their_assets(files: dict[str, bytes]) -> None:
    assert WRITERS["html"].load() is write_html
    assert set(files) == {"ru/index.html", "en/index.html", "assets/article.css", "assets/article.js"}


@pytest.mark.parametrize("lang", LANGS)
def test_page_parses_as_html5_without_errors(files: dict[str, bytes], lang: str) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(files[f"{lang}/index.html"].decode("utf-8"))
    assert parser.errors == []


def test_output_is_deterministic(sample: Article, files: dict[str, bytes]) -> None:
    assert _files(sample) == files


@pytest.mark.parametrize("lang", LANGS)
def test_highwire_tags_hold_the_sample_values(sample: Article, pages, lang: str) -> None:
    page = pages[lang]
    names = [(a.name_ru if lang == "ru" else a.name_en) for a in sample.authors]
    assert page.get("lang") == lang
    assert _meta(page, "citation_title") == [sample.title.get(lang)]
    assert _meta(page, "citation_author") == [f"{n.surname}, {n.given}" for n in names]
    institutions = [sample.affiliation(a.affiliations[0]).name.get(lang) for a in sample.authors]
    assert _meta(page, "citation_author_institution") == institutions
    assert _meta(page, "citation_author_orcid") == []  # the sample gives no ORCID iDs: none invented
    assert _meta(page, "citation_publication_date") == ["2025"]
    assert _meta(page, "citation_journal_title") == ["Russian Journal of Pediatric Hematology and Oncology"]
    assert _meta(page, "citation_journal_abbrev") == ["Russ J Pediatr Hematol Oncol"]
    assert _meta(page, "citation_issn") == ["2311-1267", "2413-5496"]
    assert _meta(page, "citation_volume") == ["12"]
    assert _meta(page, "citation_issue") == ["2"]
    assert _meta(page, "citation_firstpage") == ["96"]
    assert _meta(page, "citation_lastpage") == ["106"]
    assert _meta(page, "citation_doi") == ["10.21682/2311-1267-2025-12-2-96-106"]
    assert _meta(page, "citation_language") == [lang]
    assert _meta(page, "citation_pdf_url") == [sample.pdf_url(lang)]
    assert _meta(page, "citation_abstract_html_url") == [sample.url(lang)]
    assert _meta(page, "citation_keywords") == [k.get(lang) for k in sample.keywords]
    expected_refs = [line.split(". ", 1)[1] for line in numbered_text(sample.references, lang).splitlines()]
    assert _meta(page, "citation_reference") == expected_refs


def test_english_references_are_the_journals(pages, seed_text: str) -> None:
    seed_refs = [line.split(". ", 1)[1] for line in seed_text.splitlines() if re.match(r"^\d+\. ", line)]
    assert len(seed_refs) == 20
    assert _meta(pages["en"], "citation_reference") == seed_refs
    items = pages["en"].xpath("//section[@class='references']/ol/li")
    shown = [_text(li).removesuffix(_text(li.xpath("span[@class='backlinks']")[0])).strip() for li in items]
    assert shown == seed_refs
    doi_links = pages["en"].xpath("//section[@class='references']//a[starts-with(@href, 'https://doi.org/')]")
    assert len(doi_links) == sum("doi: " in ref for ref in seed_refs)


@pytest.mark.parametrize("lang", LANGS)
def test_dublin_core_json_ld_and_links(sample: Article, pages, lang: str) -> None:
    page = pages[lang]
    assert _meta(page, "DC.title") == [sample.title.get(lang)]
    assert len(_meta(page, "DC.creator")) == len(sample.authors)
    assert _meta(page, "DC.identifier") == [
        "https://doi.org/10.21682/2311-1267-2025-12-2-96-106",
        "doi:10.21682/2311-1267-2025-12-2-96-106",
    ]
    assert _meta(page, "DC.rights") == ["https://creativecommons.org/licenses/by/4.0/"]
    assert _meta(page, "DC.language") == [lang]

    (script,) = page.xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == sample.title.get(lang)
    assert data["inLanguage"] == lang
    assert data["license"] == sample.license.url
    assert data["identifier"]["value"] == sample.doi
    assert len(data["author"]) == len(sample.authors)
    part = data["isPartOf"]
    while part["@type"] != "Periodical":
        part = part["isPartOf"]
    assert part["issn"] == ["2311-1267", "2413-5496"]
    assert part["name"] == "Russian Journal of Pediatric Hematology and Oncology"

    def links(rel: str) -> list[tuple[str, str | None]]:
        return [
            (link.get("href"), link.get("hreflang")) for link in page.xpath("//head/link[@rel=$r]", r=rel)
        ]

    assert links("canonical") == [(sample.url(lang), None)]
    assert links("license") == [(sample.license.url, None)]
    assert (sample.url("ru"), "ru") in links("alternate")
    assert (sample.url("en"), "en") in links("alternate")


def test_journal_title_is_the_same_on_both_pages(pages) -> None:
    titles = {lang: _meta(page, "citation_journal_title") for lang, page in pages.items()}
    assert titles["ru"] == titles["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_content_as_on_the_journals_page(sample: Article, pages, lang: str) -> None:
    page = pages[lang]
    text = _text(page)
    assert _text(page.xpath("//h1")[0]) == sample.title.get(lang)
    assert "2311-1267" in text and "2413-5496" in text
    assert page.xpath("//a[@href=$u]", u="https://doi.org/10.21682/2311-1267-2025-12-2-96-106")
    assert page.xpath("//a[@href=$u]", u=f"{sample.doi_suffix}.{lang}.pdf")  # beside the page, relative
    assert page.xpath("//a[@rel='license'][@href=$u]", u=sample.license.url)
    assert sample.license.text.get(lang) in text
    assert _text(page.xpath("//*[@id='citation-text']")[0]) == article_citation(sample, lang)
    (button,) = page.xpath("//button[@data-copy='citation-text']")
    assert button.text == labels(lang).gettext("Copy")
    for section in sample.abstract:
        for paragraph in section.paragraphs:
            assert " ".join(paragraph.get(lang).split()) in text
    for keyword in sample.keywords:
        assert page.xpath("//section[@class='keywords']//li[.=$k]", k=keyword.get(lang))
    assert page.xpath("//table/caption/strong")[0].text == f"{labels(lang).gettext('Table')} 1."
    other = "en" if lang == "ru" else "ru"
    (switch,) = page.xpath("//nav//a[@hreflang=$o]", o=other)
    assert switch.get("href") == f"../{other}/index.html" and switch.get("lang") == other


def test_about_the_authors_as_in_the_seed(pages, seed_text: str) -> None:
    about = seed_text.split("About the Authors")[1].split("\nReferences")[0]
    blocks = [
        [line for line in block.splitlines() if line.strip()] for block in about.strip().split("\n\n\n\n")
    ]
    persons = pages["en"].xpath("//section[@class='about']/div[@class='person']")
    assert len(persons) == len(blocks) == 10
    for person, (name, affiliation, country, description, address) in zip(persons, blocks, strict=True):
        assert _text(person.xpath("h3")[0]) == name
        paragraphs = [_text(p) for p in person.xpath("p")]
        assert paragraphs == [f"{affiliation}, {country}", description, address]


@pytest.mark.parametrize("lang", LANGS)
def test_citations_and_references_link_both_ways(sample: Article, pages, lang: str) -> None:
    page = pages[lang]
    ids = set(page.xpath("//@id"))
    targets = [href[1:] for href in page.xpath("//a/@href") if href.startswith("#")]
    assert targets and all(target in ids for target in targets)
    refs = page.xpath("//section[@class='references']/ol/li")
    assert [li.get("id") for li in refs] == [f"ref-{n}" for n in range(1, len(sample.references) + 1)]
    cited = {href for href in page.xpath("//span[@class='citation']/a/@href")}
    for li in refs:
        backlinks = li.xpath(".//span[@class='backlinks']/a/@href")
        assert backlinks, f"{li.get('id')} has no link back to its citation"
        for href in backlinks:
            (span,) = page.xpath("//span[@id=$i]", i=href[1:])
            number = int(li.get("id").split("-")[1])
            numbers = [int(a.text) for a in span.xpath("a")]
            assert min(numbers) <= number <= max(numbers)
    assert cited <= {f"#{li.get('id')}" for li in refs}
    assert _text(page.xpath("//span[@id='cite-6']")[0]) == "[6–8]"


def test_russian_page_marks_foreign_language_text(sample: Article, pages) -> None:
    page = pages["ru"]
    foreign = {li.get("id") for li in page.xpath("//section[@class='references']/ol/li[@lang='en']")}
    expected = {f"ref-{sample.citation_number(r.key)}" for r in sample.references if r.lang != "ru"}
    assert foreign == expected
    assert not pages["en"].xpath("//section[@class='references']//li[@lang]")


@pytest.mark.parametrize("lang", LANGS)
def test_accessible_structure(pages, lang: str) -> None:
    page = pages[lang]
    assert len(page.xpath("//main")) == 1 and page.xpath("//header") and page.xpath("//footer")
    assert page.xpath("//nav[@aria-label]")
    levels = [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert all(img.get("alt") for img in page.xpath("//img"))


@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_elements_and_nothing_fetched_from_outside(
    files: dict[str, bytes], pages, lang: str
) -> None:
    page = pages[lang]
    for element in page.iter():
        if not isinstance(element.tag, str) or element.tag in VOID or element.get("src"):
            continue
        assert len(element) or (element.text or "").strip(), f"empty <{element.tag}> {element.attrib}"
    fetched = page.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src")
    assert fetched
    for url in fetched:
        assert not re.match(r"^[a-z]+:", url), url
        assert str(Path(lang, url)).replace(f"{lang}/../", "") in files


def test_labels_come_from_the_catalogs(pages) -> None:
    assert _text(pages["ru"].xpath("//h2[@id='references-title']")[0]) == "Литература"
    assert _text(pages["en"].xpath("//h2[@id='references-title']")[0]) == "References"
    templates = resources.files("pubkit") / "templates" / "html"
    used = set()
    for template in templates.iterdir():
        if template.name.endswith(".html.j2"):
            with template.open("rb") as handle:
                used |= {message for _, _, message, _ in babel_extract(handle, ("_", "gettext"), [], {})}
    assert used
    for lang in LANGS:
        with (resources.files("pubkit") / "locale" / lang / "LC_MESSAGES" / "pubkit.po").open("rb") as handle:
            catalog = read_po(handle)
        translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        assert used <= translated, f"{lang}: untranslated labels {sorted(used - translated)}"


def test_optional_blocks_appear_only_with_data(sample: Article, pages) -> None:
    assert not pages["en"].xpath("//section[@class='article-info']")
    article = dataclasses.replace(
        sample,
        funding=Localized("Работа выполнена без спонсорской поддержки.", "The study had no sponsorship."),
        conflict_of_interest=Localized(
            "Конфликт интересов отсутствует.", "The authors declare no conflict of interest."
        ),
        dates=dataclasses.replace(sample.dates, received=datetime.date(2025, 1, 31)),
        authors=(dataclasses.replace(sample.authors[0], orcid="0000-0002-1825-0097"), *sample.authors[1:]),
    )
    files = _files(article)
    ru = lxml_html.document_fromstring(files["ru/index.html"])
    en = lxml_html.document_fromstring(files["en/index.html"])
    assert "The study had no sponsorship." in _text(en.xpath("//section[@class='article-info']")[0])
    assert "The authors declare no conflict of interest." in _text(en)
    assert "31 января 2025 г." in _text(ru.xpath("//dl[@class='dates']")[0])
    assert "January 31, 2025" in _text(en.xpath("//dl[@class='dates']")[0])
    assert _meta(en, "citation_author_orcid") == ["https://orcid.org/0000-0002-1825-0097"]
    assert en.xpath("//a[@href='https://orcid.org/0000-0002-1825-0097']")


def test_draft_english_page_shows_the_russian_body_marked_as_russian(sample: Article) -> None:
    draft = check(ROOT / "tests" / "projects" / "no-translation", draft=True).article
    page = lxml_html.document_fromstring(_files(draft)["en/index.html"])
    (full_text,) = page.xpath("//section[@class='full-text']")
    assert _text(full_text.xpath("h2")[0]) == "Full text" and full_text.get("lang") is None
    texts = full_text.xpath("div[@class='body-text']//*[self::h3 or self::p]")
    assert texts and all(t.xpath("span[@class='untranslated']/@lang") == ["ru"] for t in texts)
    assert all(_text(t).startswith(DRAFT_MARK) for t in texts)
    untranslated = dataclasses.replace(sample.body, ast=Localized(sample.body.ast.ru, None))
    with pytest.raises(ValueError, match="draft"):
        write_html(dataclasses.replace(sample, body=untranslated), Options())


def _with_figure(sample: Article, alt: str, target: str = FIGURE_MD) -> Article:
    alt_inlines = [{"t": "Str", "c": alt}] if alt else []
    figure = {
        "t": "Figure",
        "c": [
            ["fig:ages", [], []],
            [None, [{"t": "Plain", "c": [{"t": "Str", "c": "Ages"}]}]],
            [{"t": "Plain", "c": [{"t": "Image", "c": [["", [], []], alt_inlines, [target, ""]]}]}],
        ],
    }

    def add(ast_json: str) -> str:
        ast = json.loads(ast_json)
        ast["blocks"].append(figure)
        return json.dumps(ast)

    body = dataclasses.replace(
        sample.body,
        ast=Localized(add(sample.body.ast.ru), add(sample.body.ast.en)),
        figures=(Figure(FIGURE_MD, PNG),),
    )
    return dataclasses.replace(sample, body=body)


def test_figures_ship_beside_the_pages_with_label_and_alt_text(sample: Article) -> None:
    files = _files(_with_figure(sample, "Bar chart of the ages"))
    assert files["assets/media/figures/ages.png"] == PNG
    page = lxml_html.document_fromstring(files["en/index.html"])
    (img,) = page.xpath("//figure/img")
    assert img.get("src") == "../assets/media/figures/ages.png"
    assert img.get("alt") == "Bar chart of the ages"
    assert _text(page.xpath("//figure/figcaption")[0]) == "Figure 1. Ages"
    ru = lxml_html.document_fromstring(files["ru/index.html"])
    assert _text(ru.xpath("//figure/figcaption")[0]) == "Рисунок 1. Ages"


@pytest.mark.parametrize(
    ("alt", "target", "code"),
    [("", FIGURE_MD, "html.figure-alt"), ("A chart", "figures/other.png", "html.figure-missing")],
)
def test_bad_figures_are_reported(sample: Article, alt: str, target: str, code: str) -> None:
    with pytest.raises(PubkitError) as raised:
        write_html(_with_figure(sample, alt, target), Options())
    (problem,) = raised.value.problems
    assert problem.code == code
    assert problem.file == "manuscript/article.md"
    assert target in problem.message


def test_cli_writes_both_pages(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["html", str(project), "-o", str(out)]) == 0
    assert (out / "ru" / "index.html").is_file() and (out / "en" / "index.html").is_file()
    assert (out / "assets" / "article.css").is_file()
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize("lang", LANGS)
def test_an_independent_extractor_reads_what_zotero_and_scholar_read(sample: Article, lang: str) -> None:
    """extruct (JSON-LD, Dublin Core, OpenGraph) reads every field Zotero's Embedded Metadata and Scholar need."""
    extruct = pytest.importorskip("extruct")
    article = dataclasses.replace(
        sample, dates=dataclasses.replace(sample.dates, published=datetime.date(2025, 6, 30))
    )
    page = _files(article)[f"{lang}/index.html"].decode("utf-8")
    found = extruct.extract(page, base_url=article.url(lang), syntaxes=["json-ld", "dublincore", "opengraph"])
    (ld,) = found["json-ld"]
    names = [person.name(lang) for person in article.authors]
    assert ld["@type"] == "ScholarlyArticle" and ld["headline"] == article.title.get(lang)
    assert [(a["familyName"], a["givenName"]) for a in ld["author"]] == [(n.surname, n.given) for n in names]
    assert ld["datePublished"] == "2025-06-30"
    issue = ld["isPartOf"]
    volume = issue["isPartOf"]
    assert (issue["issueNumber"], volume["volumeNumber"]) == ("2", "12")
    assert volume["isPartOf"]["name"] == "Russian Journal of Pediatric Hematology and Oncology"
    assert volume["isPartOf"]["issn"] == ["2311-1267", "2413-5496"]
    assert (ld["pageStart"], ld["pageEnd"]) == ("96", "106")
    assert ld["identifier"]["value"] == article.doi and ld["sameAs"] == f"https://doi.org/{article.doi}"
    assert ld["encoding"]["contentUrl"] == article.pdf_url(lang) and ld["inLanguage"] == lang
    (dc,) = found["dublincore"]
    elements: dict[str, list[str]] = {}
    for element in dc["elements"]:
        elements.setdefault(element["name"], []).append(element["content"])
    assert elements["DC.title"] == [article.title.get(lang)]
    assert elements["DC.creator"] == [n.inverted for n in names]
    assert elements["DC.date"] == ["2025-06-30"] and elements["DC.language"] == [lang]
    assert f"doi:{article.doi}" in elements["DC.identifier"]
    assert elements["description"][0].startswith(article.abstract_text(lang)[:100])
    (og,) = found["opengraph"]
    properties = dict(og["properties"])
    assert properties["og:type"] == "article" and properties["og:title"] == article.title.get(lang)
    assert properties["og:url"] == article.url(lang)
    assert properties["og:locale"] == {"ru": "ru_RU", "en": "en_US"}[lang]
    assert properties["og:locale:alternate"] == {"ru": "en_US", "en": "ru_RU"}[lang]
    # what Scholar reads beyond the above: the Highwire tags
    head = lxml_html.document_fromstring(page)
    assert _meta(head, "citation_online_date") == ["2025/06/30"]
    assert _meta(head, "citation_abstract") == [article.abstract_text(lang)]
    assert _meta(head, "citation_publisher") == [article.journal.publisher.get(lang)]
    assert _meta(head, "citation_pdf_url") == [article.pdf_url(lang)]
    assert len(_meta(head, "description")[0]) <= 300


@pytest.mark.parametrize("fixture", ["sample", "minimal", "issue-two-articles/01-follow-up"])
def test_every_foreign_language_fragment_carries_its_lang(fixture: str) -> None:
    """A screen reader switches voice by ``lang``: no Cyrillic text on an English page outside ``lang="ru"``."""
    golden = ROOT / "tests" / "golden" / fixture / "en" / "index.html"
    body = lxml_html.parse(str(golden)).getroot().find("body")
    untagged = []
    for element in body.iter(etree.Element):
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            if text and re.search("[А-Яа-яЁё]", text):
                langs = {e.get("lang") for e in (owner, *owner.iterancestors())}
                if "ru" not in langs:
                    untagged.append(text.strip()[:60])
    assert untagged == []
