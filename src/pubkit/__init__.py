"""pubkit: a bilingual (Russian/English) publication-and-citation toolkit.

The public API: :func:`load` an article project into the validated model,
:func:`check` it (every problem, none raised), :func:`build` its outputs (an issue
folder's too, or :func:`build_issue` with an executor of your own).

The names are imported on first use, so that ``import pubkit.incremental`` (the
command line's no-change check) costs nothing of the rest.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "model",
    "Journal": "model",
    "Localized": "model",
    "Person": "model",
    "Reference": "model",
    "Problem": "problems",
    "PubkitError": "problems",
    "BuildReport": "build",
    "CheckReport": "build",
    "build": "build",
    "build_issue": "build",
    "check": "build",
    "load": "build",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'pubkit' has no attribute {name!r}")
