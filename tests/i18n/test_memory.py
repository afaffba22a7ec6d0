"""The journal-wide translation memory and glossary, on an issue folder holding two articles."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx

from pubkit.i18n.xliff import XLIFF_NS
from pubkit.model import SegmentState
from pubkit.po import read_po_file, render_po

from .conftest import Scenario

AFFILIATIONS = ("affiliations.pirogov.name", "affiliations.rogachev.name")
GLOSSARY = """ru,en,note
нейробластом,neuroblastoma,НБ / NB
ЦНС,CNS,центральная нервная система
ГВР,HR,группа высокого риска / high-risk group
гематоэнцефалическ барьер,blood-brain barrier,
ингибитор ALK,ALK inhibitor,
"""
TITLE = "Изолированные лептоменингеальные рецидивы нейробластомы группы высокого риска"


@pytest.fixture
def issue(project: Path, tmp_path: Path) -> Path:
    """``issue/`` with the journal's files at the top, the sample as ``first/``, a copy as ``second/``.

    The second article shares the affiliations, but its catalog has no English for
    them, and its title is reworded (with no English either).
    """
    folder = tmp_path / "issue"
    folder.mkdir()
    shutil.move(project / "manuscript" / "journal.yaml", folder / "journal.yaml")
    (folder / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    shutil.move(project, folder / "first")
    shutil.copytree(folder / "first", folder / "second")
    second = Scenario(folder / "second")
    second.edit("manuscript/article.yaml", TITLE, TITLE.replace("Изолированные", "Изолированные поздние"))
    po = read_po_file(second.po_path, "en.po")
    dropped = (*AFFILIATIONS, "title")
    entries = tuple(replace(e, msgstr="") if e.context in dropped else e for e in po.entries)
    second.po_path.write_bytes(render_po(replace(po, entries=entries), ""))
    return folder


def test_memory_fills_the_second_article_from_the_first(issue: Path, pubkit) -> None:
    first, second = issue / "first", Scenario(issue / "second")
    result = pubkit("i18n", "memory", "update", first)
    assert result.code == 0, result.err
    memory = issue / "translation-memory.tmx"
    assert f"updated {memory}: 49 unit(s), 49 added, 0 replaced" in result.out  # 53 segments, 49 texts

    store = tmx.tmxfile(memory.read_bytes())
    pairs = {u.source: u.target for u in store.units}
    assert pairs[TITLE] == "Isolated leptomeningeal relapses in high-risk neuroblastoma"
    assert list(pairs) == sorted(pairs)

    again = pubkit("i18n", "memory", "update", first)
    assert f"unchanged: {memory}: 49 unit(s), 0 added, 0 replaced" in again.out

    result = pubkit("i18n", "update", second.root)
    assert result.code == 0, result.err
    assert "2 from memory" in result.out
    assert "close match for title (9" in result.out and "{+поздние+}" in result.out
    english = second.english()
    assert english["affiliations.pirogov.name"] == (
        "N.I. Pirogov Russian National Research Medical University, Ministry of Health of Russia"
    )
    states = second.states()
    assert [states[s] for s in AFFILIATIONS] == [SegmentState.STALE] * 2  # fuzzy: for review

    assert pubkit("i18n", "update", second.root, "--trust-memory").code == 0
    assert second.states()["affiliations.rogachev.name"] is SegmentState.STALE  # already filed: left as fuzzy


def test_trusted_memory_matches_are_translated(issue: Path, pubkit) -> None:
    assert pubkit("i18n", "memory", "update", issue / "first").code == 0
    second = Scenario(issue / "second")
    assert pubkit("i18n", "update", second.root, "--trust-memory").code == 0
    assert {s: second.states()[s] for s in AFFILIATIONS} == dict.fromkeys(
        AFFILIATIONS, SegmentState.TRANSLATED
    )


def test_glossary_terms_are_xliff_notes_and_drive_qa(issue: Path, pubkit) -> None:
    first = Scenario(issue / "first")
    out = issue / "first.xlf"
    assert pubkit("i18n", "export", first.root, "-o", out).code == 0
    unit = etree.parse(str(out)).find(".//x:trans-unit[@resname='abstract.methods.1']", {"x": XLIFF_NS})
    notes = [n.text for n in unit.findall("x:note[@from='glossary']", {"x": XLIFF_NS})]
    assert notes == [
        "ЦНС = CNS (центральная нервная система)",
        "ГВР = HR (группа высокого риска / high-risk group)",
    ]

    clean = pubkit("i18n", "qa", first.root)
    assert (clean.code, clean.err) == (0, "")  # the sample uses every term
    first.edit("translations/en.po", "patients with HR NB treated", "patients with high-risk NB treated")
    result = pubkit("i18n", "qa", first.root)
    assert result.code == 0
    assert "abstract.methods.1" in result.err and "[qa.glossary]" in result.err and "'HR'" in result.err
