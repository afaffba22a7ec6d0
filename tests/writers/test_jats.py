"""The JATS writer on the sample article.

DTD-valid (1.3 and 1.4), the seed's data, JATS4R, a pandoc round trip (the translation: test_jats_translation.py).
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from pubkit.build import produce
from pubkit.cli import main
from pubkit.model import Article, Localized
from pubkit.problems import PubkitError
from pubkit.tools import pandoc
from pubkit.validate import validate_jats
from pubkit.writers import WRITERS, Options, Output
from pubkit.writers.jats import FILENAME, write_jats

from .jats4r import run_jats4r
from .jats_helpers import jats, parse, text

NS = {"xlink": "http://www.w3.org/1999/xlink", "ali": "http://www.niso.org/schemas/ali/1.0/"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

# JATS4R errors-phase rules the sample's JATS fails, with the reason. A new failure fails
# the run, and so does a listed gap that no longer fails (remove it then).
JATS4R_KNOWN_GAPS: dict[str, str] = {}


def _seed_section(seed: str, start: str, end: str) -> str:
    return seed.split(f"\n{start}\n", 1)[1].split(f"\n{end}\n", 1)[0].strip()


# -- the document -------------------------------------------------------------------------


def test_registered_as_a_writer() -> None:
    assert WRITERS["jats"].load() is write_jats


@pytest.mark.parametrize("version", ["1.3", "1.4"])
def test_sample_is_valid_against_the_dtd(sample: Article, schemas_dir: Path, version: str) -> None:
    data = jats(sample, schemas_dir, version)
    assert validate_jats(data, FILENAME, schemas_dir, version) == []
    root = parse(data)
    assert root.get("dtd-version") == version
    assert f"MathML3 v{version} " in data.split(b"\n", 2)[1].decode()


def test_document_element(tree: etree._Element) -> None:
    assert tree.get("article-type") == "case-report"
    assert tree.get(LANG) == "ru"
    assert {"xlink", "mml", "ali"} <= set(tree.nsmap)


def test_deterministic_and_pretty_printed(sample: Article, schemas_dir: Path, jats_bytes: bytes) -> None:
    assert jats(sample, schemas_dir) == jats_bytes
    assert b"\n    <journal-meta>\n" in jats_bytes


def test_no_empty_elements(tree: etree._Element) -> None:
    empty = [
        e.tag for e in tree.iter(etree.Element) if not len(e) and not (e.text or "").strip() and not e.attrib
    ]
    assert empty == []


def test_ids_are_ascii_and_unique(tree: etree._Element) -> None:
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", i) for i in ids), ids


# -- journal-meta and article-meta ------------------------------------------------------------


def test_doi(tree: etree._Element, seed_text: str) -> None:
    doi = tree.xpath("string(front/article-meta/article-id[@pub-id-type='doi'])")
    assert f"https://doi.org/{doi}" in seed_text
    assert doi == "10.21682/2311-1267-2025-12-2-96-106"


def test_issns_with_publication_format(tree: etree._Element, seed_text: str) -> None:
    issns = {i.get("publication-format"): i.text for i in tree.iterfind("front/journal-meta/issn")}
    assert issns == {"print": "2311-1267", "electronic": "2413-5496"}
    # PMC's StyleChecker requires the JATS 1.0 pub-type beside it
    assert [i.get("pub-type") for i in tree.iterfind("front/journal-meta/issn")] == ["ppub", "epub"]
    assert "ISSN 2311-1267 (Print)" in seed_text and "ISSN 2413-5496 (Online)" in seed_text


def test_journal_titles(tree: etree._Element, seed_text: str) -> None:
    group = tree.find("front/journal-meta/journal-title-group")
    assert group.findtext("journal-title") == "Российский журнал детской гематологии и онкологии"
    trans = group.find("trans-title-group[@xml:lang='en']", {"xml": "http://www.w3.org/XML/1998/namespace"})
    assert trans is not None and trans.findtext("trans-title") in seed_text


def test_cc_by_license(tree: etree._Element) -> None:
    licenses = tree.xpath("front/article-meta/permissions/license")
    assert {lic.get(LANG) for lic in licenses} == {"ru", "en"}
    for lic in licenses:
        assert lic.get("license-type") == "open-access"
        href = lic.get(f"{{{NS['xlink']}}}href")
        assert href == lic.xpath("string(ali:license_ref)", namespaces=NS) == CC_BY
        assert lic.findtext("license-p")
    en = tree.xpath("string(//license[@xml:lang='en']/license-p)")
    assert en == "This work is licensed under a Creative Commons Attribution 4.0 License."
    # one copyright statement and holder per permissions (JATS4R): Russian here, English in the translation
    permissions = tree.find("front/article-meta/permissions")
    assert permissions.findtext("copyright-year") == "2025"
    assert [e.text for e in permissions.iterfind("copyright-holder")] == ["Авторы"]
    assert [e.text for e in permissions.iterfind("copyright-statement")] == ["© 2025 Авторы"]
    stub = tree.find("sub-article/front-stub/permissions")
    assert [e.text for e in stub.iterfind("copyright-statement")] == ["© 2025 The Authors"]
    assert [e.text for e in stub.iterfind("copyright-holder")] == ["The Authors"]


def _seed_authors(seed: str) -> dict[str, str]:
    """English name → affiliation line, from the seed's "About the Authors"."""
    blocks = _seed_section(seed, "About the Authors", "References").split("\n\n\n\n")
    out = {}
    for block in blocks:
        lines = block.strip().splitlines()
        out[lines[0]] = lines[1]
    return out


