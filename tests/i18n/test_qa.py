"""Translation QA: nothing on the sample; exactly the planted mistakes on mutated copies of it."""

from __future__ import annotations

import json
from dataclasses import replace

from pubkit.i18n.qa import segment_problems
from pubkit.model import Term
from pubkit.po import render_po

PO = "translations/en.po"


def _codes(source: str, target: str, glossary=()) -> list[tuple[str, str]]:
    return [(p.code, p.severity.value) for p in segment_problems("s", source, target, glossary)]


def test_qa_reports_nothing_on_the_sample(scenario, pubkit) -> None:
    result = pubkit("i18n", "qa", scenario.root)
    assert result.code == 0, result.err
    assert result.err == "" and "no findings in 53 translated segment(s)" in result.out


def _set(scenario, segment_id: str, old: str, new: str, source: tuple[str, str] | None = None) -> None:
    """Replace ``old`` by ``new`` in a segment's English (and, with ``source``, in its Russian, kept current)."""
    po = scenario.catalog()
    entries = []
    for entry in po.entries:
        if entry.context == segment_id:
            assert old in entry.msgstr
            msgid = entry.msgid.replace(*source) if source else entry.msgid
            entry = replace(entry, msgid=msgid, msgstr=entry.msgstr.replace(old, new))
        entries.append(entry)
    scenario.po_path.write_bytes(render_po(replace(po, entries=tuple(entries)), ""))


def test_planted_mistakes_are_reported_exactly_naming_their_segments(scenario, pubkit) -> None:
    _set(scenario, "abstract.results.1", "23, 36, and 80 months", "23, 36, and 81 months")
    _set(scenario, "body.introduction.2", "; @berlanga2021central]", "]")
    doi = "https://doi.org/10.1007/s00381-020-04545-x"
    scenario.edit(
        "manuscript/article.md",
        "прогнозом [@berlanga2021central]",
        f"прогнозом ({doi}) [@berlanga2021central]",
    )
    _set(
        scenario,
        "body.introduction.3",
        "prognosis [@berlanga2021central]",
        f"prognosis ({doi[:-1]}y) [@berlanga2021central]",
        ("прогнозом [@berlanga2021central]", f"прогнозом ({doi}) [@berlanga2021central]"),
    )
    _set(scenario, "body.cases.table-1.r1c1", "Parameter", "Параметр")
    assert scenario.untranslated() == {}

    result = pubkit("i18n", "qa", scenario.root, "--format", "json")
    assert result.code == 1
    found = sorted((p["field"], p["code"], p["severity"]) for p in json.loads(result.out))
    assert found == [
        ("abstract.results.1", "qa.numbers", "warning"),
        ("body.cases.table-1.r1c1", "qa.cyrillic", "error"),
        ("body.introduction.2", "i18n.citations", "error"),
        ("body.introduction.3", "qa.identifier", "error"),
    ]
    messages = {(p["field"], p["code"]): p["message"] for p in json.loads(result.out)}
    assert (
        "only in the Russian: 80; only in the English: 81" in messages[("abstract.results.1", "qa.numbers")]
    )
    assert "Параметр" in messages[("body.cases.table-1.r1c1", "qa.cyrillic")]
    assert (
        "only in the Russian: https://doi.org/10.1007/s00381-020-04545-x; only in the English: "
        in (messages[("body.introduction.3", "qa.identifier")])
    )
    assert "only in the Russian: @berlanga2021central" in messages[("body.introduction.2", "i18n.citations")]

    check = pubkit("check", scenario.root)
    assert check.code == 1
    assert "body.introduction.3" in check.err and "[qa.identifier]" in check.err
    assert "[qa.numbers]" in check.err and "warning" in check.err


def test_each_check_on_its_own() -> None:
    assert _codes("Возраст 23, 36 и 80 месяцев (0,6 %).", "Ages 23, 36, and 80 months (0.6 %).") == []
    assert _codes("У 2 пациентов и у 1.", "In two patients and in one.") == []
    assert _codes("Два пациента.", "Two patients.") == []
    assert _codes("Доза 5 мг.", "A dose of 5 g.") == [("qa.units", "warning")]
    assert _codes("Доза 5 %.", "A dose of 5.") == [("qa.percent", "warning")]
    assert _codes("Амплификация MYCN.", "Amplification of NMYC.") == [("qa.latin", "warning")]
    assert _codes("Текст.", "Текст.") == [("qa.identical", "warning"), ("qa.cyrillic", "error")]
    assert _codes("Текст", " ") == [("qa.empty", "error")]
    assert _codes("Текст.", "Text?") == [("qa.punctuation", "warning")]
    assert _codes("Фрагмент", "A fragment.") == []
    assert _codes("Текст (а).", "Text  (a).") == [("qa.spaces", "warning")]
    assert _codes("Текст (а).", "Text (a.") == [("qa.brackets", "warning")]
    assert _codes("Почта a@b.org.", "E-mail a@b.com.") == [("qa.identifier", "error")]
    glossary = [Term("групп высок риск", "high-risk group")]
    assert _codes("в группу высокого риска", "into the HR group", glossary) == [("qa.glossary", "warning")]
    assert _codes("в группу высокого риска", "into the high-risk group", glossary) == []
