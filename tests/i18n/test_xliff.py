"""XLIFF 1.2 and PO export/import round trips on a copy of the sample, checked by the strict schema and translate-toolkit."""

from __future__ import annotations

import difflib

from lxml import etree
from translate.storage import po as ttk_po
from translate.storage import xliff as ttk_xliff

from pubkit.i18n.xliff import XLIFF_NS, Unit, unit_problems

X = {"x": XLIFF_NS}
CITED = "body.introduction.2"
META = "manuscript/article.yaml"
BODY = "manuscript/article.md"


def _stale_and_missing(scenario, pubkit) -> None:
    """One stale segment (abstract.results.2) and one missing one (body.conclusion.2)."""
    scenario.edit(META, "умерли в связи с прогрессированием", "умерли вследствие прогрессирования")
    scenario.edit(BODY, "введение препаратов.\n", "введение препаратов.\n\nНовый заключительный абзац.\n")
    assert pubkit("i18n", "update", scenario.root).code == 0


def test_exported_xliff_is_valid_strict_xliff_with_one_unit_per_segment(
    scenario, pubkit, xliff_schema, sample
):
    _stale_and_missing(scenario, pubkit)
    out = scenario.root / "en.xlf"
    assert pubkit("i18n", "export", scenario.root, "--format", "xliff", "-o", out).code == 0
    doc = etree.parse(str(out))
    assert xliff_schema.validate(doc), xliff_schema.error_log
    units = doc.findall(".//x:trans-unit", X)
    assert len(units) == len(sample.segments) + 1
    by_id = {u.get("id"): u for u in units}
    assert by_id["title"].find("x:target", X).get("state") == "translated"
    stale = by_id["abstract.results.2"]
    assert stale.find("x:target", X).get("state") == "needs-review-translation"
    assert stale.find("x:alt-trans/x:source", X).text.startswith("Два пациента умерли в связи")
    assert by_id["body.conclusion.2"].find("x:target", X).get("state") == "new"


def test_translate_toolkit_reads_the_exported_xliff_and_po(scenario, pubkit) -> None:
    _stale_and_missing(scenario, pubkit)
    xlf, po = scenario.root / "en.xlf", scenario.root / "en.po"
    assert pubkit("i18n", "export", scenario.root, "--format", "xliff", "-o", xlf).code == 0
    assert pubkit("i18n", "export", scenario.root, "--format", "po", "-o", po).code == 0
    catalog = {e.context: e for e in scenario.catalog().entries}

    store = ttk_xliff.xlifffile(xlf.read_bytes())
    units = {u.getid().split("\x04")[-1]: u for u in store.units if u.istranslatable()}
    assert list(units) == list(catalog)
    for segment_id, entry in catalog.items():
        assert units[segment_id].source == entry.msgid
        assert (units[segment_id].target or "") == entry.msgstr
    assert units["title"].istranslated() and not units["title"].isfuzzy()
    assert units["abstract.results.2"].get_state_id() == ttk_xliff.xliffunit.S_NEEDS_REVIEW
    assert not units["body.conclusion.2"].istranslated()

    pofile = ttk_po.pofile(po.read_bytes())
    pounits = {u.getcontext(): u for u in pofile.units if not u.isheader()}
    assert list(pounits) == list(catalog)
    assert pounits["title"].istranslated()
    assert pounits["abstract.results.2"].isfuzzy()
    assert pounits["abstract.results.2"].prev_source.startswith("Два пациента умерли в связи")
    assert not pounits["body.conclusion.2"].istranslated()
    assert all(pounits[k].source == e.msgid and pounits[k].target == e.msgstr for k, e in catalog.items())


def test_editing_one_target_and_importing_changes_exactly_that_entry(scenario, pubkit) -> None:
    before = scenario.po_path.read_text(encoding="utf-8")
    out = scenario.root / "en.xlf"
    assert pubkit("i18n", "export", scenario.root, "-o", out).code == 0
    doc = etree.parse(str(out))
    target = doc.find(".//x:trans-unit[@id='keywords.6']/x:target", X)
    target.text = "pediatric patients"
    doc.write(str(out), xml_declaration=True, encoding="UTF-8")

    result = pubkit("i18n", "import", out, scenario.root)
    assert result.code == 0, result.err
    assert "1 segment(s) changed" in result.out
    after = scenario.po_path.read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == ['-msgstr "children"', '+msgstr "pediatric patients"']
    assert scenario.english()["keywords.6"] == "pediatric patients"


