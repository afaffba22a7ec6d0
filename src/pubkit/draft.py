"""The draft view of an article: every missing English text replaced by its Russian, marked, once.

A draft build shows the English outputs before the translation is complete. Instead of
every writer asking "is this English missing?", the view is made here before any writer
runs: each :class:`~pubkit.model.Localized` without English gets ``[untranslated] <Russian>``
as its English, and the English body becomes the one the reader built with the
untranslated segments marked. Writers then read ``value.get(lang)`` and nothing else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from .model import Article, Body, Localized, Segment
from .problems import Problem, Severity

DRAFT_MARK = "[untranslated]"
DRAFT_CODES = frozenset({"i18n.missing", "i18n.stale"})  # what a draft build lets through, as warnings


def marked(ru: str) -> str:
    """The English stand-in a draft prints for a Russian text that has no current translation."""
    return f"{DRAFT_MARK} {ru}"


def _draft(value: object) -> object:
    """``value`` with every Localized lacking English marked; unchanged parts are returned as they are."""
    if isinstance(value, Localized):
        return value if value.en is not None else Localized(value.ru, marked(value.ru))
    if isinstance(value, tuple):
        items = tuple(_draft(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type | Segment | Body):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = _draft(old)
            if new is not old:
                changes[field.name] = new
        return replace(value, **changes) if changes else value
    return value


def draft_view(article: Article, english_body: str | None) -> Article:
    """The article as a draft build shows it; ``english_body`` is the marked English AST the reader made."""
    drafted = _draft(article)
    assert isinstance(drafted, Article)
    english = article.body.ast.en if article.body.ast.en is not None else english_body
    body = replace(drafted.body, ast=Localized(article.body.ast.ru, english))
    return replace(drafted, body=body, draft=True)


def draft_problems(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """A draft's problems: untranslated text downgraded to warnings, everything else as it was."""
    return tuple(replace(p, severity=Severity.WARNING) if p.code in DRAFT_CODES else p for p in problems)


def undrafted(value: Localized) -> Localized:
    """The Localized as the sources gave it: a draft's marked stand-in shown as the missing English it is."""
    return Localized(value.ru, None) if value.en == marked(value.ru) else value
