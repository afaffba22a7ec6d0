"""The one PO reader: entries in file order, problems collected with their lines (the msgid's, as Babel counts)."""

from __future__ import annotations

from pubkit.po import PoEntry, read_po_data
from pubkit.problems import Problems

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def read(text: str, **kw) -> tuple:
    problems = Problems()
    po = read_po_data(text.encode(), "en.po", problems, **kw)
    return po, [(p.code, p.line) for p in problems]


def test_entries_in_file_order_with_fuzzy_and_previous() -> None:
    po, problems = read(
        HEADER + 'msgctxt "b"\nmsgid "Б"\nmsgstr "B"\n\n'
        '#, fuzzy\n#| msgid "Старое"\nmsgctxt "a"\nmsgid "А"\nmsgstr "A"\n'
    )
    assert problems == []
    assert po.entries == (PoEntry("b", "Б", "B"), PoEntry("a", "А", "A", fuzzy=True, previous="Старое"))
    assert [e.line for e in po.entries] == [6, 12] and not po.entries[1].translated
    assert po.header is not None and po.header.startswith('msgid ""')


def test_missing_and_repeated_contexts_are_problems_with_lines() -> None:
    text = (
        HEADER
        + 'msgid "Без"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "А"\nmsgstr ""\n\nmsgctxt "a"\nmsgid "Б"\nmsgstr ""\n'
    )
    po, problems = read(text)
    assert [e.context for e in po.entries] == ["a"]
    assert problems == [("i18n.no-context", 5), ("i18n.duplicate", 13)]
    po, problems = read(text, contexts=False)
    assert problems == [] and len(po.entries) == 3


def test_an_unreadable_catalog_is_one_problem() -> None:
    problems = Problems()
    po = read_po_data(b"\xff\xfe not utf-8", "en.po", problems)
    assert po.entries == () and [p.code for p in problems] == ["i18n.syntax"]
