"""The translation catalog: current, stale (changed Russian or fuzzy) and missing segments."""

from __future__ import annotations

from pathlib import Path

from pubkit.model import SegmentState
from pubkit.problems import Problems
from pubkit.sources.catalog import CatalogEntry, Translator, read_catalog


def test_states() -> None:
    translator = Translator(
        {
            "same": CatalogEntry("Текст", "Text", False, None, 3),
            "changed": CatalogEntry("Старый текст", "Old text", False, None, 7),
            "fuzzy": CatalogEntry("Текст", "Text", True, "Было", 11),
        }
    )
    assert translator.text("same", "Текст", "a.yaml", 1).en == "Text"
    assert translator.text("changed", "Новый текст", "a.yaml", 2).en is None
    assert translator.text("fuzzy", "Текст", "a.yaml", 3).en is None
    assert translator.text("absent", "Текст", "a.yaml", 4).en is None
    states = {s.id: (s.state, s.previous_ru) for s in translator.segments}
    assert states == {
        "same": (SegmentState.TRANSLATED, None),
        "changed": (SegmentState.STALE, "Старый текст"),
        "fuzzy": (SegmentState.STALE, "Было"),
        "absent": (SegmentState.MISSING, None),
    }


def test_entry_without_context_is_reported(tmp_path: Path) -> None:
    po = tmp_path / "en.po"
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Текст"\nmsgstr "Text"\n', encoding="utf-8")
    problems = Problems()
    assert read_catalog(po.read_bytes(), "translations/en.po", problems) == {}
    assert [(p.code, p.line) for p in problems] == [("i18n.no-context", 4)]


def test_sample_catalog_covers_every_segment() -> None:
    root = Path(__file__).resolve().parents[2]
    problems = Problems()
    entries = read_catalog((root / "translations" / "en.po").read_bytes(), "translations/en.po", problems)
    assert not problems
    assert (
        "title" in entries
        and entries["title"].msgstr == "Isolated leptomeningeal relapses in high-risk neuroblastoma"
    )
