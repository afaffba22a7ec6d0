"""The article's web pages, one per language: ``ru/index.html`` and ``en/index.html`` with their assets.

The writer prepares every value (names, marks, formatted references, the body as
pandoc HTML) and the Jinja2 templates under ``templates/html/`` only lay them
out. Labels come from the gettext catalogs (:mod:`pubkit.labels`); the head's
machine-readable metadata from :mod:`pubkit.writers.html_meta`. Pages are
self-contained: one stylesheet, one small script, figures copied beside them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

from markupsafe import Markup

from ..labels import format_date, labels
from ..model import LANGS, Article, Lang, Localized
from ..refs.cite import article_citation
from ..refs.render import to_html, to_text
from ..refs.style import DOI_URL, format_references
from . import Asset, Options, Output
from . import html_meta as meta
from .html_body import BodyHtml, body_html
from .templating import environment

ASSETS = "assets"
STATIC = ("article.css", "article.js")  # files of templates/html/ copied as they are
BACKLINK_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_STYLE = re.compile(r'\sstyle="([^"]*)"')


@dataclass(frozen=True, slots=True)
class AuthorItem:
    """An author in the byline and in "About the authors"."""

    name: str
    marks: tuple[int, ...]
    orcid: str | None
    email: str | None
    corresponding: bool
    description: str | None  # degrees and position
    affiliations: tuple[str, ...]
    addresses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AffiliationItem:
    mark: int
    name: str
    place: str


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    number: int
    html: Markup
    lang: str | None  # set when the reference is not in the page's language
    backlinks: tuple[tuple[str, str], ...]  # (href, text)


@dataclass(frozen=True, slots=True)
class AbstractItem:
    label: str | None  # the heading run into the first paragraph; None in an unstructured abstract
    paragraphs: tuple[str, ...]


def _authors(article: Article, lang: Lang) -> tuple[AuthorItem, ...]:
    marks = article.affiliation_numbers
    show_marks = len(marks) > 1
    items = []
    for person in article.authors:
        affs = [article.affiliation(aff_id) for aff_id in person.affiliations]
        items.append(
            AuthorItem(
                name=person.name(lang).display,
                marks=tuple(marks[a] for a in person.affiliations) if show_marks else (),
                orcid=person.orcid_url,
                email=person.email,
                corresponding=person.corresponding,
                description=person.about(lang),
                affiliations=tuple(f"{a.name.get(lang)}, {a.country.get(lang)}" for a in affs),
                addresses=tuple(a.address.get(lang) for a in affs),
            )
        )
    return tuple(items)


def _affiliations(article: Article, lang: Lang) -> tuple[AffiliationItem, ...]:
    return tuple(
        AffiliationItem(
            mark,
            article.affiliation(aff_id).name.get(lang),
            f"{article.affiliation(aff_id).city.get(lang)}, {article.affiliation(aff_id).country.get(lang)}",
        )
        for aff_id, mark in article.affiliation_numbers.items()
    )


def _backlinks(cite_ids: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """One "↩" for a reference cited once; ``↩ a b c`` links for one cited more often."""
    if len(cite_ids) == 1:
        return ((f"#{cite_ids[0]}", "↩"),)
    return tuple((f"#{cid}", BACKLINK_LETTERS[i % 26]) for i, cid in enumerate(cite_ids))


def _references(
    article: Article, lang: Lang, body: BodyHtml
) -> tuple[tuple[ReferenceItem, ...], tuple[str, ...]]:
    """The page's reference list as HTML items, and as plain text for ``citation_reference``."""
    texts = format_references(article.references, lang)
    items = tuple(
        ReferenceItem(
            number=article.citation_number(ref.key),
            html=Markup(to_html(text)),
            lang=None if lang == "en" or ref.lang == lang else ref.lang,
            backlinks=_backlinks(body.cited_at.get(ref.key, ())),
        )
        for ref, text in zip(article.references, texts, strict=True)
    )
    return items, tuple(to_text(text) for text in texts)


def _dates(article: Article, lang: Lang) -> tuple[tuple[str, str], ...]:
    """(label, formatted date) for the dates the sources give; none is invented."""
    gettext = labels(lang).gettext
    known = (
        (gettext("Received"), article.dates.received),
        (gettext("Accepted"), article.dates.accepted),
        (gettext("Published"), article.dates.published),
    )
    return tuple((label, format_date(date, lang)) for label, date in known if date is not None)


