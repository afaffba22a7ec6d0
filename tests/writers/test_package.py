"""The MECA package writer: manifest against the NISO DTD, checksums, sources, reproducibility, refusal."""

from __future__ import annotations

import datetime
import hashlib
import io
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pubkit.build import build, check, package, render
from pubkit.cli import main
from pubkit.model import Article, Dates, Figure
from pubkit.problems import EnvironmentProblem, Problems, PubkitError
from pubkit.sources.project import find_files
from pubkit.validate.package import verify_file
from pubkit.writers import WRITERS, Asset, Inputs, Options, Output
from pubkit.writers.archive import entry_time
from pubkit.writers.package import (
    MANIFEST,
    Destination,
    package_entries,
    package_name,
    packaged_formats,
    source_date_epoch,
    write_package,
)

ROOT = Path(__file__).resolve().parents[2]
M = "{https://manuscriptexchange.org/schema/manifest}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def outputs(sample: Article) -> dict[str, Output]:
    """Every other writer's output for the sample, built once for this module."""
    return render(sample, packaged_formats(), Options())


@pytest.fixture(scope="module")
def sources() -> tuple[tuple[str, bytes], ...]:
    return check(ROOT).loaded.sources


@pytest.fixture(scope="module")
def archive(sample: Article, outputs: dict[str, Output], sources: tuple[tuple[str, bytes], ...]) -> bytes:
    (asset,) = write_package(sample, Options(), Inputs(outputs, sources)).files
    assert asset.path == package_name(sample) == "2311-1267-2025-12-2-96-106.meca.zip"
    return asset.data


def manifest_of(data: bytes) -> etree._ElementTree:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.parse(io.BytesIO(zf.read(MANIFEST)))


def meca_dtd(schemas_dir: Path, name: str) -> etree.DTD:
    return etree.DTD(str(schemas_dir / "meca" / "schema" / name))


def test_manifest_validates_against_the_meca_dtd(archive: bytes, schemas_dir: Path) -> None:
    doc = manifest_of(archive)
    dtd = meca_dtd(schemas_dir, "manifest-1.0.dtd")
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    assert doc.docinfo.public_id == "-//MECA//DTD Manifest v1.0//en"
    assert doc.getroot().tag == f"{M}manifest"


def test_every_file_is_listed_once_with_its_sha256(archive: bytes) -> None:
    items = manifest_of(archive).getroot().findall(f"{M}item")
    listed = {}
    for item in items:
        (instance,) = item.findall(f"{M}instance")
        (digest,) = item.findall(f"{M}item-metadata/{M}metadata[@metadata-name='sha256']")
        listed[instance.get(XLINK_HREF)] = digest.text
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        names = [n for n in zf.namelist() if n != MANIFEST]
        assert len(names) == len(set(names)) == len(items)
        assert listed == {n: hashlib.sha256(zf.read(n)).hexdigest() for n in names}


def test_the_outputs_and_the_sources_are_inside_with_their_item_types(
    archive: bytes, outputs: dict[str, Output], sources: tuple[tuple[str, bytes], ...]
) -> None:
    types = {
        item.find(f"{M}instance").get(XLINK_HREF): item.get("item-type")
        for item in manifest_of(archive).getroot().findall(f"{M}item")
    }
    expected_sources = {"manuscript/article.md", "manuscript/article.yaml", "refs.bib", "translations/en.po"}
    assert expected_sources <= {rel for rel, _ in sources}
    for rel, _ in sources:
        assert types[f"source/{rel}"] == "supplementary-material"
    written = {asset.path for out in outputs.values() for asset in out.files}
    assert written <= set(types)
    assert "model" not in outputs  # a debugging view, left out
    for path in written:
        if path.endswith(".pdf"):
            assert types[path] == "manuscript"
    if "jats" in WRITERS:
        assert [p for p, t in types.items() if t == "article-metadata"] == [
            a.path for a in outputs["jats"].files if a.path.endswith(".xml")
        ]


def test_media_types_come_from_a_fixed_table(archive: bytes) -> None:
    media = {
        i.get(XLINK_HREF): i.get("media-type") for i in manifest_of(archive).getroot().iter(f"{M}instance")
    }
    assert media["source/manuscript/article.md"] == "text/markdown"
    assert media["source/refs.bib"] == "application/x-bibtex"
    assert all(m for m in media.values())


