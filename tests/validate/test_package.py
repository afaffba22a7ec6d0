"""Verifying MECA packages: the sample's passes; each kind of damage fails with a message naming the file."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pubkit.build import check, render
from pubkit.cli import main
from pubkit.model import Article
from pubkit.problems import Severity
from pubkit.validate.package import unsafe_reason, verify_file, verify_package
from pubkit.writers import Asset, Inputs, Options, Output
from pubkit.writers.archive import zip_bytes
from pubkit.writers.package import MANIFEST, Entry, manifest_xml, packaged_formats, write_package

ROOT = Path(__file__).resolve().parents[2]
NAME = "pkg.meca.zip"


@pytest.fixture(scope="module")
def good(sample: Article) -> bytes:
    """The sample's package, with every writer's output."""
    outputs = render(sample, packaged_formats(), Options())
    (asset,) = write_package(sample, Options(), Inputs(outputs, check(ROOT).loaded.sources)).files
    return asset.data


def errors(data: bytes, schemas: Path) -> list[tuple[str, str | None]]:
    result = verify_package(data, NAME, schemas)
    return [(p.code, p.file) for p in result.problems if p.severity is Severity.ERROR]


def rezip(
    data: bytes,
    *,
    drop: tuple[str, ...] = (),
    change: dict[str, Callable[[bytes], bytes]] | None = None,
    add: tuple[zipfile.ZipInfo, ...] = (),
) -> bytes:
    """A copy of the zip ``data`` with entries dropped, rewritten (CRC recomputed) or added."""
    change = change or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info, change.get(info.filename, lambda b: b)(src.read(info)))
        for info in add:
            dst.writestr(info, b"stray")
    return out.getvalue()


def victim(data: bytes) -> str:
    """The file to damage: the Russian PDF."""
    (pdf,) = (n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.endswith(".ru.pdf"))
    return pdf


def flip(blob: bytes, at: int | None = None) -> bytes:
    at = len(blob) // 2 if at is None else at
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return info


def test_the_sample_package_verifies(good: bytes, schemas_dir: Path) -> None:
    result = verify_package(good, NAME, schemas_dir)
    assert result.ok, [p.render() for p in result.problems]
    assert result.problems == ()
    listed = len(zipfile.ZipFile(io.BytesIO(good)).namelist()) - 1
    assert result.verified == listed


def test_one_byte_of_the_pdf_changed(good: bytes, schemas_dir: Path) -> None:
    name = victim(good)
    assert errors(rezip(good, change={name: flip}), schemas_dir) == [("package.checksum", f"{NAME}:{name}")]


def test_one_byte_changed_inside_the_zip_breaks_its_crc(good: bytes, schemas_dir: Path) -> None:
    name = victim(good)
    zf = zipfile.ZipFile(io.BytesIO(good))
    info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = flip(good, start + info.compress_size // 2)
    assert errors(damaged, schemas_dir) == [("package.damaged-entry", f"{NAME}:{name}")]


def test_a_stray_file_added(good: bytes, schemas_dir: Path) -> None:
    stray = rezip(good, add=(zipfile.ZipInfo("notes/stray.txt"),))
    assert errors(stray, schemas_dir) == [("package.unlisted", f"{NAME}:notes/stray.txt")]


@pytest.mark.parametrize(
    "name", ["../evil.txt", "source/../../evil.txt", "/etc/evil.txt", "C:/evil.txt", "..\\evil.txt"]
)
def test_an_escaping_entry_is_refused(good: bytes, schemas_dir: Path, name: str) -> None:
    found = errors(rezip(good, add=(zipfile.ZipInfo(name),)), schemas_dir)
    assert found == [("package.unsafe-path", f"{NAME}:{name}")]


def test_a_symlink_entry_is_refused(good: bytes, schemas_dir: Path) -> None:
    found = errors(rezip(good, add=(symlink("source/link"),)), schemas_dir)
    assert found == [("package.symlink", f"{NAME}:source/link")]


def test_manifest_dropped(good: bytes, schemas_dir: Path) -> None:
    result = verify_package(rezip(good, drop=(MANIFEST,)), NAME, schemas_dir)
    assert [p.render() for p in result.problems] == [
        f"{NAME}: error: manifest.xml missing at the package root; MECA requires it [package.no-manifest]"
    ]


@pytest.mark.parametrize("keep", [0.5, 0.99, 0.0])
def test_a_truncated_zip(good: bytes, schemas_dir: Path, keep: float) -> None:
    result = verify_package(good[: int(len(good) * keep)], NAME, schemas_dir)
    assert [(p.code, p.file) for p in result.problems] == [("package.damaged", NAME)]
    assert "not a readable zip archive" in result.problems[0].message


def test_a_listed_file_missing(good: bytes, schemas_dir: Path) -> None:
    assert errors(rezip(good, drop=("source/refs.bib",)), schemas_dir) == [
        ("package.missing-file", f"{NAME}:source/refs.bib")
    ]


def test_a_manifest_breaking_the_dtd_is_reported_with_its_line(good: bytes, schemas_dir: Path) -> None:
    broken = rezip(good, change={MANIFEST: lambda b: b.replace(b' manifest-version="1"', b"", 1)})
    result = verify_package(broken, NAME, schemas_dir)
    (problem,) = result.problems
    assert (problem.code, problem.file, problem.line) == ("package.dtd", f"{NAME}:manifest.xml", 3)
    assert "manifest-version" in problem.message


def test_a_manifest_that_is_not_xml(good: bytes, schemas_dir: Path) -> None:
    broken = rezip(good, change={MANIFEST: lambda b: b[: len(b) // 2]})
    assert errors(broken, schemas_dir) == [("package.xml", f"{NAME}:manifest.xml")]


def test_every_problem_is_reported_at_once(good: bytes, schemas_dir: Path) -> None:
    name = victim(good)
    damaged = rezip(
        good,
        drop=("source/refs.bib",),
        change={name: flip},
        add=(zipfile.ZipInfo("../evil.txt"), zipfile.ZipInfo("stray.txt")),
    )
    assert sorted(errors(damaged, schemas_dir)) == [
        ("package.checksum", f"{NAME}:{name}"),
        ("package.missing-file", f"{NAME}:source/refs.bib"),
        ("package.unlisted", f"{NAME}:stray.txt"),
        ("package.unsafe-path", f"{NAME}:../evil.txt"),
    ]


def another_tools_package(jats: bytes) -> bytes:
    """A package as other tools write it: no checksums, a remote instance, a JATS article."""
    manifest = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE manifest PUBLIC "-//MECA//DTD Manifest v1.0//en" "MECA_manifest.dtd">\n'
        b'<manifest xmlns="https://manuscriptexchange.org/schema/manifest"'
        b' xmlns:xlink="http://www.w3.org/1999/xlink" manifest-version="1">\n'
        b'<item item-type="article-metadata"><instance media-type="application/xml" xlink:href="article.xml"/></item>\n'
        b'<item item-type="supplemental"><instance xlink:href="https://example.org/data.csv"/></item>\n'
        b"</manifest>\n"
    )
    return zip_bytes([(MANIFEST, manifest), ("article.xml", jats)], (2020, 1, 1, 0, 0, 0))


JATS_13 = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD with MathML3 v1.3 20210610//EN"'
    b' "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3-mathml3.dtd">\n'
    b'<article xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="1.3"><front><journal-meta>'
    b'<journal-id journal-id-type="publisher-id">j</journal-id><issn>2311-1267</issn></journal-meta>'
    b"<article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>"
    b"%s</article>\n"
)


def test_another_tools_package_without_checksums_passes_with_warnings(schemas_dir: Path) -> None:
    result = verify_package(another_tools_package(JATS_13 % b""), NAME, schemas_dir)
    assert result.ok, [p.render() for p in result.problems]
    assert [(p.code, p.file) for p in result.problems] == [("package.no-checksum", f"{NAME}:article.xml")]


def test_invalid_jats_inside_is_reported(schemas_dir: Path) -> None:
    found = errors(another_tools_package(JATS_13 % b"<bogus/>"), schemas_dir)
    assert found and set(found) == {("package.jats", f"{NAME}:article.xml")}


def test_a_manifest_with_an_escaping_href(schemas_dir: Path) -> None:
    entry = Entry("../outside.txt", b"x", "supplementary-material", "escape")
    data = zip_bytes([(MANIFEST, manifest_xml([entry]))], (2020, 1, 1, 0, 0, 0))
    assert errors(data, schemas_dir) == [("package.unsafe-href", f"{NAME}:manifest.xml")]


@pytest.mark.parametrize(
    ("name", "safe"),
    [("a/b.txt", True), ("a/..b", True), ("a/../b", False), ("/a", False), ("a\\b", False), ("", False)],
)
def test_unsafe_reason(name: str, safe: bool) -> None:
    assert (unsafe_reason(name) is None) is safe


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path, schemas_dir: Path) -> None:
    result = verify_file(tmp_path / "none.zip", schemas_dir)
    assert [p.code for p in result.problems] == ["package.unreadable"]


def test_cli_exit_codes_and_one_line_per_problem(
    good: bytes, tmp_path: Path, schemas_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok, bad = tmp_path / "ok.zip", tmp_path / "bad.zip"
    ok.write_bytes(good)
    bad.write_bytes(good[: len(good) // 3])
    assert main(["package", "--verify", str(ok), "--schemas", str(schemas_dir)]) == 0
    assert main(["package", "--verify", str(bad), "--schemas", str(schemas_dir)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: error: not a readable zip archive" in err
    assert "Traceback" not in err


def test_the_jats_inside_is_validated(sample: Article, schemas_dir: Path) -> None:
    outputs = render(sample, packaged_formats(), Options())
    (jats,) = (a for a in outputs["jats"].files if a.path.endswith(".xml"))
    broken = jats.data.replace(b"</front>", b"</front><bogus/>", 1)
    outputs["jats"] = Output((Asset(jats.path, broken),))
    (asset,) = write_package(sample, Options(), Inputs(outputs)).files
    found = errors(asset.data, schemas_dir)
    assert found and set(found) == {("package.jats", f"{NAME}:{jats.path}")}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_damage_anywhere_is_reported_never_raised(
    good: bytes, schemas_dir: Path, data: st.DataObject
) -> None:
    """Random byte changes (mostly in the central directory at the end) and truncations: problems, not tracebacks."""
    blob = bytearray(good)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(max(0, len(blob) - 6000), len(blob) - 1))
        blob[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(blob)))
    result = verify_package(bytes(blob[:cut]), NAME, schemas_dir)
    assert all(p.file and p.file.startswith(NAME) for p in result.problems)


def _data_spans(data: bytes) -> list[tuple[str, int, int]]:
    """Each listed entry's stored bytes as ``(name, start, end)`` offsets into the zip."""
    spans = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            header = data[info.header_offset : info.header_offset + 30]
            name_len = int.from_bytes(header[26:28], "little")
            extra_len = int.from_bytes(header[28:30], "little")
            start = info.header_offset + 30 + name_len + extra_len
            if info.filename != MANIFEST and info.compress_size:
                spans.append((info.filename, start, start + info.compress_size))
    return spans


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_changed_byte_inside_an_entry_is_reported_for_that_entry(
    good: bytes, schemas_dir: Path, data: st.DataObject
) -> None:
    """The oracle: a byte changed in a listed entry's data is a checksum or damaged-entry error naming it."""
    name, start, end = data.draw(st.sampled_from(_data_spans(good)))
    at = data.draw(st.integers(start, end - 1))
    blob = bytearray(good)
    blob[at] = (blob[at] + data.draw(st.integers(1, 255))) % 256
    found = errors(bytes(blob), schemas_dir)
    expected = {("package.checksum", f"{NAME}:{name}"), ("package.damaged-entry", f"{NAME}:{name}")}
    assert set(found) & expected or _same_content(good, bytes(blob), name, start, end), found


def _same_content(good: bytes, changed: bytes, name: str, start: int, end: int) -> bool:
    """Whether a changed deflate stream still gives the entry's bytes: its first ``file_size`` bytes, all
    a reader takes, are unchanged (a change in the end-of-block code or the last byte's padding bits)."""
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        info, original = zf.getinfo(name), zf.read(name)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return False
    try:
        inflated = zlib.decompressobj(-zlib.MAX_WBITS).decompress(changed[start:end])
        return inflated[: info.file_size] == original
    except zlib.error:
        return False
