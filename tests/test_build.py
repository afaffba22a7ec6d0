"""The Python API without the CLI: check, build, build_file and build_issue, and what they promise."""

from __future__ import annotations

import builtins
import collections
import dataclasses
import importlib
import pathlib
import shutil
from pathlib import Path

import pytest

from pubkit.build import FORMATS, build, build_file, build_issue, check, check_issue_folder, load
from pubkit.incremental import MANIFEST
from pubkit.problems import PubkitError
from pubkit.writers import WRITERS, Output

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = ROOT / "tests" / "projects"
ISSUE = PROJECTS / "issue-two-articles"
BUILD_MODULE = importlib.import_module(
    "pubkit.build"
)  # the package exports the function build as pubkit.build


def test_a_plain_build_makes_every_output_but_the_deposits() -> None:
    assert FORMATS == ("model", "jats", "html", "pdf", "package")
    on_request = {name for name, spec in WRITERS.items() if not spec.default}
    assert on_request == {"pot", "xliff", "crossref", "doaj", "rsci"}


def test_build_reads_each_source_file_once(project: Path, tmp_path: Path, monkeypatch) -> None:
    reads: collections.Counter[str] = collections.Counter()
    root = project.resolve()

    def counted(original):
        def read(self, *args, **kwargs):
            path = Path(self).resolve()
            if path.is_relative_to(root):
                reads[path.relative_to(root).as_posix()] += 1
            return original(self, *args, **kwargs)

        return read

    real_open = builtins.open

    def counted_open(file, *args, **kwargs):
        if isinstance(file, str | pathlib.PurePath) and Path(file).resolve().is_relative_to(root):
            reads[Path(file).resolve().relative_to(root).as_posix()] += 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "read_bytes", counted(pathlib.Path.read_bytes))
    monkeypatch.setattr(pathlib.Path, "read_text", counted(pathlib.Path.read_text))
    monkeypatch.setattr(builtins, "open", counted_open)
    build(project, tmp_path / "out")
    sources = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert dict(reads) == dict.fromkeys(sources, 1)


def test_check_then_build_agree_on_every_fixture(tmp_path: Path) -> None:
    for folder in (PROJECTS / "minimal", ISSUE / "01-follow-up", ISSUE / "02-late-effects"):
        assert check(folder).ok
        written = build(folder, tmp_path / folder.name).written
        assert {p.name for p in written} >= {"article.jats.xml", "model.json", "index.html"}


def test_a_draft_is_the_marked_view_and_a_plain_build_refuses_it(tmp_path: Path) -> None:
    folder = PROJECTS / "no-translation"
    assert not check(folder).ok
    with pytest.raises(PubkitError) as caught:
        build(folder, tmp_path / "plain")
    assert {p.code for p in caught.value.problems} == {"i18n.missing"}
    assert not (tmp_path / "plain").exists()
    article = load(folder, draft=True)
    assert article.draft and article.title.en.startswith("[untranslated] ")
    build(folder, tmp_path / "draft", ["html"], draft=True)
    assert "[untranslated]" in (tmp_path / "draft" / "en" / "index.html").read_text(encoding="utf-8")


def test_raw_jats_in_the_body_is_refused_before_any_writer(project: Path, tmp_path: Path) -> None:
    body = project / "manuscript" / "article.md"
    body.write_text(body.read_text(encoding="utf-8") + "\n```{=jats}\n<bogus/>\n```\n", encoding="utf-8")
    with pytest.raises(PubkitError) as caught:
        build(project, tmp_path / "out", ["model", "jats"])
    assert {p.code for p in caught.value.problems} == {"body.markup"}
    assert not (tmp_path / "out").exists()


def test_an_invalid_output_is_never_written(project: Path, tmp_path: Path, monkeypatch) -> None:
    real = BUILD_MODULE.render

    def broken(*args, **kwargs):
        outputs = real(*args, **kwargs)
        main, *rest = outputs["jats"].files
        outputs["jats"] = Output((dataclasses.replace(main, data=b"<article><bogus/></article>"), *rest))
        return outputs

    monkeypatch.setattr(BUILD_MODULE, "render", broken)
    with pytest.raises(PubkitError) as caught:
        build(project, tmp_path / "out", ["model", "jats"])
    assert {p.code for p in caught.value.problems} == {"jats.invalid"}
    assert not (tmp_path / "out").exists()


def test_build_file_names_the_main_file(tmp_path: Path) -> None:
    report = build_file(PROJECTS / "minimal", "jats", tmp_path / "a" / "x.xml")
    assert report.written[0] == tmp_path / "a" / "x.xml"


def test_an_issue_builds_each_article_in_its_folder_and_the_deposits_once(tmp_path: Path) -> None:
    assert check_issue_folder(ISSUE).ok
    report = build_issue(ISSUE, tmp_path, ["jats", "crossref", "doaj"])
    assert report.ok
    names = sorted(p.relative_to(tmp_path).as_posix() for p in report.written)
    suffixes = sorted(load(ISSUE / name).doi_suffix for name in ("01-follow-up", "02-late-effects"))
    made = [*(f"{s}/article.jats.xml" for s in suffixes), "issue.crossref.xml", "doaj.xml", MANIFEST]
    assert names == sorted(made)


def test_a_failing_article_does_not_stop_the_others(tmp_path: Path) -> None:
    issue = tmp_path / "issue"
    shutil.copytree(ISSUE, issue)
    (issue / "02-late-effects" / "refs.bib").write_text("@article{broken,", encoding="utf-8")
    report = build_issue(issue, tmp_path / "out", ["jats", "crossref"])
    assert [name for name, _ in report.failed] == ["02-late-effects", "."]
    assert all(p.file.startswith("02-late-effects/") for p in report.failed[0][1])
    assert [p.name for p in report.written] == ["article.jats.xml", MANIFEST]
