"""Inline codes: citations, footnote marks, math and code become XLIFF tags, and must survive translation."""

from __future__ import annotations

from pubkit.i18n.xliff import XLIFF_NS
from pubkit.po.codes import Code, citation_keys, code_problems, split_codes

X = {"x": XLIFF_NS}


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
