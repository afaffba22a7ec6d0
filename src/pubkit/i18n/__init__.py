"""The translators' workflow: template, catalog update, status, and XLIFF/PO exchange with CAT tools.

The English of an article lives in ``translations/en.po`` (msgctxt = segment id,
msgid = the Russian it translates). These functions keep that catalog in step
with the Russian sources; the readers in :mod:`pubkit.sources` then merge it
while loading, as before.

Names are imported on first use: the checks need only :mod:`.qa`, not the exchange formats.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    **dict.fromkeys(("UpdateReport", "extract", "merge", "update"), "catalogs"),
    **dict.fromkeys(("TemplateEntry", "template"), "segments"),
    **dict.fromkeys(("StatusReport", "status"), "status"),
    **dict.fromkeys(("ImportReport", "export", "import_file"), "xliff"),
}


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'pubkit.i18n' has no attribute {name!r}")


__all__ = [
    "ImportReport",
    "StatusReport",
    "TemplateEntry",
    "UpdateReport",
    "export",
    "extract",
    "import_file",
    "merge",
    "status",
    "template",
    "update",
]
