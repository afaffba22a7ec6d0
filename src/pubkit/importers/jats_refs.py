"""A JATS ``ref-list`` → ``refs.bib`` entries, keyed as ``pubkit import refs`` keys them.

``element-citation`` is read field by field: the inverse of
:func:`pubkit.refs.render.element_citation`, so pubkit's own references come back as
they were written. A Russian source carries a Russian and an English form
(``citation-alternatives``, ``xml:lang``): the Russian one fills the standard fields,
the English one the ``_en`` fields where it differs from what the style would derive.
A reference with only ``mixed-citation`` strings goes through the printed-list parser
(:func:`pubkit.refs.parse.parse_reference`), its Russian and English strings merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from pybtex.database import Entry, Person

from ..problems import Problems
from ..refs.fields import name_parts
from ..refs.keys import base_key, unique_key
from ..refs.parse import ReferenceSyntaxError, parse_reference
from ..refs.translit import has_cyrillic

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TYPES = {
    "journal": "article",
    "book": "book",
    "confproc": "inproceedings",
    "conference": "inproceedings",
    "thesis": "phdthesis",
}
_SPACE = re.compile(r"[ \t\r\n]+")  # XML whitespace only: a no-break space is text


@dataclass(frozen=True, slots=True)
class ImportedRef:
    """One reference read back: its ``ref`` id, key and entry."""

    rid: str
    key: str
    entry: Entry


def text_of(element: etree._Element | None) -> str | None:
    """An element's text content, whitespace collapsed; ``None`` when absent or empty."""
    if element is None:
        return None
    value = _SPACE.sub(" ", element.xpath("string()")).strip()
    return value or None


def _lang(element: etree._Element, default: str) -> str:
    lang = element.get(XML_LANG)
    if lang:
        return lang.split("-")[0].lower()
    return "ru" if has_cyrillic(text_of(element) or "") else default


def _people(citation: etree._Element, role: str) -> list[Person]:
    people: list[Person] = []
    for group in citation.iter("person-group"):
        if (group.get("person-group-type") or "author") != role:
            continue
        for child in group:
            if child.tag in ("name", "string-name"):
                surname = text_of(child.find("surname"))
                given = text_of(child.find("given-names"))
                if surname:
                    people.append(Person(last=surname, first=given or ""))
                elif text := text_of(child):
                    people.append(Person(text))
            elif child.tag == "collab" and (text := text_of(child)):
                people.append(Person(last="{" + text + "}"))
            elif child.tag == "etal":
                people.append(Person("others"))
    if role == "author" and not people:
        for child in citation:
            if child.tag in ("name", "string-name") and (surname := text_of(child.find("surname"))):
                people.append(Person(last=surname, first=text_of(child.find("given-names")) or ""))
    return people


def _names(people: list[Person]) -> str:
    return " and ".join(str(p) for p in people)


def _kind(citation: etree._Element) -> str:
    publication = (citation.get("publication-type") or "").lower()
    kind = _TYPES.get(publication, "misc")
    if kind == "book" and citation.find("chapter-title") is not None:
        kind = "incollection"
    if kind == "misc" and citation.find("article-title") is not None and citation.find("source") is not None:
        kind = "article"
    return kind


def _fields(citation: etree._Element, kind: str) -> dict[str, str]:
    """The standard fields of one form, as ``element_citation`` wrote them."""
    get = lambda tag: text_of(citation.find(tag))  # noqa: E731
    found: dict[str, str | None] = {}
    title = get("chapter-title") or get("article-title")
    container = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}.get(kind)
    if title and container:
        found["title"], found[container] = title, get("source")
    else:
        found["title"] = get("source") or title
    found["year"] = get("year")
    found["volume"] = get("volume")
    found["number"] = get("issue")
    first, last = get("fpage"), get("lpage")
    if first and last:
        found["pages"] = f"{first}--{last}"
    elif first or get("elocation-id"):
        found["pages"] = first or get("elocation-id")
    found["address"] = get("publisher-loc")
    found["school" if kind == "phdthesis" else "publisher"] = get("publisher-name")
    size = citation.find("size")
    if size is not None and (size.get("units") or "pages") == "pages":
        found["pagetotal"] = text_of(size)
    for pub_id in citation.iter("pub-id"):
        if pub_id.get("pub-id-type") == "doi" and (doi := text_of(pub_id)):
            found["doi"] = doi
    return {k: v for k, v in found.items() if v}