def test_all_authors_with_both_names_and_affiliations(tree: etree._Element, seed_text: str) -> None:
    seed = _seed_authors(seed_text)
    contribs = tree.xpath("front/article-meta/contrib-group/contrib[@contrib-type='author']")
    assert len(contribs) == 10 == len(seed)
    printed = []
    for contrib in contribs:
        ru = contrib.find(
            "name-alternatives/name[@xml:lang='ru']", {"xml": "http://www.w3.org/XML/1998/namespace"}
        )
        en = contrib.find(
            "name-alternatives/name[@xml:lang='en']", {"xml": "http://www.w3.org/XML/1998/namespace"}
        )
        assert re.fullmatch(r"[А-ЯЁ][а-яё]+", ru.findtext("surname"))
        assert re.fullmatch(r"[A-Z][a-z]+", en.findtext("surname"))
        initials = en.findtext("given-names").replace(".", ". ").strip()
        name = f"{initials} {en.findtext('surname')}"
        printed.append(name)
        (rid,) = contrib.xpath("xref[@ref-type='aff']/@rid")
        (aff,) = tree.xpath(f"//aff[@id='{rid}']")
        assert aff.xpath("string(institution[@xml:lang='en'])") == seed[name]
    assert printed == list(seed)


def test_both_affiliations_in_both_languages(tree: etree._Element) -> None:
    affs = tree.xpath("front/article-meta/contrib-group/aff")
    assert len(affs) == 2
    for aff in affs:
        institutions = {i.get(LANG): i.text for i in aff.iterfind("institution")}
        assert set(institutions) == {"ru", "en"}
        assert re.search("[А-Яа-я]", institutions["ru"]) and institutions["en"].isascii()
        assert [c.get("country") for c in aff.iterfind("country")] == ["RU", "RU"]
    assert "Pirogov" in affs[0].xpath("string(institution[@xml:lang='en'])")


def test_authors_bios(tree: etree._Element, seed_text: str) -> None:
    bios = tree.xpath("//contrib/bio[@xml:lang='en']/p/text()")
    assert len(bios) == 10
    assert all(bio in seed_text for bio in bios)


