"""pubkit: a bilingual (Russian/English) publication-and-citation toolkit.

The public API: :func:`load` an article project into the validated model, :func:`check` it
(every problem, none raised), :func:`build` its outputs (or :func:`build_issue` an issue
folder's, with an executor of your own if you like), and :func:`write` one output by name
as bytes::

    import pubkit

    article = pubkit.load("path/to/article")      # PubkitError listing every problem, if any
    jats = pubkit.write("jats", article)          # bytes, validated against the NLM DTD
    report = pubkit.build("path/to/article", "build", ["html", "pdf"])

The names are imported on first use, so that ``import pubkit.incremental`` (the command
line's no-change check) costs nothing of the rest.
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

_EXPORTS = {
    **dict.fromkeys(
        (
            "AbstractSection",
            "Affiliation",
            "Article",
            "Body",
            "Dates",
            "Issue",
            "Journal",
            "Localized",
            "Person",
            "PersonName",
            "Reference",
            "Section",
        ),
        "model",
    ),
    **dict.fromkeys(("EnvironmentProblem", "Problem", "PubkitError", "Severity"), "problems"),
    **dict.fromkeys(("Destination", "Options"), "writers"),
    **dict.fromkeys(
        (
            "OUTPUTS",
            "BuildReport",
            "CheckReport",
            "IssueReport",
            "build",
            "build_issue",
            "check",
            "load",
            "write",
        ),
        "build",
    ),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'pubkit' has no attribute {name!r}")


class _Package(types.ModuleType):
    """``pubkit.build`` is the function, as the API says, though ``pubkit/build.py`` is also a module:
    binding the submodule on import is ignored, and the name always gives the function."""

    @property
    def build(self) -> object:
        return importlib.import_module(".build", __name__).build

    @build.setter
    def build(self, _module: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package
