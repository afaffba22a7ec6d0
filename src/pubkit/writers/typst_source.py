"""The Typst side of the PDF: the layout's data (JSON) and the body's markup, from the model alone.

The journal layout lives in ``templates/typst/article.typ`` and only lays out what it is
given. This module prepares everything the layout prints, as plain JSON-able values
(formatted names, numbered references, label texts), so that no text from the model is
ever pasted into Typst code: the data reaches Typst through ``sys.inputs`` and only the
body, which pandoc's Typst writer escapes, is Typst markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from pybtex.richtext import BaseMultipartText, BaseText, HRef, String, Symbol, Tag

from ..labels import format_date, labels
from ..model import Article, Lang
from ..refs.cite import article_citation
from ..refs.render import to_text
from ..refs.style import DOI_URL, format_references
from ..tools import ast_to
from .citations import Run, rendered_runs, replace_citations

# The layout's keys → the msgids of the shared interface-label catalogs (pubkit.labels).
_LABEL_IDS = {
    "abstract": "Abstract",
    "keywords": "Keywords",
    "citation": "For citation",
    "correspondence": "Corresponding author",
    "conflict": "Conflict of interest",
    "funding": "Funding",
    "references": "References",
    "about": "About the authors",
    "volume": "Vol.",
    "issue": "No.",
    "pages": "Pp.",
}


def layout_labels(lang: Lang) -> dict[str, str]:
    """The interface labels the layout prints, in ``lang``."""
    catalog = labels(lang)
    return {key: catalog.gettext(msgid) for key, msgid in _LABEL_IDS.items()}


OTHER: dict[Lang, Lang] = {"ru": "en", "en": "ru"}
BODY_FILE: dict[Lang, str] = {"ru": "manuscript/article.md", "en": "translations/en.po"}


@dataclass(frozen=True, slots=True)
class TypstSource:
    """What Typst compiles: the main file's markup and the layout's data (JSON for ``sys.inputs``)."""

    markup: str
    data: str
    body_start: int  # line of ``markup`` where the pandoc body begins (1-based)


def _front(article: Article, lang: Lang) -> dict:
    """One language's block of the first page: title, byline, affiliations, abstract, keywords, citation."""
    marks = article.affiliation_numbers
    numbered = len(marks) > 1
    affiliations = []
    for aff_id, mark in marks.items():
        aff = article.affiliation(aff_id)
        affiliations.append(
            {
                "mark": str(mark) if numbered else "",
                "name": aff.name.get(lang),
                "address": aff.address.get(lang),
            }
        )
    return {
        "lang": lang,
        "labels": layout_labels(lang),
        "title": article.title.get(lang),
        "authors": [
            {
                "name": p.name(lang).byline,
                "marks": ",".join(str(marks[a]) for a in p.affiliations) if numbered else "",
                "corresponding": p.corresponding,
            }
            for p in article.authors
        ],
        "affiliations": affiliations,
        "abstract": [
            {
                "title": s.title.get(lang),
                "paragraphs": [p.get(lang) for p in s.paragraphs],
            }
            for s in article.abstract
        ],
        "keywords": "; ".join(k.get(lang) for k in article.keywords),
        "citation": _citation(article, lang),
    }


def _citation(article: Article, lang: Lang) -> dict:
    """The "For citation" line, its DOI link apart so that the layout keeps it on one line."""
    line = article_citation(article, lang)
    url = DOI_URL + article.doi
    text, found, _ = line.rpartition(url)
    return {"text": text.rstrip(), "url": url} if found else {"text": line}


def _correspondence(article: Article, lang: Lang) -> list[str]:
    """``Surname Given, address, e-mail`` for each corresponding author; empty when none is marked."""
    lines = []
    for person in article.authors:
        if not person.corresponding:
            continue
        parts = [person.name(lang).cited]
        if person.affiliations:
            aff = article.affiliation(person.affiliations[0])
            parts.append(aff.address.get(lang))
        if person.email:
            parts.append(f"e-mail: {person.email}")
        lines.append(", ".join(parts))
    return lines