def test_a_unit_translated_from_an_older_source_is_refused_by_name(scenario, pubkit) -> None:
    out = scenario.root / "en.xlf"
    assert pubkit("i18n", "export", scenario.root, "-o", out).code == 0
    doc = etree.parse(str(out))
    doc.find(".//x:trans-unit[@id='abstract.results.2']/x:target", X).text = "Two patients died."
    doc.find(".//x:trans-unit[@id='keywords.6']/x:target", X).text = "pediatric patients"
    doc.write(str(out), xml_declaration=True, encoding="UTF-8")
    scenario.edit(META, "умерли в связи с прогрессированием", "умерли вследствие прогрессирования")

    result = pubkit("i18n", "import", out, scenario.root)
    assert result.code == 1
    assert "[i18n.import-outdated]" in result.err and "'abstract.results.2'" in result.err
    english = scenario.english()
    assert english["abstract.results.2"].startswith("Two patients died as the disease progressed")
    assert english["keywords.6"] == "pediatric patients"  # the other units still go in


def test_importing_a_po_with_a_translation_for_a_missing_segment(scenario, pubkit) -> None:
    scenario.edit(BODY, "введение препаратов.\n", "введение препаратов.\n\nНовый заключительный абзац.\n")
    out = scenario.root / "en.po"
    assert pubkit("i18n", "export", scenario.root, "--format", "po", "-o", out).code == 0
    text = out.read_text(encoding="utf-8")
    out.write_text(
        text.replace(
            'msgid "Новый заключительный абзац."\nmsgstr ""',
            'msgid "Новый заключительный абзац."\nmsgstr "A new closing paragraph."',
        ),
        encoding="utf-8",
    )
    result = pubkit("i18n", "import", out, scenario.root)
    assert result.code == 0, result.err
    assert scenario.untranslated() == {}
    assert pubkit("i18n", "status", "--check", scenario.root).code == 0


def test_import_findings_keep_numbers_a_warning() -> None:
    unit = Unit(
        "body.x.1", "У 2 пациентов (0,6 %) [@a2020; @b2021].", "In 3 patients (0.6 %) [@a2020].", False
    )
    assert [(p.code, p.severity.value) for p in unit_problems(unit)] == [
        ("i18n.citations", "error"),
        ("qa.numbers", "warning"),
    ]


def test_citations_are_exported_as_tags_and_restored_on_import(scenario, pubkit, xliff_schema) -> None:
    before = scenario.po_path.read_bytes()
    out = scenario.root / "en.xlf"
    assert pubkit("i18n", "export", scenario.root, "-o", out).code == 0
    doc = etree.parse(str(out))
    assert xliff_schema.validate(doc), xliff_schema.error_log
    unit = doc.find(f".//x:trans-unit[@id='{CITED}']", X)
    source_tags = [(ph.get("id"), ph.get("ctype"), ph.text) for ph in unit.findall("x:source/x:ph", X)]
    assert source_tags == [
        ("1", "x-pubkit-cite", "[@flaadt2023multimodal; @berlanga2021central]"),
        ("2", "x-pubkit-cite", "[@shamanskaya2023optimization]"),
    ]
    assert [(ph.get("id"), ph.text) for ph in unit.findall("x:target/x:ph", X)] == [
        (i, t) for i, _, t in source_tags
    ]
    for ph in unit.findall("x:target/x:ph", X):
        ph.text = None  # CAT tools may copy a tag without its content: restored from the source's tag
    doc.write(str(out), xml_declaration=True, encoding="UTF-8")
    result = pubkit("i18n", "import", out, scenario.root)
    assert result.code == 0, result.err
    assert "0 segment(s) changed" in result.out
    assert scenario.po_path.read_bytes() == before


def test_a_mistyped_citation_key_fails_import_and_check_naming_the_segment(scenario, pubkit) -> None:
    out = scenario.root / "en.xlf"
    assert pubkit("i18n", "export", scenario.root, "-o", out).code == 0
    doc = etree.parse(str(out))
    ph = doc.find(f".//x:trans-unit[@id='{CITED}']/x:target/x:ph[@id='2']", X)
    before = ph.getprevious()  # the tag replaced by the key typed by hand, with a typo
    before.tail += "[@shamanskaya2023optimisation]" + ph.tail
    ph.getparent().remove(ph)
    doc.write(str(out), xml_declaration=True, encoding="UTF-8")
    english = scenario.english()[CITED]

    result = pubkit("i18n", "import", out, scenario.root)
    assert result.code == 1
    assert f"'{CITED}'" in result.err and "[i18n.citations]" in result.err
    assert "only in the English: @shamanskaya2023optimisation" in result.err
    assert scenario.english()[CITED] == english  # refused, not filed

    scenario.edit(
        "translations/en.po", '[@shamanskaya2023optimization]."\n\n', '[@shamanskaya2023optimizaton]."\n\n'
    )
    result = pubkit("check", scenario.root)
    assert result.code == 1
    assert f"'{CITED}'" in result.err and "[i18n.citations]" in result.err
