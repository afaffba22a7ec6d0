"""The MECA submission package: every output of the other writers plus the sources, in one reproducible zip.

NISO MECA 1.0 (RP-30-2020) is a zip with ``manifest.xml`` at its root listing one ``item``
per file. The manifest DTD has no checksum attribute; its one place for per-file data is
``item-metadata``, so each item carries ``<metadata metadata-name="sha256">``: the digest
stays bound to its item, the manifest remains DTD-valid, and readers that do not know the
name ignore it. ``manifest.xml`` itself is not listed (NISO's examples do not list it).
``transfer.xml`` is written only when a destination is given: the transfer DTD requires
one, and we do not invent it.

Reproducible: entries in a fixed order (manifest first, then by path), one fixed timestamp
(``SOURCE_DATE_EPOCH``, else the publication date, else 1 January of the article's year),
mode 0644, and a compression chosen by file type.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from ..model import Article
from ..problems import EnvironmentProblem, Problem
from . import WRITERS, Asset, Destination, Inputs, Options, Output
from .archive import entry_time, zip_bytes

PACKAGE = "package"
MANIFEST = "manifest.xml"
TRANSFER = "transfer.xml"
SOURCE_DIR = "source"
MANIFEST_NS = "https://manuscriptexchange.org/schema/manifest"
TRANSFER_NS = "https://manuscriptexchange.org/schema/transfer"
XLINK_NS = "http://www.w3.org/1999/xlink"
MANIFEST_PUBLIC_ID = "-//MECA//DTD Manifest v1.0//en"
TRANSFER_PUBLIC_ID = "-//MECA//DTD Transfer v1.0//en"
MANIFEST_SYSTEM_ID = "https://www.manuscriptexchange.org/schema/manifest-1.0.dtd"
TRANSFER_SYSTEM_ID = "https://www.manuscriptexchange.org/schema/transfer-1.0.dtd"
CHECKSUM_NAME = "sha256"

# A fixed table, not :mod:`mimetypes`, whose answers depend on the machine's /etc/mime.types.
MEDIA_TYPES = {
    ".bib": "application/x-bibtex",
    ".css": "text/css",
    ".gif": "image/gif",
    ".html": "text/html",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".js": "text/javascript",
    ".json": "application/json",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".po": "text/x-gettext-translation",
    ".pot": "text/x-gettext-translation",
    ".svg": "image/svg+xml",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".txt": "text/plain",
    ".typ": "text/plain",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".xlf": "application/xliff+xml",
    ".xml": "application/xml",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}
IMAGE_SUFFIXES = frozenset({".gif", ".jpeg", ".jpg", ".png", ".svg", ".tif", ".tiff", ".webp"})
# Already compressed: deflating them again costs time and saves nothing.
LANGUAGE_NAMES = {"ru": "Russian", "en": "English"}
TRANSFER_DESCRIPTION = "Source and destination of this transfer"


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of the package with what the manifest says about it."""

    path: str
    data: bytes
    item_type: str
    description: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def package_name(article: Article) -> str:
    """The package's file name: ``<doi-suffix>.meca.zip``."""
    return f"{article.doi_suffix}.meca.zip"


