"""Interface labels ("References", "Received", ...) and dates in each output language.

The labels live in gettext catalogs shipped with the package
(``locale/<lang>/LC_MESSAGES/pubkit.po``); Babel compiles them in memory the first
time a language is asked for, so there is no build step and no compiled file to go
stale. The HTML and PDF writers share them, so both print the same words.
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
from importlib import resources

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .model import LANGS, Lang

DOMAIN = "pubkit"


def catalog_path(lang: Lang) -> resources.abc.Traversable:
    """The packaged PO catalog of ``lang``."""
    return resources.files("pubkit") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def labels(lang: Lang) -> gettext.GNUTranslations:
    """The label translations of ``lang``; ``labels("ru").gettext("References")`` is ``"Литература"``.

    Fuzzy entries are left out, so an unreviewed label falls back to the English msgid.
    """
    if lang not in LANGS:
        raise ValueError(f"no interface labels for language {lang!r}; expected one of {LANGS}")
    with catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def format_date(date: datetime.date, lang: Lang) -> str:
    """A date as the language writes it in running text: ``31 января 2025 г.``, ``January 31, 2025``."""
    return babel_format_date(date, format="long", locale=lang)
