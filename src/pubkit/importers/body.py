"""The manuscript's body blocks made into pubkit's Markdown body: heading ids, captions, citations.

- Headings get an explicit ASCII id (``## Введение {#introduction}``): the usual section
  names of the journal's articles by name, any other heading by its transliteration.
- "Таблица 1. …" before (or after) a table becomes its caption, "Рис. 1. …" a figure's
  caption without the label, since the writers number tables and figures themselves.
- Numeric citations ``[1]``, ``[3, 4]``, ``[6–8]`` become ``[@key]`` citations of the
  reference list's keys, by number. A number outside the list is left as written and reported.
"""

from __future__ import annotations

import re
import unicodedata

from ..refs.translit import transliterate
from .docx import block_text, elements
from .manuscript import Gap

HEADING_IDS = {
    "введение": "introduction",
    "актуальность": "background",
    "цель": "objective",
    "цель исследования": "objective",
    "материалы и методы": "methods",
    "пациенты и методы": "methods",
    "материал и методы": "methods",
    "результаты": "results",
    "результаты исследования": "results",
    "обсуждение": "discussion",
    "результаты и обсуждение": "results-discussion",
    "клиническое наблюдение": "case",
    "клинический случай": "case",
    "клинические наблюдения": "cases",
    "заключение": "conclusion",
    "выводы": "conclusions",
}
_CITATION = re.compile(r"\[(\d+(?:\s?[-–—]\s?\d+)?(?:\s?[,;]\s?\d+(?:\s?[-–—]\s?\d+)?)*)\]")
_TABLE_LABEL = re.compile(r"^\s*(?:Таблица|Табл\.|Table)\s*(\d+)\s*[.:]?\s*", re.I)
_FIGURE_LABEL = re.compile(r"^\s*(?:Рисунок|Рис\.|Figure|Fig\.)\s*(\d+)\s*[.:]?\s*", re.I)


def heading_id(text: str, taken: set[str]) -> str:
    """An ASCII id for a heading: a usual section's name, else its transliteration, made unique."""
    words = " ".join(text.lower().replace("ё", "е").split()).rstrip(".:")
    words = re.sub(r"^\d+(?:\.\d+)*\.?\s+", "", words)  # "2.1. Пациенты" is named by its words
    base = HEADING_IDS.get(words)
    if base is None:
        ascii_text = unicodedata.normalize("NFKD", transliterate(words)).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        base = "-".join(slug.split("-")[:4]) or "section"
        if base[0].isdigit():
            base = f"s-{base}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def prepare(blocks: list, keys: dict[str, str], gaps: list[Gap]) -> list:
    """The body as pubkit reads it; ``keys`` maps a reference number ("1") to its key."""
    out = _captions(blocks, gaps)
    levels = [b["c"][0] for b in _walk_blocks(out) if b["t"] == "Header"]
    shift = 2 - min(levels) if levels else 0
    taken: set[str] = set()
    for block in _walk_blocks(out):
        if block["t"] == "Header":
            block["c"][0] = max(2, block["c"][0] + shift)
            block["c"][1] = [heading_id(block_text(block["c"][2]), taken), [], []]
    for image in elements(out, "Image"):
        image["c"][0][2] = [(k, v) for k, v in image["c"][0][2] if k not in ("width", "height")]
    _cite(out, keys, gaps)
    return out


def _walk_blocks(blocks: list):
    for block in blocks:
        yield block
        kind, content = block["t"], block.get("c")
        if kind == "Div":
            yield from _walk_blocks(content[1])
        elif kind == "BlockQuote":
            yield from _walk_blocks(content)
        elif kind in ("BulletList", "OrderedList"):
            for item in content if kind == "BulletList" else content[1]:
                yield from _walk_blocks(item)


