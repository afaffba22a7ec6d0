"""A JATS ``<body>`` → pandoc Markdown, through pandoc's JATS reader, with citations as ``[@key]``.

pandoc reads the body; what its reader does not give back the way pubkit writes it is
put right on each side of it:

- before: every bracketed group of ``xref ref-type="bibr"`` (``[1]``, ``[3, 4]``,
  ``[6–8]``) becomes one token, and each ``boxed-text`` is framed by marker paragraphs
  (the reader drops the box and keeps only its content);
- after, in the pandoc AST: tokens become ``Cite`` inlines with the reference keys (a
  range expanded in reference-list order), the markers a ``Div``, a ``table-wrap``
  ``Div`` a ``Table`` with its caption and id, cell alignment column alignment, and
  headings move one level down (``##``, as the journal's sources write sections).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from ..problems import Problems
from ..refs.translit import transliterate
from ..tools import ast_to, pandoc
from ..writers.jats.types import ascii_id

_TOKEN = "PUBKITCITE{}Z"
_TOKEN_RE = re.compile(r"PUBKITCITE(\d+)Z")
_BOX_OPEN = "PUBKITBOXOPEN"
_BOX_CLOSE = "PUBKITBOXCLOSE"
_SEPARATOR = re.compile(r"^\s*[,;]\s*$")
_RANGE = re.compile(r"^\s*[–—-]\s*$")
_XLINK = "http://www.w3.org/1999/xlink"


@dataclass
class BodyText:
    """The converted body: Markdown, the keys it cites, and the image files it links (as written)."""

    markdown: str
    images: list[str] = field(default_factory=list)


def _prev_text(xref: etree._Element) -> str:
    previous = xref.getprevious()
    return (previous.tail if previous is not None else xref.getparent().text) or ""


def _set_prev_text(xref: etree._Element, value: str) -> None:
    previous = xref.getprevious()
    if previous is not None:
        previous.tail = value
    else:
        xref.getparent().text = value


def _groups(parent: etree._Element) -> list[list[etree._Element | str]]:
    """Runs of bibr ``xref`` children of ``parent`` joined by ``,``/``;`` or a dash: ``[xref, ",", xref]``."""
    runs: list[list[etree._Element | str]] = []
    current: list[etree._Element | str] = []
    for child in parent:
        if child.tag == "xref" and child.get("ref-type") == "bibr":
            if current and isinstance(current[-1], str):
                current.append(child)
            elif current:
                runs.append(current)
                current = [child]
            else:
                current = [child]
            tail = child.tail or ""
            if _SEPARATOR.match(tail):
                current.append(",")
            elif _RANGE.match(tail):
                current.append("–")
            else:
                runs.append(current)
                current = []
        elif current:
            if isinstance(current[-1], str):
                current.pop()
            runs.append(current)
            current = []
    if current:
        if isinstance(current[-1], str):
            current.pop()
        runs.append(current)
    return runs


def mark_citations(
    body: etree._Element, keys: Mapping[str, str], order: Sequence[str], file: str, problems: Problems
) -> list[list[str]]:
    """Replace each citation group in ``body`` by a token; the keys of group ``n`` are ``result[n]``.

    ``keys`` maps a ``ref`` id to its key, ``order`` lists the ``ref`` ids as the list numbers
    them (for ranges). A group is its brackets too when they surround it; an ``xref``
    to an unknown reference keeps its text and is reported.
    """
    groups: list[list[str]] = []
    parents = {x.getparent() for x in body.iter("xref") if x.get("ref-type") == "bibr"}
    for parent in sorted(parents, key=lambda e: e.sourceline or 0):
        for run in _groups(parent):
            cited: list[str] = []
            unknown = False
            previous: str | None = None
            pending_range = False
            for item in run:
                if isinstance(item, str):
                    pending_range = item == "–"
                    continue
                rids = (item.get("rid") or "").split()
                if not rids or any(r not in keys for r in rids):
                    unknown = True
                    break
                if pending_range and previous in order and rids[0] in order:
                    start, end = order.index(previous), order.index(rids[0])
                    cited += [keys[r] for r in order[start + 1 : end] if r in keys]
                cited += [keys[r] for r in rids]
                previous = rids[-1]
                pending_range = False
            xrefs = [item for item in run if not isinstance(item, str)]
            if unknown:
                problems.warning(
                    "import.citation",
                    f"citation {''.join(x.xpath('string()') for x in xrefs)!r} points at no reference "
                    "of the list; kept as text",
                    file=file,
                    line=xrefs[0].sourceline,
                )
                for xref in xrefs:
                    _unwrap(xref)
                continue
            token = _TOKEN.format(len(groups))
            groups.append(list(dict.fromkeys(cited)))
            first, last = xrefs[0], xrefs[-1]
            before = _prev_text(first)
            after = last.tail or ""
            for opening, closing in (("[", "]"), ("(", ")")):
                if before.rstrip().endswith(opening) and after.lstrip().startswith(closing):
                    before = before.rstrip()[:-1].rstrip(" ")
                    before = before + " " if before and not before.endswith((" ", "\u00a0")) else before
                    after = after.lstrip()[1:]
                    break
            # drop every xref of the run but the first, which becomes the token
            for xref in xrefs[1:]:
                xref.getparent().remove(xref)
            _set_prev_text(first, before + token + after)
            first.getparent().remove(first)  # its tail went into the text before it
            if parent.tag == "sup" and not len(parent) and (parent.text or "").strip() == token:
                if not _prev_text(parent).endswith((" ", "\u00a0", "(")):
                    parent.text = " " + token
                _unwrap(parent)  # a superscript citation (¹⁻³) is a citation like any other
    return groups


def _unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its text content."""
    parent = element.getparent()
    text = element.xpath("string()") + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def _mark_boxes(body: etree._Element) -> None:
    for box in list(body.iter("boxed-text")):
        start = etree.Element("p")
        start.text = _BOX_OPEN
        end = etree.Element("p")
        end.text = _BOX_CLOSE
        box.insert(0, start)
        box.append(end)


