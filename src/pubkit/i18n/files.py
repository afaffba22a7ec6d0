"""Writing the translators' files: atomically, and only when their bytes change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..problems import EnvironmentProblem, Problem


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically (temporary file, then rename) unless the file already holds it; whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        raise EnvironmentProblem(
            Problem("i18n.unwritable", f"cannot write: {exc.strerror}", file=str(exc.filename or path))
        ) from exc
    return True
