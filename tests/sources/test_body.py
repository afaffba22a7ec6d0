"""The body reader: segment ids that follow headings, citation order, the English AST, figures."""

from __future__ import annotations

import json

from pubkit.draft import DRAFT_MARK
from pubkit.model import Article, SegmentState
from pubkit.problems import Problems
from pubkit.sources.body import citation_keys, read_body
from pubkit.sources.catalog import CatalogEntry, Translator

BODY = """\
Вступление без заголовка [@a].

## Введение {#intro}

Первый абзац [@b; @a].

- пункт списка [@c]

| Столбец | 2 |
|---------|---|
| ячейка  | 3 |

: Подпись таблицы

## Итоги {#end}

Only Latin text is not a segment.
"""


def read(text: str, entries: dict[str, CatalogEntry] | None = None, sources: dict[str, bytes] | None = None):
    problems = Problems()
    translator = Translator(entries or {})
    read = read_body(text, "manuscript/article.md", sources or {}, translator, problems, DRAFT_MARK)
    return read.body, read.citations, translator, problems


def test_segment_ids_follow_the_headings() -> None:
    _, _, translator, problems = read(BODY)
    assert not problems
    assert [s.id for s in translator.segments] == [
        "body.1",
        "body.intro.title",
        "body.intro.1",
        "body.intro.2",
        "body.intro.table-1.caption",
        "body.intro.table-1.r1c1",
        "body.intro.table-1.r2c1",
        "body.end.title",
    ]
    assert all(s.state is SegmentState.MISSING for s in translator.segments)
    intro = next(s for s in translator.segments if s.id == "body.intro.1")
    assert (intro.file, intro.line) == ("manuscript/article.md", 5)


def test_citations_in_order_of_first_citation() -> None:
    body, cites, _, _ = read(BODY)
    assert body.citations == ("a", "b", "c")
    assert cites["body.intro.1"] == ["b", "a"]


def test_english_body_replaces_each_segment() -> None:
    _, _, translator, _ = read(BODY)
    english = {s.id: f"English {n} [@a]" for n, s in enumerate(translator.segments)}
    entries = {s.id: CatalogEntry(s.ru, english[s.id], False, None, None) for s in translator.segments}
    body, _, translator, problems = read(BODY, entries)
    assert not problems
    assert all(s.state is SegmentState.TRANSLATED for s in translator.segments)
    text = json.dumps(json.loads(body.ast.en), ensure_ascii=False)
    assert "Первый" not in text and "Подпись" not in text
    assert "Only" in text  # not a segment, kept as written


def test_one_missing_translation_leaves_no_english_body() -> None:
    _, _, translator, _ = read(BODY)
    entries = {s.id: CatalogEntry(s.ru, "English", False, None, None) for s in translator.segments[1:]}
    body, _, _, _ = read(BODY, entries)
    assert body.ast.en is None


def test_heading_without_ascii_id_is_reported() -> None:
    _, _, _, problems = read("## Введение\n\nТекст.\n")
    assert [p.code for p in problems] == ["body.heading-id"]


def test_missing_figure_is_reported() -> None:
    _, _, _, problems = read("![Рисунок](figures/nope.png)\n")
    assert [p.code for p in problems] == ["body.figure-missing"]


def test_figure_is_carried_as_data() -> None:
    sources = {"manuscript/figures/f.png": b"\x89PNG\r\n\x1a\n"}
    body, _, _, problems = read("![Рисунок](figures/f.png)\n", sources=sources)
    assert not problems
    assert [(f.path, f.data) for f in body.figures] == [("figures/f.png", b"\x89PNG\r\n\x1a\n")]


def test_sample_cites_all_twenty_in_the_seeds_order(sample: Article) -> None:
    assert len(sample.body.citations) == 20
    assert [ref.key for ref in sample.references] == list(sample.body.citations)
    assert citation_keys(json.loads(sample.body.ast.en)) == sample.body.citations
