"""``pubkit i18n status`` and draft builds on copies of the sample."""

from __future__ import annotations

import json

from pubkit.i18n.status import count_words, word_diff

META = "manuscript/article.yaml"
BODY = "manuscript/article.md"


def test_status_check_passes_on_the_unchanged_sample(scenario, pubkit) -> None:
    result = pubkit("i18n", "status", "--check", scenario.root)
    assert result.code == 0, result.out
    first = result.out.splitlines()[0]
    assert first.startswith("translations/en.po [article, en]: 53 translated (")
    assert "0 stale (0 words), 0 missing (0 words)" in first
    assert "LC_MESSAGES/pubkit.po [pubkit, ru]" in result.out  # the interface labels are covered too
    assert "run 'pubkit i18n update'" not in result.out


def test_status_reports_a_catalog_behind_its_sources(scenario, pubkit) -> None:
    scenario.edit(BODY, "введение препаратов.\n", "введение препаратов.\n\nНовый заключительный абзац.\n")
    result = pubkit("i18n", "status", scenario.root)
    assert result.code == 0
    assert "1 missing (3 words)" in result.out
    assert "behind the sources: run 'pubkit i18n update'" in result.out


def test_word_diff_and_word_count() -> None:
    old = (
        "Два пациента умерли в связи с прогрессированием заболевания. Один пациент жив на момент публикации."
    )
    new = (
        "Два пациента умерли вследствие прогрессирования заболевания. Один пациент жив на момент публикации."
    )
    assert word_diff(old, new) == (
        "Два пациента умерли [-в связи с прогрессированием-] {+вследствие прогрессирования+} "
        "заболевания. Один пациент жив …"
    )
    assert count_words("Около 50 % пациентов [@matthay2020highrisk; @a-b].") == 3


def test_a_draft_build_goes_on_and_marks_untranslated_text(scenario, pubkit) -> None:
    scenario.edit(META, "умерли в связи с прогрессированием", "умерли вследствие прогрессирования")
    scenario.edit(BODY, "введение препаратов.\n", "введение препаратов.\n\nНовый заключительный абзац.\n")
    out = scenario.root / "out"
    refused = pubkit("build", scenario.root, "-f", "model", "-o", out)
    assert refused.code == 1
    assert "error: body.conclusion.2:" in refused.err and "[i18n.missing]" in refused.err
    assert not out.exists()

    draft = pubkit("build", scenario.root, "-f", "model", "-o", out, "--draft")
    assert draft.code == 0, draft.err
    assert "warning: body.conclusion.2:" in draft.err and "warning: abstract.results.2:" in draft.err
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    english = json.dumps(model["body"]["ast"]["en"], ensure_ascii=False)
    assert '"c": "[untranslated]"' in english and "заключительный" in english
    assert "Conclusion" in english and "Новый" in english
    # The draft view marks it once, for every writer (pubkit.draft).
    paragraph = model["abstract"][2]["paragraphs"][1]
    assert paragraph["en"] == f"[untranslated] {paragraph['ru']}" and model["draft"] is True
