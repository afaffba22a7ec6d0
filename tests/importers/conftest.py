"""Word manuscripts made in the tests with python-docx (never committed binaries).

``seed_manuscript`` lays the journal's seed article out as an author sends it: the Russian
parts from the sample project (the repository root), the English parts from the seed page,
the body of the sample with numeric citations, its table, a figure, and the seed's
numbered reference list typed by hand.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from docx.text.paragraph import Paragraph

from pubkit.po import read_po_file

ROOT = Path(__file__).resolve().parents[2]
_MARKUP = re.compile(r"(\*[^*]+\*|\^[^^]+\^)")


def runs(paragraph: Paragraph, text: str, bold: bool = False) -> Paragraph:
    """Add ``text`` as runs: ``*italic*`` and ``^superscript^`` (affiliation marks) as Word formats them."""
    for piece in _MARKUP.split(text):
        if not piece:
            continue
        if piece.startswith("*"):
            paragraph.add_run(piece[1:-1]).italic = True
        elif piece.startswith("^"):
            paragraph.add_run(piece[1:-1]).font.superscript = True
        else:
            paragraph.add_run(piece).bold = bold or None
    return paragraph


def para(document: docx.Document, text: str, style: str | None = None) -> Paragraph:
    return runs(document.add_paragraph(style=style), text)


def labelled(document: docx.Document, label: str, text: str) -> Paragraph:
    """``**Label.** text``: the journal's labelled paragraphs (abstract sections, keywords ...)."""
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    return runs(paragraph, f" {text}" if text else "")


def png() -> bytes:
    """A 2×2 PNG, made here."""
    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def seed_parts(seed_text: str) -> dict:
    """The English parts of the seed page: title, abstract sections, authors, affiliations, references."""
    lines = [line.strip() for line in seed_text.splitlines()]
    title = lines[lines.index("Advanced search") + 2]
    start, end = lines.index("Abstract") + 1, lines.index("About the Authors")
    abstract = [line for line in lines[start:end] if line]
    people = []
    for i, line in enumerate(lines[end:], start=end):
        if re.match(r"^[A-Z]\. [A-Z][a-z]?\. [A-Z]", line):
            people.append(
                (line, lines[i + 1], lines[i + 6], lines[i + 4])
            )  # name, affiliation, address, position
    references = [line for line in lines if re.match(r"^\d+\. ", line)]
    citation = lines[lines.index("For citations:") + 3]
    return {
        "title": title,
        "abstract": abstract,
        "people": people,
        "references": references,
        "citation": citation,
    }


def sample_body() -> tuple[list[str], dict[str, int]]:
    """The sample's body without its demonstration note, and its reference numbers by key (refs.bib order)."""
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "refs.bib").read_text(encoding="utf-8"), re.M)
    text = (ROOT / "manuscript" / "article.md").read_text(encoding="utf-8")
    text = re.sub(r"^::: \{\.demonstration\}\n.*?\n:::\n", "", text, flags=re.S)
    return text.strip().split("\n\n"), {key: n for n, key in enumerate(keys, start=1)}


def numeric(text: str, numbers: dict[str, int]) -> str:
    """``[@a; @b]`` → ``[3, 4]``, as authors cite."""
    return re.sub(
        r"\[(@[^\]]+)\]",
        lambda m: "[" + ", ".join(str(numbers[k.strip()[1:]]) for k in m.group(1).split(";")) + "]",
        text,
    )


def sample_english() -> dict[str, str]:
    """The sample's English by segment id (its translations/en.po)."""
    po = read_po_file(ROOT / "translations" / "en.po", "translations/en.po")
    return {entry.context: entry.msgstr for entry in po.entries}


