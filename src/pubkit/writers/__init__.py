"""Writers turn the model into bytes; :data:`WRITERS` maps a format name to its writer.

A writer never reads source files or writes output files: it returns an
:class:`Output`, and :mod:`pubkit.build` decides where the bytes go.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
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


class _Table(Mapping[str, Writer]):
    """Format name → writer, each writer's module imported on first use (a command needs one or two)."""

    def __init__(self, entries: dict[str, tuple[str, str]]) -> None:
        self._entries = entries

    def __getitem__(self, name: str) -> Writer:
        module, function = self._entries[name]
        return getattr(importlib.import_module(module, __name__), function)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


WRITERS: Mapping[str, Writer] = _Table(
    {
        "model": (".model_json", "write_model_json"),
        "jats": (".jats", "write_jats"),
        "html": (".html", "write_html"),
        "pdf": (".pdf", "write_pdf"),
    }
)
