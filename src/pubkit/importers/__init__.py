"""Getting articles in: material made elsewhere turned into an article project's sources.

:func:`import_docx` reads a DOCX laid out as the journal's author guidelines ask and
writes a project folder (see :mod:`pubkit.importers.project`); :mod:`.jats_project`
makes one from a JATS article (the journal's archive, or pubkit's own JATS).
"""

from __future__ import annotations

from .project import DocxImport, import_docx

__all__ = ["DocxImport", "import_docx"]
