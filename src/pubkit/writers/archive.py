"""Deterministic zip archives (the MECA package, the eLibrary upload) and the one time their entries carry.

Same files, same bytes: entries in the order given, one timestamp, mode 0644, no extra
fields; already-compressed formats are stored, the rest deflated.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from pathlib import PurePosixPath

from ..model import Article

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can record
STORED_SUFFIXES = frozenset({".gif", ".jpeg", ".jpg", ".pdf", ".png", ".webp", ".woff2", ".zip"})


def entry_time(article: Article, epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The one timestamp of every entry: ``epoch`` (UTC), else the publication date, else 1 January of the year."""
    if epoch is not None:
        moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
        stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    elif article.dates.published is not None:
        day = article.dates.published
        stamp = (day.year, day.month, day.day, 0, 0, 0)
    else:
        stamp = (article.year, 1, 1, 0, 0, 0)
    return max(stamp, ZIP_EPOCH)


def zip_bytes(files: Sequence[tuple[str, bytes]], stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """A zip of ``files`` in the given order, every entry with ``stamp``, mode 0644 and no extra fields."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.create_system = 3  # Unix, so the mode bits below mean what they say on every platform
            info.external_attr = 0o100644 << 16
            stored = PurePosixPath(path).suffix.lower() in STORED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()
