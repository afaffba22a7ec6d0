"""`pubkit import refs` and `pubkit refs --bib`: printed lists into BibTeX and back, outside any project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pubkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def seed_list(tmp_path: Path, seed_text: str) -> tuple[Path, list[str]]:
    """The seed's English "References" as a text file, one reference a line."""
    printed = [line for line in seed_text.splitlines() if re.match(r"^\d+\. ", line)]
    path = tmp_path / "references.txt"
    path.write_text("\n\n".join(printed) + "\n", encoding="utf-8")
    return path, printed


def test_import_then_format_gives_back_the_seed(capsys, tmp_path: Path, seed_list) -> None:
    source, printed = seed_list
    bib = tmp_path / "out" / "refs.bib"
    bib.parent.mkdir()
    status, out, err = run(capsys, "import", "refs", str(source), "-o", str(bib))
    assert status == 0, err
    assert out == f"wrote {bib}: 20 reference(s)\n"
    assert err.count("[ref.missing-original]") == 3 and err.endswith("0 error(s), 3 warning(s)\n")
    assert re.search(rf"^{re.escape(str(source))}:9: warning: shamanskaya2023optimization: ", err, re.M)
    assert [p.name for p in bib.parent.iterdir()] == ["refs.bib"]  # no temporary file left behind
    status, out, err = run(capsys, "refs", "--bib", str(bib))
    assert (status, err) == (0, "")
    assert out.splitlines() == printed


def test_import_prints_the_bib_without_output(capsys, seed_list) -> None:
    source, _ = seed_list
    status, out, _ = run(capsys, "import", "refs", str(source))
    assert status == 0
    assert out.startswith("@book{shamanskaya2024neuroblastoma,\n")
    assert out.count("\n@") == 19
    assert '    pages = "1466--1477",\n' in out


def test_russian_list_round_trip(capsys, tmp_path: Path) -> None:
    status, printed, _ = run(capsys, "refs", str(ROOT), "--lang", "ru")
    assert status == 0
    source = tmp_path / "ru.txt"
    source.write_text(printed, encoding="utf-8")
    bib = tmp_path / "refs.bib"
    status, _, err = run(capsys, "import", "refs", str(source), "--lang", "ru", "-o", str(bib))
    assert (status, err) == (0, "")
    status, out, _ = run(capsys, "refs", "--bib", str(bib), "--lang", "ru")
    assert out == printed


def test_nothing_readable_exits_1_and_writes_nothing(capsys, tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text("References\n\nsee the journal's site\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    status, out, err = run(capsys, "import", "refs", str(source), "-o", str(bib))
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f'{source}:1: error: cannot read "References": no authors at the start; expected "Surname I.O., '
        'Surname I.O. Title. …" [ref.parse]',
        f'{source}:3: error: cannot read "see the journal\'s site": no authors at the start; expected '
        '"Surname I.O., Surname I.O. Title. …" [ref.parse]',
        "2 error(s), 0 warning(s)",
    ]
    assert not bib.exists()


def test_import_of_a_file_that_is_not_utf8(capsys, tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_bytes("Иванов И.И. Книга. М., 2020.".encode("cp1251"))
    status, _, err = run(capsys, "import", "refs", str(source))
    assert status == 1
    assert err.startswith(f"{source}: error: not UTF-8 text (byte 0); save it as UTF-8 [input.encoding]")


def test_refs_bib_reports_bad_entries_with_their_line(capsys, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a2020,\n  author = {Roe, R.},\n  title = {T},\n  year = {2020},\n}\n", encoding="utf-8"
    )
    status, out, err = run(capsys, "refs", "--bib", str(bib))
    assert (status, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{bib}:1: error: a2020.journal: @article a2020 has no journal; the journal style needs it [ref.missing-field]"
    )


@pytest.mark.parametrize("fmt", ["html", "jats", "csl-json", "ris", "bibtex"])
def test_refs_bib_other_formats(capsys, fmt: str) -> None:
    status, out, _ = run(capsys, "refs", "--bib", str(ROOT / "refs.bib"), "--format", fmt)
    assert status == 0
    assert "10.1200/JCO.1993.11.8.1466" in out


def test_refs_takes_a_project_or_a_bib_not_both(capsys) -> None:
    status, _, err = run(capsys, "refs", str(ROOT), "--bib", str(ROOT / "refs.bib"))
    assert status == 2
    assert "give a PROJECT or --bib FILE, not both" in err
