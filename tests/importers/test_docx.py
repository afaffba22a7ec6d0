"""`pubkit import docx`: Word manuscripts made here with python-docx → article projects that `pubkit check` reads."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest
import yaml

from pubkit.build import check
from pubkit.cli import main
from pubkit.po import PoFile, read_po_file, render_po

from .conftest import ROOT, labelled, para, sample_english, seed_parts


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def article_yaml(project: Path) -> dict:
    return yaml.safe_load((project / "manuscript" / "article.yaml").read_text(encoding="utf-8"))


def english(project: Path) -> dict[str, str]:
    po = read_po_file(project / "translations" / "en.po", "translations/en.po")
    return {entry.context: entry.msgstr for entry in po.entries}


def fill_body_english(project: Path, extra: dict[str, str]) -> None:
    """What a translator does next: the body's English (here the sample's, whose Russian is the same)."""
    path = project / "translations" / "en.po"
    po = read_po_file(path, "translations/en.po")
    known = sample_english() | extra
    entries = tuple(
        e.__class__(
            **{**{f: getattr(e, f) for f in e.__slots__}, "msgstr": e.msgstr or known.get(e.context, "")}
        )
        for e in po.entries
    )
    path.write_bytes(render_po(PoFile(po.header, entries, po.obsolete), ""))


def test_seed_manuscript_becomes_a_project_that_builds(capsys, seed_manuscript: Path, seed_text: str) -> None:
    target = seed_manuscript.parent / "article"
    status, out, err = run(capsys, "import", "docx", str(seed_manuscript), "-o", str(target))
    assert status == 0, err
    assert (
        out.splitlines()[0] == f"wrote {target}: 10 author(s), 2 affiliation(s), 20 reference(s), 1 figure(s)"
    )
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == [
        "IMPORT-REPORT.md",
        "manuscript/article.md",
        "manuscript/article.yaml",
        "manuscript/media/image1.png",
        "refs.bib",
        "translations/en.po",
    ]
    assert [p.name for p in seed_manuscript.parent.iterdir() if p.name.startswith(".")] == []

    # The Russian metadata is the sample's, field by field.
    meta, sample = article_yaml(target), yaml.safe_load((ROOT / "manuscript/article.yaml").read_text("utf-8"))
    for key in (
        "doi",
        "volume",
        "issue",
        "fpage",
        "lpage",
        "year",
        "section",
        "language",
        "title",
        "keywords",
    ):
        assert meta[key] == sample[key], key
    assert [(p["section"], p["title"], p["text"]) for p in meta["abstract"]] == [
        (p["section"], p["title"], [" ".join(t.split()) for t in p["text"]]) for p in sample["abstract"]
    ]
    fields = ("id", "name", "affiliations", "degrees", "position")
    ours = {"aff1": "pirogov", "aff2": "rogachev"}  # the importer numbers affiliations by their marks
    for a in meta["authors"]:
        a["affiliations"] = [ours[x] for x in a["affiliations"]]
    assert [{k: a[k] for k in fields if k in a} for a in meta["authors"]] == [
        {k: " ".join(a[k].split()) if k == "position" else a[k] for k in fields if k in a}
        for a in sample["authors"]
    ]
    by_name = {a["name"]: a for a in meta["affiliations"].values()}
    for aff in sample["affiliations"].values():
        mine = by_name[" ".join(aff["name"].split())]
        assert (mine["address"], mine["city"], mine["country"]) == (
            aff["address"],
            aff["city"],
            aff["country"],
        )

    # The English title, abstract and reference list are the seed's.
    seed = seed_parts(seed_text)
    en = english(target)
    assert en["title"] == seed["title"]
    assert en["authors.kachanov.position"] == seed["people"][1][3].removeprefix("Dr. of Sci. (Med.), ")
    abstract_en = [en[k] for k in en if re.match(r"abstract\.\w+\.\d+$", k)]
    assert [
        re.sub(r"^(Background|Materials and methods|Results|Conclusions)\. ", "", s) for s in seed["abstract"]
    ] == abstract_en
    status, out, _ = run(capsys, "refs", str(target), "--lang", "en")
    assert (status, out.splitlines()) == (0, seed["references"])

    # The catalog is already what the translators' tools write: `i18n update` changes nothing.
    status, out, _ = run(capsys, "i18n", "update", str(target))
    assert status == 0 and out.startswith("unchanged: ")

    # What is left is the body's English, and the report says so; nothing else fails.
    report = check(target)
    assert {p.code for p in report.problems if p.severity.value == "error"} == {"i18n.missing"}
    assert all(p.field.startswith("body.") for p in report.problems if p.code == "i18n.missing")
    text = (target / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "the English of the body: 25 segment(s)" in text
    # Three Russian sources printed only in English: reported by the import and again by the check.
    assert text.count("[ref.missing-original]") == 6
    assert sum(p.code == "ref.missing-original" for p in report.problems) == 3

    body = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert "## Введение {#introduction}" in body and "[@flaadt2023multimodal; @berlanga2021central]" in body
    assert "![Схема обследования пациентов](media/image1.png){#fig:1}" in body
    assert "{#tbl:1}" in body and "| Возраст при первичном диагнозе, мес" in body

    fill_body_english(target, {"body.cases.figure-1.caption": "Examination of the patients"})
    status, out, err = run(capsys, "check", str(target))
    assert status == 0, err
    assert "references: 20, all cited" in out
    status, out, err = run(capsys, "build", str(target))
    assert status == 0, err
    built = {Path(line.removeprefix("wrote ")).name for line in out.splitlines()}
    assert {
        "article.jats.xml",
        "2311-1267-2025-12-2-96-106.ru.pdf",
        "2311-1267-2025-12-2-96-106.en.pdf",
    } <= built
    jats = (target / "build" / "article.jats.xml").read_text(encoding="utf-8")
    assert "<table-wrap" in jats and "<graphic" in jats and 'xlink:href="media/image1.png"' in jats


def russian_only(d) -> None:
    d.add_paragraph("Катамнез детей после терапии нейробластомы")
    para(d, "Е.С. Петрова^1^")
    para(
        d,
        "^1^ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1",
    )
    labelled(d, "Обоснование.", "Отдаленные последствия терапии нейробластомы изучены недостаточно.")
    labelled(d, "Заключение.", "Пациенты нуждаются в длительном наблюдении.")
    labelled(d, "Ключевые слова:", "нейробластома; катамнез.")
    d.add_heading("Введение", level=1)
    para(d, "Нейробластома – частая опухоль детского возраста [1].")
    d.add_heading("Литература", level=1)
    d.add_paragraph(
        "Brodeur G.M., Pritchard J. Revisions of the criteria. J Clin Oncol. 1993;11(8):1466–77.",
        style="List Number",
    )


def test_a_manuscript_without_english_parts(capsys, make_docx, tmp_path: Path) -> None:
    source = make_docx(russian_only)
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(source), "-o", str(target))
    assert status == 0, err
    meta = article_yaml(target)
    assert meta["authors"] == [
        {"id": "petrova", "name": {"ru": {"surname": "Петрова", "given": "Е.С."}}, "affiliations": ["aff1"]}
    ]
    assert meta["keywords"] == ["нейробластома", "катамнез"]
    assert "doi" not in meta and "section" not in meta  # nothing invented
    assert meta["affiliations"]["aff1"]["address"] == {"ru": "117997, Москва, ул. Саморы Машела, 1"}
    assert set(english(target).values()) == {""}
    report = (target / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    for gap in (
        "| the English title | translations/en.po: title |",
        "| the DOI (a 'Для цитирования: …' line gives it) | manuscript/article.yaml: doi | not in the manuscript |",
        "the Latin name of Е.С. Петрова (by transliteration: E.S. Petrova; confirm the author's spelling)",
        "| the address (en) of affiliation 1 | manuscript/article.yaml: affiliations.aff1.address.en |",
        "the journal section ('Рубрика: …')",
    ):
        assert gap in report
    values = yaml.safe_load((target / "manuscript" / "article.yaml").read_text("utf-8"))
    assert "" not in _leaves(values) and None not in _leaves(values)  # no placeholders
    assert (
        f"{source}: not in the manuscript: missing or unclear: the DOI (a 'Для цитирования: …' line gives it) -> manuscript/article.yaml: doi"
        in err
    )
    codes = {p.code for p in check(target).problems}
    assert {"meta.missing", "i18n.missing"} <= codes
    assert (
        (target / "manuscript" / "article.md")
        .read_text("utf-8")
        .startswith(
            "## Введение {#introduction}\n\nНейробластома – частая опухоль детского возраста [@brodeur1993revisions]."
        )
    )


def _leaves(node: object) -> list:
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in _leaves(value)]
    if isinstance(node, list):
        return [leaf for value in node for leaf in _leaves(value)]
    return [node]


def test_a_messy_reference_list(capsys, make_docx, tmp_path: Path) -> None:
    def fill(d) -> None:
        russian_only_front(d)
        para(d, "Как показано ранее [1, 2], а также [2-3].")
        d.add_heading("Литература", level=1)
        d.add_paragraph(
            "1.  Brodeur G.M.,  Pritchard J., Berthold F. et al Revisions of the international criteria for neuroblastoma diagnosis. J Clin Oncol. 1993;11(8):1466-77"
        )
        d.add_paragraph(
            "2. Simon T., Berthold F. Treatment and outcomes of patients with relapsed neuroblastoma. Pediatr Blood Cancer. 2011;56(4):578-83. doi: 10.1002/pbc.22693"
        )
        d.add_paragraph(
            "3. Matthay K.K. High-risk neuroblastoma. In: Neuroblastoma. Cham: Springer, 2020. Pp. 213–35."
        )

    source = make_docx(fill)
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(source), "-o", str(target))
    assert status == 0, err
    bib = (target / "refs.bib").read_text(encoding="utf-8")
    assert re.findall(r"^@(\w+)\{(\w+),", bib, re.M) == [
        ("article", "brodeur1993revisions"),
        ("article", "simon2011treatment"),
        ("incollection", "matthay2020highrisk"),
    ]
    assert '"1466--1477"' in bib and '"578--583"' in bib
    body = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert (
        "[@brodeur1993revisions; @simon2011treatment], а также [@simon2011treatment; @matthay2020highrisk]."
        in body
    )


def russian_only_front(d) -> None:
    d.add_paragraph("Катамнез детей после терапии нейробластомы")
    para(d, "Петрова Е.С.")
    para(
        d,
        "ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1",
    )
    labelled(d, "Ключевые слова:", "нейробластома")
    d.add_heading("Введение", level=1)


def test_a_citation_outside_the_list_is_kept_and_reported(capsys, make_docx, tmp_path: Path) -> None:
    def fill(d) -> None:
        russian_only_front(d)
        para(d, "Текст [1] и [7].")
        d.add_heading("References", level=1)
        d.add_paragraph("1. Simon T. Treatment of neuroblastoma. Pediatr Blood Cancer. 2011;56(4):578–83.")

    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(make_docx(fill)), "-o", str(target))
    assert status == 0, err
    assert "Текст [@simon2011treatment] и \\[7\\]." in (target / "manuscript/article.md").read_text("utf-8")
    assert "citation [7] names no reference (7)" in (target / "IMPORT-REPORT.md").read_text("utf-8")
    assert article_yaml(target)["authors"][0]["affiliations"] == ["aff1"]  # the one unmarked affiliation


def test_an_existing_folder_is_replaced_only_with_force(capsys, make_docx, tmp_path: Path) -> None:
    source = make_docx(russian_only)
    target = tmp_path / "article"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    status, out, err = run(capsys, "import", "docx", str(source), "-o", str(target))
    assert (status, out) == (1, "")
    assert err.startswith(f"{target}: error: exists and is not an empty folder;") and "[import.exists]" in err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    status, _, err = run(capsys, "import", "docx", str(source), "-o", str(target), "--force")
    assert status == 0, err
    assert not (target / "notes.txt").exists() and (target / "manuscript" / "article.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article", "journal.yaml", "manuscript.docx"]


def test_force_never_deletes_the_manuscript(capsys, make_docx, tmp_path: Path) -> None:
    source = make_docx(russian_only)
    status, _, err = run(capsys, "import", "docx", str(source), "-o", str(tmp_path), "--force")
    assert status == 1 and "which --force would delete" in err
    assert source.is_file()


def _text_file(path: Path) -> None:
    path.write_text("Title\nAuthors\n", encoding="utf-8")


def _truncated(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Катамнез")
    document.save(path)
    path.write_bytes(path.read_bytes()[:-200])


def _not_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")


def _bad_xml(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document")


def _empty(path: Path) -> None:
    import docx

    docx.Document().save(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_text_file, "not a DOCX file (not a zip archive); expected a Word manuscript saved as .docx"),
        (_truncated, "not a DOCX file (not a zip archive); expected a Word manuscript saved as .docx"),
        (_not_word, "a zip archive without word/document.xml; expected a Word manuscript (.docx)"),
        (
            _bad_xml,
            "a damaged DOCX (couldn't parse docx file: DocxError); expected a Word manuscript that Word can open",
        ),
        (_empty, "the document is empty; expected the manuscript's title, authors, abstract and text"),
    ],
    ids=["text", "corrupt-zip", "not-word", "bad-xml", "empty"],
)
def test_bad_input_is_refused_with_nothing_written(capsys, tmp_path: Path, make, message: str) -> None:
    source = tmp_path / "manuscript.docx"
    make(source)
    target = tmp_path / "article"
    status, out, err = run(capsys, "import", "docx", str(source), "-o", str(target))
    assert (status, out) == (1, "")
    assert err == f"{source}: error: {message} [import.docx]\n1 error(s), 0 warning(s)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manuscript.docx"]


def test_a_missing_file_is_an_error(capsys, tmp_path: Path) -> None:
    status, _, err = run(capsys, "import", "docx", str(tmp_path / "none.docx"), "-o", str(tmp_path / "a"))
    assert status == 1
    assert "none.docx: error: not found; expected a Word manuscript (.docx) [import.docx]" in err


def test_both_reference_lists_contacts_dates_and_back_matter(
    capsys, make_docx, tmp_path: Path, seed_text: str
) -> None:
    """The Russian list gives the Cyrillic originals, the English one their English fields; by number."""
    printed = {int(line.split(".")[0]): line for line in seed_parts(seed_text)["references"]}
    russian = [
        "1. Андреева Н.А., Шаманская Т.В., Гегелия Н.В., Абасов Р.Х., Усман Н.Ю., Качанов Д.Ю., Друй А.Е. "
        "Сравнительный анализ генетического профиля нейробластомы при постановке диагноза, рецидиве или "
        "прогрессии заболевания. Вопросы гематологии/онкологии и иммунопатологии в педиатрии. "
        "2022;21(4):18–30. doi: 10.24287/17261708-2022-21-4-18-30.",
        "2. " + printed[7].split(". ", 1)[1],
    ]

    def fill(d) -> None:
        para(d, "УДК 616-006.487")
        d.add_paragraph("Катамнез детей после терапии нейробластомы")
        para(d, "Е.С. Петрова^1*^, Д.Ю. Качанов^1^")
        para(
            d,
            "^1^ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1",
        )
        labelled(d, "Контактные данные:", "Петрова Елена Сергеевна, e-mail: petrova@example.org")
        labelled(d, "Ключевые слова:", "нейробластома")
        para(d, "Статья поступила в редакцию: 05.11.2024. Принята к печати: 20.01.2025.")
        d.add_heading("Введение", level=1)
        para(d, "Нейробластома – частая опухоль [1, 2].")
        d.add_heading("Литература", level=1)
        for line in russian:
            d.add_paragraph(line)
        d.add_heading("References", level=1)
        d.add_paragraph("1. " + printed[14].split(". ", 1)[1])
        d.add_paragraph("2. " + printed[7].split(". ", 1)[1])
        labelled(d, "Конфликт интересов.", "Авторы заявляют об отсутствии конфликта интересов.")
        labelled(d, "Conflict of interest.", "The authors declare no conflict of interest.")
        labelled(d, "Финансирование.", "Исследование проведено без спонсорской поддержки.")
        labelled(d, "Funding.", "The study was performed without external funding.")

    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(make_docx(fill)), "-o", str(target))
    assert status == 0, err
    meta = article_yaml(target)
    assert meta["authors"][0] == {
        "id": "petrova",
        "name": {"ru": {"surname": "Петрова", "given": "Е.С."}},
        "affiliations": ["aff1"],
        "email": "petrova@example.org",
        "corresponding": True,
    }
    assert str(meta["dates"]["received"]) == "2024-11-05" and str(meta["dates"]["accepted"]) == "2025-01-20"
    assert meta["conflict_of_interest"] == "Авторы заявляют об отсутствии конфликта интересов."
    assert meta["funding"] == "Исследование проведено без спонсорской поддержки."
    en = english(target)
    assert en["conflict-of-interest"] == "The authors declare no conflict of interest."
    assert en["funding"] == "The study was performed without external funding."
    report = (target / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "| 'УДК 616-006.487' (pubkit has no field for it) | not imported | paragraph 1 |" in report
    assert "ref.missing-original" not in report
    status, out, _ = run(capsys, "refs", str(target), "--lang", "en")
    assert (status, out.splitlines()) == (
        0,
        [f"1. {printed[14].split('. ', 1)[1]}", f"2. {printed[7].split('. ', 1)[1]}"],
    )
    status, out, _ = run(capsys, "refs", str(target), "--lang", "ru")
    assert out.splitlines()[0] == russian[0]


def test_an_unreadable_byline_is_reported_not_guessed(capsys, make_docx, tmp_path: Path) -> None:
    def fill(d) -> None:
        d.add_paragraph("Катамнез детей после терапии нейробластомы")
        para(d, "Елена Сергеевна Петрова^1^")
        para(
            d,
            "^1^ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1",
        )
        d.add_heading("Введение", level=1)
        para(d, "Текст.")

    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(make_docx(fill)), "-o", str(target))
    assert status == 0, err
    assert "authors" not in article_yaml(target)
    assert (
        "paragraph 2: missing or unclear: a byline that could not be read: 'Елена Сергеевна Петрова'" in err
    )


def test_the_folder_is_given_once(capsys, make_docx, tmp_path: Path) -> None:
    source = make_docx(russian_only)
    assert run(capsys, "import", "docx", str(source))[0] == 2
    assert run(capsys, "import", "docx", str(source), "a", "-o", "b")[0] == 2
    status, _, err = run(capsys, "import", "docx", str(source), str(tmp_path / "article"))
    assert status == 0, err
    assert (tmp_path / "article" / "manuscript" / "article.yaml").is_file()


def test_without_a_journal_file_the_section_is_left_open(capsys, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    labelled(document, "Рубрика:", "Клинические наблюдения")
    russian_only(document)
    document.add_picture(io.BytesIO(_bmp()))
    para(document, "Рис. 1. Схема", style="Caption")
    source = tmp_path / "manuscript.docx"
    document.save(source)
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(source), "-o", str(target))
    assert status == 0, err
    report = (target / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "the section 'Клинические наблюдения' (no journal.yaml above the project to look it up)" in report
    assert "figure media/image1.bmp: a format the outputs cannot show" in report
    assert "[project.missing-file]" in report and "section" not in article_yaml(target)


def _bmp() -> bytes:
    """A 1×1 BMP, made here (Word keeps pictures in their own format)."""
    pixels = b"\x00\x00\xff\x00"
    header = b"BM" + struct.pack("<IHHI", 14 + 40 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, 1, 1, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def test_a_title_set_in_a_heading_style_stays_in_the_front_matter(capsys, make_docx, tmp_path: Path) -> None:
    def fill(d) -> None:
        d.add_heading("Катамнез детей после терапии нейробластомы", level=1)
        para(d, "Е.С. Петрова^1^")
        para(
            d,
            "^1^ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1",
        )
        d.add_heading("Резюме", level=2)
        labelled(d, "Обоснование.", "Отдаленные последствия терапии изучены недостаточно.")
        labelled(d, "Ключевые слова:", "нейробластома")
        d.add_heading("Введение", level=1)
        para(d, "Текст.")

    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(make_docx(fill)), "-o", str(target))
    assert status == 0, err
    meta = article_yaml(target)
    assert meta["title"] == "Катамнез детей после терапии нейробластомы"
    assert meta["abstract"][0]["text"] == ["Отдаленные последствия терапии изучены недостаточно."]
    assert (target / "manuscript/article.md").read_text("utf-8") == "## Введение {#introduction}\n\nТекст.\n"


def test_bylines_of_different_lengths_pair_only_by_transliteration(capsys, make_docx, tmp_path: Path) -> None:
    def fill(d) -> None:
        d.add_paragraph("Катамнез детей после терапии нейробластомы")
        para(d, "Е.С. Петрова^1^, Д.Ю. Качанов^1^")
        para(
            d,
            "^1^ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России; Россия, 117997, Москва, ул. Саморы Машела, 1",
        )
        labelled(d, "Ключевые слова:", "нейробластома")
        d.add_paragraph("Follow-up of children after neuroblastoma therapy")
        para(d, "D.Yu. Kachanov^1^")
        d.add_heading("Введение", level=1)
        para(d, "Текст.")

    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "docx", str(make_docx(fill)), "-o", str(target))
    assert status == 0, err
    names = [a["name"] for a in article_yaml(target)["authors"]]
    assert names == [
        {"ru": {"surname": "Петрова", "given": "Е.С."}},
        {"ru": {"surname": "Качанов", "given": "Д.Ю."}, "en": {"surname": "Kachanov", "given": "D.Yu."}},
    ]
    assert "1 authors in one language, 2 in the other" in err
