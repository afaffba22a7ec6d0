"""The English full text in the JATS: a ``sub-article article-type="translation"`` after ``<back>``."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from lxml import etree

from pubkit.build import check
from pubkit.draft import DRAFT_MARK
from pubkit.model import Article, Localized
from pubkit.validate import validate_jats

from .jats4r import run_jats4r
from .jats_helpers import jats, parse, text

LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CYRILLIC = re.compile("[\u0400-\u04ff]")


def translation(root: etree._Element) -> etree._Element:
    (sub_article,) = root.findall("sub-article[@article-type='translation']")
    return sub_article


def test_english_full_text_is_a_translation_sub_article(tree: etree._Element) -> None:
    sub_article = translation(tree)
    assert sub_article.get(LANG) == "en"
    assert sub_article.getprevious().tag == "back"


def test_front_stub_is_the_english_metadata(tree: etree._Element, sample: Article) -> None:
    stub = translation(tree).find("front-stub")
    assert text(stub.find("title-group/article-title")) == sample.title.en
    assert text(stub.find("title-group/article-title")) == text(
        tree.find(".//title-group/trans-title-group/trans-title")
    )
    assert text(stub.find("abstract")) == text(tree.find(".//article-meta/trans-abstract"))
    assert [text(k) for k in stub.findall("kwd-group/kwd")] == [k.en for k in sample.keywords]
    assert stub.find("self-uri").get("{http://www.w3.org/1999/xlink}href") == sample.pdf_url("en")
    for inherited in ("contrib-group", "aff"):  # the parent's, not repeated
        assert stub.find(inherited) is None
    # one heading and one copyright per article (PMC, JATS4R): the English ones are the translation's
    assert stub.findtext("article-categories/subj-group[@subj-group-type='heading']/subject") == (
        sample.section.name.en
    )
    assert stub.findtext("permissions/copyright-holder") == sample.journal.copyright_holder.en
    assert stub.findtext("permissions/license/license-p") == sample.license.text.en  # complete permissions


def test_body_has_the_russian_structure_in_english(tree: etree._Element) -> None:
    russian, english = tree.find("body"), translation(tree).find("body")
    assert [len(sec.findall(".//p")) for sec in english.findall("sec")] == [
        len(sec.findall(".//p")) for sec in russian.findall("sec")
    ]
    assert not CYRILLIC.search(text(english))


def test_citations_point_at_the_parent_references(tree: etree._Element) -> None:
    refs = {ref.get("id") for ref in tree.findall("back/ref-list/ref")}
    english = [x.get("rid") for x in translation(tree).iter("xref") if x.get("ref-type") == "bibr"]
    russian = [x.get("rid") for x in tree.find("body").iter("xref") if x.get("ref-type") == "bibr"]
    assert english == russian
    assert set(english) <= refs


def test_ids_are_prefixed_and_unique(tree: etree._Element) -> None:
    inside = [e.get("id") for e in translation(tree).iter() if e.get("id")][1:]  # the sub-article's own first
    assert inside and all(i.startswith("en-") for i in inside)
    every = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(every) == len(set(every))


def test_no_translation_without_an_english_body(sample: Article, schemas_dir: Path) -> None:
    body = dataclasses.replace(sample.body, ast=Localized(sample.body.ast.ru, None))
    root = parse(jats(dataclasses.replace(sample, body=body), schemas_dir))
    assert root.find("sub-article") is None


def test_draft_marks_untranslated_text(project: Path, schemas_dir: Path) -> None:
    catalog = project / "translations" / "en.po"
    text_of_po = catalog.read_text(encoding="utf-8")
    start = text_of_po.index('msgctxt "body.1"')
    end = text_of_po.index("\n\n", start)
    entry = text_of_po[start:end]
    untranslated = entry[: entry.index("msgstr")] + 'msgstr ""'
    catalog.write_text(text_of_po.replace(entry, untranslated), encoding="utf-8")
    article = check(project, draft=True).article
    data = jats(article, schemas_dir)
    marked = translation(parse(data)).findall(".//named-content[@content-type='untranslated']")
    assert len(marked) == 1 and text(marked[0]).startswith(DRAFT_MARK)
    assert marked[0].get(LANG) == "ru"
    assert validate_jats(data, "article.jats.xml", schemas_dir) == []
    assert run_jats4r(data, schemas_dir / "jats4r") == []