def test_title_and_trans_title(tree: etree._Element, seed_text: str) -> None:
    group = tree.find("front/article-meta/title-group")
    assert group.findtext("article-title").startswith("Изолированные лептоменингеальные")
    trans = group.xpath("trans-title-group[@xml:lang='en']/trans-title")[0]
    assert trans.text == "Isolated leptomeningeal relapses in high-risk neuroblastoma"
    assert f"\n{trans.text}\n" in seed_text


def test_trans_abstract_is_the_seed_abstract(tree: etree._Element, seed_text: str) -> None:
    seed = [p.strip() for p in _seed_section(seed_text, "Abstract", "About the Authors").split("\n\n")]
    ours = []
    for sec in tree.xpath("front/article-meta/trans-abstract[@xml:lang='en']/sec"):
        paragraphs = [text(p) for p in sec.iterfind("p")]
        ours += [f"{sec.findtext('title')}. {paragraphs[0]}", *paragraphs[1:]]
    assert ours == seed
    assert len(tree.xpath("front/article-meta/abstract/sec/title")) == 4


def test_keywords_in_both_languages(tree: etree._Element, sample: Article) -> None:
    # the article's own language needs no xml:lang (JATS4R warns that it is unnecessary)
    for lang, group in (("ru", "not(@xml:lang)"), ("en", "@xml:lang='en'")):
        words = tree.xpath(f"front/article-meta/kwd-group[{group}]/kwd/text()")
        assert words == [k.get(lang) for k in sample.keywords]
    assert "neuroblastoma" in tree.xpath("//kwd-group[@xml:lang='en']/kwd/text()")


def test_dates_only_as_known(tree: etree._Element) -> None:
    # no publication day: only the print issue is dated (PMC wants an e-pub date beside an electronic one)
    dates = tree.xpath("front/article-meta/pub-date")
    assert [(d.get("publication-format"), d.findtext("year")) for d in dates] == [("print", "2025")]
    assert not tree.xpath("//pub-date/day | //pub-date/month | //history")


def test_optional_metadata_when_present(sample: Article, schemas_dir: Path) -> None:
    first = dataclasses.replace(
        sample.authors[0], orcid="0000-0002-1825-0097", email="turchina@example.org", corresponding=True
    )
    article = dataclasses.replace(
        sample,
        authors=(first, *sample.authors[1:]),
        funding=Localized("Исследование без спонсорской поддержки.", "The study had no sponsorship."),
        conflict_of_interest=Localized("Конфликт интересов отсутствует.", "No conflict of interest."),
        dates=dataclasses.replace(
            sample.dates, received=datetime.date(2025, 1, 31), published=datetime.date(2025, 6, 30)
        ),
    )
    root = parse(jats(article, schemas_dir))
    contrib = root.xpath("//contrib")[0]
    assert contrib.get("corresp") == "yes"
    assert contrib.findtext("contrib-id[@contrib-id-type='orcid']") == "https://orcid.org/0000-0002-1825-0097"
    (rid,) = contrib.xpath("xref[@ref-type='corresp']/@rid")
    assert root.xpath(f"string(//author-notes/corresp[@id='{rid}']/email)") == "turchina@example.org"
    assert len(root.xpath("//funding-group/funding-statement")) == 2
    assert text(root.xpath("//fn[@fn-type='coi-statement'][@xml:lang='en']")[0]) == "No conflict of interest."
    assert root.xpath("string(//history/date[@date-type='received']/@iso-8601-date)") == "2025-01-31"
    assert root.xpath("string(//pub-date[@date-type='pub']/day)") == "30"
    collections = root.xpath("//article-meta/pub-date[@date-type='collection']/@publication-format")
    assert collections == ["print", "electronic"]
    assert run_jats4r(etree.tostring(root), schemas_dir / "jats4r") == []


# -- body and back ----------------------------------------------------------------------------


def _seed_refs(seed: str) -> list[str]:
    text = _seed_section(seed, "References", "Review")
    return [re.sub(r"^\d+\. ", "", block.strip()) for block in text.split("\n\n")]


