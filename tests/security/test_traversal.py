"""Nothing escapes: output paths stay in the output folder, figures in the project, outputs out of the sources."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pubkit.build import build, check, write_files
from pubkit.problems import PubkitError
from pubkit.writers import Asset


def test_a_doi_that_climbs_out_is_refused_and_nothing_is_written(minimal: Path, tmp_path: Path, cli) -> None:
    article = minimal / "manuscript" / "article.yaml"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("doi: 10.21682/", "doi: 10.21682/../../escaped-", 1), encoding="utf-8")
    out = tmp_path / "deep" / "out"
    status, err = cli("build", minimal, "-o", out)
    assert status == 1 and "[id.doi]" in err
    assert not (tmp_path / "deep").exists()
    assert not list(tmp_path.glob("escaped*"))


@pytest.mark.parametrize("name", ["../x", "/etc/x", "a/../../x", "a\\..\\x", "a\x00b"])
def test_write_files_refuses_any_path_outside_the_output_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(PubkitError) as caught:
        write_files(tmp_path / "out", [Asset("ok.txt", b"ok"), Asset(name, b"x")])
    assert caught.value.problems[0].code == "build.path"
    assert not (tmp_path / "out").exists()


def test_write_files_does_not_follow_a_symlinked_subfolder_out(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "assets").symlink_to(elsewhere)
    with pytest.raises(PubkitError):
        write_files(out, [Asset("assets/article.css", b"x")])
    assert not list(elsewhere.iterdir())


def test_a_figure_symlink_is_never_followed(minimal: Path, tmp_path: Path) -> None:
    (minimal / "manuscript" / "passwd.png").symlink_to("/etc/passwd")
    body = minimal / "manuscript" / "article.md"
    body.write_text("![Схема](passwd.png)\n\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    codes = {p.code for p in check(minimal).problems}
    assert {"project.symlink", "body.figure-missing"} <= codes
    with pytest.raises(PubkitError):
        build(minimal, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_symlinked_source_folder_is_refused(tmp_path: Path, minimal: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("secret", encoding="utf-8")
    os.rename(minimal / "translations", tmp_path / "translations-real")
    (minimal / "translations").symlink_to(tmp_path / "elsewhere")
    problems = check(minimal).problems
    assert any(p.code == "project.symlink" and p.file == "translations" for p in problems)


def test_a_figure_outside_the_project_is_refused(minimal: Path) -> None:
    body = minimal / "manuscript" / "article.md"
    for target in ("../../outside.png", "/etc/passwd"):
        body.write_text(f"![Схема]({target})\n\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    codes = [p.code for p in check(minimal).problems]
    assert codes.count("body.figure-path") == 2


@pytest.mark.parametrize("inside", ["manuscript/out", "translations", "manuscript"])
def test_the_output_folder_may_not_lie_in_the_sources(minimal: Path, cli, inside: str) -> None:
    status, err = cli("build", minimal, "-o", minimal / inside, "-f", "model")
    assert status == 2 and "[build.out-in-sources]" in err
    assert not (minimal / inside / "model.json").exists()


def test_stale_temporary_files_of_a_killed_build_are_removed(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "assets").mkdir(parents=True)
    stale = [out / ".model.json.k3j4h5g6.tmp", out / "assets" / ".article.css.abcdEF_1.tmp"]
    for path in stale:
        path.write_bytes(b"half")
    keep = out / "notes.tmp"
    keep.write_text("not ours", encoding="utf-8")
    build(minimal, out, ["model", "html"])
    assert not any(path.exists() for path in stale)
    assert keep.exists()
    assert not list(out.rglob(".*.tmp"))


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "blocked").write_text("a file where a folder is needed", encoding="utf-8")
    with pytest.raises(PubkitError) as caught:
        write_files(out, [Asset("a.txt", b"a"), Asset("blocked/b.txt", b"b")])
    assert caught.value.exit_code == 3
    assert sorted(p.name for p in out.iterdir()) == ["blocked"]


def test_a_build_killed_while_renaming_is_completed_by_the_next(tmp_path: Path, monkeypatch) -> None:
    """The folder ends with the old set or the new set: the next build finishes the renames it finds."""
    out = tmp_path / "out"
    write_files(out, [Asset("a.pdf", b"old a"), Asset("b.pdf", b"old b"), Asset("c/c.html", b"old c")])
    real_replace = os.replace
    renamed: list[str] = []

    def killed_after_one(src, dst):
        if str(dst).endswith((".pdf", ".html")):
            if renamed:
                raise KeyboardInterrupt  # the build is killed after its first rename
            renamed.append(str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", killed_after_one)
    new = [Asset("a.pdf", b"new a"), Asset("b.pdf", b"new b"), Asset("c/c.html", b"new c")]
    with pytest.raises(KeyboardInterrupt):
        write_files(out, new)
    monkeypatch.setattr(os, "replace", real_replace)
    assert (out / ".pubkit-pending.json").is_file()
    assert sorted((out / a.path).read_bytes() for a in new) == [b"new a", b"old b", b"old c"]

    write_files(out, [])  # any next build into the folder
    assert [(out / a.path).read_bytes() for a in new] == [b"new a", b"new b", b"new c"]
    assert not (out / ".pubkit-pending.json").exists()
    assert not list(out.rglob("*.tmp"))
