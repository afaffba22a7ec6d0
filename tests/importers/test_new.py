"""`pubkit new`: a project from the journal's configuration whose TODOs `check` lists, and which builds once filled."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from pubkit.build import check
from pubkit.cli import main

ROOT = Path(__file__).resolve().parents[2]

FILLED = {
    "doi:  # TODO: 10.21682/<suffix>, once the issue is made up": "doi: 10.21682/2311-1267-2026-13-1-1-9",
    'volume:  # TODO: the volume as printed, quoted ("12")': 'volume: "13"',
    'issue:  # TODO: the issue number, quoted ("2")': 'issue: "1"',
    "fpage:  # TODO: the first page, quoted": 'fpage: "1"',
    "lpage:  # TODO: the last page, quoted": 'lpage: "9"',
    "year:  # TODO: the year of publication (2025)": "year: 2026",
    "title:  # TODO: the Russian title": "title: Новая статья о нейробластоме",
    "      -  # TODO": "      - Текст раздела аннотации.",
    "\n  -  # TODO": "\n  - нейробластома\n  - дети\n  - рецидив",
    "name:  # TODO: the institution's Russian name": "name: ФГБУ «НМИЦ ДГОИ им. Дмитрия Рогачева» Минздрава России",
    "ru:  # TODO\n      en:  # TODO\n    city:": "ru: 117997, Москва, ул. Саморы Машела, 1\n      en: 1 Samory Mashela St., Moscow, 117997\n    city:",
    "ru:  # TODO\n      en:  # TODO\n    country:": "ru: Москва\n      en: Moscow\n    country:",
    "ru: {surname: , given: }  # TODO: Фамилия, И.О.": "ru: {surname: Иванов, given: И.И.}",
    "en: {surname: , given: }  # TODO: Surname, I.O.": "en: {surname: Ivanov, given: I.I.}",
}


def _journal_folder(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    return tmp_path


def test_new_project_has_every_key_and_check_lists_each_todo(tmp_path: Path, capsys) -> None:
    target = _journal_folder(tmp_path) / "article"
    assert main(["new", str(target), "--section", "clinical-case"]) == 0
    out, err = capsys.readouterr()
    assert out == f"wrote {target} (journal: {tmp_path / 'journal.yaml'})\n"
    assert (target / "refs.bib").read_bytes() == b""
    body = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert "## Клиническое наблюдение {#cases}" in body and "## Обсуждение {#discussion}" in body
    yaml_lines = (target / "manuscript" / "article.yaml").read_text(encoding="utf-8").splitlines()
    assert "section: clinical-case" in yaml_lines
    schema = yaml_lines[0].removeprefix("# yaml-language-server: $schema=")
    assert schema.startswith("file://") and Path(schema.removeprefix("file://")).is_file()
    # Errors: the TODOs; the only warning says the publication date is not known yet.
    found = check(target).problems
    problems = [p for p in found if p.severity.value == "error"]
    assert {p.code for p in found if p.severity.value == "warning"} == {"meta.published-missing"}
    assert problems and {p.code for p in problems} == {"meta.type"}
    assert all(p.file == "manuscript/article.yaml" and "TODO" in yaml_lines[p.line - 1] for p in problems)
    todo_lines = {i for i, line in enumerate(yaml_lines, start=1) if "# TODO" in line and line[0] != "#"}
    assert {p.line for p in problems} == todo_lines  # every TODO is reported, nothing else
    assert f"{len(found)} field(s) to fill in" in err  # the publication date too


def test_filled_in_it_passes_check_and_builds(tmp_path: Path, capsys) -> None:
    target = _journal_folder(tmp_path) / "article"
    assert main(["new", str(target), "--section", "original-study"]) == 0
    path = target / "manuscript" / "article.yaml"
    text = path.read_text(encoding="utf-8")
    for todo, value in FILLED.items():
        assert todo in text, todo
        text = text.replace(todo, value)
    path.write_text(text, encoding="utf-8")
    body = target / "manuscript" / "article.md"
    body.write_text(body.read_text(encoding="utf-8").replace("{#results}\n", "{#results}\n\nТекст.\n"))
    assert main(["i18n", "update", str(target)]) == 0
    po_path = target / "translations" / "en.po"
    catalog = read_po(io.BytesIO(po_path.read_bytes()))
    for message in catalog:
        if message.id and not message.string:
            message.string = f"English of {message.context}"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79)
    po_path.write_bytes(buffer.getvalue())
    capsys.readouterr()
    report = check(target)
    assert report.ok, [p.render() for p in report.problems]
    assert main(["build", str(target), "-f", "jats", "-f", "html"]) == 0, capsys.readouterr().err
    assert (target / "build" / "article.jats.xml").is_file()


def test_unknown_section_and_existing_folder_are_refused(tmp_path: Path, capsys) -> None:
    target = _journal_folder(tmp_path) / "article"
    assert main(["new", str(target), "--section", "letters"]) == 1
    assert (
        "unknown section 'letters'; expected one of the journal's: original-study, clinical-case, review"
        in (capsys.readouterr().err)
    )
    assert not target.exists()
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    assert main(["new", str(target)]) == 1
    assert (target / "notes.txt").read_text() == "mine" and len(list(target.iterdir())) == 1


def test_new_journal_then_an_article_below_it(tmp_path: Path, capsys) -> None:
    assert main(["new", "--journal", str(tmp_path)]) == 0
    assert main(["new", str(tmp_path / "a")]) == 0
    problems = check(tmp_path / "a").problems
    journal_lines = (tmp_path / "journal.yaml").read_text(encoding="utf-8").splitlines()
    from_journal = [p for p in problems if p.file and p.file.endswith("journal.yaml")]
    assert from_journal and all("TODO" in journal_lines[p.line - 1] for p in from_journal)
    assert main(["new", "--journal", str(tmp_path)]) == 1  # never overwritten


def test_without_a_journal_it_says_how_to_make_one(tmp_path: Path, capsys) -> None:
    assert main(["new", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "no journal.yaml above it: make one with `pubkit new --journal DIR`" in err
    assert (
        "section:  # TODO: one of the journal's sections: "
        in (tmp_path / "a" / "manuscript" / "article.yaml").read_text()
    )


def test_in_an_issue_folder_the_issue_gives_volume_number_and_year(tmp_path: Path) -> None:
    issue = tmp_path / "issue"
    shutil.copytree(ROOT / "tests" / "projects" / "issue-two-articles", issue)
    assert main(["new", str(issue / "03-new"), "--section", "review"]) == 0
    lines = (issue / "03-new" / "manuscript" / "article.yaml").read_text(encoding="utf-8").splitlines()
    assert {'volume: "12"', 'issue: "3"', "year: 2025", "section: review"} <= set(lines)
