"""The catalog and the XLIFF round-trip through the translators' real tools: GNU gettext and translate-toolkit."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from translate.convert import po2xliff, xliff2po

from pubkit.i18n.xliff import XLIFF_NS
from pubkit.po import PoEntry, PoFile, parse_po, render_po

X = {"x": XLIFF_NS}
META = "manuscript/article.yaml"
BODY = "manuscript/article.md"
ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "Нейробластома",
    "(НБ)",
    "–",
    "наиболее",
    "«РНИМУ",
    "им.",
    "Н.И.",
    "Пирогова»",
    "GPOH",
    "NB-2004",
    "blood-brain",
    "[@a;",
    "@b].",
    "x/y",
    "(0,6",
    "%)",
    "50",
    "%",
    'a"q"',
    "back\\slash",
    "1p/36q",
    "e-mail:",
    "a@b.org",
    "https://doi.org/10.1/x-y_z?",
    "23,",
    "36",
    "и",
    "80;",
    "—",
    "…",
    "(НБ)x",
    "[1]b",
    "{z}w",
    "ok!Да",
    "?1",
    "x—y",
    "1–2",
    "a–b",
    "3-4",
    "ä",
    "tab\there",
    "×÷",
    "экстракраниальная",
    "злокачественная",
]


def _msgcat(path: Path) -> str:
    return subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout


def _stale_missing_obsolete(scenario, pubkit) -> None:
    scenario.edit(META, "умерли в связи с прогрессированием", "умерли вследствие прогрессирования")
    scenario.edit(BODY, "введение препаратов.\n", "введение препаратов.\n\nНовый заключительный абзац.\n")
    scenario.edit(BODY, "Генетические особенности опухоли у пациентов были следующими:\n\n", "")
    assert pubkit("i18n", "update", scenario.root).code == 0


def test_msgcat_changes_nothing_in_the_sample_catalog() -> None:
    path = ROOT / "translations" / "en.po"
    assert _msgcat(path) == path.read_text(encoding="utf-8")


def test_msgcat_changes_nothing_with_fuzzy_previous_and_obsolete_entries(scenario, pubkit) -> None:
    _stale_missing_obsolete(scenario, pubkit)
    text = scenario.po_path.read_text(encoding="utf-8")
    assert "#| msgid" in text and "#~ msgid" in text
    assert _msgcat(scenario.po_path) == text


def test_wrapping_matches_msgcat_on_random_text(tmp_path: Path) -> None:
    rnd = random.Random(18)
    entries, obsolete = [], []
    for n in range(300):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 40)))
        if n % 9 == 0:
            text += "\nвторая строка " + text[: rnd.randint(0, len(text))]
        entry = PoEntry(
            f"body.x.{n}", text, text[::-1], fuzzy=n % 5 == 0, previous=text[1:] if n % 5 == 0 else None
        )
        (obsolete if n % 7 == 0 else entries).append(entry)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"'
    path = tmp_path / "random.po"
    path.write_bytes(render_po(PoFile(None, tuple(entries), tuple(obsolete)), header))
    assert _msgcat(path) == path.read_text(encoding="utf-8")


def test_a_catalog_saved_by_msgmerge_reads_back_with_nothing_lost(scenario, pubkit, tmp_path) -> None:
    _stale_missing_obsolete(scenario, pubkit)
    assert pubkit("i18n", "extract", scenario.root).code == 0
    merged = tmp_path / "merged.po"
    subprocess.run(
        [
            "msgmerge",
            "--quiet",
            "--previous",
            "-o",
            str(merged),
            str(scenario.po_path),
            str(scenario.root / "translations" / "article.pot"),
        ],
        check=True,
    )
    ours, theirs = scenario.catalog(), parse_po(merged.read_bytes(), "merged.po")
    assert theirs.entries == ours.entries
    assert [(e.context, e.msgid, e.msgstr) for e in theirs.obsolete] == [
        (e.context, e.msgid, e.msgstr) for e in ours.obsolete
    ]


def test_extracted_comments_say_where_the_segment_is_and_what_to_keep() -> None:
    text = (ROOT / "translations" / "en.po").read_text(encoding="utf-8")
    for block in (
        '#. Title\n#: manuscript/article.yaml:18\nmsgctxt "title"',
        '#. Abstract, Results, paragraph 2\n#: manuscript/article.yaml:56\nmsgctxt "abstract.results.2"',
        "#. Section cases, Table 1, row 3, column 1\n",
        "#. Affiliation pirogov, name\n",
        "#. Keep as written: [@flaadt2023multimodal; @berlanga2021central], [@shamanskaya2023optimization]\n",
        "#. Keep as written: GPOH, NB-2004, MYCN, 1p, 11q, ALK\n",
    ):
        assert block in text


def test_header_fields_set_by_a_tool_are_kept(scenario, pubkit) -> None:
    fields = '"Last-Translator: Anna Petrova <ap@example.org>\\n"\n"Language-Team: RJPHO\\n"\n"X-Generator: Poedit 3.4\\n"\n'
    scenario.edit(
        "translations/en.po",
        '"Content-Transfer-Encoding: 8bit\\n"\n',
        f'"Content-Transfer-Encoding: 8bit\\n"\n{fields}',
    )
    scenario.edit(META, "умерли в связи с прогрессированием", "умерли вследствие прогрессирования")
    assert pubkit("i18n", "update", scenario.root).code == 0
    assert fields in scenario.po_path.read_text(encoding="utf-8")


def test_importing_a_po_from_poedit_carries_its_translator_fields(scenario, pubkit) -> None:
    out = scenario.root / "en-edited.po"
    assert pubkit("i18n", "export", scenario.root, "--format", "po", "-o", out).code == 0
    text = out.read_text(encoding="utf-8").replace(
        '"Content-Transfer-Encoding: 8bit\\n"\n',
        '"Content-Transfer-Encoding: 8bit\\n"\n"Last-Translator: Anna Petrova <ap@example.org>\\n"\n"X-Generator: Poedit 3.4\\n"\n',
    )
    out.write_text(text.replace('msgstr "children"', 'msgstr "pediatric patients"'), encoding="utf-8")
    assert pubkit("i18n", "import", out, scenario.root).code == 0
    catalog = scenario.po_path.read_text(encoding="utf-8")
    assert '"Last-Translator: Anna Petrova <ap@example.org>\\n"\n"X-Generator: Poedit 3.4\\n"\n' in catalog
    assert scenario.english()["keywords.6"] == "pediatric patients"


def test_xliff_units_carry_resname_and_a_note_with_the_context(scenario, pubkit, xliff_schema) -> None:
    out = scenario.root / "en.xlf"
    assert pubkit("i18n", "export", scenario.root, "-o", out).code == 0
    doc = etree.parse(str(out))
    assert xliff_schema.validate(doc), xliff_schema.error_log
    unit = doc.find(".//x:trans-unit[@resname='body.cases.table-1.r3c1']", X)
    assert unit.findtext("x:note[@from='developer']", namespaces=X) == (
        "Segment body.cases.table-1.r3c1: Section cases, Table 1, row 3, column 1"
    )
    assert unit.get("approved") == "yes" and unit.find("x:target", X).get("state") == "translated"


def test_segment_ids_survive_xliff2po_and_po2xliff(scenario, pubkit, tmp_path) -> None:
    xlf, po, back = tmp_path / "en.xlf", tmp_path / "en.po", tmp_path / "back.xlf"
    assert pubkit("i18n", "export", scenario.root, "-o", xlf).code == 0
    with xlf.open("rb") as source, po.open("wb") as target:
        xliff2po.convertxliff(source, target, None)
    text = po.read_text(encoding="utf-8")  # xliff2po drops resname: the note carries the id
    po.write_text(text.replace('msgstr "children"', 'msgstr "pediatric patients"'), encoding="utf-8")
    with po.open("rb") as source, back.open("wb") as target:
        po2xliff.convertpo(source, target, None)
    assert b"urn:oasis:names:tc:xliff:document:1.1" in back.read_bytes()

    result = pubkit("i18n", "import", back, scenario.root)
    assert result.code == 0, result.err
    assert "1 segment(s) changed" in result.out
    assert scenario.english()["keywords.6"] == "pediatric patients"


@pytest.mark.parametrize("fmt", ["xliff", "po"])
def test_export_pending_has_only_missing_and_stale_segments(scenario, pubkit, fmt) -> None:
    _stale_missing_obsolete(scenario, pubkit)
    out = scenario.root / f"pending.{fmt}"
    assert pubkit("i18n", "export", scenario.root, "--format", fmt, "--pending", "-o", out).code == 0
    if fmt == "xliff":
        ids = [u.get("resname") for u in etree.parse(str(out)).findall(".//x:trans-unit", X)]
    else:
        ids = [e.context for e in parse_po(out.read_bytes(), "pending.po").entries]
    assert ids == ["abstract.results.2", "body.conclusion.2"]


def test_msgcat_is_installed() -> None:
    assert shutil.which("msgcat") and shutil.which("msgmerge")
