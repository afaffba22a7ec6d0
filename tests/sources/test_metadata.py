"""Reading YAML metadata: values, their lines, and the sample's data as the seed gives it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.build import load
from pubkit.model import Article
from pubkit.problems import Problems
from pubkit.sources.located import Fields, parse_yaml


def test_sample_metadata_is_the_seeds(sample: Article, seed_text: str) -> None:
    assert sample.doi == "10.21682/2311-1267-2025-12-2-96-106"
    assert (sample.year, sample.volume, sample.issue, sample.fpage, sample.lpage) == (
        2025,
        "12",
        "2",
        "96",
        "106",
    )
    assert sample.journal.issn_print == "2311-1267"
    assert sample.journal.issn_electronic == "2413-5496"
    assert sample.journal.doi_prefix == "10.21682"
    assert sample.license.url == "https://creativecommons.org/licenses/by/4.0/"
    assert sample.title.en in seed_text
    for section in sample.abstract:
        for paragraph in section.paragraphs:
            assert paragraph.en in seed_text
    latin = [f"{p.name_en.surname} {p.name_en.initials}" for p in sample.authors]
    assert ", ".join(latin) in seed_text.replace("\xa0", " ")  # the "For citations" line
    for person in sample.authors:
        assert person.position.en in seed_text
        assert person.orcid is None and person.email is None  # the seed gives none
    for aff in sample.affiliations:
        assert aff.name.en in seed_text
        assert aff.address.en in seed_text
        assert aff.country.en == "Russian Federation"
    assert sample.dates.received is None and sample.dates.published is None  # the seed gives none


def test_degrees_and_positions_print_as_about_the_authors(sample: Article, seed_text: str) -> None:
    for person in sample.authors:
        about = ", ".join([*(d.name.en for d in person.degrees), person.position.en])
        assert about in seed_text


def test_fields_keep_lines_and_report_unknown_keys() -> None:
    problems = Problems()
    node = parse_yaml("year: 1\ntitle: text\nvolume: [1, 2]\nyaer: 2\n", "x.yaml", problems)
    fields = Fields.of(node, "", "x.yaml", problems)
    assert fields.scalar("year", int) == 1
    assert fields.scalar("title") == "text"
    assert fields.line_of("volume") == 3
    assert fields.scalar("volume", int) is None
    fields.finish()
    rendered = [p.render() for p in problems]
    assert rendered == [
        "x.yaml:3: error: volume: got a list; expected a whole number [meta.type]",
        "x.yaml:4: error: yaer: unknown key 'yaer'; did you mean 'year'? [meta.unknown-key]",
    ]


def test_duplicate_key_is_reported() -> None:
    problems = Problems()
    Fields.of(parse_yaml("a: 1\na: 2\n", "x.yaml", problems), "", "x.yaml", problems)
    assert [p.code for p in problems] == ["meta.duplicate-key"]


@settings(max_examples=50, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(lambda s: s.strip()))
def test_any_text_survives_yaml_reading(text: str) -> None:
    """Whatever the title's characters, reading gives them back (whitespace normalised)."""
    import yaml

    problems = Problems()
    fields = Fields.of(parse_yaml(yaml.safe_dump({"t": text}), "x.yaml", problems), "", "x.yaml", problems)
    assert fields.scalar("t") == " ".join(text.split())
    assert not problems


def test_journal_yaml_is_not_repeated_per_article() -> None:
    """The sample keeps journal metadata in its own file; article.yaml holds none of it."""
    root = Path(__file__).resolve().parents[2]
    article = (root / "manuscript" / "article.yaml").read_text(encoding="utf-8")
    for journal_only in ("issn", "doi_prefix", "publisher", "2413-5496"):
        assert journal_only not in article


def test_the_udc_is_read_when_given(project: Path) -> None:
    article = project / "manuscript" / "article.yaml"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("\nyear:", '\nudc: "616-006.488-053.2"\nyear:', 1), encoding="utf-8")
    assert load(project).udc == "616-006.488-053.2"