LAST_ZIP_SECOND = 4354819199  # 2107-12-31 23:59:59 UTC, the last time a zip entry can carry


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """``SOURCE_DATE_EPOCH`` from ``environ`` (reproducible-builds.org), ``None`` when unset."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or int(value) > LAST_ZIP_SECOND:
        raise EnvironmentProblem(
            Problem(
                "env.source-date-epoch",
                f"SOURCE_DATE_EPOCH is {value!r}; expected a whole number of seconds since 1970, "
                "before 2108 (where zip timestamps end)",
            )
        )
    return int(value)


def packaged_formats() -> tuple[str, ...]:
    """The article outputs the package carries: every row of the table with a MECA item type."""
    return tuple(sorted(n for n, s in WRITERS.items() if s.writer and s.meca_item))


def write_package(article: Article, options: Options, inputs: Inputs) -> Output:
    """The MECA zip of the article, named by :func:`package_name`.

    ``inputs.outputs`` holds the outputs of :func:`packaged_formats`, ``inputs.sources`` the
    project's files as ``(relative path, bytes)``; ``inputs.epoch`` sets the timestamps.
    """
    outputs = {name: inputs.outputs[name] for name in packaged_formats()}
    entries = package_entries(article, outputs, inputs.sources)
    destination = options.destination
    if destination is not None:
        entries.insert(
            0, Entry(TRANSFER, transfer_xml(article, destination), "transfer-metadata", TRANSFER_DESCRIPTION)
        )
    manifest = manifest_xml(entries)
    data = zip_bytes(
        [(MANIFEST, manifest), *((e.path, e.data) for e in entries)], entry_time(article, inputs.epoch)
    )
    return Output((Asset(package_name(article), data, schema="meca-1.0"),))


def package_entries(
    article: Article, outputs: Mapping[str, Output], sources: Sequence[tuple[str, bytes]]
) -> list[Entry]:
    """Every file of the package with its item type, sorted by path; a path given twice is a bug."""
    figures = {PurePosixPath(f.path).name for f in article.body.figures}
    source_figures = {f"manuscript/{f.path}" for f in article.body.figures}
    entries: list[Entry] = []
    for fmt, output in outputs.items():
        for asset in output.files:
            item_type, description = _classify_output(fmt, asset.path, figures)
            entries.append(Entry(asset.path, asset.data, item_type, description))
    for rel, data in sources:
        if rel in source_figures:
            item_type, description = "figure", f"Figure (source file {rel})"
        else:
            item_type, description = "supplementary-material", f"Article source file {rel}"
        entries.append(Entry(f"{SOURCE_DIR}/{rel}", data, item_type, description))
    entries.sort(key=lambda e: e.path)
    counts = Counter(e.path for e in entries)
    clashes = sorted({p for p, n in counts.items() if n > 1} | ({MANIFEST, TRANSFER} & set(counts)))
    if clashes:
        raise ValueError(f"package paths given twice or reserved: {', '.join(clashes)}")
    return entries


def _classify_output(fmt: str, path: str, figures: set[str]) -> tuple[str, str]:
    """The MECA item type and a description of one writer's file: figures by name, the rest by the table."""
    pure = PurePosixPath(path)
    suffix = pure.suffix.lower()
    lang = _language(path)
    in_lang = f", {LANGUAGE_NAMES[lang]}" if lang else ""
    item_type = WRITERS[fmt].meca_item or "article-supporting-file"
    if suffix in IMAGE_SUFFIXES and pure.name in figures:
        return "figure", "Figure"
    if item_type == "article-metadata" and suffix == ".xml":
        return item_type, "Article metadata and full text (JATS XML)"
    if item_type == "manuscript" and suffix == ".pdf":
        return item_type, f"Article (PDF{in_lang})"
    if suffix == ".html":
        return "article-supporting-file", f"Article web page (HTML{in_lang})"
    return "article-supporting-file", f"Supporting file of the {fmt} output"


def _language(path: str) -> str | None:
    match = re.search(r"(?:^|[/.])(ru|en)(?:[/.]|$)", path)
    return match.group(1) if match else None


def media_type(path: str) -> str:
    """The IANA media type of ``path`` by its suffix; unknown files are ``application/octet-stream``."""
    return MEDIA_TYPES.get(PurePosixPath(path).suffix.lower(), "application/octet-stream")


def manifest_xml(entries: Sequence[Entry]) -> bytes:
    """``manifest.xml``: one item per entry, with item type, description, SHA-256 and instance."""
    m = f"{{{MANIFEST_NS}}}"
    root = etree.Element(f"{m}manifest", nsmap={None: MANIFEST_NS, "xlink": XLINK_NS})
    root.set("manifest-version", "1")
    used: set[str] = set()
    for entry in entries:
        item = etree.SubElement(
            root, f"{m}item", id=_item_id(entry.path, used), **{"item-type": entry.item_type}
        )
        etree.SubElement(item, f"{m}item-description").text = entry.description
        metadata = etree.SubElement(etree.SubElement(item, f"{m}item-metadata"), f"{m}metadata")
        metadata.set("metadata-name", CHECKSUM_NAME)
        metadata.text = entry.sha256
        instance = etree.SubElement(item, f"{m}instance")
        instance.set("media-type", media_type(entry.path))
        instance.set(f"{{{XLINK_NS}}}href", entry.path)
    doctype = f'<!DOCTYPE manifest PUBLIC "{MANIFEST_PUBLIC_ID}" "{MANIFEST_SYSTEM_ID}">'
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)


def _item_id(path: str, used: set[str]) -> str:
    """A stable XML ID from the path (IDs must start with a letter), unique within the manifest."""
    base = "item-" + re.sub(r"[^A-Za-z0-9._-]+", "-", path).strip("-")
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def transfer_xml(article: Article, destination: Destination) -> bytes:
    """``transfer.xml``: the journal as the source, ``destination`` as the receiver."""
    t = f"{{{TRANSFER_NS}}}"
    root = etree.Element(f"{t}transfer", nsmap={None: TRANSFER_NS})
    root.set("transfer-version", "1.0")
    source = etree.SubElement(root, f"{t}transfer-source")
    publication = etree.SubElement(source, f"{t}publication", type="journal")
    journal = article.journal  # no <acronym>: the journal has an ISO abbreviation, not an acronym
    etree.SubElement(publication, f"{t}publication-title").text = journal.title.en or journal.title.ru
    target = etree.SubElement(root, f"{t}destination")
    provider = etree.SubElement(target, f"{t}service-provider")
    etree.SubElement(provider, f"{t}provider-name").text = destination.provider
    received = etree.SubElement(target, f"{t}publication")
    if destination.publication_type:
        received.set("type", destination.publication_type)
    etree.SubElement(received, f"{t}publication-title").text = destination.publication
    doctype = f'<!DOCTYPE transfer PUBLIC "{TRANSFER_PUBLIC_ID}" "{TRANSFER_SYSTEM_ID}">'
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)
