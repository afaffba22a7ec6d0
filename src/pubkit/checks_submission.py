"""``check --for submission``: the author guidelines a manuscript must meet before it goes to the editor.

The limits come from ``journal.yaml``'s ``submission:`` (:class:`pubkit.model.SubmissionRules`;
without it, an abstract of 200–250 words and 3–10 keywords per language). The rules: the
abstract's length in words and the number of keywords in each language; every author with an
affiliation and an ORCID iD; exactly one corresponding author, with an e-mail address; funding
and conflict-of-interest statements; every figure with a caption in both languages (errors);
and journal articles in the references without a DOI (one warning naming them). Each problem
names the field and the measured value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .model import Article, SegmentState, SubmissionRules
from .problems import Problem, Problems
from .sources import Loaded

ARTICLE_FILE = "manuscript/article.yaml"
CODE = "submission.rule"
_WORD = re.compile(r"[^\W_]", re.UNICODE)
_CAPTION = re.compile(r"^body\..+\.figure-\d+\.caption$")


def words(text: str) -> int:
    """Words as an editor counts them: whitespace-separated tokens with a letter or digit ("–" is none)."""
    return sum(1 for token in text.split() if _WORD.search(token))


def check_submission(loaded: Loaded) -> list[Problem]:
    """Every rule of the journal's submission profile that the project fails; nothing if it cannot be read."""
    article = loaded.article
    if article is None:
        return []
    rules = article.journal.submission
    problems = Problems()
    file = loaded.files.rel(loaded.files.article) if loaded.files.article else ARTICLE_FILE
    lines = loaded.lines

    def error(field: str, message: str, line_key: str | None = None, located: bool = True) -> None:
        line = lines.get(line_key or field) if located else None  # an absent key has no line of its own
        problems.error(CODE, message, file=file, line=line, field=field)

    _abstract(article, rules, error)
    _keywords(article, rules, error)
    _authors(article, error)
    for key, field in (("funding", "funding"), ("conflict_of_interest", "conflict_of_interest")):
        if getattr(article, key) is None:
            message = f"no {field.replace('_', '-')} statement; the guidelines require one (a Russian text)"
            error(field, message, located=False)
    for problem in _figures(loaded, article):
        problems.add(problem)
    without = [
        r.key for r in article.references if r.entry.type == "article" and not r.entry.fields.get("doi")
    ]
    if without:
        problems.warning(
            "submission.doi",
            f"{len(without)} journal article(s) without a DOI: {', '.join(without)}; add the DOI where the source has one",
            file="refs.bib",
        )
    return list(problems)


def _abstract(article: Article, rules: SubmissionRules, error) -> None:
    low, high = rules.abstract_words
    for lang in ("ru", "en"):
        texts = [p.get(lang) for section in article.abstract for p in section.paragraphs]
        if lang == "en" and not all(texts):
            continue  # the English is not there yet: the translation checks say so
        count = sum(words(t) for t in texts if t)
        if not low <= count <= high:
            error(
                f"abstract ({lang})",
                f"the {lang} abstract has {count} words; expected {low}–{high}",
                "abstract",
            )


def _keywords(article: Article, rules: SubmissionRules, error) -> None:
    low, high = rules.keywords
    for lang in ("ru", "en"):
        count = sum(1 for k in article.keywords if k.get(lang))
        if lang == "en" and count == 0:
            continue
        if not low <= count <= high:
            error(f"keywords ({lang})", f"{count} {lang} keyword(s); expected {low}–{high}", "keywords")


def _authors(article: Article, error) -> None:
    for i, person in enumerate(article.authors):
        name = person.name_en.cited
        if not person.affiliations:
            error(f"authors[{i}].affiliations", f"{name} has no affiliation")
        if not person.orcid:
            error(f"authors[{i}].orcid", f"{name} has no ORCID iD", f"authors[{i}].id")
    corresponding = [(i, p) for i, p in enumerate(article.authors) if p.corresponding]
    if len(corresponding) != 1:
        error(
            "authors",
            f"{len(corresponding)} corresponding author(s); expected exactly one (corresponding: true)",
            "authors[0].id",
        )
    for i, person in corresponding:
        if not person.email:
            error(
                f"authors[{i}].email",
                f"the corresponding author {person.name_en.cited} has no e-mail address",
                f"authors[{i}].id",
            )


def _figures(loaded: Loaded, article: Article) -> Iterator[Problem]:
    """A caption in both languages for every figure of the Russian body (an image alone in its paragraph has none)."""
    blocks = list(_blocks(json.loads(article.body.ast.ru)))
    bare = sum(
        1
        for block in blocks
        if block.get("t") in ("Para", "Plain") and [c.get("t") for c in block.get("c", [])] == ["Image"]
    )
    if bare:
        figures = bare + sum(1 for block in blocks if block.get("t") == "Figure")
        yield Problem(
            CODE,
            f"{bare} of {figures} figure(s) without a caption; expected one in both languages",
            file="manuscript/article.md",
        )
    for segment in article.segments:
        if _CAPTION.match(segment.id) and segment.state is not SegmentState.TRANSLATED:
            yield Problem(
                CODE,
                f"the caption of {segment.id.rsplit('.', 2)[-2]} has no current English",
                file="translations/en.po",
                field=segment.id,
            )


def _blocks(node) -> Iterator[dict]:
    """Every pandoc AST element under ``node``; a Figure's own content (its image) is not walked."""
    if isinstance(node, dict):
        if "t" in node:
            yield node
            if node["t"] == "Figure":
                return
        for value in node.values():
            yield from _blocks(value)
    elif isinstance(node, list):
        for item in node:
            yield from _blocks(item)
