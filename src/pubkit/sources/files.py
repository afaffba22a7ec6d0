"""The project's source files as data, for outputs that carry the sources themselves (the MECA package).

Writers never read files, so this reader hands them the sources as ``(relative path, bytes)``
pairs: ``manuscript/`` and ``translations/`` (every regular, non-hidden file, recursively),
``refs.bib``, and the journal file when it sits above the project.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problems
from .project import ProjectFiles

SOURCE_FOLDERS = ("manuscript", "translations")
SourceFile = tuple[str, bytes]


def read_source_files(files: ProjectFiles, problems: Problems) -> tuple[SourceFile, ...]:
    """Every source file of the project, sorted by path; unreadable files and symlinks become problems."""
    root = files.root
    paths: list[Path] = []
    for folder in SOURCE_FOLDERS:
        if (root / folder).is_dir():
            paths.extend(_walk(root / folder, root, problems))
    if files.bibliography is not None:
        paths.append(files.bibliography)
    found: dict[str, Path] = {_rel(root, path): path for path in paths}
    journal = files.journal
    if journal is not None and not _inside(journal, root):
        found["journal.yaml"] = journal  # an issue folder's shared journal file, so the package stands alone
    out: list[SourceFile] = []
    for rel, path in sorted(found.items()):
        try:
            out.append((rel, path.read_bytes()))
        except OSError as exc:
            problems.error("project.unreadable", f"cannot read: {exc.strerror}", file=rel)
    return tuple(out)


def _walk(folder: Path, root: Path, problems: Problems) -> list[Path]:
    """Regular files under ``folder``; hidden names (editor and OS litter) are skipped, symlinks refused."""
    out: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            problems.error(
                "project.symlink",
                "a symbolic link among the sources; expected a regular file (links are not packaged)",
                file=_rel(root, path),
            )
        elif path.is_dir():
            out.extend(_walk(path, root, problems))
        elif path.is_file():
            out.append(path)
    return out


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