def _english_fields(english: etree._Element, kind: str, original: Entry) -> dict[str, str]:
    """A Russian source's ``_en`` fields from its English form, where they say more than transliteration."""
    found = _fields(english, kind)
    extra: dict[str, str] = {}
    container = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}.get(kind)
    if container:
        if trans := text_of(english.find("trans-source")):
            extra[f"{container}_en"] = trans
        if "title" in found:
            extra["title_en"] = found["title"]
    elif "title" in found:
        extra["title_en"] = found["title"]
    for name in ("address", "publisher", "school"):
        if name in found:
            extra[f"{name}_en"] = found[name]
    for role in ("author", "editor"):
        people = _people(english, role)
        derived = [name_parts(p, "en") for p in original.persons.get(role, [])]
        if people and [name_parts(p, "en") for p in people] != derived:
            extra[f"{role}_en"] = _names(people)
    return extra


def _parse_mixed(element: etree._Element, file: str, problems: Problems) -> Entry | None:
    text = text_of(element) or ""
    try:
        return parse_reference(text).entry
    except ReferenceSyntaxError as error:
        problems.error(
            "import.reference",
            f"cannot read the reference {text[:60]!r}: {error}",
            file=file,
            line=element.sourceline,
        )
        return None


def _from_mixed(mixed: list[etree._Element], file: str, problems: Problems) -> Entry | None:
    """Printed strings only: the Russian original, with the English form's ``_en`` fields."""
    russian = [m for m in mixed if _lang(m, "en") == "ru"]
    english = [m for m in mixed if m not in russian]
    entry = _parse_mixed(russian[0], file, problems) if russian else None
    if english:
        other = _parse_mixed(english[0], file, problems)
        if entry is None:
            return other
        if other is not None:
            for name, value in other.fields.items():
                if name.endswith("_en") and name not in entry.fields:
                    entry.fields[name] = value
            for role, people in other.persons.items():
                if role.endswith("_en") and role not in entry.persons:
                    entry.persons[role] = people
    return entry


def _thesis_type(entry: Entry, mixed: list[etree._Element], file: str) -> None:
    """A thesis's ``type``/``type_en`` are printed only: read them from the printed forms."""
    for element in mixed:
        try:
            parsed = parse_reference(text_of(element) or "").entry
        except ReferenceSyntaxError:
            continue
        for name in ("type", "type_en"):
            if name in parsed.fields and name not in entry.fields:
                entry.fields[name] = parsed.fields[name]


def read_reference(ref: etree._Element, lang: str, file: str, problems: Problems) -> Entry | None:
    """One ``ref`` as a BibTeX entry; ``None`` (reported) when it holds no citation that can be read."""
    structured = [c for c in ref.iter("element-citation", "nlm-citation")]
    mixed = [c for c in ref.iter("mixed-citation")]
    if not structured:
        if mixed:
            return _from_mixed(mixed, file, problems)
        problems.error(
            "import.reference",
            "the reference has no element-citation or mixed-citation; expected one of them",
            file=file,
            line=ref.sourceline,
        )
        return None
    russian = next((c for c in structured if _lang(c, lang) == "ru"), None)
    english = next((c for c in structured if c is not russian), None)
    primary = russian if russian is not None else structured[0]
    kind = _kind(primary)
    entry = Entry(kind)
    if russian is not None:
        entry.fields["langid"] = "russian"
    for role in ("author", "editor"):
        people = _people(primary, role)
        if people:
            entry.persons[role] = people
    fields = _fields(primary, kind)
    if russian is not None and (trans := text_of(primary.find("trans-title"))):
        fields["title_en"] = trans
    if russian is not None and english is not None:
        for name, value in _english_fields(english, kind, entry).items():
            fields.setdefault(name, value)
    for name, value in fields.items():
        entry.fields[name] = value
    if kind == "phdthesis":
        _thesis_type(entry, mixed, file)
    if kind == "misc":
        problems.warning(
            "import.reference-type",
            f"publication-type {primary.get('publication-type')!r} has no BibTeX type pubkit's style "
            "prints; imported as misc (pubkit check reports it)",
            file=file,
            line=primary.sourceline,
        )
    return entry


def read_references(
    root: etree._Element, lang: str, file: str, problems: Problems, unread: list[tuple[str, str]]
) -> list[ImportedRef]:
    """Every ``ref`` of the article's ``ref-list`` in list order, each with a fresh key.

    A reference that cannot be read is reported and its text added to ``unread``, so the
    import report keeps it.
    """
    refs: list[ImportedRef] = []
    taken: set[str] = set()
    back = root.find("back")
    if back is None:
        return refs
    for index, ref in enumerate(back.iter("ref"), start=1):
        entry = read_reference(ref, lang, file, problems)
        if entry is None:
            label = text_of(ref.find("label")) or ref.get("id") or str(index)
            citation = next(ref.iter("mixed-citation", "element-citation", "nlm-citation"), ref)
            unread.append((f"Reference {label}", text_of(citation) or ""))
            continue
        key = unique_key(base_key(entry) or f"ref{index}", taken)
        taken.add(key)
        refs.append(ImportedRef(ref.get("id") or f"ref-{index}", key, entry))
    return refs
