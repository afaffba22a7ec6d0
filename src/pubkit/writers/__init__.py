"""Writers turn the model into bytes; :data:`WRITERS` maps a format name to its writer.

A writer never reads source files or writes output files: it returns an
:class:`Output`, and :mod:`pubkit.build` decides where the bytes go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Article


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


Writer = Callable[[Article, Options], Output]


def _writers() -> dict[str, Writer]:
    from .model_json import write_model_json

    return {"model": write_model_json}


WRITERS: dict[str, Writer] = _writers()
