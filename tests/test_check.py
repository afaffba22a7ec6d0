"""`pubkit check`: the sample passes with a summary; each bad input is reported where it is, with exit 1."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pubkit.build import check
from pubkit.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle`` in ``path``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def replace(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, count), encoding="utf-8")

    return mutate


def remove_bib_entry(key: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        target = root / "refs.bib"
        text = target.read_text(encoding="utf-8")
        start = text.index("@", text.index(key) - 20)
        end = text.find("\n@", start + 1)
        target.write_text(text[:start] + (text[end + 1 :] if end != -1 else ""), encoding="utf-8")

    return mutate


def delete(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def regex(path: str, pattern: str, new: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        target = root / path
        text, count = re.subn(pattern, new, target.read_text(encoding="utf-8"), count=1, flags=re.M | re.S)
        assert count == 1, f"{pattern!r} not in {path}"
        target.write_text(text, encoding="utf-8")

    return mutate


def figure(name: str, data: bytes | None, link_to: str | None = None) -> Callable[[Path], None]:
    """Add ``![Схема](name)`` to the body and the file (or a symlink to ``link_to``) under manuscript/."""

    def mutate(root: Path) -> None:
        path = root / "manuscript" / name
        if link_to is not None:
            path.symlink_to(link_to)
        else:
            path.write_bytes(data or b"")
        body = root / BODY
        body.write_text(f"![Схема]({name})\n\n" + body.read_text(encoding="utf-8"), encoding="utf-8")

    return mutate


def before_intro(text: str) -> Callable[[Path], None]:
    """Insert ``text`` as its own block before the first heading (no segment changes)."""
    return replace(BODY, "## Введение {#introduction}", f"{text}\n\n## Введение {{#introduction}}")


JOURNAL = "manuscript/journal.yaml"
ARTICLE = "manuscript/article.yaml"
BODY = "manuscript/article.md"
CATALOG = "translations/en.po"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

# (name, mutation, expected code, file, text on the line the problem points at (None: no line), message fragment)
BAD_INPUTS = [
    ("issn check digit", replace(JOURNAL, "print: 2311-1267", "print: 2311-1268"), "id.issn", JOURNAL,
     "print: 2311-1268", "not a valid ISSN"),
    ("journal doi prefix", replace(JOURNAL, 'doi_prefix: "10.21682"', 'doi_prefix: "11.21682"'),
     "id.doi-prefix", JOURNAL, "doi_prefix:", "not a DOI prefix"),
    ("article doi prefix", replace(ARTICLE, "doi: 10.21682/", "doi: 11.21682/"), "id.doi", ARTICLE,
     "doi: 11.21682", "is not a DOI"),
    ("article doi other prefix", replace(ARTICLE, "doi: 10.21682/", "doi: 10.21683/"), "id.doi-prefix",
     ARTICLE, "doi: 10.21683", "journal's DOI prefix"),
    ("misspelt journal key", replace(JOURNAL, "abbrev_title:", "abrev_title:"), "meta.unknown-key", JOURNAL,
     "abrev_title:", "did you mean 'abbrev_title'"),
    ("misspelt article key", replace(ARTICLE, "volume:", "volumne:"), "meta.unknown-key", ARTICLE,
     "volumne:", "did you mean 'volume'"),
    ("misspelt author key", replace(ARTICLE, "    affiliations: [pirogov]", "    afiliations: [pirogov]"),
     "meta.unknown-key", ARTICLE, "afiliations:", "unknown key 'afiliations'"),
    ("missing required field", replace(ARTICLE, 'lpage: "106"\n', ""), "meta.missing", ARTICLE, None,
     "required field 'lpage' is missing"),
    ("broken yaml", replace(ARTICLE, "volume: \"12\"", "volume: [\"12\""), "yaml.syntax", ARTICLE,
     'issue: "2"', "malformed YAML"),
    ("wrong type", replace(ARTICLE, "year: 2025", "year: twenty"), "meta.type", ARTICLE, "year: twenty",
     "expected a whole number"),
    ("bad date", replace(ARTICLE, "language: ru", "language: ru\ndates:\n  received: 2025-02-30"),
     "meta.type", ARTICLE, "received: 2025-02-30", "expected a date"),
    ("unknown section", replace(ARTICLE, "section: clinical-case", "section: case"), "meta.section", ARTICLE,
     "section: case", "unknown section 'case'"),
    ("unknown language", replace(ARTICLE, "language: ru", "language: xx"), "meta.language", ARTICLE,
     "language: xx", "not a language code"),
    ("unsupported language", replace(ARTICLE, "language: ru", "language: de"), "meta.language", ARTICLE,
     "language: de", "not supported"),
    ("orcid checksum", replace(ARTICLE, "  - id: kachanov\n", "  - id: kachanov\n    orcid: 0000-0002-1825-0098\n"),
     "id.orcid", ARTICLE, "orcid: 0000-0002-1825-0098", "checksum fails"),
    ("affiliation nowhere", replace(ARTICLE, "affiliations: [pirogov]", "affiliations: [pirogof]"),
     "meta.affiliation-ref", ARTICLE, "affiliations: [pirogof]", "affiliation 'pirogof' is not defined"),
    ("duplicate author", replace(ARTICLE, "  - id: utalieva", "  - id: andreeva"), "meta.duplicate-author",
     ARTICLE, None, "author id 'andreeva' appears 2 times"),
    ("unknown degree", replace(ARTICLE, "degrees: [dsc-med]", "degrees: [dsc]"), "meta.degree", ARTICLE,
     "degrees: [dsc]", "unknown degree 'dsc'"),
    ("cited key missing from refs.bib", remove_bib_entry("pinto2015advances"), "ref.unknown-key",
     "manuscript/article.md", "@pinto2015advances]", "[@pinto2015advances], which is not in refs.bib"),
    ("reference never cited", replace("manuscript/article.md", "; @kramer2022phase]", "]"), "ref.uncited",
     "refs.bib", "kramer2022phase", "never cited"),
    ("stale translation", replace(ARTICLE, "Представлено описание трех", "Представлено подробное описание трех"),
     "i18n.stale", "translations/en.po", None, "'abstract.methods.1' was made for an older Russian text"),
    ("missing translation", replace("translations/en.po", 'msgctxt "keywords.6"', 'msgctxt "keywords.66"'),
     "i18n.missing", "translations/en.po", None, "no English for segment 'keywords.6'"),
    ("unreadable catalog", replace("translations/en.po", 'msgctxt "title"', 'msgctxt "title"\nnot a PO line'), "i18n.syntax",
     "translations/en.po", None, "not a readable gettext catalog"),
    ("missing body", delete("manuscript/article.md"), "project.missing-file", "manuscript/article.md", None,
     "body (pandoc Markdown) not found"),
    ("heading without id", replace("manuscript/article.md", "## Обсуждение {#discussion}", "## Обсуждение"),
     "body.heading-id", "manuscript/article.md", None, "has no ASCII id"),
    # -- hardening (#13): nothing executable reaches an output
    ("raw html inline", before_intro("<script>alert(1)</script>"), "body.markup", BODY,
     "<script>alert(1)</script>", "raw html markup '<script>alert(1)</script>' is not allowed"),
    ("raw typst block", before_intro("```{=typst}\n#set text(size: 1pt)\n```"), "body.markup", BODY,
     "#set text(size: 1pt)", "raw typst markup"),
    ("raw latex", before_intro("\\input{/etc/passwd}"), "body.markup", BODY, "\\input{/etc/passwd}",
     "raw tex markup"),
    ("raw jats", before_intro("```{=jats}\n<!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n```"),
     "body.markup", BODY, "<!DOCTYPE x", "raw jats markup"),
    ("event handler attribute", before_intro('[x]{onclick="steal()"}'), "body.markup", BODY, "onclick=",
     "attribute onclick='steal()' is not allowed"),
    ("unknown class", before_intro("[x]{.hidden-trap}"), "body.markup", BODY, ".hidden-trap",
     "class 'hidden-trap' is not allowed"),
    ("javascript link", before_intro("[x](javascript:alert(1))"), "body.markup", BODY, "javascript:",
     "uses the scheme 'javascript:'"),
    ("data link", before_intro("<data:text/html,hi>"), "body.markup", BODY, "data:text",
     "uses the scheme 'data:'"),
    ("raw html in a translation",
     replace(CATALOG, '"childhood [@shamanskaya2024neuroblastoma].', '"childhood <img src=x onerror=alert(1)> [@shamanskaya2024neuroblastoma].'),
     "body.markup", CATALOG, None, "body.introduction.1: raw html markup '<img src=x onerror=alert(1)>'"),
    ("javascript link in a translation",
     replace(CATALOG, '"childhood [@shamanskaya2024neuroblastoma].', '"[childhood](javascript:x) [@shamanskaya2024neuroblastoma].'),
     "body.markup", CATALOG, None, "the scheme 'javascript:'"),
    ("svg figure", figure("scheme.svg", SVG), "body.figure-type", BODY, "scheme.svg", "is SVG"),
    ("figure that is not an image", figure("scheme.png", b"#!/bin/sh\n"), "body.figure-type", BODY,
     "scheme.png", "not a PNG, JPEG or GIF"),
    ("reference url scheme", replace("refs.bib", "  year      = {2020},\n  pages     = {213--235},",
     "  year      = {2020},\n  url = {javascript:alert(1)},\n  pages     = {213--235},"), "ref.url",
     "refs.bib", "@incollection{matthay2020highrisk", "the scheme 'javascript:'"),
    ("unbalanced brace in a name", replace("refs.bib", "author    = {Matthay, K. K.", "author    = {Matthay,{ K. K."),
     "ref.syntax", "refs.bib", "@incollection{matthay2020highrisk", "Too many commas in 'Matthay,{ K. K."),
    # -- nothing escapes
    ("doi suffix with ..", replace(ARTICLE, "doi: 10.21682/", "doi: 10.21682/../../"), "id.doi", ARTICLE,
     "doi: 10.21682/../../", "cannot name the article's files"),
    ("figure symlink", figure("passwd.png", None, "/etc/passwd"), "project.symlink", "manuscript/passwd.png",
     None, "symbolic link"),
    # -- every precondition is a check
    ("control character in yaml", replace(ARTICLE, 'volume: "12"', 'volume: "1\\a2"'), "text.code-point",
     ARTICLE, 'volume: "1', "U+0007 (a control character)"),
    ("control character in the body", replace(BODY, "Нейробластома (НБ)", "Нейробластома\x1b (НБ)"),
     "text.code-point", BODY, "Нейробластома", "U+001B (a control character)"),
    ("bidi override in refs.bib", replace("refs.bib", "High-risk neuroblastoma", "High-risk\u202eneuroblastoma"),
     "text.code-point", "refs.bib", "High-risk", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("zero-width space in a translation", replace(CATALOG, "Isolated leptomeningeal", "Isolated\u200bleptomeningeal"),
     "text.code-point", CATALOG, "Isolated", "U+200B ZERO WIDTH SPACE"),
    ("noncharacter in the journal", replace(JOURNAL, "abbrev_title:", "abbrev_title: \"\\uFFFE\"\nx:"),
     "text.code-point", JOURNAL, "abbrev_title:", "U+FFFE (a Unicode noncharacter)"),
    ("unterminated PO string", replace(CATALOG, 'msgstr "Isolated leptomeningeal relapses in high-risk neuroblastoma"',
     'msgstr "Isolated leptomeningeal relapses in high-risk neuroblastoma'), "i18n.syntax", CATALOG,
     'msgstr "Isolated leptomeningeal', "a broken quoted string"),
    ("unknown PO escape", replace(CATALOG, "Isolated leptomeningeal", "Isolated\\qleptomeningeal"),
     "i18n.syntax", CATALOG, "Isolated\\q", "a broken quoted string"),
    ("unknown PO charset", replace(CATALOG, "charset=utf-8", "charset=KOI9-X"), "i18n.syntax", CATALOG,
     "charset=KOI9-X", "declares charset 'KOI9-X'"),
    ("url pattern with {0}", replace(JOURNAL, "{doi_suffix}/{lang}/", "{doi_suffix}/{0}/"), "meta.url", JOURNAL,
     "article_url:", "uses {0}"),
    ("url pattern with an unknown name", replace(JOURNAL, "{doi_suffix}/{lang}/", "{doi_suffix}/{volume}/"),
     "meta.url", JOURNAL, "article_url:", "uses {volume}"),
    ("year out of range", replace(ARTICLE, "year: 2025", "year: 10000"), "meta.year", ARTICLE, "year: 10000",
     "expected a year from 1900 to 2100"),
    ("dates out of order", replace(ARTICLE, "language: ru\n", "language: ru\ndates:\n  received: 2025-03-01\n"
     "  accepted: 2025-02-01\n"), "meta.date-order", ARTICLE, "accepted: 2025-02-01", "received 2025-03-01 "
     "comes after accepted 2025-02-01"),
    ("same print and online ISSN", replace(JOURNAL, "electronic: 2413-5496", "electronic: 2311-1267"), "id.issn",
     JOURNAL, "electronic: 2311-1267", "print and online ISSN are both"),
    ("ror check digits", replace(ARTICLE, "      en: Russian Federation\n", "      en: Russian Federation\n    ror: 05dxps056\n"), "id.ror",
     ARTICLE, "ror: 05dxps056", "checksum fails for '05dxps056'"),
    ("ror pattern", replace(ARTICLE, "      en: Russian Federation\n", "      en: Russian Federation\n    ror: 0||||||00\n"), "id.ror",
     ARTICLE, "ror: 0||||||00", "is not a ROR id"),
    ("malformed e-mail", replace(ARTICLE, "  - id: kachanov\n", "  - id: kachanov\n    email: a..b@host.ru\n"),
     "id.email", ARTICLE, "email: a..b@host.ru", "two periods in a row"),
    ("country that is no country", replace(ARTICLE, "code: RU", "code: EU"), "meta.country", ARTICLE,
     "code: EU", "'EU' is not a country code"),
    ("empty keywords", regex(ARTICLE, r"^keywords:.*?(?=^\S)", "keywords: []\n"), "meta.empty", ARTICLE,
     "keywords: []", "keywords is empty"),
    ("empty authors", regex(ARTICLE, r"^authors:.*\Z", "authors: []\n"), "meta.empty", ARTICLE,
     "authors: []", "authors is empty"),
    ("empty abstract", regex(ARTICLE, r"^abstract:.*?(?=^\S)", "abstract: []\n"), "meta.empty", ARTICLE,
     "abstract: []", "abstract is empty"),
    # -- bounds
    ("word past the limit", before_intro("а" * 3000), "limits.word", BODY, "ааааа",
     "a word of 3000 characters without a space"),
    ("nesting past the limit", before_intro("> " * 300 + "x"), "limits.depth", BODY, "> > > > > > > > > >",
     "quoted or indented deeper than the limit of 120"),
    ("brackets past the limit", before_intro("[" * 12 + " x"), "limits.brackets", BODY, "[[[[[[[[[[[[ x",
     "more than 8 '[' open at once"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "code", "file", "line_text", "fragment"),
    [row[1:] for row in BAD_INPUTS],
    ids=[row[0] for row in BAD_INPUTS],
)
def test_bad_input_is_reported_where_it_is(
    project: Path, capsys: pytest.CaptureFixture[str], mutate, code, file, line_text, fragment
) -> None:
    mutate(project)
    status, out, err = run(capsys, "check", str(project))
    assert status == 1, err
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.endswith(f"[{code}]")]
    assert lines, f"no [{code}] problem in:\n{err}"
    match = next((line for line in lines if fragment in line), None)
    assert match, f"no [{code}] problem saying {fragment!r} in:\n{err}"
    location = match.split(": ", 1)[0]
    if line_text is None:
        assert location.split(":")[0] == file
    else:
        assert location == f"{file}:{line_of(project / file, line_text)}", match


def test_sample_passes_with_summary(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[1]
    status, out, err = run(capsys, "check", str(root))
    assert status == 0, err
    assert "Изолированные лептоменингеальные рецидивы нейробластомы группы высокого риска" in out
    assert "Isolated leptomeningeal relapses in high-risk neuroblastoma" in out
    assert "authors:    10:" in out
    assert "references: 20" in out
    assert re.search(r"English:\s+(\d+)/\1 segments translated, 0 stale", out)


def test_every_problem_is_reported_not_just_the_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(JOURNAL, "print: 2311-1267", "print: 2311-1268")(project)
    replace(ARTICLE, "volume:", "volumne:")(project)
    remove_bib_entry("pinto2015advances")(project)
    status, _, err = run(capsys, "check", str(project))
    assert status == 1
    for code in ("id.issn", "meta.unknown-key", "ref.unknown-key"):
        assert f"[{code}]" in err


def test_problems_as_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    replace(JOURNAL, "print: 2311-1267", "print: 2311-1268")(project)
    status, out, _ = run(capsys, "check", str(project), "--format", "json")
    assert status == 1
    problems = json.loads(out)
    assert {"code": "id.issn", "file": JOURNAL, "field": "issn.print"}.items() <= problems[0].items()


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "--no-such-option")
    assert status == 2
    assert "No such option" in err


def test_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", str(tmp_path / "nowhere"))
    assert status == 1
    assert "is not a folder" in err
    assert "Traceback" not in err


def test_journal_file_found_above_the_project(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An issue folder keeps one journal.yaml for all its articles."""
    (project / "manuscript" / "journal.yaml").rename(project.parent / "journal.yaml")
    status, _, err = run(capsys, "check", str(project))
    assert status == 0, err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version")[0] == 0
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "check" in out


