"""The issue's table of contents: ``ru/index.html`` and ``en/index.html`` at the top of the issue's build.

Sections in the issue's order, each article with its title linked to its page, its
authors, pages, DOI and PDF. The links are relative and taken from where the article
outputs were placed, so the build folder browses offline and as published; the pages
are plain lists of links, the kind of browse page Google Scholar's crawler follows.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from importlib import resources

from ..labels import format_date, labels
from ..model import LANGS, Article, Issue, Lang
from ..refs.style import DOI_URL
from . import Asset, Inputs, Options, Output
from .templating import environment

STYLESHEET = "assets/issue.css"
# The contents pages run no script and use only their stylesheet and links.
CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'"
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


@dataclass(frozen=True, slots=True)
class ArticleItem:
    title: str
    href: str
    authors: str
    pages: str
    doi: str
    doi_url: str
    pdf: str | None


@dataclass(frozen=True, slots=True)
class SectionItem:
    id: str
    name: str
    articles: tuple[ArticleItem, ...]


def page_name(lang: Lang) -> str:
    return f"{lang}/index.html"


def _placed(inputs: Inputs, output: str) -> set[str]:
    return {asset.path for asset in inputs.outputs[output].files} if output in inputs.outputs else set()


def _item(article: Article, lang: Lang, pages: set[str], pdfs: set[str]) -> ArticleItem:
    here = posixpath.dirname(page_name(lang))
    page = f"{article.doi_suffix}/{page_name(lang)}"
    pdf = next(
        (p for p in sorted(pdfs) if p.startswith(f"{article.doi_suffix}/") and p.endswith(f".{lang}.pdf")),
        None,
    )
    return ArticleItem(
        title=article.title.get(lang) or article.title.ru,
        href=posixpath.relpath(page, here) if page in pages else article.url(lang),
        authors=", ".join(person.name(lang).byline for person in article.authors),
        pages=article.page_range,
        doi=article.doi,
        doi_url=f"{DOI_URL}{article.doi}",
        pdf=posixpath.relpath(pdf, here) if pdf else None,
    )


def _sections(issue: Issue, lang: Lang, inputs: Inputs) -> tuple[SectionItem, ...]:
    pages, pdfs = _placed(inputs, "html"), _placed(inputs, "pdf")
    order: dict[str, list[Article]] = {}
    for article in issue.articles:
        order.setdefault(article.section.id, []).append(article)
    sections = []
    for articles in order.values():
        section = articles[0].section
        items = tuple(_item(article, lang, pages, pdfs) for article in articles)
        sections.append(SectionItem(section.id, section.name.get(lang) or section.name.ru, items))
    return tuple(sections)


def render_contents(issue: Issue, lang: Lang, inputs: Inputs) -> bytes:
    """One language's contents page."""
    gettext = labels(lang).gettext
    other = next(other for other in LANGS if other != lang)
    heading = f"{gettext('Vol.')} {issue.volume}, {gettext('No.')} {issue.number}, {issue.year}"
    journal = issue.journal
    context = {
        "lang": lang,
        "csp": CSP,
        "heading": heading,
        "journal_title": journal.title.get(lang) or journal.title.ru,
        "issn_print": journal.issn_print,
        "issn_online": journal.issn_electronic,
        "issue_title": issue.title.get(lang) if issue.title else None,
        "pages": issue.page_range,
        "published": format_date(issue.published, lang) if issue.published else None,
        "sections": _sections(issue, lang, inputs),
        "stylesheet": posixpath.relpath(STYLESHEET, lang),
        "other": {"lang": other, "href": f"../{page_name(other)}", "label": LANGUAGE_NAMES[other]},
    }
    return environment(lang).get_template("issue.html.j2").render(context).encode("utf-8")


def write_toc(issue: Issue, options: Options, inputs: Inputs) -> Output:
    """The contents pages of the issue in both languages, and their stylesheet."""
    css = (resources.files("pubkit") / "templates" / "html" / "issue.css").read_bytes()
    pages = tuple(Asset(page_name(lang), render_contents(issue, lang, inputs)) for lang in LANGS)
    return Output((*pages, Asset(STYLESHEET, css)))
