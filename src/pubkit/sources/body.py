"""pandoc Markdown → pandoc JSON AST → :class:`Body`, with its segments and citation keys.

The Russian body is parsed by pandoc once. Every translatable block (heading,
paragraph, list item, table caption and cell, figure caption) becomes a segment
whose id follows the heading ids (``body.<section-id>.<n>``), so that editing one
section does not renumber the others. Its text is the block's inline Markdown,
which is what translators see and write. The English body is the Russian AST
with each segment's inlines replaced by its parsed English.
"""

from __future__ import annotations

import bisect
import copy
import json
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from .. import layout
from ..limits import current
from ..model import Body, Figure, Localized
from ..problems import EnvironmentProblem, Problems, PubkitError
from ..safety import figure_problem, markup_problems
from ..tools import ast_to, markdown_to_ast
from .catalog import Translator

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ASCII_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
SEPARATOR = "<!--pubkit-segment-->"
_READER = "markdown-auto_identifiers"


@dataclass
class _Slot:
    """A list of inlines in the AST that is one segment (or may be)."""

    id: str
    inlines: list


def _walk(blocks: list, section: str, counters: dict, problems: Problems, file: str) -> Iterator[_Slot]:
    """Yield every inline list that can hold translatable text, with its segment id, in document order."""
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            _, (ident, _, _), inlines = content
            if not _ASCII_ID.match(ident or ""):
                problems.error(
                    "body.heading-id",
                    f"heading {_plain(inlines)!r} has no ASCII id; expected an explicit one, "
                    "e.g. '## Введение {#introduction}'",
                    file=file,
                )
                ident = f"h{len(counters)}"
            section = ident
            counters.setdefault(section, 0)
            yield _Slot(f"body.{section}.title", inlines)
        elif kind in ("Para", "Plain"):
            yield _Slot(_next(section, counters), content)
        elif kind in ("BulletList",):
            for item in content:
                yield from _walk(item, section, counters, problems, file)
        elif kind == "OrderedList":
            for item in content[1]:
                yield from _walk(item, section, counters, problems, file)
        elif kind == "BlockQuote":
            yield from _walk(content, section, counters, problems, file)
        elif kind == "Div":
            yield from _walk(content[1], section, counters, problems, file)
        elif kind == "Table":
            yield from _table(content, _object(section, counters, "table"))
        elif kind == "Figure":
            prefix = _object(section, counters, "figure")
            for i, caption_block in enumerate(content[1][1], start=1):
                if caption_block["t"] in ("Para", "Plain"):
                    yield _Slot(f"{prefix}.caption" + (f".{i}" if i > 1 else ""), caption_block["c"])


def _next(section: str, counters: dict) -> str:
    counters[section] = counters.get(section, 0) + 1
    return f"body.{section}.{counters[section]}" if section else f"body.{counters[section]}"


def _object(section: str, counters: dict, kind: str) -> str:
    key = (section, kind)
    counters[key] = counters.get(key, 0) + 1
    return f"body.{section}.{kind}-{counters[key]}" if section else f"body.{kind}-{counters[key]}"


def _table(content: list, prefix: str) -> Iterator[_Slot]:
    _, caption, _, head, bodies, foot = content
    for i, block in enumerate(caption[1], start=1):
        if block["t"] in ("Para", "Plain"):
            yield _Slot(f"{prefix}.caption" + (f".{i}" if i > 1 else ""), block["c"])
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    for r, (_, cells) in enumerate(rows, start=1):
        for c, cell in enumerate(cells, start=1):
            for b, block in enumerate(cell[4], start=1):
                if block["t"] in ("Para", "Plain"):
                    yield _Slot(f"{prefix}.r{r}c{c}" + (f".{b}" if b > 1 else ""), block["c"])


def _plain(inlines: list) -> str:
    out = []
    for inline in inlines:
        if inline["t"] == "Str":
            out.append(inline["c"])
        elif inline["t"] in ("Space", "SoftBreak"):
            out.append(" ")
    return "".join(out)


