"""The translation template: every translatable segment of a loaded project, in reading order, with its origin.

The readers already meet every segment (they pass it through the catalog
:class:`~pubkit.sources.catalog.Translator`), so the template is read off the
loaded project instead of walking the sources a second time: whatever the build
translates is exactly what translators are asked to translate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Segment
from ..problems import Problem, PubkitError, Severity
from ..sources import Loaded, load_project


@dataclass(frozen=True, slots=True)
class TemplateEntry:
    """One segment to translate: its id (the catalog's msgctxt), Russian source and where it was read."""

    id: str
    ru: str
    file: str
    line: int | None = None

    @property
    def group(self) -> str:
        """The container the segment belongs to (``body.cases`` for ``body.cases.3``): fuzzy matches stay inside it."""
        return self.id.rsplit(".", 1)[0] if "." in self.id else ""

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


def template(loaded: Loaded) -> tuple[TemplateEntry, ...]:
    """Every segment of ``loaded`` in reading order (metadata, then body)."""
    if loaded.article is None:
        raise PubkitError(
            [p for p in loaded.problems if p.severity is Severity.ERROR]
            or [Problem("i18n.no-article", "the article could not be read; expected a complete project")]
        )
    return tuple(_entry(segment, loaded) for segment in loaded.article.segments)


def _entry(segment: Segment, loaded: Loaded) -> TemplateEntry:
    return TemplateEntry(segment.id, segment.ru, segment.file, segment.line)


def load_template(root: Path) -> tuple[Loaded, tuple[TemplateEntry, ...]]:
    """Read the project at ``root`` and its template; a project that cannot be assembled is an error."""
    loaded = load_project(root)
    return loaded, template(loaded)
