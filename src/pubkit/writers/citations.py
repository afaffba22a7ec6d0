"""Numbered citations in the pandoc AST, shared by the JATS, HTML and PDF writers.

The body keeps pandoc ``Cite`` inlines with reference keys; each writer replaces
them by the journal's numbered form (``[1, 2]``, ``[3–5]``) in its own markup,
with the numbers every output shares (``Article.body.citations``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from ..model import Article
from ..problems import Problem, PubkitError
from ..safety import markup_problems

DRAFT_CLASSES = frozenset({"untranslated"})  # the span a draft wraps untranslated text in

Run = tuple[tuple[str, int], ...]  # consecutive numbers: ((key, n), (key, n+1), ...)


def numbers(article: Article) -> dict[str, int]:
    """Each cited key's number, by first citation."""
    return {key: i for i, key in enumerate(article.body.citations, start=1)}


def runs(keys: Iterable[str], numbering: dict[str, int]) -> list[Run]:
    """A group citation as runs of consecutive numbers, sorted and without repeats."""
    ordered = sorted({(numbering[key], key) for key in keys})
    out: list[list[tuple[str, int]]] = []
    for n, key in ordered:
        if out and n == out[-1][-1][1] + 1:
            out[-1].append((key, n))
        else:
            out.append([(key, n)])
    return [tuple(run) for run in out]


def rendered_runs(group: list[Run]) -> list[tuple[str, int] | str]:
    """The group as items to lay out: a run of three or more is ``first, "–", last``; others are listed.

    Separators are strings (``", "`` and ``"–"``); references are ``(key, number)``.
    """
    items: list[tuple[str, int] | str] = []
    for run in group:
        if items:
            items.append(", ")
        if len(run) > 2:
            items += [run[0], "–", run[-1]]
        else:
            for i, ref in enumerate(run):
                if i:
                    items.append(", ")
                items.append(ref)
    return items


def replace_citations(ast_json: str, article: Article, render: Callable[[list[Run]], list[dict]]) -> dict:
    """The AST with every ``Cite`` replaced by ``render``'s inlines for its runs."""
    ast = json.loads(ast_json)
    # Defence in depth for models made in code, not read from checked sources: no writer ever
    # renders raw markup, an unsafe link or a stray attribute (see pubkit.safety).
    for message, _ in markup_problems(ast["blocks"], DRAFT_CLASSES):
        raise PubkitError(Problem("body.markup", f"{message} (the article was not checked)"))
    numbering = numbers(article)

    def visit(node: object) -> object:
        if isinstance(node, list):
            out = []
            for item in node:
                if isinstance(item, dict) and item.get("t") == "Cite":
                    keys = [c["citationId"] for c in item["c"][0]]
                    out.extend(render(runs(keys, numbering)))
                else:
                    out.append(visit(item))
            return out
        if isinstance(node, dict):
            return {k: visit(v) for k, v in node.items()}
        return node

    ast["blocks"] = visit(ast["blocks"])
    return ast
