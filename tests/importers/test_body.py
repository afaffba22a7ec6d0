"""The body of a manuscript made into pubkit's Markdown: heading ids, captions and numeric citations."""

from __future__ import annotations

from pubkit.importers.body import heading_id, prepare
from pubkit.importers.manuscript import Gap
from pubkit.tools import ast_to, markdown_to_ast


def body(markdown: str, keys: dict[str, str]) -> tuple[str, list[Gap]]:
    ast = markdown_to_ast(markdown, what="test")
    gaps: list[Gap] = []
    ast["blocks"] = prepare(ast["blocks"], keys, gaps)
    return ast_to(ast, "markdown-smart", what="test", extra=("--wrap=none",)), gaps


def test_heading_ids() -> None:
    taken: set[str] = set()
    ids = [
        heading_id(t, taken)
        for t in (
            "Введение",
            "Материалы и методы",
            "Лечение пациентов",
            "Введение",
            "2. Итоги",
            "3.1. Результаты",
        )
    ]
    assert ids == ["introduction", "methods", "lechenie-patsientov", "introduction-2", "itogi", "results"]


def test_citations_become_keys() -> None:
    keys = {str(n): f"key{n}" for n in range(1, 9)}
    text, gaps = body("# Введение\n\nТекст [1], затем [3, 4] и [6–8]; ещё [2-3]. Не ссылка [9].\n", keys)
    assert text == (
        "## Введение {#introduction}\n\n"
        "Текст [@key1], затем [@key3; @key4] и [@key6; @key7; @key8]; ещё [@key2; @key3]. Не ссылка \\[9\\].\n"
    )
    assert gaps == [Gap("citation [9] names no reference (9)", "manuscript/article.md (left as written)")]


def test_a_caption_paragraph_becomes_the_tables_caption() -> None:
    markdown = "Таблица 2. Возраст пациентов\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    text, gaps = body(markdown, {})
    assert text.endswith(": Возраст пациентов {#tbl:2}\n") and "Таблица" not in text
    assert gaps == []
    _, gaps = body("| a | b |\n|---|---|\n| 1 | 2 |\n", {})
    assert gaps == [Gap("a table without a caption ('Таблица N. …')", "manuscript/article.md")]
