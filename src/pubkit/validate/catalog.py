"""The catalog of schemas pubkit knows, each loaded once per process from the schemas folder.

A *kind* names one schema: ``jats-1.3`` and ``jats-1.4`` (NLM Journal Publishing DTD with
MathML 3), ``meca-1.0`` (the MECA manifest DTD), ``meca-transfer-1.0``,
``crossref-5.3.1`` and ``doaj`` (XSDs), ``xliff-1.2`` (the strict XSD), and
``pmc-stylechecker`` (NCBI's XSLT). Imports that the XSDs make by absolute URL are served
from the same folder by a resolver, so loading never touches the network.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..problems import EnvironmentProblem, Problem
from .schemas import DRIVERS, JATS_FOLDER, find_jats_dtd


@dataclass(frozen=True, slots=True)
class SchemaKind:
    """One catalog entry: how it is stored (``dtd``, ``xsd``, ``xslt``) and where under the schemas folder."""

    kind: str
    form: str
    path: str  # relative to the schemas folder; JATS DTDs are found by version instead
    description: str


KINDS: dict[str, SchemaKind] = {
    entry.kind: entry
    for entry in (
        SchemaKind(
            "jats-1.3", "dtd", f"{JATS_FOLDER}/1.3/{DRIVERS['1.3']}", "JATS 1.3 Journal Publishing DTD"
        ),
        SchemaKind(
            "jats-1.4", "dtd", f"{JATS_FOLDER}/1.4/{DRIVERS['1.4']}", "JATS 1.4 Journal Publishing DTD"
        ),
        SchemaKind("meca-1.0", "dtd", "meca/schema/manifest-1.0.dtd", "NISO MECA 1.0 manifest DTD"),
        SchemaKind("meca-transfer-1.0", "dtd", "meca/schema/transfer-1.0.dtd", "NISO MECA 1.0 transfer DTD"),
        SchemaKind("meca-reviews-1.0", "dtd", "meca/schema/reviews-1.0.dtd", "NISO MECA 1.0 reviews DTD"),
        SchemaKind("crossref-5.3.1", "xsd", "crossref/crossref5.3.1.xsd", "Crossref deposit schema 5.3.1"),
        SchemaKind("doaj", "xsd", "doaj/doajArticles.xsd", "DOAJ article XML schema"),
        SchemaKind("xliff-1.2", "xsd", "xliff-1.2/xliff-core-1.2-strict.xsd", "OASIS XLIFF 1.2 (strict)"),
        SchemaKind(
            "pmc-stylechecker", "xslt", "pmc-stylechecker/nlm-stylechecker.xsl", "NCBI PMC StyleChecker"
        ),
    )
}

# Absolute URLs the XSDs import, and the local copies that stand in for them.
_LOCAL_COPIES = {
    "http://www.w3.org/2001/xml.xsd": "xliff-1.2/xml.xsd",
    "https://www.w3.org/2001/xml.xsd": "xliff-1.2/xml.xsd",
    "iso_639-2b.xsd": "doaj/iso_639-2b.xsd",
    "http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd": "crossref/standard-modules/mathml3/mathml3.xsd",
    "https://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd": "crossref/standard-modules/mathml3/mathml3.xsd",
}


class _LocalResolver(etree.Resolver):
    """Serves the XSDs' absolute-URL imports from the schemas folder."""

    def __init__(self, schemas: Path) -> None:
        super().__init__()
        self.schemas = schemas

    def resolve(self, system_url, public_id, context):
        for url, local in _LOCAL_COPIES.items():
            if system_url == url or system_url.endswith("/" + url):
                return self.resolve_filename(str(self.schemas / local), context)
        return None


def path_of(kind: str, schemas: Path) -> Path:
    """Where ``kind`` lives under ``schemas``; :class:`EnvironmentProblem` when it is not there."""
    entry = KINDS.get(kind)
    if entry is None:
        raise ValueError(f"unknown schema kind {kind!r}; known: {', '.join(KINDS)}")
    if kind.startswith("jats-"):
        found = find_jats_dtd(schemas, kind.removeprefix("jats-"))
        if found is not None:
            return found.resolve()
    path = schemas / entry.path
    if not path.is_file():
        raise EnvironmentProblem(
            Problem("schemas.missing", f"no {entry.description} under {schemas} (expected {entry.path})")
        )
    return path.resolve()


@functools.cache
def load(kind: str, schemas: Path) -> etree.DTD | etree.XMLSchema | etree.XSLT:
    """The compiled schema (a DTD takes about a second to load, so it is kept for the process)."""
    path = path_of(kind, schemas)
    form = KINDS[kind].form
    try:
        if form == "dtd":
            return etree.DTD(str(path))
        parser = etree.XMLParser(no_network=True)
        parser.resolvers.add(_LocalResolver(schemas))
        document = etree.parse(str(path), parser)
        return etree.XMLSchema(document) if form == "xsd" else etree.XSLT(document)
    except (OSError, etree.DTDParseError, etree.XMLSchemaParseError, etree.XSLTParseError) as exc:
        raise EnvironmentProblem(
            Problem("schemas.broken", f"cannot load the {KINDS[kind].description}: {exc}", file=str(path))
        ) from exc
