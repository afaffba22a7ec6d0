"""Bounds: sizes, nesting, time and memory; every bound ends in seconds with an error naming the file and limit."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from pubkit.build import check, verify_package
from pubkit.limits import Limits, current
from pubkit.problems import PubkitError
from pubkit.writers.pdf import compile_pdf
from pubkit.writers.typst_source import TypstSource

BODY = "manuscript/article.md"


def prepend(root: Path, text: str) -> None:
    body = root / BODY
    body.write_text(text + "\n\n" + body.read_text(encoding="utf-8"), encoding="utf-8")


def timed(fn):
    start = time.monotonic()
    result = fn()
    return result, time.monotonic() - start


def test_limits_come_from_pubkit_limits() -> None:
    assert current({}) == Limits()
    changed = current({"PUBKIT_LIMITS": "body=10MB, pandoc_seconds=5"})
    assert (changed.body, changed.pandoc_seconds) == (10 * 1024 * 1024, 5)
    with pytest.raises(PubkitError) as caught:
        current({"PUBKIT_LIMITS": "bodyy=1"})
    assert caught.value.exit_code == 2 and "unknown limit 'bodyy'" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [("> " * 5000 + "x", "limits.depth"), ("".join("  " * i + "- a\n" for i in range(2000)), "limits.depth")],
    ids=["5000 nested quotes", "2000 nested list items"],
)
def test_deep_nesting_is_refused_in_seconds(minimal: Path, text: str, code: str) -> None:
    prepend(minimal, text)
    report, seconds = timed(lambda: _check_or_error(minimal))
    assert code in report
    assert seconds < 20


def _check_or_error(root: Path) -> set[str]:
    """The codes ``check`` reports: a bound is a problem like any other, never raised."""
    return {p.code for p in check(root).problems}


@pytest.mark.parametrize("text", ["[" * 30000, "[" * 20 + " x", "![" * 20 + " x", "[a " * 30])
def test_unbalanced_brackets_are_refused_before_pandoc_runs(minimal: Path, text: str) -> None:
    prepend(minimal, text)
    codes, seconds = timed(lambda: _check_or_error(minimal))
    assert codes & {"limits.brackets", "limits.word"}
    assert seconds < 5


def test_pandoc_is_stopped_at_its_time_limit(minimal: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "pandoc_seconds=2,brackets=1000")  # past the bracket pre-check
    prepend(minimal, "[" * 30 + " x")
    codes, seconds = timed(lambda: _check_or_error(minimal))
    assert "limits.time" in codes
    assert seconds < 10


def test_pandoc_is_stopped_at_its_memory_limit(minimal: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "pandoc_memory=20")
    prepend(minimal, "Текст абзаца. " * 200000)
    assert "limits.memory" in _check_or_error(minimal)


def test_a_file_over_its_size_limit_is_not_read(minimal: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "body=1KB")
    prepend(minimal, "Текст. " * 1000)
    problems = [p for p in check(minimal).problems if p.code == "project.too-large"]
    assert problems and problems[0].file == BODY and "1024 bytes" in problems[0].message


def test_typst_is_stopped_at_its_time_limit(monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "typst_seconds=2")
    loop = TypstSource(
        "#let n = 0\n#for i in range(100000) { for j in range(100000) { n = n + 1 } }\n", "{}", 1
    )
    with pytest.raises(PubkitError) as caught:
        compile_pdf(loop, (), "ru")
    assert caught.value.problems[0].code == "limits.time"
    assert "within 2 s" in caught.value.problems[0].message


def test_typst_is_stopped_at_its_memory_limit(monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "typst_memory=1024")
    hog = TypstSource("#let a = range(400000000).map(i => str(i))\n#a.len()\n", "{}", 1)
    with pytest.raises(PubkitError) as caught:
        compile_pdf(hog, (), "ru")
    assert caught.value.problems[0].code == "limits.memory"


def _bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.xml", b"<manifest/>")
        with zf.open("bomb.bin", "w", force_zip64=True) as handle:
            for _ in range(megabytes):
                handle.write(b"\0" * (1 << 20))


def test_verify_refuses_a_zip_bomb_without_inflating_it(tmp_path: Path, schemas_dir: Path) -> None:
    path = tmp_path / "bomb.zip"
    _bomb(path, 64)
    result, seconds = timed(lambda: verify_package(path, schemas_dir))
    bombs = [p for p in result.problems if p.code == "package.too-large"]
    assert bombs and "zip bomb" in bombs[0].message and bombs[0].file.endswith(":bomb.bin")
    assert seconds < 5


def test_verify_refuses_an_entry_over_the_size_cap(tmp_path: Path, schemas_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "zip_entry=8MB,zip_ratio=100000")
    path = tmp_path / "big.zip"
    _bomb(path, 16)
    result = verify_package(path, schemas_dir)
    assert any(
        p.code == "package.too-large" and "over the limit of 8 MB" in p.message for p in result.problems
    )


def test_verify_refuses_an_xml_item_over_the_parse_limit(
    tmp_path: Path, schemas_dir: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PUBKIT_LIMITS", "xml=1KB")
    path = tmp_path / "xml.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.xml", b"<manifest>" + b"<!-- x -->" * 500 + b"</manifest>")
    result = verify_package(path, schemas_dir)
    assert any(p.code == "package.too-large" and "for parsing" in p.message for p in result.problems)


def test_xliff_entities_are_refused_on_import(tmp_path: Path, cli) -> None:
    project = Path(__file__).resolve().parents[1] / "projects" / "minimal"
    xliff = tmp_path / "todo.xlf"
    xliff.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
        'source-language="ru" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="title"><source>x</source><target>&xxe;</target></trans-unit>'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    import shutil

    copy = tmp_path / "article"
    shutil.copytree(project, copy)
    before = (copy / "translations" / "en.po").read_bytes()
    status, err = cli("i18n", "import", xliff, copy)
    assert status == 1 and "[i18n.entity]" in err
    assert (copy / "translations" / "en.po").read_bytes() == before
