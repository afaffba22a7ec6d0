"""``<sub-article article-type="translation">``: the English full text, after the article's ``<back>``.

A ``front-stub`` inherits from the enclosing article whatever it leaves out (the
JATS DTD's definition of it), so the stub carries only what the translation changes:
the English section heading, title, permissions (copyright and license), PDF, abstract and
keywords (JATS4R and PMC want one heading and one copyright statement per article, so the
English ones live here). Authors, affiliations and dates are the parent's, already given with
their English forms, and are not repeated. The
body is converted exactly as the Russian one, its ids prefixed with the language so
that both bodies sit in one document; its citations point at the parent's ``ref-list``.
"""

from __future__ import annotations

from lxml import etree

from ...model import Article, Lang
from .body import body
from .front import abstract_sections, categories, copyright_of, kwd_group, license_of
from .types import HREF, TITLE, XML_LANG, ascii_id, sub

LANG: Lang = "en"


def sub_article(article: Article) -> etree._Element | None:
    """The English translation as a ``sub-article``; ``None`` while there is no English body."""
    ast = article.body.ast.get(LANG)
    if ast is None:
        return None
    element = etree.Element(
        "sub-article", {"article-type": "translation", "id": ascii_id("translation", LANG), XML_LANG: LANG}
    )
    stub = sub(element, "front-stub")
    categories(stub, article, LANG)
    titles = sub(stub, "title-group")
    sub(titles, "article-title", article.title.get(LANG))
    permissions = sub(stub, "permissions")  # complete: a stub's permissions replace the parent's
    copyright_of(permissions, article, LANG)
    license_of(permissions, article, None)
    sub(stub, "self-uri", **{"content-type": "pdf", HREF: article.pdf_url(LANG), TITLE: "PDF"})
    abstract_sections(sub(stub, "abstract", **{XML_LANG: LANG}), article.abstract, LANG)
    kwd_group(stub, article, LANG)
    main, notes = body(article, ast, LANG, id_prefix=f"{LANG}-")
    if len(main):
        element.append(main)
    if notes is not None:
        sub(element, "back").extend(notes)
    return element