def test_references_in_citation_order_with_seed_dois(tree: etree._Element, seed_text: str) -> None:
    seed = _seed_refs(seed_text)
    refs = tree.xpath("back/ref-list/ref")
    assert len(refs) == 20 == len(seed)
    for number, (ref, printed) in enumerate(zip(refs, seed, strict=True), start=1):
        assert ref.get("id") == f"ref-{number}" and ref.findtext("label") == str(number)
        english = ref.xpath("citation-alternatives/mixed-citation[@xml:lang='en']")[0]
        assert text(english) == printed
        match = re.search(r"doi: (\S+)\.$", printed)
        dois = ref.xpath(".//element-citation/pub-id[@pub-id-type='doi']/text()")
        assert dois == ([match.group(1)] * len(dois) if match else []) and (dois or not match)


def test_russian_sources_carry_both_languages(tree: etree._Element) -> None:
    ref = tree.xpath("back/ref-list/ref[@id='ref-14']/citation-alternatives")[0]
    langs = [(c.tag, c.get(LANG)) for c in ref]
    assert langs == [
        ("element-citation", "ru"),
        ("element-citation", "en"),
        ("mixed-citation", "ru"),
        ("mixed-citation", "en"),
    ]


def test_every_bibr_xref_resolves(tree: etree._Element) -> None:
    ids = set(tree.xpath("//@id"))
    xrefs = tree.xpath("//body//xref[@ref-type='bibr']")
    assert xrefs and all(x.get("rid") in ids and x.get("rid").startswith("ref-") for x in xrefs)
    assert all(rid in ids for x in tree.xpath("//xref/@rid") for rid in x.split())
    cited = {x.get("rid") for x in xrefs}
    assert {f"ref-{n}" for n in (1, 2, 3, 4, 5, 6, 8, 20)} <= cited


def test_citations_print_as_the_journal_numbers_them(tree: etree._Element) -> None:
    body = text(tree.find("body"))
    assert "[3, 4]" in body and "[6–8]" in body


def test_table_with_caption(tree: etree._Element) -> None:
    (wrap,) = tree.xpath("body//table-wrap")
    assert wrap.get("id") == "tbl-patients"
    assert text(wrap.find("caption")).startswith("Возраст пациентов")
    assert len(wrap.xpath("table/tbody/tr")) == 2


# -- conformance ------------------------------------------------------------------------------


def test_jats4r_errors_phase(jats_bytes: bytes, schemas_dir: Path) -> None:
    failures = run_jats4r(jats_bytes, schemas_dir / "jats4r")
    failing = {f"{f.pattern}: {f.test}" for f in failures}
    assert failing == set(JATS4R_KNOWN_GAPS), [f"{f.pattern} at {f.location}: {f.message}" for f in failures]


def test_jats4r_runner_catches_violations(jats_bytes: bytes, schemas_dir: Path) -> None:
    broken = jats_bytes.replace(
        b"<ali:license_ref>https://creativecommons.org/licenses/by/4.0/",
        b"<ali:license_ref>https://example.org/",
        1,
    )
    broken = broken.replace(
        b'<xref ref-type="aff" rid="aff-pirogov">', b'<xref ref-type="aff" rid="aff-nowhere">', 1
    )
    patterns = {f.pattern for f in run_jats4r(broken, schemas_dir / "jats4r")}
    assert {"permissions-errors", "auths-aff-errors"} <= patterns


def _plain(node: object) -> str:
    """The text of pandoc JSON inlines/blocks: ``Str`` values and spaces."""
    if isinstance(node, list):
        return "".join(_plain(item) for item in node)
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        if node.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if node.get("t") in ("Para", "Header"):
            return _plain(node.get("c")) + "\n"
        return _plain(node.get("c"))
    return ""