def test_a_publication_date_in_the_future_needs_allow_future(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    replace(ARTICLE, "language: ru\n", "language: ru\ndates:\n  published: 2099-01-01\n")(project)
    status, _, err = run(capsys, "check", str(project))
    assert status == 1 and "[meta.date-future]" in err
    assert f"{ARTICLE}:{line_of(project / ARTICLE, 'published: 2099-01-01')}: error" in err
    status, _, err = run(capsys, "check", "--allow-future", str(project))
    assert status == 0 and f"{ARTICLE}:{line_of(project / ARTICLE, 'published: 2099-01-01')}: warning" in err
    assert run(capsys, "check", "--allow-future", "--strict", str(project))[0] == 1
    assert run(capsys, "build", str(project), "-o", str(tmp_path / "a"), "-f", "jats")[0] == 1
    assert (
        run(capsys, "build", str(project), "-o", str(tmp_path / "b"), "-f", "jats", "--allow-future")[0] == 0
    )


def test_a_missing_publication_date_is_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PMC needs an e-pub date beside the online issue's and Scholar the full date: check says so."""
    status, _, err = run(capsys, "check", str(project))
    assert status == 0
    assert "manuscript/article.yaml:9: warning: dates.published: no publication date" in err
    assert "[meta.published-missing]" in err
    assert run(capsys, "check", "--strict", str(project))[0] == 1
    article = project / "manuscript" / "article.yaml"
    text = article.read_text(encoding="utf-8")
    dates = "# dates:\n#   received: 2025-01-31\n#   accepted: 2025-03-15\n#   published: 2025-06-30\n"
    assert dates in text
    article.write_text(text.replace(dates, dates.replace("# ", "").replace("#", "")), encoding="utf-8")
    status, _, err = run(capsys, "check", "--strict", str(project))
    assert status == 0, err


def test_a_pdf_outside_its_landing_pages_folder_is_a_warning(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Google Scholar indexes a PDF only in its landing page's folder (or below it)."""
    journal = project / "manuscript" / "journal.yaml"
    text = journal.read_text(encoding="utf-8")
    journal.write_text(text.replace("{doi_suffix}/{lang}/{doi_suffix}.{lang}.pdf", "{doi_suffix}.{lang}.pdf"))
    status, _, err = run(capsys, "check", str(project))
    line = line_of(journal, "pdf_url:")
    assert status == 0
    assert f"manuscript/journal.yaml:{line}: warning: pdf_url: 'https://journal.nodgo.org/articles/" in err
    assert "Google Scholar indexes a PDF only beside its page" in err and "[meta.pdf-url]" in err


def test_a_character_no_font_has_is_an_error_where_it_first_appears(project: Path) -> None:
    body = project / "manuscript" / "article.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nКомиԞ.\n", encoding="utf-8")
    report = check(project)
    [problem] = [p for p in report.problems if p.code == "text.unprintable"]
    assert (problem.file, problem.line) == (
        "manuscript/article.md",
        len(body.read_text(encoding="utf-8").splitlines()),
    )
    assert problem.message.startswith("U+051E CYRILLIC")
    assert not report.ok
