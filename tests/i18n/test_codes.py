"""Inline codes: citations, footnote marks, math and code become XLIFF tags, and must survive translation."""

from __future__ import annotations

from lxml import etree

from pubkit.i18n.codes import Code, citation_keys, code_problems, split_codes
from pubkit.i18n.xliff import XLIFF_NS, Unit, unit_problems

X = {"x": XLIFF_NS}
CITED = "body.introduction.2"


def test_split_codes_finds_each_kind_and_joins_back() -> None:
    text = "См. [@a; @b] и [см. @c, с. 5], $x^2$ за $5 и $6, `код`[^1], почта a@b.org."
    parts = split_codes(text)
    assert "".join(p.text if isinstance(p, Code) else p for p in parts) == text
    assert [(p.kind, p.text) for p in parts if isinstance(p, Code)] == [
        ("cite", "[@a; @b]"),
        ("key", "@c"),
        ("math", "$x^2$"),
        ("code", "`код`"),
        ("footnote", "[^1]"),
    ]
    assert citation_keys(text) == {"@a": 1, "@b": 1, "@c": 1}


def test_code_problems_name_the_segment_and_the_difference() -> None:
    assert code_problems("s", "Текст [@a; @b] $x$.", "Text [@a] [@b] $x$.") == []
    found = code_problems("body.x.1", "Текст [@smith2020] [^1].", "Text [@smith2002].")
    assert [(p.code, p.severity.value, p.field) for p in found] == [
        ("i18n.citations", "error", "body.x.1"),
        ("i18n.placeholders", "error", "body.x.1"),
    ]
    assert "only in the Russian: @smith2020; only in the English: @smith2002" in found[0].message
    assert "only in the Russian: [^1]" in found[1].message


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
