"""The typeset PDF: real pandoc, real Typst, text read back with pypdf and poppler, fonts with pdffonts."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pypdf
import pytest

from pubkit.cli import main
from pubkit.model import Article, Body, Figure, Localized
from pubkit.problems import PubkitError
from pubkit.refs.render import numbered_text
from pubkit.writers import WRITERS, Options
from pubkit.writers.pdf import compile_pdf, pdf_bytes, write_pdf
from pubkit.writers.typst_source import context, typst_source

ROOT = Path(__file__).resolve().parents[2]
LICENSE_EN = "This work is licensed under a Creative Commons Attribution 4.0 License."
LIGATURES = re.compile("[\ufb00-\ufb06\ufffd]")

pytestmark = pytest.mark.slow


def poppler(tool: str, *args: str) -> str:
    """Run a poppler tool; its absence is a failure (``.ci/run`` installs poppler-utils), not a skip."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: apt-get install -y poppler-utils")
    return subprocess.run([path, *args], capture_output=True, check=True, text=True).stdout


def squeeze(text: str) -> str:
    """Text without whitespace, so that line and column breaks do not matter."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdfs(sample: Article, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the sample, written once; page 1 of each also rendered into build/ to look at."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for asset in write_pdf(sample, Options()).files:
        path = folder / asset.path
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(asset.data)
        out[asset.path.split(".")[-2]] = path
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    for path in out.values():
        page1 = ("-f", "1", "-l", "1", "-singlefile")
        poppler("pdftoppm", "-png", "-r", "110", *page1, str(path), str(build / path.stem))
    return out


def pdftotext(path: Path) -> str:
    return poppler("pdftotext", "-enc", "UTF-8", str(path), "-")


def text_area(path: Path) -> str:
    """The text between running head and footer on every page (pypdf, which keeps hyphens at line ends)."""
    pieces: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if 74 < y < 785:  # A4 points: inside the bottom (2.6 cm) and top (2 cm) margins
            pieces.append(text)

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=keep)
    return "".join(pieces)


def test_the_sample_builds_both_editions_named_by_the_doi(sample: Article, pdfs: dict[str, Path]) -> None:
    assert sorted(pdfs) == ["en", "ru"]
    assert pdfs["ru"].name == "2311-1267-2025-12-2-96-106.ru.pdf" == sample.pdf_name("ru")
    # beside its landing page ru/index.html, as Google Scholar's inclusion guidelines require
    assert [a.path for a in write_pdf(sample, Options()).files] == [
        f"{lang}/{sample.pdf_name(lang)}" for lang in ("ru", "en")
    ]
    assert WRITERS["pdf"].load() is write_pdf
    for path in pdfs.values():
        assert path.read_bytes().startswith(b"%PDF-")
        assert (ROOT / "build" / f"{path.stem}.png").is_file()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_front_matter_and_footer_are_in_the_text(sample: Article, pdfs: dict[str, Path], lang: str) -> None:
    text = squeeze(pdftotext(pdfs[lang]))
    for needle in (
        sample.doi,
        "2311-1267",
        "2413-5496",
        sample.title.ru,
        sample.title.en,
        LICENSE_EN,
        sample.keywords[0].ru,
        sample.keywords[0].en,
        sample.abstract[0].title.ru,
        sample.abstract[0].title.en,
    ):
        assert squeeze(needle) in text, needle
    assert squeeze(sample.license.text.ru) in text or lang == "en"


@pytest.mark.parametrize(("lang", "lists"), [("ru", ("ru", "en")), ("en", ("en",))])
def test_every_reference_is_printed(sample: Article, pdfs: dict[str, Path], lang: str, lists: tuple) -> None:
    """The Russian edition prints the Russian list and the English "References"; each of the 20, whole."""
    text = squeeze(text_area(pdfs[lang]))  # entries run across pages
    for list_lang in lists:
        entries = numbered_text(sample.references, list_lang).splitlines()
        assert len(entries) == 20
        for entry in entries:
            assert squeeze(entry.split(". ", 1)[1]) in text, entry


def test_references_in_the_english_list_are_not_in_the_russian_edition_twice(pdfs: dict[str, Path]) -> None:
    text = pdftotext(pdfs["en"])
    assert "References" in text and "Литература" not in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_font_is_embedded_and_covers_the_text(pdfs: dict[str, Path], lang: str) -> None:
    rows = poppler("pdffonts", str(pdfs[lang])).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        # Only Libertinus: no glyph fell back to another font, so Cyrillic is covered (no tofu).
        assert "LibertinusSerif" in name, row


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_metadata(sample: Article, pdfs: dict[str, Path], lang: str) -> None:
    reader = pypdf.PdfReader(pdfs[lang])
    info = reader.metadata
    assert info.title == sample.title.get(lang)
    first = sample.authors[0].name_ru if lang == "ru" else sample.authors[0].name_en
    assert info.author.startswith(f"{first.surname} {first.initials}")
    assert sample.doi in info.subject
    assert sample.keywords[0].get(lang) in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == lang


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_extracted_words_are_whole(sample: Article, pdfs: dict[str, Path], lang: str) -> None:
    """No ligature or replacement characters; a soft hyphen only ever ends a line (a hyphenation break)."""
    text = pdftotext(pdfs[lang])
    assert not LIGATURES.search(text)
    assert all(text[i + 1] == "\n" for i, ch in enumerate(text) if ch == "\u00ad")
    joined = text.replace("\u00ad\n", "")
    words = {w for p in sample.abstract[0].paragraphs for w in re.findall(r"\w{4,}", p.get(lang) or "")}
    missing = {w for w in words if w not in joined}
    assert not missing


def _structure(reader: pypdf.PdfReader) -> list[tuple[str, str]]:
    """Every structure element of the tagged PDF as (type, its text when it is a heading), in order."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.append((str(node["/S"]), ""))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_pdf_a_2a_and_pdf_ua_1(sample: Article, pdfs: dict[str, Path], lang: str) -> None:
    """Typst writes both standards (and refuses a PDF that breaks them): identified in the XMP, tagged."""
    reader = pypdf.PdfReader(pdfs[lang])
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")A", xmp)
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    assert root["/Lang"] == lang and bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])  # PDF/UA: the title, not the file name
    # the document date: 1 January of the year while the sources give no publication day
    assert reader.metadata["/CreationDate"].startswith("D:20250101")
    kinds = [kind for kind, _ in _structure(reader)]
    assert kinds.count("/H1") == 1 and kinds.index("/H1") < kinds.index("/H2")  # the title is the H1
    lists = 2 if lang == "ru" else 1  # the reference lists, tagged as lists (+ the body's bullet list)
    assert kinds.count("/L") == lists + 1
    assert kinds.count("/LI") == kinds.count("/LBody") >= lists * len(sample.references)
    assert "/Table" in kinds and "/TH" in kinds
    # page labels are the printed page numbers, 96, 97, ...
    assert reader.page_labels == [str(int(sample.fpage) + n) for n in range(len(reader.pages))]


