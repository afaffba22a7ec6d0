"""The JATS writer: the whole bilingual article as JATS Journal Publishing XML, validated as written.

``write_jats`` builds one lxml tree (front from the model, body through pandoc, back
from :mod:`pubkit.refs`, then the English full text as a translation ``sub-article``),
serializes it once with the DOCTYPE of the chosen JATS version, and names that version's
DTD on the file, so that the build validates it before writing: an invalid file is an
error, never an output.
"""

from __future__ import annotations

from lxml import etree

from ...model import Article
from ...problems import Problem, PubkitError
from .. import Asset, Options, Output
from .back import back
from .body import body
from .front import front
from .sub_article import sub_article
from .types import NSMAP, VERSIONS, XML_LANG, JatsVersion

FILENAME = "article.jats.xml"


def jats_version(options: Options) -> JatsVersion:
    """The version ``options`` asks for; an unknown one is a usage problem, not a crash."""
    version = VERSIONS.get(options.jats_version)
    if version is None:
        known = ", ".join(sorted(VERSIONS))
        raise PubkitError(
            Problem("jats.version", f"JATS version {options.jats_version!r} is not one of: {known}"),
            exit_code=2,
        )
    return version


def jats_tree(article: Article, options: Options) -> etree._Element:
    """The article as an lxml tree (root ``<article>``), not yet serialized or validated."""
    version = jats_version(options)
    root = etree.Element(
        "article",
        {
            "article-type": article.section.article_type,
            "dtd-version": version.number,
            XML_LANG: article.language,
        },
        nsmap=NSMAP,
    )
    root.append(front(article))
    main, pandoc_back = body(article, article.body.ast.ru, "ru")
    if len(main):
        root.append(main)
    tail = back(article, pandoc_back)
    if len(tail):
        root.append(tail)
    translation = sub_article(article)
    if translation is not None:
        root.append(translation)
    return root


def serialize(root: etree._Element, version: JatsVersion) -> bytes:
    """UTF-8, pretty-printed, with the version's DOCTYPE; the same tree gives the same bytes."""
    return etree.tostring(
        root.getroottree(), encoding="UTF-8", xml_declaration=True, pretty_print=True, doctype=version.doctype
    )


def write_jats(article: Article, options: Options) -> Output:
    """``article.jats.xml`` (to be validated against the version's DTD) and the figures it links."""
    version = jats_version(options)
    data = serialize(jats_tree(article, options), version)
    figures = tuple(Asset(figure.path, figure.data) for figure in article.body.figures)
    return Output((Asset(FILENAME, data, schema=f"jats-{version.number}"), *figures))
