"""The translation template: every segment of the article with an empty translation, where it is and what to keep.

``pubkit i18n extract`` writes it to ``translations/article.pot``; translators and tools
(``msginit``, ``msgmerge``) start from it.
"""

from __future__ import annotations

from .. import layout
from ..model import Article
from ..po import PoEntry, PoFile, default_header, render_po
from ..po.notes import segment_notes
from . import Asset, Options, Output

POT_COMMENT = "Translation template of the article's Russian segments; msgctxt is the segment id."


def pot_bytes(article: Article) -> bytes:
    """The template's bytes: each segment's Russian, ``#:`` origin and ``#.`` notes, in reading order."""
    entries = tuple(
        PoEntry(s.id, s.ru, locations=((s.file, s.line),), notes=segment_notes(s.id, s.ru))
        for s in article.segments
    )
    return render_po(PoFile(None, entries), default_header(article.doi, None, POT_COMMENT))


def write_pot(article: Article, options: Options) -> Output:
    """``translations/article.pot``."""
    return Output((Asset(layout.TEMPLATE, pot_bytes(article)),))
