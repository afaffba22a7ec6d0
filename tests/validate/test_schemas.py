"""DTD validation of JATS files and where the schemas are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from pubkit.problems import EnvironmentProblem
from pubkit.validate import validate_jats
from pubkit.validate.schemas import locate_schemas

MINIMAL = b"""<?xml version="1.0"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD with MathML3 v1.3 20210610//EN" "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3-mathml3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3">
  <front>
    <journal-meta><journal-id>rjpho</journal-id><issn>2311-1267</issn></journal-meta>
    <article-meta><title-group><article-title>T</article-title></title-group><pub-date><year>2025</year></pub-date></article-meta>
  </front>
</article>
"""


FILE = "a.xml"


def test_valid_document_has_no_errors(schemas_dir: Path) -> None:
    assert validate_jats(MINIMAL, FILE, schemas_dir) == []


def test_errors_carry_line_numbers(schemas_dir: Path) -> None:
    errors = validate_jats(MINIMAL.replace(b"<title-group>", b"<bogus/><title-group>"), FILE, schemas_dir)
    assert errors and all((e.file, e.line, e.code) == (FILE, 6, "jats.invalid") for e in errors)
    assert any("No declaration for element bogus" in e.message for e in errors)


def test_version_from_the_document_or_the_caller(schemas_dir: Path) -> None:
    as_14 = MINIMAL.replace(b'dtd-version="1.3"', b'dtd-version="1.4"')
    assert validate_jats(as_14, FILE, schemas_dir) == []
    assert any("dtd-version" in e.message for e in validate_jats(as_14, FILE, schemas_dir, "1.3"))
    [unknown] = validate_jats(MINIMAL.replace(b'"1.3">', b'"0.9">'), FILE, schemas_dir)
    assert (unknown.line, unknown.message) == (
        3,
        "dtd-version '0.9' is not a JATS version pubkit validates (1.3, 1.4)",
    )


def test_malformed_xml(schemas_dir: Path) -> None:
    errors = validate_jats(b"<article>\n<p></article>", FILE, schemas_dir)
    assert errors and errors[0].line == 2 and errors[0].message.startswith("not well-formed XML")


def test_missing_dtd_is_an_environment_problem(tmp_path: Path) -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        validate_jats(MINIMAL, FILE, tmp_path)
    assert caught.value.exit_code == 3


def test_locate_explicit_then_environment(schemas_dir: Path, tmp_path: Path, monkeypatch) -> None:
    assert locate_schemas(schemas_dir) == schemas_dir
    with pytest.raises(EnvironmentProblem):
        locate_schemas(tmp_path)
    monkeypatch.setenv("PUBKIT_SCHEMAS", str(schemas_dir))
    assert locate_schemas() == schemas_dir


def test_nothing_found_says_where_it_looked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_SCHEMAS", str(tmp_path / "env"))
    monkeypatch.setenv("PUBKIT_CACHE", str(tmp_path / "cache"))
    with pytest.raises(EnvironmentProblem) as caught:
        locate_schemas()
    message = caught.value.problems[0].message
    assert str(tmp_path / "env") in message and str(tmp_path / "cache") in message
