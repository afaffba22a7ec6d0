"""pubkit: a bilingual (Russian/English) publication-and-citation toolkit.

The public API: :func:`load` an article project into the validated model, :func:`check` it
(every problem, none raised), :func:`build` its outputs (or :func:`build_issue` an issue
folder's), and :func:`write` one output by name as bytes::

    import pubkit

    article = pubkit.load("path/to/article")      # PubkitError listing every problem, if any
    jats = pubkit.write("jats", article)          # bytes, validated against the NLM DTD
    report = pubkit.build("path/to/article", "build", ["html", "pdf"])
"""

__version__ = "0.1.0"

from pathlib import Path

from .build import BuildReport, CheckReport, IssueReport, build, build_issue, check, load, produce
from .model import (
    AbstractSection,
    Affiliation,
    Article,
    Body,
    Dates,
    Issue,
    Journal,
    Localized,
    Person,
    PersonName,
    Reference,
    Section,
)
from .problems import EnvironmentProblem, Problem, PubkitError, Severity
from .writers import WRITERS, Destination, Options

OUTPUTS = tuple(name for name, spec in WRITERS.items() if spec.writer)  # what write() can make


def write(
    name: str, article: Article, options: Options | None = None, *, schemas: Path | str | None = None
) -> bytes:
    """The main file of the output ``name`` (``"jats"``, ``"crossref"``, ...) of ``article``, validated.

    The same bytes ``build`` writes, without touching the disk; an output that fails its schema is
    :class:`PubkitError`. Outputs that carry the sources (``package``) get none here: use :func:`build`.
    """
    if name not in OUTPUTS:
        raise ValueError(f"unknown output {name!r}; expected one of: {', '.join(OUTPUTS)}")
    return produce(article, [name], options or Options(), (), schemas)[name].files[0].data


__all__ = [
    "OUTPUTS",
    "AbstractSection",
    "Affiliation",
    "Article",
    "Body",
    "BuildReport",
    "CheckReport",
    "Dates",
    "Destination",
    "EnvironmentProblem",
    "Issue",
    "IssueReport",
    "Journal",
    "Localized",
    "Options",
    "Person",
    "PersonName",
    "Problem",
    "PubkitError",
    "Reference",
    "Section",
    "Severity",
    "build",
    "build_issue",
    "check",
    "load",
    "write",
]