def _captions(blocks: list, gaps: list[Gap]) -> list:
    """Caption paragraphs moved into their tables; figure captions stripped of their label."""
    out: list = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block["t"] == "Table":
            caption = block["c"][1]
            number = None
            if not caption[1]:
                if out and _TABLE_LABEL.match(block_text(out[-1])) and out[-1]["t"] in ("Para", "Plain"):
                    caption[1] = [{"t": "Plain", "c": out.pop()["c"]}]
                elif (
                    i + 1 < len(blocks)
                    and blocks[i + 1]["t"] in ("Para", "Plain")
                    and _TABLE_LABEL.match(block_text(blocks[i + 1]))
                ):
                    i += 1
                    caption[1] = [{"t": "Plain", "c": blocks[i]["c"]}]
            if caption[1]:
                number = _strip_label(caption[1][0]["c"], _TABLE_LABEL)
            else:
                gaps.append(Gap("a table without a caption ('Таблица N. …')", "manuscript/article.md"))
            if number and not block["c"][0][0]:
                block["c"][0] = [f"tbl:{number}", [], []]
        elif block["t"] == "Figure":
            caption = block["c"][1][1]
            if caption and caption[0]["t"] in ("Para", "Plain"):
                number = _strip_label(caption[0]["c"], _FIGURE_LABEL)
                if number and not block["c"][0][0]:
                    block["c"][0] = [f"fig:{number}", [], []]
            else:
                gaps.append(Gap("a figure without a caption ('Рис. N. …')", "manuscript/article.md"))
        out.append(block)
        i += 1
    return out


def _strip_label(inlines: list, label: re.Pattern[str]) -> str | None:
    """Remove a leading "Таблица 1." from ``inlines`` (in place); return its number."""
    n = 0
    while n < len(inlines) and inlines[n]["t"] in ("Str", "Space", "SoftBreak"):
        n += 1
    text = "".join(x["c"] if x["t"] == "Str" else " " for x in inlines[:n])
    found = label.match(text)
    if found is None:
        return None
    inlines[:n] = _words(text[found.end() :].lstrip())
    return found.group(1)


def _numbers(text: str) -> list[str]:
    found = []
    for part in re.split(r"\s?[,;]\s?", text):
        if m := re.match(r"^(\d+)\s?[-–—]\s?(\d+)$", part):
            low, high = int(m.group(1)), int(m.group(2))
            found += [str(n) for n in range(low, high + 1)] if low <= high else [part]
        else:
            found.append(part)
    return found


def _cite(node: object, keys: dict[str, str], gaps: list[Gap]) -> None:
    """Replace numeric citations in every inline list under ``node`` (in place)."""
    if isinstance(node, list):
        if (
            node
            and all(isinstance(x, dict) and "t" in x for x in node)
            and any(x["t"] == "Str" for x in node)
        ):
            node[:] = _cite_inlines(node, keys, gaps)
        for item in node:
            _cite(item, keys, gaps)
    elif isinstance(node, dict) and node.get("t") not in ("Code", "CodeBlock", "Math", "Cite"):
        _cite(node.get("c"), keys, gaps)


def _cite_inlines(inlines: list, keys: dict[str, str], gaps: list[Gap]) -> list:
    out: list = []
    run: list[dict] = []

    def flush() -> None:
        text = "".join(x["c"] if x["t"] == "Str" else " " for x in run)
        if "[" not in text:
            out.extend(run)
        else:
            out.extend(_cite_text(text, keys, gaps))
        run.clear()

    for inline in inlines:
        if inline["t"] in ("Str", "Space"):
            run.append(inline)
        else:
            flush()
            out.append(inline)
    flush()
    return out


def _cite_text(text: str, keys: dict[str, str], gaps: list[Gap]) -> list:
    out: list = []
    position = 0
    for found in _CITATION.finditer(text):
        numbers = _numbers(found.group(1))
        missing = [n for n in numbers if n not in keys]
        if missing:
            gaps.append(
                Gap(
                    f"citation {found.group(0)} names no reference ({', '.join(missing)})",
                    "manuscript/article.md (left as written)",
                )
            )
            continue
        out += _words(text[position : found.start()])
        citations = [
            {
                "citationId": keys[n],
                "citationPrefix": [],
                "citationSuffix": [],
                "citationMode": {"t": "NormalCitation"},
                "citationNoteNum": 0,
                "citationHash": 0,
            }
            for n in numbers
        ]
        out.append({"t": "Cite", "c": [citations, [{"t": "Str", "c": found.group(0)}]]})
        position = found.end()
    return out + _words(text[position:])


def _words(text: str) -> list:
    out: list = []
    for n, word in enumerate(text.split(" ")):
        if n:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out