def test_the_document_date_is_the_publication_day(sample: Article, tmp_path: Path) -> None:
    dates = dataclasses.replace(sample.dates, published=datetime.date(2025, 6, 30))
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes(dataclasses.replace(sample, dates=dates), "ru"))
    reader = pypdf.PdfReader(path)
    assert reader.metadata["/CreationDate"].startswith("D:20250630")
    assert "2025-06-30" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def test_page_numbers_start_at_the_first_page_and_every_page_has_a_running_head(
    sample: Article, pdfs: dict[str, Path]
) -> None:
    reader = pypdf.PdfReader(pdfs["ru"])
    assert len(reader.pages) > 2
    for n, page in enumerate(reader.pages):
        text = page.extract_text()
        assert str(int(sample.fpage) + n) in text.split()
        if n:
            assert sample.journal.title.ru in text


def test_citations_are_numbered_in_brackets(pdfs: dict[str, Path]) -> None:
    text = pdftotext(pdfs["ru"])
    for cite in ("[1]", "[3, 4]", "[6–8]", "[17–20]"):
        assert cite in text


def test_output_is_deterministic(sample: Article) -> None:
    assert pdf_bytes(sample, "ru") == pdf_bytes(sample, "ru")


def _with_body(article: Article, extra: dict) -> Article:
    """The article with one block appended to its Russian body (and no English body)."""
    ast = json.loads(article.body.ast.ru)
    ast["blocks"].append(extra)
    body = Body(Localized(json.dumps(ast, ensure_ascii=False)), article.body.citations, article.body.figures)
    return dataclasses.replace(article, body=body)


