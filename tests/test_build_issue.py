"""Building an issue: workers, failures that spare the others, incremental rebuilds, and Dask."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pubkit.build import build_issue
from pubkit.cli import main
from pubkit.entry import plain_build
from pubkit.incremental import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "tests" / "projects" / "issue-two-articles"
FORMATS = ["model", "jats", "html", "pdf", "toc"]


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """A three-article issue: the fixture's two and a copy of the second with its own DOI and pages."""
    issue = tmp_path / "issue"
    shutil.copytree(ISSUE, issue)
    (issue / "issue.yaml").unlink()
    third = issue / "03-copy"
    shutil.copytree(issue / "02-late-effects", third)
    meta = third / "manuscript" / "article.yaml"
    text = meta.read_text(encoding="utf-8").replace("12-3-15-20", "12-3-21-26")
    meta.write_text(text.replace('fpage: "15"', 'fpage: "21"').replace('lpage: "20"', 'lpage: "26"'), "utf-8")
    return issue


def test_workers_build_the_same_bytes_as_one_process(three: Path, tmp_path: Path) -> None:
    alone = build_issue(three, tmp_path / "alone", FORMATS)
    context = multiprocessing.get_context("forkserver")  # not fork: see build_issue
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pooled = build_issue(three, tmp_path / "pooled", FORMATS, executor=pool)
    assert alone.ok and pooled.ok
    assert [a.state for a in pooled.articles] == ["built"] * 3
    local, workers = tree(tmp_path / "alone"), tree(tmp_path / "pooled")
    assert {k: v[0] for k, v in local.items()} == {k: v[0] for k, v in workers.items()}


def test_a_failing_article_leaves_the_others_built_and_its_old_outputs_intact(
    three: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build_issue(three, out, FORMATS, jobs=2).ok
    before = tree(out)
    (three / "02-late-effects" / "refs.bib").write_text("@article{broken,", encoding="utf-8")
    (three / "03-copy" / "manuscript" / "article.md").write_text(
        (three / "03-copy" / "manuscript" / "article.md").read_text(encoding="utf-8") + "\nЕщё абзац.\n",
        "utf-8",
    )
    report = build_issue(three, out, FORMATS, jobs=2)
    assert [name for name, _ in report.failed] == ["02-late-effects", "03-copy", "."]
    assert all(p.file.startswith("02-late-effects/") for p in report.failed[0][1])
    after = tree(out)
    second = "2311-1267-2025-12-3-15-20/"
    assert {k: v for k, v in after.items() if k.startswith(second)} == {
        k: v for k, v in before.items() if k.startswith(second)
    }
    assert not list(out.rglob("*.tmp"))


def test_a_second_build_writes_nothing_and_one_changed_article_rebuilds_alone(
    three: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert build_issue(three, out, FORMATS).ok
    before = tree(out)
    again = build_issue(three, out, FORMATS)
    assert again.written == () and [a.state for a in again.articles] == ["unchanged"] * 3
    assert tree(out) == before
    body = three / "01-follow-up" / "manuscript" / "article.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nMYCN, ALK.\n", "utf-8")  # not a segment
    changed = build_issue(three, out, FORMATS)
    assert [a.state for a in changed.articles] == ["built", "unchanged", "unchanged"]
    written = {p.relative_to(out).as_posix() for p in changed.written}
    assert any(p.startswith("2311-1267-2025-12-3-10-14/") for p in written)
    assert not any(
        p.startswith(("2311-1267-2025-12-3-15-20/", "2311-1267-2025-12-3-21-26/")) for p in written
    )
    assert MANIFEST in written
    forced = build_issue(three, out, FORMATS, force=True)
    assert [a.state for a in forced.articles] == ["built"] * 3


def test_the_cli_says_when_there_is_nothing_to_build(tmp_path: Path, project: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out), "-f", "jats"]) == 0
    before = tree(out)
    assert main(["build", str(project), "-o", str(out), "-f", "jats"]) == 0
    assert "unchanged:" in capsys.readouterr().out and tree(out) == before
    assert main(["build", str(project), "-o", str(out), "-f", "jats", "--force"]) == 0
    assert "wrote" in capsys.readouterr().out


def test_the_cli_builds_an_issue_with_a_summary(three: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", str(three), "-o", str(out), "-j", "2", "-f", "jats", "-f", "toc"]) == 0
    captured = capsys.readouterr()
    assert "03-copy" in captured.out and "built" in captured.out
    assert (out / "ru" / "index.html").is_file()
    (three / "03-copy" / "refs.bib").write_text("@article{broken,", encoding="utf-8")
    assert main(["build", str(three), "-o", str(out), "--force", "-f", "jats", "--fail-fast", "-j", "1"]) == 1
    assert "03-copy/refs.bib" in capsys.readouterr().err


def test_dask_builds_the_issue_byte_identical(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="pubkit[distributed] is not installed")
    local = build_issue(ISSUE, tmp_path / "local", FORMATS)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = build_issue(ISSUE, tmp_path / "dask", FORMATS, executor=client.get_executor())
    assert local.ok and remote.ok
    assert {k: v[0] for k, v in tree(tmp_path / "local").items()} == {
        k: v[0] for k, v in tree(tmp_path / "dask").items()
    }


def test_a_plain_rebuild_answers_from_file_times_alone(three: Path, tmp_path: Path) -> None:
    """``pubkit build ISSUE -o OUT`` again: the entry point's no-change check, before any parser is imported."""
    command = [sys.executable, "-m", "pubkit", "build", str(three), "-o", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(command, check=True, capture_output=True, env=env)
    before = tree(tmp_path / "out")
    again = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    assert again.stdout.startswith("unchanged:") and tree(tmp_path / "out") == before
    probe = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "pubkit",
        "build",
        str(three),
        "-o",
        str(tmp_path / "out"),
    ]
    imported = subprocess.run(probe, check=True, capture_output=True, text=True, env=env).stderr
    assert "pubkit.build" not in imported and "lxml" not in imported
    body = three / "02-late-effects" / "manuscript" / "article.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nMYCN.\n", encoding="utf-8")
    changed = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    assert "02-late-effects" in changed.stdout and "built" in changed.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["build"], (".", Path("."), Path("build"))),
        (["build", "x", "-o", "y"], ("x", Path("x"), Path("y"))),
        (["build", "--output=y"], (".", Path("."), Path("y"))),
        (["build", "-f", "jats"], None),
        (["build", "x", "--force"], None),
        (["check"], None),
    ],
)
def test_only_a_plain_build_takes_the_shortcut(argv: list[str], expected) -> None:
    assert plain_build(argv) == expected
