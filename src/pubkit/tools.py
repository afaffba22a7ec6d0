"""The one place that runs pandoc: finds the binary shipped in pypandoc-binary and turns its failures into errors."""

from __future__ import annotations

import functools
import json
import subprocess

from .limits import current
from .problems import EnvironmentProblem, Problem, PubkitError


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
    """Run pandoc on ``text`` and return its output; ``what`` names the source in errors.

    pandoc runs sandboxed (``--sandbox``: it reads no file and fetches nothing), with its heap
    capped (``+RTS -M``) and a timeout, so a hostile source fails in seconds with the bound named.
    """
    limits = current()
    try:
        done = subprocess.run(
            [pandoc_path(), "--sandbox", *args, "+RTS", f"-M{limits.pandoc_memory}m", "-RTS"],
            input=text.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=limits.pandoc_seconds,
        )
    except subprocess.TimeoutExpired as exc:
        raise PubkitError(
            Problem(
                "limits.time",
                f"pandoc did not finish within {limits.pandoc_seconds} s; expected a smaller or simpler "
                "text (PUBKIT_LIMITS pandoc_seconds=... changes the limit)",
                file=what,
            )
        ) from exc
    except OSError as exc:
        raise EnvironmentProblem(Problem("tool.pandoc", f"cannot run pandoc: {exc}", file=what)) from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode == 251 or "Heap exhausted" in stderr:
        raise PubkitError(
            Problem(
                "limits.memory",
                f"pandoc needed more than {limits.pandoc_memory} MiB; expected a smaller or simpler text "
                "(PUBKIT_LIMITS pandoc_memory=... changes the limit)",
                file=what,
            )
        )
    if done.returncode != 0:
        message = stderr.strip() or f"exit status {done.returncode}"
        raise EnvironmentProblem(Problem("tool.pandoc", f"pandoc failed: {message}", file=what))
    return done.stdout.decode("utf-8")


def ast_depth(node: object) -> int:
    """The nesting depth of a JSON value, measured without recursion."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            values = item.values() if isinstance(item, dict) else item
            stack.extend((value, depth + 1) for value in values if isinstance(value, (dict, list)))
    return deepest


def markdown_to_ast(text: str, *, what: str) -> dict:
    """Pandoc Markdown → pandoc JSON AST, refused when nested deeper than the limit."""
    depth = current().depth
    too_deep = PubkitError(
        Problem(
            "limits.depth",
            f"the text nests blocks (quotes, lists) deeper than {depth} levels of the document tree; "
            "expected a flatter text (PUBKIT_LIMITS depth=... changes the limit)",
            file=what,
        )
    )
    try:
        ast = json.loads(pandoc(["-f", "markdown", "-t", "json"], text, what=what))
    except RecursionError as exc:
        raise too_deep from exc
    if ast_depth(ast) > depth:
        raise too_deep
    return ast


def ast_to(ast: dict, fmt: str, *, what: str, extra: tuple[str, ...] = ()) -> str:
    """Pandoc JSON AST → ``fmt`` (markdown, jats, html, typst ...)."""
    return pandoc(["-f", "json", "-t", fmt, *extra], json.dumps(ast, ensure_ascii=False), what=what)
