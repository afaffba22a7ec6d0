"""The translators' workflow: template, catalog update, status, and XLIFF/PO exchange with CAT tools.

The English of an article lives in ``translations/en.po`` (msgctxt = segment id,
msgid = the Russian it translates). These functions keep that catalog in step
with the Russian sources; the readers in :mod:`pubkit.sources` then merge it
while loading, as before.
"""

from __future__ import annotations

from .catalogs import UpdateReport, extract, merge, update
from .segments import TemplateEntry, template
from .status import StatusReport, status
from .xliff import ImportReport, export, import_file

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
