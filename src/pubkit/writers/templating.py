"""The Jinja2 environment of the HTML writers: packaged templates, autoescape, labels through gettext."""

from __future__ import annotations

import functools

import jinja2

from ..labels import labels
from ..model import Lang


@functools.cache
def environment(lang: Lang) -> jinja2.Environment:
    """One environment per language and process, so each template is compiled once."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pubkit", "templates/html"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(labels(lang), newstyle=True)  # type: ignore[attr-defined]
    return env