def write_seed_manuscript(path: Path, seed_text: str) -> Path:
    meta = yaml.safe_load((ROOT / "manuscript" / "article.yaml").read_text(encoding="utf-8"))
    seed = seed_parts(seed_text)
    english = sample_english()
    body, numbers = sample_body()
    marks = {"pirogov": "1", "rogachev": "2"}
    d = docx.Document()

    labelled(d, "Рубрика:", "Клинические наблюдения")
    d.add_paragraph(meta["title"], style="Title")
    byline = [
        f"{a['name']['ru']['given']} {a['name']['ru']['surname']}^{marks[a['affiliations'][0]]}^"
        for a in meta["authors"]
    ]
    para(d, ", ".join(byline))
    for aff_id, mark in marks.items():
        aff = meta["affiliations"][aff_id]
        para(d, f"^{mark}^{aff['name']}; {aff['country']['ru']}, {aff['address']['ru']}")
    para(d, "Резюме").runs[0].bold = True
    for part in meta["abstract"]:
        first, *more = part["text"]
        labelled(d, f"{part['title']}.", first)
        for text in more:
            para(d, text)
    labelled(d, "Ключевые слова:", ", ".join(meta["keywords"]))
    citation_ru = (
        ", ".join(f"{a['name']['ru']['surname']} {a['name']['ru']['given']}" for a in meta["authors"])
        + f". {meta['title']}. Российский журнал детской гематологии и онкологии. 2025;12(2):96–106. "
        f"DOI: {meta['doi']}."
    )
    labelled(d, "Для цитирования:", citation_ru)

    d.add_paragraph(seed["title"])
    para(d, ", ".join(f"{name}^{'1' if 'Pirogov' in aff else '2'}^" for name, aff, *_ in seed["people"]))
    places = {}
    for _, aff, address, _ in seed["people"]:
        places.setdefault("1" if "Pirogov" in aff else "2", f"{aff}; {address}, Russian Federation")
    for mark in sorted(places):
        para(d, f"^{mark}^{places[mark]}")
    para(d, "Abstract").runs[0].bold = True
    for line in seed["abstract"]:
        label, dot, rest = line.partition(". ")
        if label in ("Background", "Materials and methods", "Results", "Conclusions"):
            labelled(d, f"{label}{dot}", rest)
        else:
            para(d, line)
    keywords_en = [english[f"keywords.{i}"] for i in range(1, len(meta["keywords"]) + 1)]
    labelled(d, "Key words:", ", ".join(keywords_en))
    labelled(d, "For citation:", seed["citation"])

    for block in body:
        if block.startswith("## "):
            d.add_heading(re.sub(r"\s*\{#[^}]+\}$", "", block[3:]), level=1)
        elif block.startswith("| "):
            rows = [
                [cell.strip() for cell in line.strip("|").split("|")]
                for line in block.splitlines()
                if not line.startswith("|:")
            ]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif block.startswith(": "):
            caption = re.sub(r"\s*\{#[^}]+\}$", "", block[2:])
            # authors put the caption above the table: move it before the last table
            paragraph = para(d, f"Таблица 1. {caption}")
            d.element.body.remove(paragraph._p)
            d.tables[-1]._tbl.addprevious(paragraph._p)
        elif block.startswith("- "):
            for item in block.splitlines():
                para(d, numeric(item[2:], numbers), style="List Bullet")
        else:
            para(d, numeric(block, numbers))
            if block.startswith("Генетические"):
                d.add_picture(io.BytesIO(png()))
                para(d, "Рис. 1. Схема обследования пациентов", style="Caption")
    d.add_heading("References", level=1)
    for line in seed["references"]:
        d.add_paragraph(line)
    degrees = {"dsc-med": "д-р мед. наук", "phd-med": "канд. мед. наук"}
    d.add_heading("Информация об авторах", level=1)
    for a in meta["authors"]:
        held = [degrees[key] for key in a.get("degrees", [])]
        position = ", ".join([*held, " ".join(a["position"].split())])
        para(d, f"{a['name']['ru']['surname']} {a['name']['ru']['given']}: {position}")
    d.add_heading("Information about the authors", level=1)
    for name, _, _, position in seed["people"]:
        para(d, f"{name} – {position}")
    d.save(path)
    return path


@pytest.fixture
def seed_manuscript(tmp_path: Path, seed_text: str) -> Path:
    """The seed article as a DOCX, in a folder whose parent holds the journal's journal.yaml."""
    issue = tmp_path / "issue"
    issue.mkdir()
    shutil.copy2(ROOT / "manuscript" / "journal.yaml", issue / "journal.yaml")
    return write_seed_manuscript(issue / "manuscript.docx", seed_text)


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[[Callable[[docx.Document], None]], Path]:
    """Build a DOCX with the given filler function, saved in tmp_path (beside a journal.yaml)."""
    shutil.copy2(ROOT / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")

    def make(fill: Callable[[docx.Document], None], name: str = "manuscript.docx") -> Path:
        document = docx.Document()
        fill(document)
        path = tmp_path / name
        document.save(path)
        return path

    return make
