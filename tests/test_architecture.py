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


@pytest.mark.parametrize("path", [p for p in modules() if rel(p).startswith("writers/")], ids=rel)
def test_writers_do_not_read_sources_or_call_the_cli(path: Path) -> None:
    assert not {top(name) for name in imports_of(path)} & {"sources", "cli", "build", "checks"}


@pytest.mark.parametrize("path", [p for p in modules() if rel(p).startswith("sources/")], ids=rel)
def test_sources_do_not_import_writers_or_checks(path: Path) -> None:
    assert not {top(name) for name in imports_of(path)} & {"writers", "checks", "cli", "build"}


@pytest.mark.parametrize("path", [p for p in modules() if rel(p) != "cli.py"], ids=rel)
def test_nothing_imports_the_cli_and_only_the_cli_prints(path: Path) -> None:
    assert "cli" not in {top(name) for name in imports_of(path)} or rel(path) == "__main__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not calls & {"print", "exit"}, f"{rel(path)} prints or exits"


def test_the_cli_is_a_thin_layer_over_the_api() -> None:
    """cli.py talks to build.py, i18n/ and importers/ (and names model and problem types), nothing deeper."""
    assert {top(name) for name in imports_of(PACKAGE / "cli.py")} <= {
        "",
        "build",
        "i18n",
        "importers",
        "model",
        "problems",
    }