def test_entries_have_fixed_order_time_and_mode(archive: bytes, sample: Article) -> None:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names[0] == MANIFEST
    assert names[1:] == sorted(names[1:])
    assert {i.date_time for i in infos} == {(sample.year, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.create_system for i in infos} == {3}
    stored = {i.filename for i in infos if i.compress_type == zipfile.ZIP_STORED}
    assert stored == {n for n in names if n.endswith((".pdf", ".png", ".jpg"))}


def test_two_builds_from_the_same_sources_are_byte_identical(project: Path, tmp_path: Path) -> None:
    second = tmp_path / "elsewhere" / "article"
    shutil.copytree(project, second)
    first_zip = package(project).written[0]
    second_zip = package(second, tmp_path / "second.zip").written[0]
    assert first_zip == project / "build" / "2311-1267-2025-12-2-96-106.meca.zip"
    assert first_zip.read_bytes() == second_zip.read_bytes()


def test_pubkit_build_writes_the_package_beside_the_outputs(project: Path, schemas_dir: Path) -> None:
    written = build(project).written
    archive = project / "build" / "2311-1267-2025-12-2-96-106.meca.zip"
    assert archive in written
    assert verify_file(archive, schemas_dir).ok


def test_timestamp_prefers_source_date_epoch_then_the_publication_date(sample: Article) -> None:
    assert entry_time(sample, 1_700_000_000) == (2023, 11, 14, 22, 13, 20)
    assert entry_time(sample, 0) == (1980, 1, 1, 0, 0, 0)  # a zip cannot go earlier
    published = replace(sample, dates=Dates(published=datetime.date(2025, 6, 30)))
    assert entry_time(published, None) == (2025, 6, 30, 0, 0, 0)
    assert entry_time(sample, None) == (2025, 1, 1, 0, 0, 0)


def test_source_date_epoch_is_read_and_checked() -> None:
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}) == 1_700_000_000
    with pytest.raises(EnvironmentProblem) as caught:
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})
    assert caught.value.problems[0].code == "env.source-date-epoch"


def test_transfer_xml_only_with_a_destination(
    sample: Article, outputs: dict[str, Output], archive: bytes, schemas_dir: Path
) -> None:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        assert "transfer.xml" not in zf.namelist()
    target = Destination("PubMed Central", "PMC", "archive")
    (asset,) = write_package(sample, Options(destination=target), Inputs(outputs)).files
    with zipfile.ZipFile(io.BytesIO(asset.data)) as zf:
        transfer = etree.parse(io.BytesIO(zf.read("transfer.xml")))
    dtd = meca_dtd(schemas_dir, "transfer-1.0.dtd")
    assert dtd.validate(transfer), dtd.error_log.filter_from_errors()
    ns = {"t": "https://manuscriptexchange.org/schema/transfer"}
    assert transfer.xpath("string(//t:destination/t:publication/t:publication-title)", namespaces=ns) == "PMC"
    assert (
        transfer.xpath("string(//t:transfer-source/t:publication/t:publication-title)", namespaces=ns)
        == "Russian Journal of Pediatric Hematology and Oncology"
    )
    types = {i.get("item-type") for i in manifest_of(asset.data).getroot().findall(f"{M}item")}
    assert "transfer-metadata" in types


def test_a_project_failing_check_gives_no_package(project: Path) -> None:
    article_yaml = project / "manuscript" / "article.yaml"
    article_yaml.write_text(
        article_yaml.read_text(encoding="utf-8").replace("doi: 10.21682/", "doi: 10.99999/"), encoding="utf-8"
    )
    with pytest.raises(PubkitError) as caught:
        package(project)
    assert caught.value.problems
    assert all(p.file for p in caught.value.problems)
    assert not (project / "build").exists()


def test_the_cli_builds_then_verifies(
    project: Path, tmp_path: Path, schemas_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.zip"
    assert main(["package", str(project), "-o", str(target)]) == 0
    assert target.is_file()
    assert main(["package", "--verify", str(target), "--schemas", str(schemas_dir)]) == 0
    assert f"ok: {target}" in capsys.readouterr().out


def test_the_cli_refuses_half_a_destination(project: Path) -> None:
    assert main(["package", str(project), "--to-provider", "PMC"]) == 2


def test_sources_skip_hidden_files_and_refuse_symlinks(project: Path) -> None:
    (project / "manuscript" / ".article.md.swp").write_bytes(b"editor litter")
    (project / "manuscript" / "notes.txt").symlink_to(project / "refs.bib")
    (project / "manuscript" / "figures").mkdir()
    (project / "manuscript" / "figures" / "fig1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    problems = Problems()
    found = dict(find_files(project, problems).sources)
    assert sorted(found) == [
        "manuscript/article.md",
        "manuscript/article.yaml",
        "manuscript/figures/fig1.png",
        "manuscript/journal.yaml",
        "refs.bib",
        "translations/en.po",
    ]
    assert [(p.code, p.file) for p in problems] == [("project.symlink", "manuscript/notes.txt")]


def test_a_path_given_twice_is_a_bug(sample: Article) -> None:
    clash = {"html": Output((Asset("x.css", b"1"),)), "pdf": Output((Asset("x.css", b"2"),))}
    with pytest.raises(ValueError, match=r"x\.css"):
        package_entries(sample, clash, ())


def test_figures_are_figure_items_in_the_sources_and_the_outputs(sample: Article) -> None:
    with_figure = replace(sample, body=replace(sample.body, figures=(Figure("figures/fig1.png", b"png"),)))
    outputs = {"html": Output((Asset("ru/fig1.png", b"png"), Asset("ru/logo.png", b"logo")))}
    sources = (("manuscript/figures/fig1.png", b"png"),)
    types = {e.path: e.item_type for e in package_entries(with_figure, outputs, sources)}
    assert types == {
        "ru/fig1.png": "figure",
        "ru/logo.png": "article-supporting-file",
        "source/manuscript/figures/fig1.png": "figure",
    }