def _text(data: bytes, folder: Path) -> str:
    """The PDF's text with hyphenation breaks (a soft hyphen ending a line) joined again."""
    path = folder / "article.pdf"
    path.write_bytes(data)
    return pdftotext(path).replace("\u00ad\n", "")


@pytest.mark.parametrize(("lang", "expected"), [("ru", "«цитата»"), ("en", "“quote”")])
def test_quotes_follow_the_language(sample: Article, tmp_path: Path, lang: str, expected: str) -> None:
    word = expected[1:-1]
    quoted = {"t": "Quoted", "c": [{"t": "DoubleQuote"}, [{"t": "Str", "c": word}]]}
    ast = json.loads(sample.body.ast.get(lang))
    ast["blocks"].append({"t": "Para", "c": [quoted]})
    asts = {"ru": sample.body.ast.ru, "en": sample.body.ast.en, lang: json.dumps(ast, ensure_ascii=False)}
    body = dataclasses.replace(sample.body, ast=Localized(asts["ru"], asts["en"]))
    article = dataclasses.replace(sample, body=body)
    assert expected in _text(pdf_bytes(article, lang), tmp_path)


def test_only_the_russian_edition_without_an_english_body(sample: Article) -> None:
    article = _with_body(sample, {"t": "Para", "c": [{"t": "Str", "c": "x"}]})
    assert [a.path for a in write_pdf(article, Options()).files] == [sample.pdf_path("ru")]
    with pytest.raises(PubkitError) as raised:
        write_pdf(article, Options(langs=("en",)))
    assert raised.value.problems[0].code == "pdf.no-edition"


def test_back_matter_and_correspondence_when_present(sample: Article, tmp_path: Path) -> None:
    first = dataclasses.replace(sample.authors[0], corresponding=True, email="turchina@example.org")
    article = dataclasses.replace(
        sample,
        authors=(first, *sample.authors[1:]),
        funding=Localized(
            "Работа выполнена без спонсорской поддержки.", "The study was performed without sponsorship."
        ),
        conflict_of_interest=Localized("Авторы заявляют об отсутствии конфликта интересов.", "No conflict."),
    )
    text = squeeze(_text(pdf_bytes(article, "ru"), tmp_path))
    for needle in (
        "Автор для связи:",
        "turchina@example.org",
        "Финансирование.Работа выполнена без спонсорской поддержки.",
        "Конфликт интересов.Авторы заявляют",
    ):
        assert squeeze(needle) in text, needle


def test_nothing_is_printed_for_missing_data(sample: Article, tmp_path: Path) -> None:
    """No corresponding author, funding or conflict statement in the sample: no label for them either."""
    data = context(sample, "ru")
    assert data["notes"] == [] and data["correspondence"]["lines"] == []
    text = _text(pdf_bytes(sample, "ru"), tmp_path)
    assert "Автор для связи" not in text and "Финансирование" not in text


def test_a_typst_error_names_the_body_element(sample: Article) -> None:
    # Raw Typst never reaches the writer (check and the writers refuse it), so the fault is put
    # into the compiled source directly, at the end of the body.
    source = typst_source(sample, "ru")
    broken = dataclasses.replace(source, markup=source.markup + "\n#no-such-function()\n")
    with pytest.raises(PubkitError) as raised:
        compile_pdf(broken, sample.body.figures, "ru")
    problem = raised.value.problems[0]
    assert raised.value.exit_code == 1
    assert (problem.code, problem.file) == ("pdf.typst", "manuscript/article.md")
    assert "«Заключение»" in problem.message and "no-such-function" in problem.message


