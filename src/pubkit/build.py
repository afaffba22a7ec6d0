"""Orchestration: load the project once, check it, run the writers, write the files atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .checks import check as run_checks
from .model import Article
from .problems import EnvironmentProblem, Problem, PubkitError, Severity
from .sources import Loaded, load_project
from .writers import WRITERS, Asset, Options


@dataclass(frozen=True, slots=True)
class CheckReport:
    loaded: Loaded
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def article(self) -> Article | None:
        return self.loaded.article


@dataclass(frozen=True, slots=True)
class BuildReport:
    written: tuple[Path, ...]
    warnings: tuple[Problem, ...]


def check(root: Path | str) -> CheckReport:
    """Load and validate the project at ``root``; every problem found, none raised."""
    loaded = load_project(Path(root))
    return CheckReport(loaded, tuple(run_checks(loaded)))


def load(root: Path | str) -> Article:
    """The validated article, or :class:`PubkitError` carrying every problem."""
    report = check(root)
    if not report.ok or report.article is None:
        raise PubkitError([p for p in report.problems if p.severity is Severity.ERROR])
    return report.article


def render(article: Article, formats: list[str], options: Options) -> list[Asset]:
    """Run the writers for ``formats``; their files, relative to the build folder."""
    files: list[Asset] = []
    for name in formats:
        files.extend(WRITERS[name](article, options).files)
    return files


def write_files(out_dir: Path, files: list[Asset]) -> tuple[Path, ...]:
    """Write every file to a temporary name first, then rename them all: nothing half-written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for asset in files:
            target = out_dir / asset.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file() and target.read_bytes() == asset.data:
                continue
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(asset.data)
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(
            Problem(
                "build.unwritable",
                f"cannot write the output: {exc.strerror}",
                file=str(exc.filename or out_dir),
            )
        ) from exc
    for tmp, target in staged:
        os.replace(tmp, target)
    return tuple(out_dir / asset.path for asset in files)


def build(
    root: Path | str,
    out_dir: Path | str | None = None,
    formats: list[str] | None = None,
    options: Options | None = None,
) -> BuildReport:
    """Check the project, then write the chosen outputs (all by default) into ``out_dir`` (``build/``)."""
    report = check(root)
    if not report.ok or report.article is None:
        raise PubkitError([p for p in report.problems if p.severity is Severity.ERROR])
    target = Path(out_dir) if out_dir is not None else Path(root) / "build"
    files = render(report.article, formats or list(WRITERS), options or Options())
    written = write_files(target, files)
    return BuildReport(written, tuple(p for p in report.problems if p.severity is Severity.WARNING))
