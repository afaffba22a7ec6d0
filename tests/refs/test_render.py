"""Rendering rich text to HTML and JATS, and the structured JATS element-citation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree, html
from pybtex.richtext import HRef, Tag, Text

from pubkit.problems import Problems
from pubkit.refs.render import element_citation, mixed_citation, to_html, to_jats, to_text
from pubkit.refs.style import format_reference
from pubkit.sources.bibliography import read_bibliography


def test_html_links_doi_and_escapes(refs):
    rendered = to_html(format_reference(refs[13].entry, "en"))
    fragment = html.fragment_fromstring(rendered, create_parent="p")
    (link,) = fragment.findall("a")
    assert link.get("href") == "https://doi.org/10.24287/17261708-2022-21-4-18-30"
    assert fragment.text_content() == to_text(format_reference(refs[13].entry, "en"))
    assert to_html(Text("a < b & ", HRef('x"y', "c"))) == 'a &lt; b &amp; <a href="x&quot;y">c</a>'


def _newlines(text: str) -> str:
    """HTML parsing normalizes line breaks; compare without them mattering."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))))
def test_any_text_survives_escaping(value):
    rich = Text(value, Tag("em", value), HRef("https://doi.org/10.1/" + value, value))
    parent = to_jats(rich, etree.Element("p"))
    assert "".join(etree.fromstring(etree.tostring(parent)).itertext()) == to_text(rich)
    fragment = html.fromstring(f"<div>{to_html(rich)}.</div>")
    assert _newlines(fragment.text_content()) == _newlines(to_text(rich) + ".")


def test_mixed_citation_has_doi_pub_id(refs):
    element = mixed_citation(refs[1], "en")
    assert element.get("publication-type") == "book"
    assert element.xpath("pub-id[@pub-id-type='doi']/text()") == ["10.1007/978-3-030-18396-7_12"]
    assert "".join(element.itertext()) == to_text(format_reference(refs[1].entry, "en"))


def test_element_citation_journal(refs):
    element = element_citation(refs[6], "en")  # Brodeur 1993
    assert element.get("publication-type") == "journal"
    names = element.xpath("person-group[@person-group-type='author']/name")
    assert len(names) == 10
    assert names[6].xpath("string(surname)") == "De Bernardi"
    assert [
        element.xpath(f"string({tag})") for tag in ("source", "year", "volume", "issue", "fpage", "lpage")
    ] == ["J Clin Oncol", "1993", "11", "8", "1466", "1477"]
    assert element.xpath("string(pub-id[@pub-id-type='doi'])") == "10.1200/JCO.1993.11.8.1466"


def test_element_citation_russian_source(refs):
    en, ru = element_citation(refs[13], "en"), element_citation(refs[13], "ru")
    assert en.xpath("string(person-group/name[4]/given-names)") == "R.Kh."
    assert (
        en.xpath("string(trans-source[@xml:lang='en'])")
        == "Pediatric Hematology/Oncology and Immunopathology"
    )
    assert ru.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert ru.xpath("string(person-group/name[1]/surname)") == "Андреева"
    book = element_citation(refs[0], "en")
    assert book.xpath("string(size[@units='pages'])") == "104"
    assert book.xpath("string(publisher-loc)") == "M."


def test_article_number_is_elocation_and_no_empty_elements(refs):
    assert element_citation(refs[2], "en").xpath("string(elocation-id)") == "6196"
    for ref in refs:
        for lang in ("en", "ru"):
            for element in element_citation(ref, lang).iter():
                assert len(element) or (element.text or "").strip(), (ref.key, element.tag)


def test_et_al_is_an_etal_element_not_a_name() -> None:
    text = (
        "@article{smith2020,\n  author = {Smith, John and Brown, A. and others},\n  title = {T},\n"
        "  journal = {J}, year = {2020}, volume = {1}, pages = {1--2},\n}\n"
    )
    (ref,) = read_bibliography(text, "refs.bib", Problems())
    group = element_citation(ref, "en").find("person-group")
    assert [child.tag for child in group] == ["name", "name", "etal"]
