"""The article body as an HTML fragment: pandoc's HTML5 of the body AST, with the journal's numbered citations.

Each citation group becomes ``[1, 2]`` with links to ``#ref-N`` inside a span with
its own id, so that every reference can link back to where it is cited. Tables
and figures get their numbered label ("Table 1.") in the caption, and figure
files are pointed at the copies the writer ships beside the page.
"""

from __future__ import annotations

import itertools
import posixpath
from dataclasses import dataclass

from markupsafe import Markup

from ..labels import labels
from ..model import Article, Lang
from ..problems import Problem, PubkitError
from ..tools import ast_to
from .citations import Run, rendered_runs, replace_citations

SOURCE_FILES = {"ru": "manuscript/article.md", "en": "translations/en.po"}
BODY_TOP_LEVEL = 3  # the body's sections sit under the page's <h1> title and <h2> "Full text"
CAPTIONED = {"Table": "Table", "Figure": "Figure"}  # pandoc block type → label msgid


@dataclass(frozen=True, slots=True)
class BodyHtml:
    html: Markup
    cited_at: dict[str, tuple[str, ...]]  # reference key → ids of the citation groups that cite it


def _str(text: str) -> dict:
    return {"t": "Str", "c": text}


def _citation_renderer(cited_at: dict[str, list[str]]):
    """A ``replace_citations`` callback: ``[1, 3–5]`` as links, in a span numbered in document order."""
    counter = itertools.count(1)

    def render(group: list[Run]) -> list[dict]:
        cite_id = f"cite-{next(counter)}"
        for run in group:
            for key, _ in run:
                cited_at.setdefault(key, []).append(cite_id)
        inlines = [_str("[")]
        for item in rendered_runs(group):
            if isinstance(item, str):
                inlines.append(_str(item))
            else:
                _, number = item
                attr = ["", [], [["role", "doc-biblioref"]]]
                inlines.append({"t": "Link", "c": [attr, [_str(str(number))], [f"#ref-{number}", ""]]})
        inlines.append(_str("]"))
        return [{"t": "Span", "c": [[cite_id, ["citation"], []], inlines]}]

    return render


def _walk(node: object):
    """Every dict node of a pandoc AST, depth first, in document order."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _number_captions(blocks: list, lang: Lang) -> None:
    """Prefix each table and figure caption with its bold label and number, counted per kind."""
    counters = dict.fromkeys(CAPTIONED, 0)
    gettext = labels(lang).gettext
    for node in _walk(blocks):
        kind = node.get("t")
        if kind not in CAPTIONED:
            continue
        counters[kind] += 1
        label = {"t": "Strong", "c": [_str(f"{gettext(CAPTIONED[kind])} {counters[kind]}.")]}
        caption_blocks = node["c"][1][1]
        if caption_blocks and caption_blocks[0].get("t") in ("Plain", "Para"):
            caption_blocks[0]["c"][:0] = [label, {"t": "Space"}]
        else:
            caption_blocks.insert(0, {"t": "Plain", "c": [label]})


def _focusable_tables(blocks: list) -> None:
    """``tabindex="0"`` on every table: a table scrolls sideways on a phone, and keyboard users must reach it.

    Its caption names it, so a screen reader announces what gets focus (axe-core:
    ``scrollable-region-focusable``).
    """
    for node in _walk(blocks):
        if node.get("t") == "Table":
            attributes = node["c"][0][2]
            if not any(key == "tabindex" for key, _ in attributes):
                attributes.append(["tabindex", "0"])


def _place_figures(blocks: list, article: Article, prefix: str, file: str) -> None:
    """Point every image at its shipped copy; an image without alt text or figure file is an error."""
    known = {posixpath.normpath(figure.path) for figure in article.body.figures}
    for node in _walk(blocks):
        if node.get("t") != "Image":
            continue
        alt, target = node["c"][1], node["c"][2]
        path = posixpath.normpath(target[0])
        if path not in known:
            raise PubkitError(
                Problem(
                    "html.figure-missing",
                    f"image {target[0]!r} is not among the article's figures",
                    file=file,
                )
            )
        if not alt:
            raise PubkitError(
                Problem(
                    "html.figure-alt",
                    f"image {target[0]!r} has no text describing it; write ![description]({target[0]})",
                    file=file,
                )
            )
        target[0] = prefix + path


def body_html(article: Article, lang: Lang, *, figure_prefix: str) -> BodyHtml:
    """The body in ``lang`` as HTML; its top headings become ``<h3>``, under the page's "Full text" ``<h2>``.

    A draft's English body is already the marked Russian (:mod:`pubkit.draft`); a body
    missing outside a draft means the checks were skipped.
    """
    ast_json = article.body.ast.get(lang)
    if ast_json is None:
        raise ValueError(f"no {lang} body: check the project, or build its draft view")
    cited_at: dict[str, list[str]] = {}
    ast = replace_citations(ast_json, article, _citation_renderer(cited_at))
    file = SOURCE_FILES[lang]
    _number_captions(ast["blocks"], lang)
    _focusable_tables(ast["blocks"])
    _place_figures(ast["blocks"], article, figure_prefix, file)
    levels = [node["c"][0] for node in _walk(ast["blocks"]) if node.get("t") == "Header"]
    shift = BODY_TOP_LEVEL - min(levels, default=BODY_TOP_LEVEL)
    html = ast_to(ast, "html5", what=file, extra=("--section-divs", f"--shift-heading-level-by={shift}"))
    return BodyHtml(Markup(html), {key: tuple(ids) for key, ids in cited_at.items()})