def _strip_prefix(body: etree._Element, prefix: str) -> None:
    if not prefix:
        return
    for element in body.iter():
        for name in ("id", "rid"):
            value = element.get(name)
            if value:
                element.set(name, " ".join(v.removeprefix(prefix) for v in value.split()))


def _str_tokens(text: str, groups: list[list[str]]) -> list[dict]:
    """A ``Str`` holding tokens, split into ``Str`` and ``Cite`` inlines."""
    out: list[dict] = []
    at = 0
    for match in _TOKEN_RE.finditer(text):
        if match.start() > at:
            out.append({"t": "Str", "c": text[at : match.start()]})
        keys = groups[int(match.group(1))]
        citations = [
            {
                "citationId": key,
                "citationPrefix": [],
                "citationSuffix": [],
                "citationMode": {"t": "NormalCitation"},
                "citationNoteNum": 0,
                "citationHash": 0,
            }
            for key in keys
        ]
        out.append({"t": "Cite", "c": [citations, []]})
        at = match.end()
    if at < len(text):
        out.append({"t": "Str", "c": text[at:]})
    return out


def _plain_text(block: dict) -> str:
    if block.get("t") not in ("Para", "Plain"):
        return ""
    return "".join(i.get("c", "") if i["t"] == "Str" else " " for i in block["c"])


def _inlines(node: object, groups: list[list[str]]) -> object:
    if isinstance(node, list):
        out = []
        for item in node:
            if isinstance(item, dict) and item.get("t") == "Str" and _TOKEN_RE.search(item["c"]):
                out.extend(_str_tokens(item["c"], groups))
            else:
                out.append(_inlines(item, groups))
        return out
    if isinstance(node, dict):
        return {k: _inlines(v, groups) for k, v in node.items()}
    return node


def _table_from_wrap(block: dict) -> dict | None:
    """``Div.table-wrap [Div.caption, Table]`` → the ``Table`` with its caption and the wrap's id."""
    (ident, classes, _), content = block["c"]
    if "table-wrap" not in classes:
        return None
    tables = [b for b in content if b["t"] == "Table"]
    if len(tables) != 1:
        return None
    table = copy.deepcopy(tables[0])
    caption_blocks = []
    for b in content:
        if b["t"] == "Div" and "caption" in b["c"][0][1]:
            caption_blocks += [{"t": "Plain", "c": x["c"]} if x["t"] == "Para" else x for x in b["c"][1]]
    others = [
        b for b in content if b["t"] not in ("Table",) and not (b["t"] == "Div" and "caption" in b["c"][0][1])
    ]
    if others:
        return None
    attr = table["c"][0]
    if ident and not attr[0]:
        attr[0] = ident
    if caption_blocks:
        table["c"][1] = [None, caption_blocks]
    return table


def _align_columns(table: dict) -> None:
    """Cell alignment (what pandoc's JATS reader keeps) as column alignment (what Markdown writes)."""
    _, _, colspecs, head, bodies, foot = table["c"]
    rows = list(head[1])
    for body in bodies:
        rows += body[2] + body[3]
    rows += foot[1]
    for index, spec in enumerate(colspecs):
        aligns = {row[1][index][1]["t"] for row in rows if index < len(row[1])}
        if len(aligns) == 1 and spec[0]["t"] == "AlignDefault":
            spec[0] = {"t": aligns.pop()}
            for row in rows:
                if index < len(row[1]):
                    row[1][index][1] = {"t": "AlignDefault"}