def test_cli_writes_the_chosen_edition_and_nothing_on_error(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["pdf", str(project), "-o", str(out), "--lang", "ru"]) == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == [
        ".pubkit-build.json",
        "ru",
        "ru/2311-1267-2025-12-2-96-106.ru.pdf",
    ]

    article = project / "manuscript" / "article.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n```{=typst}\n#no-such-function()\n```\n")
    broken = tmp_path / "broken"
    assert main(["pdf", str(project), "-o", str(broken)]) == 1
    assert "raw typst markup '#no-such-function()' is not allowed" in capsys.readouterr().err  # body.markup
    assert not broken.exists() or not any(broken.iterdir())


def test_model_text_reaches_typst_as_data_never_as_code(sample: Article, tmp_path: Path) -> None:
    """Typst markup characters in the model are printed as they are, not interpreted."""
    title = 'Тест #set text(red) $x^2$ *не жирный* <label> [скобки] \\ "кавычки" // не комментарий'
    article = dataclasses.replace(sample, title=Localized(title, sample.title.en))
    data = pdf_bytes(article, "ru")
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.title == title
    assert squeeze(title) in squeeze(_text(data, tmp_path))


def _png() -> bytes:
    """A 1×1 white PNG, made here (Typst decodes the figures it places)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )


def test_a_figure_carries_its_description_as_alt_text(sample: Article) -> None:
    """PDF/UA wants every image described: pandoc's Typst writer drops the text, pubkit passes it as data."""
    alt = 'Схема #set text(red) "лечения" \\ $x$'
    image = {
        "t": "Image",
        "c": [["", [], [["width", "40%"]]], [{"t": "Str", "c": alt}], ["media/scheme.png", ""]],
    }
    article = _with_body(sample, {"t": "Para", "c": [image]})
    body = dataclasses.replace(article.body, figures=(Figure("media/scheme.png", _png()),))
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(dataclasses.replace(article, body=body), "ru")))
    alts = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert alts == [alt]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", ["Поступила:31января2025г.", "Принятакпечати:15марта2025г.", "Опубликована:30июня2025г."]),
        ("en", ["Received:January31,2025", "Accepted:March15,2025", "Published:June30,2025"]),
    ],
)
def test_first_page_prints_the_dates_orcids_and_contact_when_given(
    sample: Article, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    first = dataclasses.replace(
        sample.authors[0], orcid="0000-0002-1825-0097", email="turchina@example.org", corresponding=True
    )
    dates = dataclasses.replace(
        sample.dates,
        received=datetime.date(2025, 1, 31),
        accepted=datetime.date(2025, 3, 15),
        published=datetime.date(2025, 6, 30),
    )
    article = dataclasses.replace(sample, authors=(first, *sample.authors[1:]), dates=dates)
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes(article, lang))
    page1 = squeeze(poppler("pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"))
    for needle in [*expected, "ORCID:", "0000-0002-1825-0097", "turchina@example.org"]:
        assert needle in page1, needle
    links = [a.get_object()["/A"].get("/URI") for a in pypdf.PdfReader(path).pages[0].get("/Annots", [])]
    assert "https://orcid.org/0000-0002-1825-0097" in links
    # and none of it while the sources give none (the sample)
    path.write_bytes(pdf_bytes(sample, lang))
    bare = squeeze(poppler("pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-"))
    assert "ORCID:" not in bare and expected[0].split(":")[0] + ":" not in bare


@pytest.mark.parametrize(
    ("lang", "printed"), [("ru", "УДК 616-006.488-053.2"), ("en", "UDC 616-006.488-053.2")]
)
def test_the_udc_is_printed_when_given(sample: Article, tmp_path: Path, lang: str, printed: str) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_bytes(dataclasses.replace(sample, udc="616-006.488-053.2"), lang))
    assert printed in poppler("pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(path), "-")
    assert context(sample, lang)["udc"] is None  # the sample gives none: nothing printed