def _abstract(article: Article, lang: Lang) -> tuple[AbstractItem, ...]:
    return tuple(
        AbstractItem(s.label(lang), tuple(p.get(lang) for p in s.paragraphs)) for s in article.abstract
    )


def _optional(value: Localized | None, lang: Lang) -> str | None:
    return value.get(lang) if value is not None else None


def page_context(article: Article, lang: Lang) -> dict[str, object]:
    """Everything the page template shows, prepared; the template computes nothing."""
    other: Lang = next(code for code in LANGS if code != lang)
    body = body_html(article, lang, figure_prefix=f"../{ASSETS}/media/")
    references, reference_texts = _references(article, lang, body)
    journal = article.journal
    return {
        "lang": lang,
        "title": article.title.get(lang),
        "journal_title": journal.title.get(lang),
        "issn_print": journal.issn_print,
        "issn_online": journal.issn_electronic,
        "section": article.section.name.get(lang),
        "year": article.year,
        "volume": article.volume,
        "issue": article.issue,
        "pages": article.page_range,
        "authors": _authors(article, lang),
        "affiliations": _affiliations(article, lang),
        "abstract": _abstract(article, lang),
        "keywords": tuple(k.get(lang) for k in article.keywords),
        "doi_url": DOI_URL + article.doi,
        "pdf_url": _relative(article.url(lang), article.pdf_url(lang)),
        "other": {
            "lang": other,
            "href": f"../{other}/index.html",
            "label": labels(other).gettext("Version in this language"),
        },
        "body": body.html,
        "references": references,
        "citation": article_citation(article, lang),
        "funding": _optional(article.funding, lang),
        "conflict_of_interest": _optional(article.conflict_of_interest, lang),
        "dates": _dates(article, lang),
        "license": {
            "name": article.license.name.get(lang),
            "url": article.license.url,
            "text": article.license.text.get(lang),
        },
        "copyright": journal.copyright_holder.get(lang),
        "head": {
            "canonical": article.url(lang),
            "highwire": meta.highwire(article, lang, reference_texts),
            "dublin_core": meta.dublin_core(article, lang),
            "description": meta.description(article, lang),
            "opengraph": meta.opengraph(article, lang),
            "dc_schema": meta.DC_SCHEMA,
            "links": meta.links(article, lang),
            "json_ld": meta.json_ld(article, lang),
        },
        "assets": {name: f"../{ASSETS}/{name}" for name in STATIC},
        "csp": content_security_policy(body.html),
    }


def _sha256(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def content_security_policy(body: str) -> str:
    """The page's Content-Security-Policy: nothing but its own stylesheet, script and figures.

    No inline script runs (the JSON-LD block is data, which CSP does not execute); the only
    inline styles allowed are the ``style`` attributes pandoc writes for table alignment, each
    by its hash. (Subresource Integrity is left out: browsers refuse it on pages opened from
    disk, where file URLs are opaque origins, and a build folder must work offline.)
    """
    styles = sorted({_sha256(html.unescape(value).encode("utf-8")) for value in _STYLE.findall(body)})
    style_src = " ".join(["'self'", *(["'unsafe-hashes'"] if styles else []), *(f"'{h}'" for h in styles)])
    return (
        "default-src 'none'; script-src 'self'; "
        f"style-src {style_src}; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def _relative(page: str, target: str) -> str:
    """``target`` as a link from ``page``: relative on the same site, so a build folder works offline too."""
    here, there = urlsplit(page), urlsplit(target)
    if (here.scheme, here.netloc) != (there.scheme, there.netloc):
        return target
    folder = here.path if here.path.endswith("/") else posixpath.dirname(here.path)
    return posixpath.relpath(there.path, folder or "/")


def render_page(article: Article, lang: Lang) -> bytes:
    """One language's ``index.html``."""
    template = environment(lang).get_template("article.html.j2")
    return template.render(page_context(article, lang)).encode("utf-8")


def _static(name: str) -> bytes:
    return (resources.files("pubkit") / "templates" / "html" / name).read_bytes()


def write_html(article: Article, options: Options) -> Output:
    """``ru/index.html``, ``en/index.html``, the stylesheet and script in ``assets/``, figures in ``assets/media/``."""
    files = [Asset(f"{lang}/index.html", render_page(article, lang)) for lang in LANGS]
    files += [Asset(f"{ASSETS}/{name}", _static(name)) for name in STATIC]
    files += [
        Asset(posixpath.normpath(f"{ASSETS}/media/{figure.path}"), figure.data)
        for figure in article.body.figures
    ]
    return Output(tuple(files))
