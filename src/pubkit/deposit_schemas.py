"""The registries' XSDs (Crossref 5.3.1, DOAJ), compiled offline and once, and validation with line numbers.

Both schemas import modules by absolute URL (Crossref the MathML 3 driver, DOAJ its
ISO 639-2/B list); libxml2 no longer fetches over HTTP, so a resolver serves the
local copies from the shared schemas folder. The files themselves are never patched.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from .problems import EnvironmentProblem, Problem

CROSSREF_XSD = Path("crossref") / "crossref5.3.1.xsd"
DOAJ_XSD = Path("doaj") / "doajArticles.xsd"
_MATHML_URLS = (
    "http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd",
    "https://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd",
)


class _LocalImports(etree.Resolver):
    """Serves a schema imported by URL from a local file: ``files`` maps a URL ending to the file."""

    def __init__(self, files: dict[str, Path]) -> None:
        super().__init__()
        self.files = files

    def resolve(self, system_url, public_id, context):
        for ending, path in self.files.items():
            if system_url.endswith(ending):
                return self.resolve_filename(str(path.resolve()), context)
        return None


def _compile(xsd: Path, imports: dict[str, Path]) -> etree.XMLSchema:
    if not xsd.is_file():
        raise EnvironmentProblem(
            Problem("schemas.missing", f"{xsd} not found; expected the registry's XSD there")
        )
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalImports(imports))
    try:
        return etree.XMLSchema(etree.parse(str(xsd), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        raise EnvironmentProblem(Problem("schemas.broken", f"{xsd} does not compile: {exc}")) from exc


@functools.cache
def crossref_schema(schemas: Path) -> etree.XMLSchema:
    """Crossref's deposit schema 5.3.1 from ``schemas/crossref`` (compiling takes seconds: cached)."""
    mathml = schemas / "crossref" / "standard-modules" / "mathml3" / "mathml3.xsd"
    return _compile(schemas / CROSSREF_XSD, {url: mathml for url in _MATHML_URLS})


@functools.cache
def doaj_schema(schemas: Path) -> etree.XMLSchema:
    """DOAJ's article upload schema from ``schemas/doaj``, its language list imported from beside it."""
    return _compile(schemas / DOAJ_XSD, {"iso_639-2b.xsd": schemas / "doaj" / "iso_639-2b.xsd"})


def validate_xml(schema: etree.XMLSchema, data: bytes) -> list[tuple[int, str]]:
    """Every error of ``data`` against ``schema`` as ``(line, message)``; empty when valid."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        document = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [(exc.lineno or 0, exc.msg)]
    if schema.validate(document):
        return []
    return [(error.line, error.message) for error in schema.error_log.filter_from_errors()]