def _simple_figure(figure: dict) -> None:
    """A figure of one image as Markdown's ``![caption](file){#id}``: the image's alt text is the caption.

    pandoc's JATS reader gives the image in a paragraph with an empty alt text, which its
    Markdown writer can only write as raw HTML.
    """
    attr, caption, content = figure["c"]
    images = [
        inline
        for block in content
        if block["t"] in ("Para", "Plain")
        for inline in block["c"]
        if inline["t"] == "Image"
    ]
    others = [b for b in content if b["t"] not in ("Para", "Plain")] or [
        i for b in content for i in b["c"] if i["t"] not in ("Image", "Space", "SoftBreak")
    ]
    captions = caption[1]
    if len(images) != 1 or others or len(captions) > 1:
        return
    inlines = captions[0]["c"] if captions else []
    image = images[0]
    figure["c"] = [
        attr,
        [caption[0], [{"t": "Plain", "c": inlines}]] if captions else caption,
        [{"t": "Plain", "c": [{"t": "Image", "c": [image["c"][0], copy.deepcopy(inlines), image["c"][2]]}]}],
    ]


def _tight(items: list[list]) -> list[list]:
    """A list whose every item is one paragraph, as a tight list (what ``- item`` lines give)."""
    if all(len(item) == 1 and item[0]["t"] == "Para" for item in items):
        return [[{"t": "Plain", "c": item[0]["c"]}] for item in items]
    return items


def _section_ids(body: etree._Element) -> None:
    """An ASCII id for every ``sec`` without one, from its title (pubkit's segment ids follow them)."""
    used = {e.get("id") for e in body.iter() if e.get("id")}
    for sec in body.iter("sec"):
        if sec.get("id"):
            continue
        title = sec.find("title")
        base = ascii_id("sec", transliterate(title.xpath("string()") if title is not None else "").lower())
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        sec.set("id", ident)


def _blocks(blocks: list) -> list:
    """Tables, boxes and heading levels put back the way pubkit's Markdown writes them."""
    out: list = []
    stack: list[list] = [out]
    for block in blocks:
        text = _plain_text(block).strip()
        if text == _BOX_OPEN:
            stack.append([])
            continue
        if text == _BOX_CLOSE and len(stack) > 1:
            inner = stack.pop()
            stack[-1].append({"t": "Div", "c": [["", ["boxed-text"], []], inner]})
            continue
        kind = block["t"]
        if kind == "Header":
            block["c"][0] += 1
        elif kind == "Div":
            table = _table_from_wrap(block)
            if table is not None:
                block = table
            else:
                block["c"][1] = _blocks(block["c"][1])
        elif kind in ("BulletList",):
            block["c"] = _tight([_blocks(item) for item in block["c"]])
        elif kind == "OrderedList":
            block["c"][1] = _tight([_blocks(item) for item in block["c"][1]])
        elif kind == "BlockQuote":
            block["c"] = _blocks(block["c"])
        if block["t"] == "Table":
            _align_columns(block)
        elif block["t"] == "Figure":
            _simple_figure(block)
        stack[-1].append(block)
    while len(stack) > 1:  # an unclosed box: keep its content
        inner = stack.pop()
        stack[-1].extend(inner)
    return out


def _images(node: object, found: list[str]) -> None:
    if isinstance(node, dict):
        if node.get("t") == "Image":
            found.append(node["c"][2][0])
        for value in node.values():
            _images(value, found)
    elif isinstance(node, list):
        for value in node:
            _images(value, found)


def body_to_markdown(
    body: etree._Element,
    keys: Mapping[str, str],
    order: Sequence[str],
    file: str,
    problems: Problems,
    id_prefix: str = "",
    back: etree._Element | None = None,
) -> BodyText:
    """``body`` (left untouched) as pandoc Markdown with ``[@key]`` citations.

    The footnotes of ``back`` (its ``fn-group``) go with it, so that pandoc makes each
    ``xref ref-type="fn"`` a note again.
    """
    work = copy.deepcopy(body)
    notes = etree.Element("back")
    for group in back.findall("fn-group") if back is not None else ():
        notes.append(copy.deepcopy(group))
    _strip_prefix(work, id_prefix)
    _strip_prefix(notes, id_prefix)
    _section_ids(work)
    groups = mark_citations(work, keys, order, file, problems)
    _mark_boxes(work)
    work.tag = "body"
    article = etree.Element("article", nsmap={"xlink": _XLINK, "mml": "http://www.w3.org/1998/Math/MathML"})
    article.append(work)
    if len(notes):
        article.append(notes)
    text = etree.tostring(article, encoding="unicode")
    ast = json.loads(pandoc(["-f", "jats", "-t", "json"], text, what=file))
    ast["blocks"] = _inlines(_blocks(ast["blocks"]), groups)
    images: list[str] = []
    _images(ast["blocks"], images)
    markdown = ast_to(ast, "markdown-smart-auto_identifiers", what=file, extra=("--wrap=none",))
    return BodyText(markdown, images)
