"""Scenarios for ``pubkit i18n extract`` and ``update`` on a copy of the sample, plus merge properties."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from pubkit.i18n.catalogs import merge
from pubkit.i18n.segments import TemplateEntry
from pubkit.model import SegmentState
from pubkit.po import PoEntry, PoFile, parse_po, render_po

BODY = "manuscript/article.md"
META = "manuscript/article.yaml"
ABSTRACT_SENTENCE = "Два пациента умерли в связи с прогрессированием заболевания."
DISCUSSION_2 = "Все пациенты получали противорецидивную терапию"
DISCUSSION_3 = "Два пациента умерли в связи с прогрессированием заболевания. Один пациент жив на момент публикации без признаков прогрессирования заболевания, время наблюдения составляет 9 месяцев от момента диагностики рецидива."


def paragraph(root: Path, start: str) -> str:
    """The body paragraph (one line in the sample) that starts with ``start``."""
    return next(
        line for line in (root / BODY).read_text(encoding="utf-8").splitlines() if line.startswith(start)
    )


def test_update_on_the_unchanged_sample_leaves_the_catalog_byte_identical(scenario, pubkit) -> None:
    before = scenario.po_path.read_bytes()
    result = pubkit("i18n", "update", scenario.root)
    assert result.code == 0, result.err
    assert result.out.startswith("unchanged:")
    assert scenario.po_path.read_bytes() == before


def test_extract_writes_every_segment_with_its_context_and_origin(scenario, pubkit, sample) -> None:
    result = pubkit("i18n", "extract", scenario.root)
    assert result.code == 0, result.err
    pot = scenario.root / "translations" / "article.pot"
    first = pot.read_bytes()
    assert pubkit("i18n", "extract", scenario.root).code == 0
    assert pot.read_bytes() == first  # deterministic: no creation date
    text = first.decode("utf-8")
    for field in ("POT-Creation-Date", "PO-Revision-Date", "FULL NAME", "Last-Translator", "YEAR"):
        assert field not in text
    template = read_po(pot.open("rb"))
    messages = [m for m in template if m.id]
    assert [m.context for m in messages] == [s.id for s in sample.segments]
    assert all(not m.string for m in messages)
    by_id = {m.context: m for m in messages}
    assert by_id["title"].locations == [(META, 18)]
    assert by_id["body.introduction.1"].locations[0][0] == BODY
    assert by_id["body.cases.table-1.r1c1"].id == "Показатель"


def test_editing_one_abstract_sentence_makes_exactly_that_segment_stale(scenario, pubkit) -> None:
    scenario.edit(META, "умерли в связи с прогрессированием", "умерли вследствие прогрессирования")
    assert scenario.untranslated() == {"abstract.results.2": SegmentState.STALE}
    assert pubkit("i18n", "update", scenario.root).code == 0
    assert scenario.untranslated() == {"abstract.results.2": SegmentState.STALE}
    entry = next(e for e in scenario.catalog().entries if e.context == "abstract.results.2")
    assert entry.fuzzy
    assert entry.previous is not None and entry.previous.startswith(ABSTRACT_SENTENCE)
    assert entry.msgstr.startswith("Two patients died")  # the old English is kept for the translator
    assert "#| msgid" in scenario.po_path.read_text(encoding="utf-8")

    result = pubkit("i18n", "status", "--check", scenario.root)
    assert result.code == 1
    assert "1 stale" in result.out
    assert "stale abstract.results.2: " in result.out
    assert "[-в связи с прогрессированием-] {+вследствие прогрессирования+}" in result.out

    build = pubkit("build", scenario.root, "-f", "model", "-o", scenario.root / "out")
    assert build.code == 1
    assert "[i18n.stale]" in build.err and "abstract.results.2" in build.err


def test_inserting_a_paragraph_makes_exactly_one_segment_missing_and_nothing_stale(scenario, pubkit) -> None:
    english = scenario.english()
    new = "Новый абзац о диагностике рецидивов."
    scenario.edit(BODY, "\n\n" + DISCUSSION_2, f"\n\n{new}\n\n{DISCUSSION_2}")
    assert pubkit("i18n", "update", scenario.root).code == 0
    assert scenario.untranslated() == {"body.discussion.2": SegmentState.MISSING}
    after = scenario.english()
    assert after["body.discussion.2"] == ""
    assert after["body.discussion.3"] == english["body.discussion.2"]
    assert after["body.discussion.4"] == english["body.discussion.3"]
    assert scenario.catalog().obsolete == ()
    result = pubkit("i18n", "status", "--check", scenario.root)
    assert result.code == 1
    assert "1 missing" in result.out and "0 stale" in result.out


def test_moving_a_paragraph_keeps_its_translation(scenario, pubkit) -> None:
    english = scenario.english()
    second = paragraph(scenario.root, DISCUSSION_2)
    scenario.edit(BODY, f"{second}\n\n{DISCUSSION_3}", f"{DISCUSSION_3}\n\n{second}")
    assert pubkit("i18n", "update", scenario.root).code == 0
    assert scenario.untranslated() == {}
    after = scenario.english()
    assert after["body.discussion.2"] == english["body.discussion.3"]
    assert after["body.discussion.3"] == english["body.discussion.2"]
    assert pubkit("i18n", "status", "--check", scenario.root).code == 0


def test_deleting_a_paragraph_makes_it_obsolete(scenario, pubkit) -> None:
    english = scenario.english()
    second = paragraph(scenario.root, DISCUSSION_2)
    scenario.edit(BODY, f"{second}\n\n", "")
    assert pubkit("i18n", "update", scenario.root).code == 0
    assert scenario.untranslated() == {}
    po = scenario.catalog()
    assert [(e.context, e.msgstr) for e in po.obsolete] == [
        ("body.discussion.2", english["body.discussion.2"])
    ]
    assert {e.context: e.msgstr for e in po.entries}["body.discussion.2"] == english["body.discussion.3"]
    assert '#~ msgctxt "body.discussion.2"' in scenario.po_path.read_text(encoding="utf-8")
    before = scenario.po_path.read_bytes()
    assert pubkit("i18n", "update", scenario.root).code == 0
    assert scenario.po_path.read_bytes() == before  # idempotent, obsolete entries included


def _t(context: str, ru: str) -> TemplateEntry:
    return TemplateEntry(context, ru, "manuscript/article.md")


def _po(*entries: tuple[str, str, str]) -> PoFile:
    return PoFile(None, tuple(PoEntry(c, ru, en) for c, ru, en in entries))


def test_insertion_next_to_an_edit_does_not_hand_over_a_translation() -> None:
    old = _po(
        ("body.a.1", "Первый абзац текста о пациентах", "First"),
        ("body.a.2", "Второй абзац текста о лечении пациентов", "Second"),
    )
    template = [
        _t("body.a.1", "Первый абзац текста о пациентах"),
        _t("body.a.2", "Совсем новый вставленный фрагмент"),
        _t("body.a.3", "Второй абзац текста о лечении всех пациентов"),
    ]
    merged, counts = merge(template, old)
    entries = {e.context: e for e in merged.entries}
    assert entries["body.a.2"].msgstr == ""
    assert entries["body.a.3"].msgstr == "Second" and entries["body.a.3"].fuzzy
    assert entries["body.a.3"].previous == "Второй абзац текста о лечении пациентов"
    assert counts == {"kept": 1, "moved": 0, "fuzzy": 1, "added": 1, "obsoleted": 0}


def test_similar_text_in_another_section_is_never_fuzzy_matched() -> None:
    """Babel's Catalog.update would hand the deleted paragraph's English to the new one; we do not."""
    old = _po(
        ("body.a.1", "Пациенты получали терапию по протоколу", "Patients were treated per protocol"),
        ("body.b.1", "Заключение", "Conclusion"),
    )
    template = [_t("body.b.1", "Заключение"), _t("body.b.2", "Пациенты получали терапию по протоколу 2004")]
    merged, _ = merge(template, old)
    assert {e.context: e.msgstr for e in merged.entries} == {"body.b.1": "Conclusion", "body.b.2": ""}
    assert [e.context for e in merged.obsolete] == ["body.a.1"]


texts = st.lists(st.text("абвгде ", min_size=1, max_size=12).map(str.strip).filter(bool), unique=True)


@given(texts, st.randoms(use_true_random=False), st.data())
def test_moving_inserting_and_deleting_never_makes_anything_stale(old_texts, rnd, data) -> None:
    old = _po(*((f"body.s.{i}", ru, f"en {ru}") for i, ru in enumerate(old_texts, 1)))
    kept = [ru for ru in old_texts if data.draw(st.booleans())]
    rnd.shuffle(kept)
    new = [f"новый {i}" for i in range(data.draw(st.integers(0, 3)))]
    order = kept + new
    rnd.shuffle(order)
    template = [_t(f"body.s.{i}", ru) for i, ru in enumerate(order, 1)]
    merged, _ = merge(template, old)
    deleted = set(old_texts) - set(kept)
    reused = set()
    for entry in merged.entries:
        if entry.msgid in kept:  # moved or not, a kept paragraph keeps its own English, not stale
            assert (entry.msgstr, entry.fuzzy) == (f"en {entry.msgid}", False)
        elif entry.fuzzy:  # a new paragraph where a deleted one stood: a rewrite in place
            assert entry.previous in deleted and entry.msgstr == f"en {entry.previous}"
            reused.add(entry.previous)
        else:
            assert entry.msgstr == ""
    assert sorted(e.msgid for e in merged.obsolete) == sorted(deleted - reused)
    again, counts = merge(template, merged)
    assert again == merged and counts["kept"] == len(template)


def test_po_round_trip_keeps_fuzzy_previous_and_comments() -> None:
    po = PoFile(
        '# c\nmsgid ""\nmsgstr ""\n"Language: en\\n"',
        (
            PoEntry(
                "a.1", "Новый текст " * 12, "English " * 12, True, "Старый текст " * 12, (("f.yaml", 3),)
            ),
            PoEntry("a.2", "Без перевода", comments=("translator: ask the author",)),
        ),
        (PoEntry("a.3", "Удалено", "Removed"),),
    )
    data = render_po(po, "")
    assert parse_po(data, "x.po") == po
    assert render_po(parse_po(data, "x.po"), "") == data