def _dates(article: Article, lang: Lang) -> list[dict]:
    """The received, accepted and published dates the sources give, for the first page; none invented."""
    gettext = labels(lang).gettext
    known = (
        ("Received", article.dates.received),
        ("Accepted", article.dates.accepted),
        ("Published", article.dates.published),
    )
    return [{"label": gettext(msgid), "date": format_date(day, lang)} for msgid, day in known if day]


def _orcids(article: Article, lang: Lang) -> list[dict]:
    """The authors who have an ORCID iD, for the first page: name and iD link."""
    return [
        {"name": p.name(lang).cited, "id": p.orcid, "url": p.orcid_url} for p in article.authors if p.orcid
    ]


def _about(article: Article, lang: Lang) -> list[dict]:
    """The "About the authors" entries: name, then degrees, position, ORCID and e-mail as given."""
    about = []
    for person in article.authors:
        links = []
        if person.orcid:
            links.append({"text": f"ORCID: {person.orcid}", "url": person.orcid_url})
        if person.email:
            links.append({"text": f"e-mail: {person.email}", "url": f"mailto:{person.email}"})
        about.append(
            {
                "name": person.name(lang).cited,
                "details": person.about(lang) or "",
                "links": links,
            }
        )
    return about


def rich_runs(text: BaseText, url: str | None = None, emph: bool = False) -> list[dict]:
    """pybtex rich text as runs ``{"text", "url"?, "emph"?}`` the layout can print without parsing."""
    if isinstance(text, String | Symbol):
        value = to_text(text)
        run: dict = {"text": value}
        if url:
            run["url"] = url
        if emph:
            run["emph"] = True
        return [run] if value else []
    assert isinstance(text, BaseMultipartText)
    if isinstance(text, HRef):
        url = text.url
    elif isinstance(text, Tag) and text.name in ("em", "i"):
        emph = True
    return [run for part in text.parts for run in rich_runs(part, url, emph)]


def _reference_lists(article: Article, lang: Lang) -> list[dict]:
    """The Russian edition prints the Russian list, then the English "References"; English only the latter."""
    lists = []
    for list_lang in ("ru", "en") if lang == "ru" else ("en",):
        items = format_references(article.references, list_lang)
        lists.append(
            {
                "title": layout_labels(list_lang)["references"],
                "lang": list_lang,
                "linked": list_lang == lang,  # citations in the body link to this list
                "items": [{"n": n, "runs": rich_runs(t)} for n, t in enumerate(items, 1)],
            }
        )
    return lists


def _document_date(article: Article) -> list[int]:
    """The PDF's document date (PDF/A requires one): the publication day, else 1 January of the issue's year."""
    day = article.dates.published
    return [day.year, day.month, day.day] if day else [article.year, 1, 1]


def context(article: Article, lang: Lang) -> dict:
    """Everything the layout prints, prepared: no computation is left to the template."""
    journal = article.journal
    labels = layout_labels(lang)
    pages = article.page_range
    notes = [
        {"label": labels[key], "text": value.get(lang)}
        for key, value in (("conflict", article.conflict_of_interest), ("funding", article.funding))
        if value is not None
    ]
    keywords = [k.get(lang) for k in article.keywords]
    license_texts = [article.license.text.get(lang)] + (
        [article.license.text.en] if lang == "ru" and article.license.text.en else []
    )
    return {
        "lang": lang,
        "labels": labels,
        "metadata": {
            "title": article.title.get(lang),
            "authors": [p.name(lang).cited for p in article.authors],
            "keywords": keywords,
            "description": f"{journal.title.get(lang)}. {article.year};"
            f"{article.volume}({article.issue}):{pages}. {DOI_URL}{article.doi}",
            "date": _document_date(article),
        },
        "journal": {
            "title": journal.title.get(lang),
            "issue_line": f"{article.year} · {labels['volume']} {article.volume} · "
            f"{labels['issue']} {article.issue} · {labels['pages']} {pages}",
            "issn": f"ISSN {journal.issn_print} (Print), ISSN {journal.issn_electronic} (Online)",
            "doi": article.doi,
            "doi_url": DOI_URL + article.doi,
            "copyright": f"© {article.journal.copyright_holder.get(lang)}, {article.year}",
        },
        "running_head": {
            "left": journal.title.get(lang),
            "right": f"{labels['volume']} {article.volume} · {labels['issue']} {article.issue} · {article.year}",
        },
        "first_page": int(article.fpage) if article.fpage.isdigit() else None,
        "udc": f"{'УДК' if lang == 'ru' else 'UDC'} {article.udc}" if article.udc else None,
        "section": article.section.name.get(lang),
        "fronts": [_front(article, lang), _front(article, OTHER[lang])],
        "correspondence": {
            "label": labels["correspondence"],
            "lines": _correspondence(article, lang),
        },
        "dates": _dates(article, lang),
        "orcids": _orcids(article, lang),
        "notes": notes,
        "references": _reference_lists(article, lang),
        "about": {"label": labels["about"], "authors": _about(article, lang)},
        "license": {"texts": [t for t in license_texts if t], "url": article.license.url},
    }


