"""pubkit: a bilingual (Russian/English) publication-and-citation toolkit.

The public API: :func:`load` an article project into the validated model,
:func:`check` it (every problem, none raised), :func:`build` its outputs.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pubkit")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

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
