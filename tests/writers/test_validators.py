"""The JATS of every fixture and the sample passes the validators PMC and JATS4R run: 0 errors, 0 warnings.

NCBI's PMC StyleChecker (``pubkit validate --pmc``, :func:`pubkit.validate.stylecheck`) and
both phases of the JATS4R Schematron (errors and warnings, run to the end) read each
golden JATS, which ``test_golden`` keeps equal to what the writers make, and the sample
with every optional field filled in (publication day, ORCID, corresponding author,
funding, conflict of interest), in JATS 1.3 and 1.4.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from pubkit.cli import main
from pubkit.model import Article, Localized
from pubkit.problems import Severity
from pubkit.validate import stylecheck

from .jats4r import run_jats4r
from .jats_helpers import jats

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
JATS_FILES = sorted(GOLDEN.rglob("article.jats.xml"))


def _every_field(sample: Article) -> Article:
    first = dataclasses.replace(
        sample.authors[0], orcid="0000-0002-1825-0097", email="turchina@example.org", corresponding=True
    )
    return dataclasses.replace(
        sample,
        authors=(first, *sample.authors[1:]),
        funding=Localized("Исследование без спонсорской поддержки.", "The study had no sponsorship."),
        conflict_of_interest=Localized("Конфликт интересов отсутствует.", "No conflict of interest."),
        dates=dataclasses.replace(
            sample.dates,
            received=datetime.date(2025, 1, 31),
            accepted=datetime.date(2025, 3, 15),
            published=datetime.date(2025, 6, 30),
        ),
    )


@pytest.fixture(scope="module")
def documents(sample: Article, schemas_dir: Path) -> dict[str, bytes]:
    made = {str(path.relative_to(GOLDEN)): path.read_bytes() for path in JATS_FILES}
    made["sample, every optional field"] = jats(_every_field(sample), schemas_dir)
    made["sample, every optional field, JATS 1.4"] = jats(_every_field(sample), schemas_dir, "1.4")
    return made


def test_every_fixture_is_checked() -> None:
    assert {path.parent.name for path in JATS_FILES} == {
        "sample",
        "minimal",
        "no-translation",
        "01-follow-up",
        "02-late-effects",
    }


def test_pmc_stylechecker_finds_nothing(documents: dict[str, bytes], schemas_dir: Path) -> None:
    found = {
        name: [p.render() for p in stylecheck(data, name, schemas_dir)] for name, data in documents.items()
    }
    assert found == {name: [] for name in documents}


@pytest.mark.parametrize("phase", ["errors", "warnings"])
def test_jats4r_phase_finds_nothing(documents: dict[str, bytes], schemas_dir: Path, phase: str) -> None:
    found = {
        name: [
            f"{f.role} {f.pattern} at {f.location}: {f.message}"
            for f in run_jats4r(data, schemas_dir / "jats4r", phase)
        ]
        for name, data in documents.items()
    }
    assert found == {name: [] for name in documents}


def test_stylechecker_reports_errors_and_warnings_with_lines(schemas_dir: Path) -> None:
    data = (GOLDEN / "sample" / "article.jats.xml").read_bytes()
    broken = data.replace(b' pub-type="ppub"', b"", 1).replace(
        b"</article-categories>",
        b'<subj-group subj-group-type="heading"><subject>X</subject></subj-group></article-categories>',
        1,
    )
    found = stylecheck(broken, "a.xml", schemas_dir)
    assert [(p.severity, p.code) for p in found] == [
        (Severity.ERROR, "pmc.style"),
        (Severity.WARNING, "pmc.style"),
    ]
    assert "issn must have a pub-type attribute" in found[0].message and found[0].line == 5
    assert "More than one subj-group" in found[1].message
    assert found[1].line == data.decode().splitlines().index("      <article-categories>") + 1


def test_stylechecker_resolves_xrefs_without_the_dtd(schemas_dir: Path) -> None:
    """The document's DOCTYPE is never followed, yet every ``xref`` finds its target (typed ids)."""
    data = (GOLDEN / "sample" / "article.jats.xml").read_bytes()
    assert b'<xref rid="ref-1"' in data
    broken = data.replace(b'<ref id="ref-1">', b'<ref id="ref-x">', 1)
    assert any("target of <xref>" in p.message for p in stylecheck(broken, "a.xml", schemas_dir))


def test_validate_pmc_on_the_command_line(capsys, tmp_path: Path, schemas_dir: Path) -> None:
    good = GOLDEN / "sample" / "article.jats.xml"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good.read_bytes().replace(b' pub-type="ppub"', b"", 1))

    def run(*args: str) -> tuple[int, str, str]:
        status = main([*args, "--schemas", str(schemas_dir)])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    assert run("validate", "--pmc", str(good))[:2] == (0, f"valid: {good}\n")
    assert run("validate", str(bad))[0] == 0  # DTD-valid: only the StyleChecker minds
    status, _, err = run("validate", "--pmc", str(bad))
    assert status == 1 and f"{bad}:5: error: journal-meta-check: issn must have a pub-type" in err