def _cite(group: list[Run]) -> list[dict]:
    """A numbered citation, ``[1, 2]`` or ``[3–5]``, each number linking to its reference."""
    parts = []
    for item in rendered_runs(group):
        parts.append(item if isinstance(item, str) else f"#link(<ref-{item[1]}>)[{item[1]}]")
    return [{"t": "RawInline", "c": ["typst", "\\[" + "".join(parts) + "\\]"]}]


# An image's {width=50%}: checked against this before it is written as Typst code.
_LENGTH = re.compile(r"\d+(?:\.\d+)?(?:%|cm|mm|in|pt|em)")


def _plain(node: object) -> str:
    """The text of pandoc inlines, spaces for breaks."""
    if isinstance(node, list):
        return "".join(_plain(item) for item in node)
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return _plain(node.get("c", []))
    return ""


def _describe_images(node: object, images: list[dict], caption: str = "") -> None:
    """Each image becomes ``image(pubkit-images.at(N).path, alt: ….alt)``: PDF/UA wants its text.

    pandoc's Typst writer drops an image's description, so path and text go to the layout's
    data (``images``) and the markup only indexes them: model text never becomes Typst code.
    A figure's image without a description of its own is described by the caption.
    """
    if isinstance(node, list):
        for item in node:
            _describe_images(item, images, caption)
    elif isinstance(node, dict):
        if node.get("t") == "Figure":
            caption = _plain(node["c"][1][1]).strip() or caption
        if node.get("t") == "Image":
            alt = _plain(node["c"][1]).strip() or caption
            index = len(images)
            images.append({"path": node["c"][2][0], "alt": alt})
            sizes = "".join(
                f", {key}: {value}"
                for key, value in node["c"][0][2]
                if key in ("width", "height") and _LENGTH.fullmatch(value)
            )
            code = f"#box(image(pubkit-images.at({index}).path, alt: pubkit-images.at({index}).alt{sizes}))"
            node.clear()
            node.update({"t": "RawInline", "c": ["typst", code]})
            return
        for value in node.values():
            _describe_images(value, images, caption)


def body_markup(article: Article, lang: Lang, images: list[dict] | None = None) -> str:
    """The body in Typst markup through pandoc, citations already numbered; its images listed in ``images``."""
    ast_json = article.body.ast.get(lang)
    if ast_json is None:
        raise ValueError(f"no {lang} body to typeset")
    ast = replace_citations(ast_json, article, _cite)
    _describe_images(ast["blocks"], [] if images is None else images)
    return ast_to(ast, "typst", what=BODY_FILE[lang], extra=("--wrap=preserve",))


PREAMBLE = """\
#import "article.typ": article, horizontalrule
#let pubkit-data = json(bytes(sys.inputs.at("pubkit-data")))
#let pubkit-images = pubkit-data.images
#show: article.with(pubkit-data)
"""


def typst_source(article: Article, lang: Lang) -> TypstSource:
    """The main Typst file and its data for one edition."""
    images: list[dict] = []
    body = body_markup(article, lang, images)
    data = json.dumps(context(article, lang) | {"images": images}, ensure_ascii=False, sort_keys=True)
    return TypstSource(PREAMBLE + body, data, PREAMBLE.count("\n") + 1)
