"""Golden files: the whole outputs of every fixture project, built under a fixed SOURCE_DATE_EPOCH.

``tests/golden/<project>/`` holds what each project builds: the JATS, both HTML pages,
the Typst sources of both PDFs (markup and the layout's data), ``model.json``, the
MECA manifest, the translation template and XLIFF, and the registry deposits; ``issue-two-articles/issue/`` the issue's own. A change to any output shows as a diff of these files, reviewed in its
commit; ``pytest --update-golden`` rewrites them. Each golden is also validated against
its schema here, so a reviewed golden is a valid one.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from pubkit.build import check, issue_outputs, render
from pubkit.validate import validate
from pubkit.writers import Options
from pubkit.writers.typst_source import typst_source

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
EPOCH = "1750000000"  # 2025-06-15 15:06:40 UTC
ALL = ("model", "jats", "html", "package", "typst", "pot", "xliff")
DEPOSITS = ("crossref", "doaj", "rsci")
# project → (folder, draft build, outputs). A draft is never deposited; the minimal journal
# has no registry settings.
PROJECTS = {
    "sample": (ROOT, False, (*ALL, *DEPOSITS)),
    "minimal": (ROOT / "tests/projects/minimal", False, ALL),
    "no-translation": (ROOT / "tests/projects/no-translation", True, ALL),
    "issue-two-articles/01-follow-up": (
        ROOT / "tests/projects/issue-two-articles/01-follow-up",
        False,
        (*ALL, *DEPOSITS),
    ),
    "issue-two-articles/02-late-effects": (
        ROOT / "tests/projects/issue-two-articles/02-late-effects",
        False,
        (*ALL, *DEPOSITS),
    ),
}
ISSUES = {"issue-two-articles/issue": ROOT / "tests/projects/issue-two-articles"}
TEXT_SUFFIXES = (".xml", ".html", ".json", ".typ", ".pot", ".xlf")


def _pretty_json(data: str) -> bytes:
    return (json.dumps(json.loads(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def golden_outputs(root: Path, draft: bool, formats: tuple[str, ...]) -> dict[str, bytes]:
    """The text outputs of the project at ``root`` worth reviewing, by golden file name."""
    report = check(root, draft)
    assert report.ok, [p.render() for p in report.problems]
    article = report.article
    writers = [name for name in formats if name != "typst"]
    outputs = render(article, writers, Options(), report.loaded.sources, int(EPOCH))
    files = {a.path: a.data for name in writers for a in outputs[name].files}
    out = {name: data for name, data in files.items() if name.endswith(TEXT_SUFFIXES)}
    if "package" in formats:
        with zipfile.ZipFile(io.BytesIO(files[f"{article.doi_suffix}.meca.zip"])) as zf:
            out["meca/manifest.xml"] = zf.read("manifest.xml")
    for lang in ("ru", "en"):
        if "typst" not in formats or article.body.ast.get(lang) is None:
            continue
        source = typst_source(article, lang)
        out[f"pdf/{lang}.typ"] = source.markup.encode()
        out[f"pdf/{lang}.json"] = _pretty_json(source.data)
    return dict(sorted(out.items()))


def issue_golden_outputs(root: Path) -> dict[str, bytes]:
    """The issue-level text outputs of the issue at ``root``: its deposits, by golden file name."""
    made = issue_outputs(root, [*DEPOSITS, "toc"])
    assert not made.failed, made.failed
    return {
        a.path: a.data for a in sorted(made.files, key=lambda a: a.path) if a.path.endswith(TEXT_SUFFIXES)
    }


@pytest.fixture(scope="module")
def built(monkeypatch_module) -> dict[str, dict[str, bytes]]:
    outputs = {name: golden_outputs(*spec) for name, spec in PROJECTS.items()}
    return outputs | {name: issue_golden_outputs(root) for name, root in ISSUES.items()}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield patch


def _golden_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("name", [*PROJECTS, *ISSUES])
def test_outputs_equal_the_golden_files(name: str, built, request: pytest.FixtureRequest) -> None:
    folder = GOLDEN / name
    outputs = built[name]
    if request.config.getoption("--update-golden"):
        for old in _golden_files(folder):
            if old not in outputs:
                (folder / old).unlink()
        for rel, data in outputs.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
    golden = _golden_files(folder)
    assert sorted(golden) == sorted(outputs), "outputs added or removed; run pytest --update-golden"
    for rel, data in outputs.items():
        assert data == golden[rel], f"{name}/{rel} differs from its golden file; run pytest --update-golden"


def _jats_dtd(schemas: Path) -> etree.DTD:
    return etree.DTD(str(schemas / "jats-publishing-1.x" / "1.3" / "JATS-journalpublishing1-3-mathml3.dtd"))


@pytest.mark.parametrize("name", [*PROJECTS, *ISSUES])
def test_golden_files_are_valid(name: str, schemas_dir: Path) -> None:
    """The reviewed goldens pass their schemas: JATS and MECA DTDs, strict HTML5, JSON."""
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    files = _golden_files(GOLDEN / name)
    assert files, f"no golden files for {name}; run pytest --update-golden"
    for rel, data in files.items():
        if rel.endswith(".jats.xml"):
            dtd = _jats_dtd(schemas_dir)
            assert dtd.validate(etree.fromstring(data, parser)), (rel, dtd.error_log.filter_from_errors())
        elif rel == "meca/manifest.xml":
            dtd = etree.DTD(str(schemas_dir / "meca" / "schema" / "manifest-1.0.dtd"))
            assert dtd.validate(etree.fromstring(data, parser)), (rel, dtd.error_log.filter_from_errors())
        elif rel.endswith(".html"):
            html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)
        elif rel.endswith(".json"):
            json.loads(data)
        elif rel.endswith("crossref.xml"):
            assert validate("crossref-5.3.1", data, rel, schemas_dir) == []
        elif rel.endswith("doaj.xml"):
            assert validate("doaj", data, rel, schemas_dir) == []
        elif rel.endswith(".xlf"):
            assert validate("xliff-1.2", data, rel, schemas_dir) == []
