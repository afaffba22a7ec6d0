"""`pubkit import jats`: JATS → project → JATS round trips, foreign JATS, and input that must be refused."""

from __future__ import annotations

import copy
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml
from lxml import etree

from pubkit.cli import main
from pubkit.sources.project import find_journal

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "tests" / "projects"
# Every fixture project: the sample (the repository root) and each folder of tests/projects with an article.
FIXTURES = [ROOT, *sorted(p.parents[1] for p in PROJECTS.rglob("manuscript/article.yaml"))]
# Fixtures without English: their JATS is a draft build, and pubkit check fails on them as on the original.
UNTRANSLATED = {"no-translation"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _name(project: Path) -> str:
    return "sample" if project == ROOT else project.relative_to(PROJECTS).as_posix()


def _problems(err: str) -> list[str]:
    """The problem lines of stderr, without the count line."""
    return [line for line in err.splitlines() if not line.endswith("warning(s)")]


def _unlocated(err: str) -> list[str]:
    """The problems without line numbers (the imported files lay out the same fields on other lines)."""
    return [re.sub(r"(\.yaml|\.md|\.po|\.bib):\d+", r"\1", line) for line in _problems(err)]


@pytest.mark.parametrize("project", FIXTURES, ids=_name)
def test_pubkit_jats_of_every_fixture_imports_into_a_project_that_builds_the_same_jats(
    capsys, tmp_path: Path, project: Path
) -> None:
    draft = ("--draft",) if project.name in UNTRANSLATED else ()
    original = tmp_path / "original.jats.xml"
    status, _, err = run(capsys, "jats", str(project), "-o", str(original), *draft)
    assert status == 0, err
    journal = find_journal(project)
    assert journal is not None
    issue = tmp_path / "issue"
    issue.mkdir()
    shutil.copy2(journal, issue / "journal.yaml")
    target = issue / "article"

    status, out, err = run(capsys, "import", "jats", str(original), "-o", str(target))
    assert status == 0, err
    assert err == ""  # pubkit's own JATS lacks nothing the project needs
    assert out.startswith(f"wrote {target}: manuscript/article.yaml, manuscript/article.md, refs.bib, ")
    assert sorted(p.name for p in issue.iterdir()) == ["article", "journal.yaml"]  # no staging folder left

    check_imported = run(capsys, "check", str(target))
    check_original = run(capsys, "check", str(project))
    if draft:
        assert check_imported[0] == check_original[0] == 1
        assert _unlocated(check_imported[2]) == _unlocated(check_original[2])
        assert "pubkit check fails" in out
    else:
        assert check_imported[0] == 0, check_imported[2]
        assert "pubkit check passes" in out
    rebuilt = tmp_path / "rebuilt.jats.xml"
    status, _, err = run(capsys, "jats", str(target), "-o", str(rebuilt), *draft)
    assert status == 0, err
    assert rebuilt.read_bytes() == original.read_bytes()


def test_the_sample_comes_back_with_its_sources(capsys, tmp_path: Path) -> None:
    """Beyond the JATS: the same metadata, references and English as the sample's own sources."""
    original = tmp_path / "sample.xml"
    assert run(capsys, "jats", str(ROOT), "-o", str(original))[0] == 0
    shutil.copy2(ROOT / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    target = tmp_path / "article"
    assert run(capsys, "import", "jats", str(original), "-o", str(target))[0] == 0
    imported = yaml.safe_load((target / "manuscript" / "article.yaml").read_text(encoding="utf-8"))
    source = yaml.safe_load((ROOT / "manuscript" / "article.yaml").read_text(encoding="utf-8"))
    assert imported == source
    status, english, _ = run(capsys, "refs", str(target), "--lang", "en")
    assert status == 0 and english == run(capsys, "refs", str(ROOT), "--lang", "en")[1]
    body = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert "## Введение {#introduction}" in body
    assert "GPOH NB-2004 [@berthold2020extended; @brodeur1993revisions; @pinto2015advances]." in body  # [6–8]
    report = (target / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    # the sample, as its sources, has no publication day: check's only word on it
    assert "## Problems of the import (0)" in report and "The project passes." not in report
    assert report.count("[meta.") == report.count("[meta.published-missing]") == 1


ELPUB = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.1 20151215//EN" "JATS-journalpublishing1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article" dtd-version="1.1" xml:lang="ru">
 <front>
  <journal-meta>
   <journal-id journal-id-type="publisher-id">rjpho</journal-id>
   <journal-title-group><journal-title>Российский журнал детской гематологии и онкологии</journal-title></journal-title-group>
   <issn pub-type="ppub">2311-1267</issn>
  </journal-meta>
  <article-meta>
   <article-id pub-id-type="doi">10.21682/2311-1267-2020-7-1-10-15</article-id>
   <article-categories>
    <subj-group subj-group-type="heading"><subject>Оригинальные исследования</subject></subj-group>
   </article-categories>
   <title-group>
    <article-title>Нейробластома у детей</article-title>
    <trans-title-group xml:lang="en"><trans-title>Neuroblastoma in children</trans-title></trans-title-group>
   </title-group>
   <contrib-group>
    <contrib contrib-type="author" corresp="yes">
     <contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-1825-0097</contrib-id>
     <name-alternatives>
      <name name-style="eastern" xml:lang="ru"><surname>Иванов</surname><given-names>И.И.</given-names></name>
      <name name-style="western" xml:lang="en"><surname>Ivanov</surname><given-names>I.I.</given-names></name>
     </name-alternatives>
     <email>ivanov@example.org</email>
     <xref ref-type="aff" rid="aff-1"/>
    </contrib>
    <contrib contrib-type="author">
     <name xml:lang="ru"><surname>Петров</surname><given-names>П.П.</given-names></name>
     <name xml:lang="en"><surname>Petrov</surname><given-names>P.P.</given-names></name>
     <aff><institution xml:lang="ru">РНИМУ им. Н.И. Пирогова</institution>
      <institution xml:lang="en">Pirogov Russian National Research Medical University</institution>
      <addr-line xml:lang="ru">Москва, ул. Островитянова, 1</addr-line>
      <addr-line xml:lang="en">1 Ostrovityanova St., Moscow</addr-line>
      <city xml:lang="ru">Москва</city><city xml:lang="en">Moscow</city>
      <country country="RU" xml:lang="ru">Россия</country><country country="RU" xml:lang="en">Russia</country></aff>
    </contrib>
   </contrib-group>
   <aff-alternatives id="aff-1">
    <aff xml:lang="ru"><institution>НМИЦ ДГОИ им. Дмитрия Рогачева</institution>
     <addr-line>Москва, ул. Саморы Машела, 1</addr-line><city>Москва</city><country country="RU">Россия</country></aff>
    <aff xml:lang="en"><institution>Dmitry Rogachev NMRC PHOI</institution>
     <addr-line>1 Samory Mashela St., Moscow</addr-line><city>Moscow</city><country country="RU">Russia</country></aff>
   </aff-alternatives>
   <pub-date pub-type="epub"><day>31</day><month>03</month><year>2020</year></pub-date>
   <volume>7</volume><issue>1</issue><fpage>10</fpage><lpage>15</lpage>
   <history><date date-type="received"><day>05</day><month>11</month><year>2019</year></date></history>
   <permissions>
    <license xlink:href="https://creativecommons.org/licenses/by/4.0/"><license-p>CC BY 4.0</license-p></license>
   </permissions>
   <abstract><p>Аннотация&nbsp;без разделов.</p></abstract>
   <trans-abstract xml:lang="en"><p>An abstract without sections.</p></trans-abstract>
   <kwd-group xml:lang="ru"><kwd>нейробластома</kwd><kwd>дети</kwd></kwd-group>
   <kwd-group xml:lang="en"><kwd>neuroblastoma</kwd><kwd>children</kwd></kwd-group>
   <funding-group>
    <funding-statement xml:lang="ru">Работа выполнена без спонсорской поддержки.</funding-statement>
    <funding-statement xml:lang="en">The study had no sponsorship.</funding-statement>
   </funding-group>
  </article-meta>
 </front>
 <body>
  <sec><title>Введение</title>
   <p>Нейробластома – частая опухоль [<xref ref-type="bibr" rid="cit1">1</xref>-<xref ref-type="bibr" rid="cit3">3</xref>].</p>
  </sec>
 </body>
 <back>
  <ref-list>
   <ref id="cit1"><label>1</label><mixed-citation xml:lang="en">Brodeur G.M., Pritchard J., Berthold F. Revisions of the international criteria for neuroblastoma diagnosis, staging, and response to treatment. J Clin Oncol. 1993;11(8):1466–77. doi: 10.1200/JCO.1993.11.8.1466.</mixed-citation></ref>
   <ref id="cit2"><label>2</label><mixed-citation xml:lang="en">Simon T., Berthold F., Borkhardt A. Treatment and outcomes of patients with relapsed, high-risk neuroblastoma: results of German trials. Pediatr Blood Cancer. 2011;56(4):578–83. doi: 10.1002/pbc.22693.</mixed-citation></ref>
   <ref id="cit3"><label>3</label>
    <element-citation publication-type="journal">
     <person-group person-group-type="author"><name><surname>Pinto</surname><given-names>N.R.</given-names></name></person-group>
     <article-title>Advances in risk classification</article-title><source>J Clin Oncol</source>
     <year>2015</year><volume>33</volume><issue>27</issue><fpage>3008</fpage><lpage>3017</lpage>
    </element-citation>
   </ref>
  </ref-list>
 </back>
</article>
"""


def test_elpub_jats_imports_what_it_holds_and_reports_the_rest(capsys, tmp_path: Path) -> None:
    source = tmp_path / "elpub.xml"
    source.write_text(ELPUB, encoding="utf-8")
    shutil.copy2(ROOT / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "jats", str(source), "-o", str(target))
    assert status == 0, err
    article = yaml.safe_load((target / "manuscript" / "article.yaml").read_text(encoding="utf-8"))
    assert article["doi"] == "10.21682/2311-1267-2020-7-1-10-15"
    assert (article["volume"], article["issue"], article["fpage"], article["lpage"]) == ("7", "1", "10", "15")
    assert article["section"] == "original-study" and article["year"] == 2020
    assert {k: v.isoformat() for k, v in article["dates"].items()} == {
        "received": "2019-11-05",
        "published": "2020-03-31",
    }
    assert article["authors"][1] == {
        "id": "petrov",
        "name": {"ru": {"surname": "Петров", "given": "П.П."}, "en": {"surname": "Petrov", "given": "P.P."}},
        "affiliations": ["aff2"],
    }
    assert article["affiliations"]["aff2"]["name"] == "РНИМУ им. Н.И. Пирогова"
    assert article["authors"][:1] == [
        {
            "id": "ivanov",
            "name": {
                "ru": {"surname": "Иванов", "given": "И.И."},
                "en": {"surname": "Ivanov", "given": "I.I."},
            },
            "affiliations": ["aff1"],
            "orcid": "0000-0002-1825-0097",
            "email": "ivanov@example.org",
            "corresponding": True,
        }
    ]
    assert article["affiliations"]["aff1"] == {
        "name": "НМИЦ ДГОИ им. Дмитрия Рогачева",
        "address": {"ru": "Москва, ул. Саморы Машела, 1", "en": "1 Samory Mashela St., Moscow"},
        "city": {"ru": "Москва", "en": "Moscow"},
        "country": {"code": "RU", "ru": "Россия", "en": "Russia"},
    }
    assert article["keywords"] == ["нейробластома", "дети"]
    assert "abstract" not in article  # not structured: nothing invented, the text goes to the report
    assert "license" not in article  # the journal's own
    catalog = (target / "translations" / "en.po").read_text(encoding="utf-8")
    for english in (
        "Neuroblastoma in children",
        "children",
        "Dmitry Rogachev NMRC PHOI",
        "The study had no sponsorship.",
    ):
        assert f'msgstr "{english}"' in catalog
    body = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert body == (
        "## Введение {#sec-vvedenie}\n\n"
        "Нейробластома – частая опухоль [@brodeur1993revisions; @simon2011treatment; @pinto2015advances].\n"
    )
    bib = (target / "refs.bib").read_text(encoding="utf-8")
    assert 'pages = "3008--3017"' in bib and 'doi = "10.1200/JCO.1993.11.8.1466"' in bib
    report = (target / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "### Abstract (not structured)\n\nАннотация\u00a0без разделов.\n" in report
    assert "[import.abstract]" in err and "[import.abstract]" in report
    status, _, check_err = run(capsys, "check", str(target))
    assert status == 1
    for line in _problems(check_err):
        assert f"- `{line}`" in report  # every problem check finds is in the report
    assert "abstract: required field 'abstract' is missing [meta.missing]" in check_err


def test_without_a_journal_file_above_the_journal_meta_is_written_and_the_gaps_reported(
    capsys, tmp_path: Path
) -> None:
    original = tmp_path / "minimal.xml"
    assert run(capsys, "jats", str(PROJECTS / "minimal"), "-o", str(original))[0] == 0
    target = tmp_path / "article"
    status, out, err = run(capsys, "import", "jats", str(original), "-o", str(target))
    assert status == 0 and "manuscript/journal.yaml" in out
    journal = yaml.safe_load((target / "manuscript" / "journal.yaml").read_text(encoding="utf-8"))
    assert journal["issn"] == {"print": "2311-1267", "electronic": "2413-5496"}
    assert (
        journal["pdf_url"] == "https://journal.nodgo.org/articles/{doi_suffix}/{lang}/{doi_suffix}.{lang}.pdf"
    )
    assert "article_url" not in journal and "name" not in journal["license"]  # not in JATS: not invented
    assert "no article_url in the JATS" in err
    status, _, check_err = run(capsys, "check", str(target))
    assert status == 1
    assert _problems(check_err) == [
        "manuscript/journal.yaml:2: error: article_url: required field 'article_url' is missing [meta.missing]",
        "manuscript/journal.yaml:21: error: license.name: required field 'name' is missing [meta.missing]",
    ]
    article = yaml.safe_load((target / "manuscript" / "article.yaml").read_text(encoding="utf-8"))
    # without the journal's degree list, a degree cannot be told from the position: both stay in it
    assert article["authors"][0]["position"] == "канд. мед. наук, врач-детский онколог"


def _shared_files(schemas_dir: Path) -> list[Path]:
    return sorted((schemas_dir / "jats4r" / "testfiles").glob("*.xml"))


def test_jats4r_test_files_import_with_a_report_and_no_traceback(
    capsys, tmp_path: Path, schemas_dir: Path
) -> None:
    files = _shared_files(schemas_dir)
    assert files
    for source in files:
        target = tmp_path / source.stem
        status, out, err = run(capsys, "import", "jats", str(source), "-o", str(target))
        assert status == 0, (source.name, err)
        assert "internal error" not in err and "Traceback" not in err
        assert (target / "IMPORT-REPORT.md").is_file() and (target / "manuscript" / "article.yaml").is_file()
        assert out.startswith(f"wrote {target}: ")


def test_crossrefs_example_is_refused_as_no_jats_article(capsys, tmp_path: Path, schemas_dir: Path) -> None:
    source = schemas_dir / "crossref" / "examples" / "journal.article5.3.1.xml"
    target = tmp_path / "article"
    status, out, err = run(capsys, "import", "jats", str(source), "-o", str(target))
    assert (status, out) == (1, "")
    assert err == (
        f"{source}:6: error: the root element is <doi_batch> in namespace http://www.crossref.org/schema/5.3.1; "
        "expected a JATS <article> [import.not-jats]\n1 error(s), 0 warning(s)\n"
    )
    assert not target.exists()


BOMB = """<?xml version="1.0"?>
<!DOCTYPE article [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<article><body><p>&d;&d;&d;&d;&d;&d;&d;&d;</p></body></article>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<article><body><p>&secret;</p></body></article>
"""
_DOCTYPE = (
    '<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2 20190208//EN" "x.dtd">'
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "<article>\n<front>\n</article>\n",
            ":3: error: malformed XML: Opening and ending tag mismatch: front line 2 and article; "
            "expected a well-formed JATS article [import.xml]",
            id="malformed",
        ),
        pytest.param(
            "",
            ":1: error: malformed XML: Document is empty; expected a well-formed JATS article [import.xml]",
            id="empty",
        ),
        pytest.param(
            BOMB,
            ":3: error: the DOCTYPE declares entities, which are never expanded (XML bomb or external entity); "
            "expected a JATS article without an internal DTD subset [import.entities]",
            id="billion-laughs",
        ),
        pytest.param(
            XXE,
            ":2: error: the DOCTYPE declares entities, which are never expanded (XML bomb or external entity); "
            "expected a JATS article without an internal DTD subset [import.entities]",
            id="external-entity",
        ),
        pytest.param(
            f"{_DOCTYPE}\n<article><body><p>a &bogus; b</p></body></article>",
            ":2: error: undefined entity &bogus;; expected characters as UTF-8 or numeric references (&#160;) "
            "[import.entities]",
            id="undefined-entity",
        ),
        pytest.param(
            "<html><body/></html>",
            ":1: error: the root element is <html>; expected a JATS <article> [import.not-jats]",
            id="not-jats",
        ),
    ],
)
def test_input_that_is_no_readable_jats_is_refused_and_nothing_written(
    capsys, tmp_path: Path, content: str, expected: str
) -> None:
    source = tmp_path / "in.xml"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "out" / "article"
    status, out, err = run(capsys, "import", "jats", str(source), "-o", str(target))
    assert (status, out) == (1, "")
    assert err == f"{source}{expected}\n1 error(s), 0 warning(s)\n"
    assert not target.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_non_empty_folder_is_refused_unless_forced(capsys, tmp_path: Path) -> None:
    minimal = tmp_path / "minimal.xml"
    assert run(capsys, "jats", str(PROJECTS / "minimal"), "-o", str(minimal))[0] == 0
    shutil.copy2(PROJECTS / "minimal" / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    target = tmp_path / "article"
    (target / "manuscript").mkdir(parents=True)
    (target / "notes.txt").write_text("the editor's notes\n", encoding="utf-8")
    (target / "manuscript" / "figure.png").write_bytes(b"png")
    status, out, err = run(capsys, "import", "jats", str(minimal), "-o", str(target))
    assert (status, out) == (1, "")
    assert err == (
        f"{target}: error: the folder is not empty; expected a new or empty folder "
        "(or --force to overwrite the project files) [import.target]\n1 error(s), 0 warning(s)\n"
    )
    assert sorted(p.name for p in target.rglob("*")) == ["figure.png", "manuscript", "notes.txt"]
    status, _, err = run(capsys, "import", "jats", str(minimal), "-o", str(target), "--force")
    assert status == 0, err
    assert (target / "notes.txt").read_text(encoding="utf-8") == "the editor's notes\n"  # not ours: kept
    assert run(capsys, "check", str(target))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article", "journal.yaml", "minimal.xml"]


def test_an_empty_folder_is_used(capsys, tmp_path: Path) -> None:
    minimal = tmp_path / "minimal.xml"
    assert run(capsys, "jats", str(PROJECTS / "minimal"), "-o", str(minimal))[0] == 0
    target = tmp_path / "article"
    target.mkdir()
    assert run(capsys, "import", "jats", str(minimal), "-o", str(target))[0] == 0
    assert (target / "manuscript" / "article.yaml").is_file()


# A 1×1 grey PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000003a7e9b55"
    "0000000a49444154789c63600000000200015e2d4d8e0000000049454e44ae426082"
)
FIGURE_BODY = """
![Схема лечения пациентов](scheme.png){#fig:scheme}

Текст с *курсивом*, **полужирным**, H~2~O и x^2^.

1. первый пункт
2. второй пункт
"""
FIGURE_ENGLISH = {
    "Схема лечения пациентов": "Treatment scheme",
    "Текст с *курсивом*, **полужирным**, H~2~O и x^2^.": "Text with *italics*, **bold**, H~2~O and x^2^.",
    "первый пункт": "first item",
    "второй пункт": "second item",
}


def _figure_project(capsys, root: Path, body: str, english: dict[str, str]) -> Path:
    """``minimal`` with a figure, inline markup and an ordered list, translated as ``english`` says."""
    project = root / "figure"
    shutil.copytree(PROJECTS / "minimal", project)
    (project / "manuscript" / "scheme.png").write_bytes(PNG)
    with (project / "manuscript" / "article.md").open("a", encoding="utf-8") as handle:
        handle.write(body)
    assert run(capsys, "i18n", "update", str(project))[0] == 0
    catalog = project / "translations" / "en.po"
    text = catalog.read_text(encoding="utf-8")
    for ru, en in english.items():
        text = text.replace(f'msgid "{ru}"\nmsgstr ""', f'msgid "{ru}"\nmsgstr "{en}"')
    catalog.write_text(text, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    ("body", "english", "draft"),
    [
        pytest.param(FIGURE_BODY, FIGURE_ENGLISH, (), id="figure-translated"),
        pytest.param(
            FIGURE_BODY + "\nПримечание^[Данные на 2025 год.] к тексту.\n",
            {},
            ("--draft",),
            id="footnote-draft",
        ),
    ],
)
def test_figures_footnotes_lists_and_inline_markup_round_trip(
    capsys, tmp_path: Path, body: str, english: dict[str, str], draft: tuple[str, ...]
) -> None:
    project = _figure_project(capsys, tmp_path / "src", body, english)
    original = tmp_path / "jats" / "article.jats.xml"
    status, _, err = run(capsys, "jats", str(project), "-o", str(original), *draft)
    assert status == 0, err
    assert (original.parent / "scheme.png").read_bytes() == PNG  # the figure travels beside the JATS
    issue = tmp_path / "issue"
    issue.mkdir()
    shutil.copy2(project / "manuscript" / "journal.yaml", issue / "journal.yaml")
    target = issue / "article"
    status, _, err = run(capsys, "import", "jats", str(original), "-o", str(target))
    assert status == 0, err
    assert (target / "manuscript" / "scheme.png").read_bytes() == PNG
    markdown = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert "![Схема лечения пациентов](scheme.png){#fig-scheme}" in markdown
    if not draft:
        assert run(capsys, "check", str(target))[0] == 0
    else:
        assert "[^1]: Данные на 2025 год." in markdown
    rebuilt = tmp_path / "rebuilt" / "article.jats.xml"
    status, _, err = run(capsys, "jats", str(target), "-o", str(rebuilt), *draft)
    assert status == 0, err
    assert rebuilt.read_bytes() == original.read_bytes()


def test_references_given_only_as_printed_strings_come_back_through_the_parser(
    capsys, tmp_path: Path
) -> None:
    """The sample's JATS without its element-citations (as Elpub exports): the same refs.bib meaning, the same JATS."""
    original = tmp_path / "sample.xml"
    assert run(capsys, "jats", str(ROOT), "-o", str(original))[0] == 0
    tree = etree.parse(
        str(original), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    )
    for element in list(tree.getroot().iter("element-citation")):
        element.getparent().remove(element)
    printed = tmp_path / "printed.xml"
    tree.write(str(printed), encoding="UTF-8", xml_declaration=True)
    shutil.copy2(ROOT / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "jats", str(printed), "-o", str(target))
    assert (status, err) == (0, "")
    for lang in ("en", "ru"):
        assert (
            run(capsys, "refs", str(target), "--lang", lang)[1]
            == run(capsys, "refs", str(ROOT), "--lang", lang)[1]
        )
    rebuilt = tmp_path / "rebuilt.xml"
    assert run(capsys, "jats", str(target), "-o", str(rebuilt))[0] == 0
    assert rebuilt.read_bytes() == original.read_bytes()


def test_mutilated_jats_never_crashes_the_import(capsys, tmp_path: Path) -> None:
    """Elements, attributes and texts of the sample's JATS removed at random: a project or a problem, no crash."""
    original = tmp_path / "sample.xml"
    assert run(capsys, "jats", str(ROOT), "-o", str(original))[0] == 0
    source = etree.parse(
        str(original), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    )
    shutil.copy2(ROOT / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    chance = random.Random(3)
    for n in range(20):
        root = copy.deepcopy(source.getroot())
        for _ in range(chance.randint(1, 6)):
            element = chance.choice([e for e in root.iter() if e.getparent() is not None])
            action = chance.choice(("remove", "attributes", "text", "children"))
            if action == "remove":
                element.getparent().remove(element)
            elif action == "attributes":
                element.attrib.clear()
            elif action == "text":
                element.text = chance.choice(("", " ", "x", "Ж", None))
            else:
                element[:] = []
        mutant = tmp_path / f"mutant-{n}.xml"
        mutant.write_bytes(etree.tostring(root))
        status, _, err = run(capsys, "import", "jats", str(mutant), "-o", str(tmp_path / f"p{n}"))
        assert status in (0, 1), (n, err)
        assert "internal error" not in err


def test_a_citation_range_over_an_unreadable_reference_keeps_the_others(capsys, tmp_path: Path) -> None:
    original = tmp_path / "sample.xml"
    assert run(capsys, "jats", str(ROOT), "-o", str(original))[0] == 0
    tree = etree.parse(
        str(original), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    )
    ref = tree.getroot().find(".//ref[@id='ref-7']")
    ref.remove(ref.find("citation-alternatives"))  # [6–8] now spans a reference without a citation
    broken = tmp_path / "broken.xml"
    tree.write(str(broken), encoding="UTF-8")
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "jats", str(broken), "-o", str(target))
    assert status == 0
    assert "the reference has no element-citation or mixed-citation" in err
    body = (target / "manuscript" / "article.md").read_text(encoding="utf-8")
    assert "GPOH NB-2004 [@berthold2020extended; @pinto2015advances]." in body


def test_forcing_an_import_over_a_project_keeps_its_journal_file(capsys, tmp_path: Path) -> None:
    """``minimal`` keeps its journal.yaml in manuscript/: the import checks against it and leaves it alone."""
    original = tmp_path / "minimal.xml"
    assert run(capsys, "jats", str(PROJECTS / "minimal"), "-o", str(original))[0] == 0
    target = tmp_path / "minimal"
    shutil.copytree(PROJECTS / "minimal", target)
    journal = (target / "manuscript" / "journal.yaml").read_bytes()
    status, out, err = run(capsys, "import", "jats", str(original), "-o", str(target), "--force")
    assert (status, err) == (0, "")
    assert "journal.yaml" not in out.splitlines()[0]
    assert (target / "manuscript" / "journal.yaml").read_bytes() == journal
    assert run(capsys, "check", str(target))[0] == 0


CITATIONS = """<article xml:lang="ru"><body><sec id="a"><title>Введение</title>
<p>Первое<sup><xref ref-type="bibr" rid="r1">1</xref>–<xref ref-type="bibr" rid="r3">3</xref></sup> второе
(<xref ref-type="bibr" rid="r2">2</xref>), третье [<xref ref-type="bibr" rid="r1">1</xref>-<xref ref-type="bibr"
rid="r2">2</xref>, <xref ref-type="bibr" rid="r3">3</xref>] и чужая [<xref ref-type="bibr" rid="zz">9</xref>].</p>
</sec></body><back><ref-list>
<ref id="r1"><mixed-citation>Brodeur G.M. Revisions of criteria. J Clin Oncol. 1993;11(8):1466–77.</mixed-citation></ref>
<ref id="r2"><mixed-citation>Simon T. Treatment of relapse. Pediatr Blood Cancer. 2011;56(4):578–83.</mixed-citation></ref>
<ref id="r3"><mixed-citation>Pinto N.R. Advances in risk classification. J Clin Oncol. 2015;33(27):3008–17.</mixed-citation></ref>
</ref-list></back></article>"""


def test_citation_groups_in_brackets_parentheses_and_superscript_become_keys(capsys, tmp_path: Path) -> None:
    source = tmp_path / "citations.xml"
    source.write_text(CITATIONS, encoding="utf-8")
    target = tmp_path / "article"
    status, _, err = run(capsys, "import", "jats", str(source), "-o", str(target))
    assert status == 0
    assert (
        f"{source}:4: warning: citation '9' points at no reference of the list; kept as text [import.citation]"
        in err
    )
    all_three = "[@brodeur1993revisions; @simon2011treatment; @pinto2015advances]"
    assert (target / "manuscript" / "article.md").read_text(encoding="utf-8") == (
        "## Введение {#a}\n\n"
        f"Первое {all_three} второе [@simon2011treatment], третье {all_three} и чужая \\[9\\].\n"
    )


def test_the_english_title_may_come_from_the_translation_sub_article(capsys, tmp_path: Path) -> None:
    original = tmp_path / "minimal.xml"
    assert run(capsys, "jats", str(PROJECTS / "minimal"), "-o", str(original))[0] == 0
    tree = etree.parse(
        str(original), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    )
    trans = tree.getroot().find("front/article-meta/title-group/trans-title-group")
    trans.getparent().remove(trans)
    without = tmp_path / "without.xml"
    tree.write(str(without), encoding="UTF-8")
    shutil.copy2(PROJECTS / "minimal" / "manuscript" / "journal.yaml", tmp_path / "journal.yaml")
    target = tmp_path / "article"
    assert run(capsys, "import", "jats", str(without), "-o", str(target))[0] == 0
    assert 'msgstr "Follow-up of children after neuroblastoma therapy"' in (
        target / "translations" / "en.po"
    ).read_text(encoding="utf-8")
    assert run(capsys, "check", str(target))[0] == 0
