"""`pubkit refs` and `pubkit cite` on the sample: the seed's text, and clear errors on bad BibTeX."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pubkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_english_list_is_the_seeds_character_for_character(capsys, seed_text: str) -> None:
    printed = [line for line in seed_text.splitlines() if re.match(r"^\d+\. ", line)]
    status, out, err = run(capsys, "refs", str(ROOT), "--lang", "en")
    assert status == 0, err
    assert out.splitlines() == printed
    assert len(printed) == 20


def test_russian_list_has_cyrillic_originals(capsys) -> None:
    status, out, _ = run(capsys, "refs", str(ROOT), "--lang", "ru")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 20
    assert lines[0].startswith("1. Шаманская Т.В., Качанов Д.Ю.")
    assert "М.:" in lines[0] and lines[0].endswith("104 с.")
    assert lines[1].startswith("2. Matthay K.K.")  # other sources read the same in both lists


def test_for_citation_line_is_the_seeds(capsys, seed_text: str) -> None:
    expected = seed_text.split("For citations:")[1].strip().splitlines()[0]
    status, out, _ = run(capsys, "cite", str(ROOT), "--lang", "en")
    assert status == 0
    assert " ".join(out.split()) == " ".join(expected.split())


@pytest.mark.parametrize("fmt", ["html", "jats", "csl-json", "ris", "bibtex"])
def test_other_formats(capsys, fmt: str) -> None:
    status, out, _ = run(capsys, "refs", str(ROOT), "--format", fmt)
    assert status == 0
    assert "10.1200/JCO.1993.11.8.1466" in out
    if fmt == "csl-json":
        assert len(json.loads(out)) == 20


def test_bad_bibtex_is_reported_with_entry_and_line(project: Path, capsys) -> None:
    bib = project / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "@article{pinto2015advances,", "@article{pinto2015advances,\n  title = {Unbalanced {brace,", 1
        ),
        encoding="utf-8",
    )
    status, out, err = run(capsys, "refs", str(project))
    assert status == 1
    assert "Traceback" not in out + err
    assert re.search(r"^refs\.bib:\d+: error: .*\[ref\.", err, re.M), err
