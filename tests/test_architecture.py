"""The dependency rules of STYLE.md: sources → model → writers, and only cli.py prints or exits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "pubkit"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_of(path: Path) -> set[str]:
    """The pubkit modules ``path`` imports, as dotted names relative to the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("pubkit"):
                name = node.module.removeprefix("pubkit").lstrip(".")
            else:
                continue
            found.add(name)
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("pubkit").lstrip(".") for a in node.names if a.name.startswith("pubkit")
            )
    return found


def top(name: str) -> str:
    return name.split(".")[0] if name else ""


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("path", [p for p in modules() if rel(p) in ("model.py", "problems.py")], ids=rel)
def test_model_and_problems_import_nothing_of_ours_but_each_other(path: Path) -> None:
    assert {top(name) for name in imports_of(path)} <= {"problems"}


@pytest.mark.parametrize("path", [p for p in modules() if rel(p).startswith("po/")], ids=rel)
def test_po_files_import_nothing_of_ours_but_problems(path: Path) -> None:
    assert {top(name) for name in imports_of(path)} <= {"po", "problems"}


@pytest.mark.parametrize("path", [p for p in modules() if rel(p).startswith("writers/")], ids=rel)
def test_writers_do_not_read_sources_or_call_the_cli(path: Path) -> None:
    assert not {top(name) for name in imports_of(path)} & {"sources", "cli", "build", "checks"}


@pytest.mark.parametrize("path", [p for p in modules() if rel(p).startswith("sources/")], ids=rel)
def test_sources_do_not_import_writers_or_checks(path: Path) -> None:
    assert not {top(name) for name in imports_of(path)} & {"writers", "checks", "cli", "build"}


@pytest.mark.parametrize("path", [p for p in modules() if rel(p) != "cli.py"], ids=rel)
def test_nothing_imports_the_cli_and_only_the_cli_prints(path: Path) -> None:
    assert "cli" not in {top(name) for name in imports_of(path)} or rel(path) in ("__main__.py", "entry.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not calls & {"print", "exit"}, f"{rel(path)} prints or exits"


def test_the_cli_is_a_thin_layer_over_the_api() -> None:
    """cli.py talks to build.py, i18n/ and importers/, names model and problem types, reads the output table.

    ``serve`` is the live preview's loop (a server and a watcher around :func:`pubkit.build.build`):
    a long-running API of its own, so the command stays as thin as the others.
    """
    names = imports_of(PACKAGE / "cli.py")
    allowed = {"", "build", "i18n", "importers", "model", "problems", "serve"}
    assert {top(name) for name in names if name != "writers"} <= allowed


@pytest.mark.parametrize("path", [p for p in modules() if not rel(p).startswith("validate/")], ids=rel)
def test_only_the_build_runs_the_validation_stage(path: Path) -> None:
    """Writers return bytes and the validation stage in build.py checks them before anything is written."""
    if "validate" in {top(name) for name in imports_of(path)}:
        assert rel(path) == "build.py"


def _writer_modules() -> set[str]:
    """The modules the output table names, as dotted names relative to the package (``writers.jats``)."""
    from pubkit.writers import WRITERS

    paths = [path for spec in WRITERS.values() for path in (spec.writer, spec.issue_writer) if path]
    return {"writers" + path.split(":")[0] for path in paths}


@pytest.mark.parametrize("name", sorted(_writer_modules()))
def test_no_writer_imports_another_writer(name: str) -> None:
    """Writers share helper modules (citations, deposit, archive), never each other."""
    path = PACKAGE.joinpath(*name.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    others = _writer_modules() - {name}
    assert not imports_of(path) & others, f"{name} imports {imports_of(path) & others}"


def test_the_no_change_check_imports_nothing_that_parses() -> None:
    """entry.py answers a plain rebuild with incremental.py, which needs only layout.py and the stdlib."""
    assert imports_of(PACKAGE / "entry.py") <= {"", "incremental", "cli"}  # "" is "from . import incremental"
    assert {top(name) for name in imports_of(PACKAGE / "incremental.py")} <= {"", "layout"}
    assert {top(name) for name in imports_of(PACKAGE / "layout.py")} == set()