class _Lines:
    """The body's text, searched for a block's first words: each search is one scan in C, not a loop
    over the lines, so locating every segment stays linear in practice on long articles."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(i + 1 for i, char in enumerate(text) if char == "\n")]

    def line_of(self, words: str) -> int | None:
        """The one line holding ``words`` (1-based); ``None`` when none or several do."""
        first = self.text.find(words)
        if first < 0:
            return None
        end = self.text.find("\n", first)
        if end >= 0 and self.text.find(words, end) >= 0:
            return None
        return bisect.bisect_right(self.starts, first)


def _line_of(lines: _Lines, inlines: list) -> int | None:
    """The source line where a block starts, found by its first words; ``None`` when not unique.

    pandoc's Markdown reader keeps no source positions, so this is a search, and an
    ambiguous one is not guessed. The first and last occurrence in the whole ``text`` tell
    whether the words are on one line only, and ``starts`` (each line's offset) its number,
    so a long body costs linear time, not quadratic.
    """
    head = re.match(r"[\w ]{4,30}", _plain(inlines).strip())
    if head is None:
        return None
    return lines.line_of(head.group(0).strip())


def _too_heavy(text: str) -> tuple[str, int, str] | None:
    """``(code, line, message)`` for text that would make pandoc or Typst slow beyond any bound.

    Refused before either runs: a run of non-space characters longer than the ``word`` limit,
    more than ``brackets`` ``[`` open at once in one paragraph (pandoc's Markdown reader takes
    time exponential in them: 14 take a second, 20 more than half a minute), and lines quoted or
    indented deeper than the ``depth`` limit allows.
    """
    limits = current()
    if match := re.search(rf"\S{{{limits.word + 1},}}", text):
        line = text.count("\n", 0, match.start()) + 1
        return (
            "limits.word",
            line,
            f"a word of {len(match.group(0))} characters without a space; expected at most {limits.word} "
            "(PUBKIT_LIMITS word=... changes the limit)",
        )
    open_brackets = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            open_brackets = 0
            continue
        prefix = re.match(r"[ \t>]*", line).group(0)
        if prefix.count(">") * 3 + len(prefix.expandtabs(4)) > limits.depth:
            return (
                "limits.depth",
                number,
                f"the line is quoted or indented deeper than the limit of {limits.depth} allows; "
                "expected a flatter text (PUBKIT_LIMITS depth=... changes the limit)",
            )
        for char, escaped in zip(line, " " + line, strict=False):
            if escaped == "\\":
                continue
            if char == "[":
                open_brackets += 1
                if open_brackets > limits.brackets:
                    return (
                        "limits.brackets",
                        number,
                        f"more than {limits.brackets} '[' open at once; expected balanced brackets "
                        "(write a literal bracket as \\[; PUBKIT_LIMITS brackets=... changes the limit)",
                    )
            elif char == "]":
                open_brackets = max(open_brackets - 1, 0)
    return None


def _line_containing(lines: list[str], needle: str) -> int | None:
    """The first source line holding ``needle`` (pandoc's Markdown reader keeps no positions)."""
    if needle:
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


def _inlines_to_markdown(ast: dict, slots: list[_Slot], file: str) -> list[str]:
    """Each slot's inlines as one-line pandoc Markdown, in one pandoc call."""
    if not slots:
        return []
    blocks = []
    for slot in slots:
        blocks += [{"t": "Plain", "c": slot.inlines}, {"t": "RawBlock", "c": ["markdown", SEPARATOR]}]
    doc = {**ast, "meta": {}, "blocks": blocks}
    text = ast_to(doc, "markdown-smart", what=file, extra=("--wrap=none",))
    parts = [p.strip() for p in text.split(SEPARATOR)]
    return parts[: len(slots)]


def _markdown_to_inlines(
    texts: list[str], file: str, problems: Problems, ids: list[str]
) -> list[list] | None:
    """Parse translated segments back into inlines, in one pandoc call."""
    for segment_id, english in zip(ids, texts, strict=True):
        if heavy := _too_heavy(english):
            code, _, message = heavy
            problems.error(code, f"the English: {message}", file=layout.CATALOG, field=segment_id)
            return None
    joined = f"\n\n{SEPARATOR}\n\n".join(texts) + f"\n\n{SEPARATOR}\n"
    try:
        blocks = markdown_to_ast(joined, what=layout.CATALOG)["blocks"]
    except PubkitError as exc:
        if isinstance(exc, EnvironmentProblem):
            raise
        problems.extend(exc.problems)  # a bound (time, memory, depth), reported as the English's
        return None
    chunks: list[list] = [[]]
    for block in blocks:
        if block["t"] == "RawBlock" and block["c"][1].strip() == SEPARATOR:
            chunks.append([])
        else:
            chunks[-1].append(block)
    result = []
    for segment_id, chunk in zip(ids, chunks, strict=False):
        if len(chunk) != 1 or chunk[0]["t"] not in ("Para", "Plain"):
            problems.error(
                "i18n.segment-shape",
                f"the English of {segment_id!r} is not one paragraph of inline text; "
                "expected no blank lines or block markup",
                file=layout.CATALOG,
                field=segment_id,
            )
            return None
        for message, _ in markup_problems(chunk):
            problems.error("body.markup", message, file=layout.CATALOG, field=segment_id)
        result.append(chunk[0]["c"])
    return result


def _elements(node: object, kind: str) -> Iterator[dict]:
    """Every AST element of type ``kind`` (``Cite``, ``Image``) under ``node``, in document order."""
    if isinstance(node, dict):
        if node.get("t") == kind:
            yield node
        for value in node.values():
            yield from _elements(value, kind)
    elif isinstance(node, list):
        for value in node:
            yield from _elements(value, kind)


def citation_keys(ast: dict) -> tuple[str, ...]:
    """Cited reference keys in order of first citation."""
    keys = (c["citationId"] for cite in _elements(ast["blocks"], "Cite") for c in cite["c"][0])
    return tuple(dict.fromkeys(keys))


def image_targets(ast: dict) -> list[str]:
    """The file names of the body's images, in document order."""
    return [image["c"][2][0] for image in _elements(ast["blocks"], "Image")]


@dataclass(frozen=True, slots=True)
class ReadBody:
    """What the body reader found: the body, each segment's cited keys, and a draft's English body.

    ``draft_en`` is the English AST with every untranslated segment kept in Russian and
    marked, made in the same pandoc call as a complete one; it is ``None`` when the body is
    fully translated (then ``body.ast.en`` is the English) or when a translation is malformed.
    """

    body: Body
    citations: dict[str, list[str]]
    draft_en: str | None


def read_body(
    text: str, file: str, sources: Mapping[str, bytes], translator: Translator, problems: Problems, mark: str
) -> ReadBody | None:
    """The body in both languages, its figures (from ``sources``), and each segment's citation keys;
    ``None`` when the text is refused before parsing (a bound, reported)."""
    if heavy := _too_heavy(text):
        code, number, message = heavy
        problems.error(code, message, file=file, line=number)
        return None
    try:
        ast_ru = markdown_to_ast(text, what=file)
    except PubkitError as exc:
        if isinstance(exc, EnvironmentProblem):
            raise  # pandoc missing or broken: not the sources' fault
        problems.extend(exc.problems)  # a bound (time, memory, depth): a problem of the body like any other
        return None
    lines = _Lines(text)
    source_lines = text.splitlines()
    for message, needle in markup_problems(ast_ru["blocks"]):
        problems.error("body.markup", message, file=file, line=_line_containing(source_lines, needle))
    slots = list(_walk(ast_ru["blocks"], "", {}, problems, file))
    markdown = _inlines_to_markdown(ast_ru, slots, file)
    segment_slots, segment_texts, segment_ids = [], [], []
    seen: set[str] = set()
    for slot, source in zip(slots, markdown, strict=True):
        if not _CYRILLIC.search(source):
            continue
        if slot.id in seen:
            problems.error(
                "body.duplicate-id", f"two headings share the id {slot.id.split('.')[1]!r}", file=file
            )
            continue
        seen.add(slot.id)
        localized = translator.text(slot.id, source, file, _line_of(lines, slot.inlines))
        segment_slots.append(slot)
        segment_texts.append(localized.en)
        segment_ids.append(slot.id)

    english = dict(zip(segment_ids, segment_texts, strict=True))
    complete = all(t is not None for t in segment_texts)
    ast_en = draft_en = None
    if segment_texts:
        made = _english_ast(ast_ru, english, file, problems, None if complete else mark)
        ast_en, draft_en = (made, None) if complete else (None, made)

    figures = []
    for target in sorted(set(image_targets(ast_ru))):
        if target.startswith(("/", "http:", "https:")) or ".." in PurePosixPath(target).parts:
            problems.error(
                "body.figure-path", f"figure {target!r} must be a relative path inside manuscript/", file=file
            )
        elif (data := sources.get(layout.figure(posixpath.normpath(target)))) is None:
            problems.error(
                "body.figure-missing", f"figure file {target!r} not found under manuscript/", file=file
            )
        elif message := figure_problem(target, data):
            problems.error(
                "body.figure-type", message, file=file, line=_line_containing(source_lines, target)
            )
        else:
            figures.append(Figure(target, data))

    cites = {
        slot.id: list(citation_keys({"blocks": [{"t": "Plain", "c": slot.inlines}]}))
        for slot in segment_slots
    }
    body = Body(
        ast=Localized(_dump(ast_ru), _dump(ast_en) if ast_en is not None else None),
        citations=citation_keys(ast_ru),
        figures=tuple(figures),
    )
    return ReadBody(body, cites, _dump(draft_en) if draft_en is not None else None)


def _english_ast(
    ast_ru: dict, english: dict[str, str | None], file: str, problems: Problems, mark: str | None = None
) -> dict | None:
    """The Russian AST with each segment's inlines replaced by its parsed English.

    ``english`` maps every segment id to its English, ``None`` where there is none:
    such a segment stays Russian, wrapped in a ``Span`` (class ``untranslated``,
    ``lang=ru``) that starts with ``mark``. ``None`` when an English text is not
    one paragraph of inline Markdown (reported to ``problems``).
    """
    ast_en = copy.deepcopy(ast_ru)
    slots: dict[str, _Slot] = {}
    for slot in _walk(ast_en["blocks"], "", {}, Problems(), file):
        if slot.id in english:
            slots.setdefault(slot.id, slot)
    done = [segment_id for segment_id in slots if english[segment_id] is not None]
    if done:
        parsed = _markdown_to_inlines([english[i] or "" for i in done], file, problems, done)
        if parsed is None:
            return None
        for segment_id, inlines in zip(done, parsed, strict=True):
            slots[segment_id].inlines[:] = inlines
    for segment_id, slot in slots.items():
        if english[segment_id] is None:
            marked = [{"t": "Str", "c": mark or ""}, {"t": "Space"}, *slot.inlines]
            slot.inlines[:] = [{"t": "Span", "c": [["", ["untranslated"], [["lang", "ru"]]], marked]}]
    return ast_en


def _dump(ast: dict) -> str:
    return json.dumps(ast, ensure_ascii=False, sort_keys=True)
