"""Writers turn the model into bytes; :data:`WRITERS` maps a format name to its writer.

A writer never reads source files or writes output files: it returns an
:class:`Output`, and :mod:`pubkit.build` decides where the bytes go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Article, Lang, Localized, Person


@dataclass(frozen=True, slots=True)
class Asset:
    """A file that travels with an output (a figure, a stylesheet), relative to the output's folder."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Output:
    """What a writer produced: files relative to the build folder."""

    files: tuple[Asset, ...]


@dataclass(frozen=True, slots=True)
class Options:
    """Choices that vary an output without copying its writer."""

    jats_version: str = "1.3"
    draft: bool = False  # build English outputs with missing or stale translations, marked
    schemas: str | None = None  # folder holding the JATS DTDs and other schemas, when configured
    langs: tuple[Lang, ...] | None = None  # editions to write (PDF); None: every language available


Writer = Callable[[Article, Options], Output]


def _writers() -> dict[str, Writer]:
    from .html import write_html
    from .jats import write_jats
    from .model_json import write_model_json
    from .pdf import write_pdf

    return {"model": write_model_json, "jats": write_jats, "html": write_html, "pdf": write_pdf}


DRAFT_MARK = "[untranslated]"


def text_in(value: Localized, lang: Lang, options: Options) -> str:
    """``value`` in ``lang``; in a draft build, missing English shows as the marked Russian.

    Outside drafts the checks have already refused a project with missing or stale
    English, so a missing text here is a bug, not bad input.
    """
    text = value.get(lang)
    if text is not None:
        return text
    if options.draft:
        return f"{DRAFT_MARK} {value.ru}"
    raise ValueError(f"no {lang} text for {value.ru[:40]!r} outside a draft build")


def about(person: Person, lang: Lang, options: Options) -> str | None:
    """ "About the authors": degrees, then the position, as the journal prints them."""
    parts = [text_in(degree.name, lang, options) for degree in person.degrees]
    if person.position:
        parts.append(text_in(person.position, lang, options))
    return ", ".join(parts) or None


# Last, so that writers can import everything above (Options, text_in, DRAFT_MARK) at module level.
WRITERS: dict[str, Writer] = _writers()
