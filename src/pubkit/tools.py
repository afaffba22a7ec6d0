"""The one place that runs pandoc: finds the binary shipped in pypandoc-binary and turns its failures into errors."""

from __future__ import annotations

import functools
import json
import subprocess

from .problems import EnvironmentProblem, Problem


@functools.cache
def pandoc_path() -> str:
    """The pandoc binary inside the ``pypandoc-binary`` wheel (or on PATH)."""
    import pypandoc

    try:
        return pypandoc.get_pandoc_path()
    except OSError as exc:
        raise EnvironmentProblem(
            Problem(
                "tool.pandoc", f"pandoc not found ({exc}); install pubkit with pip to get pypandoc-binary"
            )
        ) from exc


def pandoc(args: list[str], text: str, *, what: str) -> str:
    """Run pandoc on ``text`` and return its output; ``what`` names the source in errors."""
    try:
        done = subprocess.run(
            [pandoc_path(), *args],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise EnvironmentProblem(Problem("tool.pandoc", f"cannot run pandoc: {exc}", file=what)) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise EnvironmentProblem(Problem("tool.pandoc", f"pandoc failed: {message}", file=what))
    return done.stdout.decode("utf-8")


def markdown_to_ast(text: str, *, what: str) -> dict:
    """Pandoc Markdown → pandoc JSON AST."""
    return json.loads(pandoc(["-f", "markdown", "-t", "json"], text, what=what))


def ast_to(ast: dict, fmt: str, *, what: str, extra: tuple[str, ...] = ()) -> str:
    """Pandoc JSON AST → ``fmt`` (markdown, jats, html, typst ...)."""
    return pandoc(["-f", "json", "-t", fmt, *extra], json.dumps(ast, ensure_ascii=False), what=what)
