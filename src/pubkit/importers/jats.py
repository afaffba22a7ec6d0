"""A JATS 1.x article (the journal's archive, or pubkit's own output) → the sources of an article project.

The XML is parsed safely: its DOCTYPE is never followed, nothing is fetched, and
entities are not expanded, so an XML bomb or an external entity is an error, not a
hang or a leak. Elpub/OJS-style JATS is read as it comes: ``article xml:lang``,
``title-group`` with ``trans-title-group``, ``name-alternatives``, bilingual ``aff``
(one ``aff`` with ``xml:lang`` on its parts, or ``aff-alternatives``), ``abstract`` and
``trans-abstract``, ``kwd-group xml:lang``, funding, conflict of interest and the license.
The body goes through pandoc (:mod:`.jats_body`), the references through
:mod:`.jats_refs`, and a ``sub-article article-type="translation"`` (pubkit's own
bilingual JATS) gives the English of the body.

Nothing is made up. A datum the project needs that the JATS does not give is
reported and left out, for ``pubkit check`` to report as well; ``IMPORT-REPORT.md``
lists every such problem (see :mod:`.jats_project`).
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..limits import current, size
from ..model import Journal
from ..problems import Problem, Problems, PubkitError
from .jats_body import BodyText, body_to_markdown
from .jats_front import FrontReader
from .jats_journal import check_journal, journal_data
from .jats_refs import ImportedRef, read_references
from .jats_xml import lang_of

MAX_BYTES = 50 * 1024 * 1024
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s")
_ROOT_START = re.compile(rb"<[A-Za-z_]")  # an element's start tag: the prolog (and any DOCTYPE) is over


@dataclass
class ImportedArticle:
    """What a JATS file gave: the ``article.yaml`` data, the English of its segments, body, references.

    ``english`` maps metadata segment ids (``title``, ``abstract.methods.1`` …) to their
    English; the body's English is ``body_en``, aligned with the Russian by segment id
    when the project is written. ``journal`` is the ``journal.yaml`` data to write when
    no ``journal.yaml`` exists above the target folder.
    """

    source: str
    article: dict
    english: dict[str, str]
    body_ru: BodyText | None
    body_en: BodyText | None
    references: list[ImportedRef]
    journal: dict | None
    problems: Problems
    images: dict[str, bytes] = field(default_factory=dict)
    not_imported: list[tuple[str, str]] = field(default_factory=list)  # (what, text) kept in the report


def _error(code: str, message: str, file: str, line: int | None = None) -> PubkitError:
    return PubkitError(Problem(code, message, file=file, line=line))


def _entities(file: str, line: int) -> PubkitError:
    return _error(
        "import.entities",
        "the DOCTYPE declares entities, which are never expanded (XML bomb or external entity); "
        "expected a JATS article without an internal DTD subset",
        file,
        line,
    )


def parse_jats(data: bytes, file: str) -> etree._Element:
    """The ``<article>`` root, parsed without DTD, network or entities; anything else is a :class:`PubkitError`."""
    if len(data) > MAX_BYTES:
        raise _error(
            "import.too-large", f"{len(data)} bytes; expected a JATS article under {MAX_BYTES} bytes", file
        )
    declared = _ENTITY_DECLARATION.search(data)
    if declared and not _ROOT_START.search(data, 0, declared.start()):
        raise _entities(file, data.count(b"\n", 0, declared.start()) + 1)
    parser = etree.XMLParser(
        load_dtd=False, no_network=True, resolve_entities=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        errors = [e for e in parser.error_log.filter_from_errors()] or []
        first = errors[0] if errors else None
        line = first.line if first is not None else exc.lineno
        message = first.message if first is not None else exc.msg
        raise _error(
            "import.xml", f"malformed XML: {message}; expected a well-formed JATS article", file, line
        ) from exc
    doctype = root.getroottree().docinfo.internalDTD
    if doctype is not None and any(True for _ in doctype.iterentities()):
        raise _entities(file, 1)
    _replace_named_characters(root, file)
    if etree.QName(root).localname != "article" or etree.QName(root).namespace:
        name = etree.QName(root)
        raise _error(
            "import.not-jats",
            f"the root element is <{name.localname}>"
            + (f" in namespace {name.namespace}" if name.namespace else "")
            + "; expected a JATS <article>",
            file,
            root.sourceline,
        )
    return root


def _replace_named_characters(root: etree._Element, file: str) -> None:
    """HTML's named characters (``&nbsp;``, ``&mdash;``, declared by the JATS DTD we do not load) as text.

    The names come from a fixed table, never from the document, so nothing is expanded
    recursively; any other entity reference is an error naming it.
    """
    for node in list(root.iter(etree.Entity)):
        name = node.name
        if name not in html.entities.name2codepoint:
            raise _error(
                "import.entities",
                f"undefined entity &{name};; expected characters as UTF-8 or numeric references (&#160;)",
                file,
                node.getparent().sourceline if node.getparent() is not None else None,
            )
        text = chr(html.entities.name2codepoint[name]) + (node.tail or "")
        parent, previous = node.getparent(), node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(node)


def read_jats(path: Path, journal: Journal | None) -> ImportedArticle:
    """The project data in the JATS file at ``path``; raises :class:`PubkitError` when it is no JATS article."""
    file = str(path)
    if path.is_file() and path.stat().st_size > current().xml:
        raise _error(
            "import.too-large", f"over the limit of {size(current().xml)} (PUBKIT_LIMITS xml=...)", file
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error("import.unreadable", f"cannot read: {exc.strerror}", file) from exc
    root = parse_jats(data, file)
    reader = FrontReader(root, file, journal)
    article = reader.read()
    journal_meta = journal_data(reader) if journal is None else None
    if journal is not None:
        check_journal(reader, journal)
    references = read_references(root, reader.lang, file, reader.problems, reader.not_imported)
    keys = {ref.rid: ref.key for ref in references}
    order = [ref.get("id") for ref in root.iter("ref") if ref.get("id")]
    body_ru = body_en = None
    body = root.find("body")
    if body is not None:
        body_ru = body_to_markdown(body, keys, order, file, reader.problems, back=root.find("back"))
    else:
        reader.missing("<body>", "the article's full text", root.sourceline)
    for sub in root.iter("sub-article"):
        if (
            sub.get("article-type") == "translation"
            and lang_of(sub, "") == "en"
            and sub.find("body") is not None
        ):
            prefix = (
                "en-" if any((e.get("id") or "").startswith("en-") for e in sub.find("body").iter()) else ""
            )
            body_en = body_to_markdown(
                sub.find("body"), keys, order, file, reader.problems, id_prefix=prefix, back=sub.find("back")
            )
            break
    images = _images(
        path, [*(body_ru.images if body_ru else []), *(body_en.images if body_en else [])], reader
    )
    return ImportedArticle(
        source=file,
        article=article,
        english=reader.english,
        body_ru=body_ru,
        body_en=body_en,
        references=references,
        journal=journal_meta,
        problems=reader.problems,
        images=images,
        not_imported=reader.not_imported,
    )


def _images(path: Path, targets: list[str], reader: FrontReader) -> dict[str, bytes]:
    """The body's image files, read from beside the JATS file; a missing or unsafe one is reported."""
    found: dict[str, bytes] = {}
    for target in dict.fromkeys(targets):
        if not target:
            reader.problems.warning(
                "import.figure",
                "a <graphic> has no xlink:href; expected the image's file name",
                file=reader.file,
            )
            continue
        if target.startswith(("/", "http:", "https:")) or ".." in Path(target).parts:
            reader.problems.warning(
                "import.figure",
                f"figure {target!r} is not a relative path beside the JATS file; not copied",
                file=reader.file,
            )
            continue
        source = path.parent / target
        if source.is_file():
            found[target] = source.read_bytes()
        else:
            reader.problems.warning(
                "import.figure",
                f"figure file {target!r} not found beside the JATS file; copy it into manuscript/",
                file=reader.file,
            )
    return found
