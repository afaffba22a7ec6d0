"""pubkit: a bilingual (Russian/English) publication-and-citation toolkit.

The public API: :func:`load` an article project into the validated model,
:func:`check` it (every problem, none raised), :func:`build` its outputs.
"""

__version__ = "0.1.0"

from .build import BuildReport, CheckReport, build, check, load
from .model import Article, Journal, Localized, Person, Reference
from .problems import Problem, PubkitError

__all__ = [
    "Article",
    "BuildReport",
    "CheckReport",
    "Journal",
    "Localized",
    "Person",
    "Problem",
    "PubkitError",
    "Reference",
    "build",
    "check",
    "load",
]