def test_pandoc_reads_it_back(jats_bytes: bytes, sample: Article) -> None:
    meta = json.loads(pandoc(["-f", "jats", "-t", "json"], jats_bytes.decode("utf-8"), what=FILENAME))["meta"]
    assert _plain(meta["title"]) == sample.title.ru
    authors = [_plain(author) for author in meta["author"]["c"]]
    assert authors == [f"{a.name_ru.given} {a.name_ru.surname}" for a in sample.authors]
    abstract = _plain(meta["abstract"]).splitlines()
    assert abstract[:2] == [sample.abstract[0].title.ru, sample.abstract[0].paragraphs[0].ru]


# -- refusing invalid output --------------------------------------------------------------------


def test_invalid_output_is_an_error(sample: Article, schemas_dir: Path, monkeypatch) -> None:
    ast = json.loads(sample.body.ast.ru)
    ast["blocks"].append({"t": "RawBlock", "c": ["jats", "<bogus/>"]})
    article = dataclasses.replace(
        sample,
        body=dataclasses.replace(sample.body, ast=dataclasses.replace(sample.body.ast, ru=json.dumps(ast))),
    )
    with pytest.raises(PubkitError) as caught:
        produce(article, ["jats"], Options(), schemas=schemas_dir)
    assert {p.code for p in caught.value.problems} == {"body.markup"}  # raw JATS never reaches the writer

    build_module = importlib.import_module("pubkit.build")
    real = build_module.render

    def bogus(*args, **kwargs):
        outputs = real(*args, **kwargs)
        main_file, *rest = outputs["jats"].files
        outputs["jats"] = Output((dataclasses.replace(main_file, data=b"<article><bogus/></article>"), *rest))
        return outputs

    monkeypatch.setattr(build_module, "render", bogus)
    with pytest.raises(PubkitError) as caught:
        produce(sample, ["jats"], Options(), schemas=schemas_dir)
    assert {p.code for p in caught.value.problems} == {"jats.invalid"}
    assert any("bogus" in p.message and p.file == FILENAME for p in caught.value.problems)


def test_unknown_version_is_a_usage_error(sample: Article, schemas_dir: Path) -> None:
    with pytest.raises(PubkitError) as caught:
        write_jats(sample, Options(jats_version="2.0"))
    assert caught.value.exit_code == 2


def test_cli_jats_writes_a_valid_file(project: Path, schemas_dir: Path, capsys) -> None:
    out = project / "out" / "a.xml"
    assert (
        main(["jats", str(project), "-o", str(out), "--jats-version", "1.4", "--schemas", str(schemas_dir)])
        == 0
    )
    assert b'dtd-version="1.4"' in out.read_bytes()
    assert main(["validate", str(out), "--schemas", str(schemas_dir)]) == 0
    assert "valid:" in capsys.readouterr().out


def test_cli_jats_leaves_no_invalid_file(project: Path, schemas_dir: Path, capsys, monkeypatch) -> None:
    """Raw JATS in the body is refused by check; an invalid JATS a writer made is never written."""
    article_md = project / "manuscript" / "article.md"
    source = article_md.read_text(encoding="utf-8")
    article_md.write_text(source + "\n```{=jats}\n<bogus/>\n```\n", encoding="utf-8")
    assert main(["jats", str(project), "--schemas", str(schemas_dir)]) == 1
    assert "[body.markup]" in capsys.readouterr().err
    article_md.write_text(source, encoding="utf-8")

    build_module = importlib.import_module("pubkit.build")
    real = build_module.render

    def broken(*args, **kwargs):
        outputs = real(*args, **kwargs)
        main_file, *rest = outputs["jats"].files
        outputs["jats"] = Output((dataclasses.replace(main_file, data=b"<article><bogus/></article>"), *rest))
        return outputs

    monkeypatch.setattr(build_module, "render", broken)
    assert main(["jats", str(project), "--schemas", str(schemas_dir)]) == 1
    assert not (project / "build").exists()
    assert "[jats.invalid]" in capsys.readouterr().err
