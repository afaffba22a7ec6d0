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

import datetime
import html.entities
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import Journal
from ..problems import Problem, Problems, PubkitError
from ..refs.translit import has_cyrillic, transliterate
from ..sources.metadata import ABSTRACT_SECTIONS
from ..writers import DRAFT_MARK
from ..writers.jats.types import ascii_id
from .jats_body import BodyText, body_to_markdown
from .jats_refs import ImportedRef, read_references, text_of

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MAX_BYTES = 50 * 1024 * 1024
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s")
_ROOT_START = re.compile(rb"<[A-Za-z_]")  # an element's start tag: the prolog (and any DOCTYPE) is over
_ABSTRACT_TITLES = {
    "background": ("обоснование", "актуальность", "введение", "background", "introduction", "rationale"),
    "objective": ("цель", "цели", "цель исследования", "objective", "objectives", "aim", "aims", "purpose"),
    "methods": ("материалы и методы", "методы", "материал и методы", "materials and methods", "methods"),
    "results": ("результаты", "results"),
    "conclusions": ("заключение", "выводы", "вывод", "conclusion", "conclusions"),
}
_SEC_TYPES = {
    "background": "background",
    "intro": "background",
    "introduction": "background",
    "objective": "objective",
    "objectives": "objective",
    "aim": "objective",
    "purpose": "objective",
    "methods": "methods",
    "materials|methods": "methods",
    "materials-methods": "methods",
    "results": "results",
    "conclusions": "conclusions",
    "conclusion": "conclusions",
}


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


def _lang(element: etree._Element, default: str) -> str:
    value = element.get(XML_LANG)
    if value:
        return value.split("-")[0].lower()
    return default


def _text_lang(element: etree._Element, default: str) -> str:
    """An element's language: ``xml:lang``, else its script (Cyrillic is Russian), else ``default``."""
    value = element.get(XML_LANG)
    if value:
        return value.split("-")[0].lower()
    text = text_of(element) or ""
    if has_cyrillic(text):
        return "ru"
    return "en" if re.search("[A-Za-z]", text) else default


class _Reader:
    """Reads ``article-meta`` into article.yaml data, noting what is missing."""

    def __init__(self, root: etree._Element, file: str, journal: Journal | None) -> None:
        self.root = root
        self.file = file
        self.journal = journal
        self.problems = Problems()
        self.lang = _lang(root, "en")
        self.english: dict[str, str] = {}
        self.not_imported: list[tuple[str, str]] = []
        front = root.find("front")
        self.meta = front.find("article-meta") if front is not None else None
        self.journal_meta = front.find("journal-meta") if front is not None else None

    # -- helpers ---------------------------------------------------------------------------------

    def missing(
        self, what: str, expected: str, line: int | None = None, code: str = "import.missing"
    ) -> None:
        self.problems.warning(code, f"no {what} in the JATS; expected {expected}", file=self.file, line=line)

    def translate(self, segment_id: str, value: str | None) -> None:
        """The English of ``segment_id``; a draft's ``[untranslated]`` text is no translation."""
        if value and not value.startswith(DRAFT_MARK):
            self.english[segment_id] = value

    def pair(self, elements: list[etree._Element]) -> tuple[str | None, str | None, int | None]:
        """The original-language and English texts among ``elements`` (each with ``xml:lang`` or a script)."""
        original = english = None
        line = None
        for element in elements:
            text = text_of(element)
            if not text:
                continue
            lang = _text_lang(element, self.lang)
            if lang == self.lang and original is None:
                original, line = text, element.sourceline
            elif lang == "en" and english is None:
                english = text
        return original, english, line

    # -- article-meta ----------------------------------------------------------------------------

    def read(self) -> dict:
        meta = self.meta
        data: dict = {}
        if meta is None:
            self.missing("<front>/<article-meta>", "the article's metadata", self.root.sourceline)
            return data
        doi = next((text_of(e) for e in meta.findall("article-id") if e.get("pub-id-type") == "doi"), None)
        self.put(data, "doi", doi, 'DOI (<article-id pub-id-type="doi">)')
        for tag in ("volume", "issue", "fpage", "lpage"):
            self.put(data, tag, text_of(meta.find(tag)), f"<{tag}>")
        year = self.year()
        self.put(data, "year", year, "the year of the issue (<pub-date>/<year>)")
        self.put(
            data, "section", self.section(), 'the journal section (<subj-group subj-group-type="heading">)'
        )
        dates = self.dates()
        if dates:
            data["dates"] = dates
        data["language"] = self.lang
        if self.root.get(XML_LANG) is None:
            self.missing(
                "article/@xml:lang", "the article's language (the default is English)", self.root.sourceline
            )
        self.title(data)
        abstract = self.abstract()
        if abstract:
            data["abstract"] = abstract
        else:
            self.missing("structured <abstract>", "an abstract with <sec> headings", meta.sourceline)
        keywords = self.keywords()
        if keywords:
            data["keywords"] = keywords
        else:
            self.missing("<kwd-group>", "the author keywords", meta.sourceline)
        affiliations, aff_ids = self.affiliations()
        if affiliations:
            data["affiliations"] = affiliations
        authors = self.authors(aff_ids)
        if authors:
            data["authors"] = authors
        else:
            self.missing("authors", '<contrib contrib-type="author">', meta.sourceline)
        self.statements(data)
        self.license(data)
        return data

    def put(self, data: dict, key: str, value: object, expected: str) -> None:
        if value is None or value == "":
            self.missing(key, expected, self.meta.sourceline if self.meta is not None else None)
        else:
            data[key] = value

    def year(self) -> int | None:
        dates = self.meta.findall("pub-date")
        ordered = sorted(
            dates, key=lambda d: (d.get("date-type") != "collection", d.get("pub-type") != "collection")
        )
        for date in ordered:
            year = text_of(date.find("year"))
            if year and year.isdigit():
                return int(year)
        return None

    def section(self) -> str | None:
        """The section id: the journal's section whose name is the heading subject, else one made from it."""
        subjects: dict[str, str] = {}
        for group in self.meta.iter("subj-group"):
            if group.get("subj-group-type") in ("heading", None):
                subject = text_of(group.find("subject"))
                if subject:
                    subjects.setdefault(_text_lang(group, self.lang), subject)
        article_type = self.root.get("article-type")
        if self.journal is not None:
            for section in self.journal.sections:
                if subjects.get("ru") == section.name.ru or subjects.get("en") == section.name.en:
                    return section.id
            matches = [s for s in self.journal.sections if s.article_type == article_type]
            if len(matches) == 1 and not subjects:
                return matches[0].id
            known = ", ".join(s.id for s in self.journal.sections)
            self.problems.warning(
                "import.section",
                f"the heading {subjects or article_type!r} is none of journal.yaml's sections ({known}); "
                "section left out",
                file=self.file,
            )
            return None
        self.new_sections = getattr(self, "new_sections", {})
        name = subjects.get("en") or subjects.get("ru") or article_type
        if not name:
            return None
        section_id = ascii_id(transliterate(name).lower())
        if "ru" in subjects and "en" in subjects and article_type:
            self.new_sections[section_id] = {
                "name": {"ru": subjects["ru"], "en": subjects["en"]},
                "article_type": article_type,
            }
        else:
            self.missing(
                "bilingual section heading and article-type",
                "the section's Russian and English names and the article's article-type (journal.yaml sections)",
            )
        return section_id

    def dates(self) -> dict:
        found: dict[str, datetime.date] = {}
        history = self.meta.find("history")
        if history is not None:
            for date in history.findall("date"):
                kind = date.get("date-type")
                if kind in ("received", "accepted") and (day := _date(date)):
                    found[kind] = day
        for date in self.meta.findall("pub-date"):
            kind = date.get("date-type") or date.get("pub-type")
            if kind in ("pub", "epub", "ppub", "epub-ppub") and (day := _date(date)):
                found.setdefault("published", day)
        return {k: found[k] for k in ("received", "accepted", "published") if k in found}

    def title(self, data: dict) -> None:
        group = self.meta.find("title-group")
        if group is None:
            self.missing("<title-group>", "the article's title", self.meta.sourceline)
            return
        titles = [group.find("article-title")] if group.find("article-title") is not None else []
        original, english, _ = self.pair(titles)
        for trans in group.iter("trans-title-group"):
            lang = _lang(trans, "en")
            text = text_of(trans.find("trans-title"))
            if lang == "en" and text:
                english = english or text
        if original is None and english is not None and self.lang == "en":
            original = english
        self.put(data, "title", original, "<article-title> in the article's language")
        if self.lang != "en":
            self.translate("title", english)

    def abstract(self) -> list[dict]:
        original = english = None
        for element in self.meta.findall("abstract") + self.meta.findall("trans-abstract"):
            if element.get("abstract-type") not in (None, "structured", "summary", "abstract"):
                continue
            lang = _lang(element, self.lang if element.tag == "abstract" else "en")
            if lang == self.lang and original is None:
                original = element
            elif lang == "en" and english is None:
                english = element
        if original is None:
            return []
        sections = self.abstract_sections(original)
        if not sections:
            text = text_of(original) or ""
            self.not_imported.append(("Abstract (not structured)", text))
            self.problems.warning(
                "import.abstract",
                "the abstract has no <sec> headings pubkit knows (background, objective, methods, results, "
                "conclusions); its text is in IMPORT-REPORT.md",
                file=self.file,
                line=original.sourceline,
            )
            return []
        out = []
        translated = (
            dict((kind, (title, ps)) for kind, title, ps in self.abstract_sections(english))
            if (english is not None and self.lang != "en")
            else {}
        )
        for kind, title, paragraphs in sections:
            out.append({"section": kind, "title": title, "text": paragraphs})
            if kind in translated:
                en_title, en_paragraphs = translated[kind]
                self.translate(f"abstract.{kind}.title", en_title)
                if len(en_paragraphs) == len(paragraphs):
                    for i, text in enumerate(en_paragraphs, start=1):
                        self.translate(f"abstract.{kind}.{i}", text)
                else:
                    self.problems.warning(
                        "import.abstract-translation",
                        f"the English abstract's {kind!r} section has {len(en_paragraphs)} paragraph(s), "
                        f"the original {len(paragraphs)}; its English is left untranslated",
                        file=self.file,
                    )
        return out

    def abstract_sections(self, element: etree._Element) -> list[tuple[str, str, list[str]]]:
        out = []
        for sec in element.findall("sec"):
            title = text_of(sec.find("title"))
            kind = _SEC_TYPES.get((sec.get("sec-type") or "").lower())
            if kind is None and title:
                label = title.lower().rstrip(".:")
                kind = next((k for k, names in _ABSTRACT_TITLES.items() if label in names), None)
            paragraphs = [t for p in sec.findall("p") if (t := text_of(p))]
            if kind is None or kind not in ABSTRACT_SECTIONS or not title or not paragraphs:
                self.not_imported.append(
                    (f"Abstract section {title or sec.get('sec-type')!r}", text_of(sec) or "")
                )
                self.problems.warning(
                    "import.abstract-section",
                    f"abstract section {title or sec.get('sec-type')!r} is none of pubkit's "
                    f"({', '.join(ABSTRACT_SECTIONS)}); left out, its text is in IMPORT-REPORT.md",
                    file=self.file,
                    line=sec.sourceline,
                )
                continue
            if any(kind == k for k, _, _ in out):
                continue
            out.append((kind, title, paragraphs))
        return out

    def keywords(self) -> list[str]:
        groups: dict[str, list[str]] = {}
        for group in self.meta.findall("kwd-group"):
            lang = _lang(group, self.lang)
            words = [t for k in group.findall("kwd") if (t := text_of(k))]
            if words and lang not in groups:
                groups[lang] = words
        original = groups.get(self.lang, [])
        english = groups.get("en") if self.lang != "en" else None
        if original and english:
            if len(english) == len(original):
                for i, word in enumerate(english, start=1):
                    self.translate(f"keywords.{i}", word)
            else:
                self.problems.warning(
                    "import.keywords",
                    f"{len(english)} English keyword(s) for {len(original)} original one(s); "
                    "the English keywords are left untranslated",
                    file=self.file,
                )
        return original

    def affiliations(self) -> tuple[dict, dict[str, str]]:
        """``affiliations`` (id → fields) and each JATS ``aff`` id's new id."""
        groups: list[tuple[str | None, list[etree._Element]]] = []
        for alternatives in self.meta.iter("aff-alternatives"):
            groups.append((alternatives.get("id"), list(alternatives.findall("aff"))))
        inside = {id(a) for _, affs in groups for a in affs}
        for aff in self.meta.iter("aff"):
            if id(aff) not in inside:
                groups.append((aff.get("id"), [aff]))
        out: dict = {}
        ids: dict[str, str] = {}
        for number, (jats_id, affs) in enumerate(groups, start=1):
            aff_id = _new_id(jats_id, "aff", number, out)
            for aff in affs:
                if aff.get("id"):
                    ids[aff.get("id")] = aff_id
            if jats_id:
                ids[jats_id] = aff_id
            out[aff_id] = self.affiliation(aff_id, affs)
        return out, ids

    def affiliation(self, aff_id: str, affs: list[etree._Element]) -> dict:
        names: list[etree._Element] = []
        parts: dict[str, list[etree._Element]] = {"addr-line": [], "city": [], "country": []}
        free: list[etree._Element] = []
        for aff in affs:
            found = [i for i in aff.iter("institution")]
            names += [_with_lang(i, aff) for i in found]
            for tag in parts:
                parts[tag] += [_with_lang(e, aff) for e in aff.iter(tag)]
            if not found:
                free.append(aff)
        fields: dict = {}
        if not names:
            for aff in free:
                label = aff.find("label")
                text = "".join(aff.itertext())
                if label is not None and label.text:
                    text = text.replace(label.text, "", 1)
                element = etree.Element("x", {XML_LANG: _text_lang(aff, self.lang)})
                element.text = text
                names.append(element)
        original, english, _ = self.pair(names)
        where = f"affiliations.{aff_id}"
        if original:
            fields["name"] = original
            if self.lang != "en":
                self.translate(f"{where}.name", english)
        else:
            self.missing(f"{where}.name", "<institution> in the article's language", affs[0].sourceline)
        for tag, key in (("addr-line", "address"), ("city", "city")):
            ru, en, _ = self.pair(parts[tag])
            if ru and en:
                fields[key] = {"ru": ru, "en": en}
            else:
                self.missing(f"{where}.{key}", f"<{tag}> in Russian and English", affs[0].sourceline)
        countries = parts["country"]
        code = next((c.get("country") for c in countries if c.get("country")), None)
        ru, en, _ = self.pair(countries)
        if code and ru and en:
            fields["country"] = {"code": code, "ru": ru, "en": en}
        else:
            self.missing(
                f"{where}.country", '<country country="XX"> in Russian and English', affs[0].sourceline
            )
        for aff in affs:
            for iid in aff.iter("institution-id"):
                if (iid.get("institution-id-type") or "").lower() == "ror" and (ror := text_of(iid)):
                    fields.setdefault("ror", ror)
        return fields

    def authors(self, aff_ids: dict[str, str]) -> list[dict]:
        out: list[dict] = []
        taken: set[str] = set()
        corresp_emails = self.corresponding_emails()
        for index, contrib in enumerate(self.meta.iter("contrib"), start=1):
            if contrib.get("contrib-type") not in ("author", None):
                continue
            names = [n for n in contrib.iter("name") if n.getparent().tag in ("contrib", "name-alternatives")]
            by_lang: dict[str, etree._Element] = {}
            for name in names:
                by_lang.setdefault(_text_lang(name, self.lang), name)
            ru, en = by_lang.get("ru"), by_lang.get("en")
            base = (
                transliterate(text_of((en if en is not None else ru).find("surname")) or "") if names else ""
            )
            person_id = _new_id(ascii_id(base.lower()) if base else None, "author", index, taken)
            taken.add(person_id)
            person: dict = {"id": person_id}
            name_fields = {}
            for lang, element in (("ru", ru), ("en", en)):
                if element is None:
                    self.missing(
                        f"authors[{index}].name.{lang}",
                        f"the {lang} name in <name-alternatives>",
                        contrib.sourceline,
                    )
                    continue
                surname, given = text_of(element.find("surname")), text_of(element.find("given-names"))
                if surname and given:
                    name_fields[lang] = {"surname": surname, "given": given}
                else:
                    self.missing(
                        f"authors[{index}].name.{lang}", "<surname> and <given-names>", element.sourceline
                    )
            if name_fields:
                person["name"] = name_fields
            affiliations = [
                aff_ids[rid]
                for x in contrib.iter("xref")
                if x.get("ref-type") == "aff"
                for rid in (x.get("rid") or "").split()
                if rid in aff_ids
            ]
            affiliations += [aff_ids[a.get("id")] for a in contrib.iter("aff") if a.get("id") in aff_ids]
            if affiliations:
                person["affiliations"] = list(dict.fromkeys(affiliations))
            else:
                self.missing(f"authors[{index}].affiliations", 'an <xref ref-type="aff">', contrib.sourceline)
            self.bio(person, contrib)
            orcid = next(
                (
                    text_of(c)
                    for c in contrib.iter("contrib-id")
                    if (c.get("contrib-id-type") or "").lower() == "orcid"
                ),
                None,
            )
            if orcid:
                person["orcid"] = re.sub(r"^https?://orcid\.org/", "", orcid)
            email = text_of(contrib.find("email"))
            corresponding = contrib.get("corresp") == "yes" or any(
                x.get("ref-type") == "corresp" for x in contrib.iter("xref")
            )
            if email is None and corresponding:
                rids = [x.get("rid") for x in contrib.iter("xref") if x.get("ref-type") == "corresp"]
                email = next((corresp_emails[r] for r in rids if r in corresp_emails), None)
            if email:
                person["email"] = email
            if corresponding:
                person["corresponding"] = True
            out.append(person)
        return out

    def corresponding_emails(self) -> dict[str, str]:
        found = {}
        for corresp in self.meta.iter("corresp"):
            email = text_of(corresp.find("email"))
            if corresp.get("id") and email:
                found[corresp.get("id")] = email
        return found

    def bio(self, person: dict, contrib: etree._Element) -> None:
        """Degrees (the journal's, as ``writers.about`` prints them first) and the position, from ``bio``."""
        bios: dict[str, str] = {}
        for bio in contrib.findall("bio"):
            text = text_of(bio)
            if text:
                bios.setdefault(_text_lang(bio, self.lang), text)
        original = bios.get(self.lang)
        if not original:
            return
        english = bios.get("en") if self.lang != "en" else None
        degrees = []
        for degree in self.journal.degrees if self.journal else ():
            prefix_ru = f"{degree.name.ru}, "
            if original.startswith(prefix_ru) or original == degree.name.ru:
                degrees.append(degree.id)
                original = original[len(prefix_ru) :] if original != degree.name.ru else ""
                if english:
                    english = english.removeprefix(f"{degree.name.en}, ").removeprefix(degree.name.en)
        if degrees:
            person["degrees"] = degrees
        if original:
            person["position"] = original
            if english:
                self.translate(f"authors.{person['id']}.position", english)

    def statements(self, data: dict) -> None:
        funding = [s for s in self.meta.iter("funding-statement")]
        original, english, _ = self.pair(funding)
        if original:
            data["funding"] = original
            self.translate("funding", english)
        coi = [
            fn
            for fn in self.root.iter("fn")
            if (fn.get("fn-type") or "") in ("coi-statement", "conflict", "conflict-of-interest")
        ]
        original, english, _ = self.pair(coi)
        if original:
            data["conflict_of_interest"] = original
            self.translate("conflict-of-interest", english)

    def license(self, data: dict) -> None:
        permissions = self.meta.find("permissions")
        licenses = permissions.findall("license") if permissions is not None else []
        url = None
        for element in licenses:
            url = element.get(XLINK_HREF) or text_of(
                element.find("{http://www.niso.org/schemas/ali/1.0/}license_ref")
            )
            if url:
                break
        if not licenses:
            self.missing("<permissions>/<license>", "the article's license (the journal's default applies)")
            return
        if self.journal is not None and url == self.journal.license.url:
            return
        texts = {}
        for element in licenses:
            text = text_of(element.find("license-p"))
            if text:
                texts.setdefault(_text_lang(element, self.lang), text)
        self.article_license = {"url": url, "text": texts}
        if self.journal is not None:
            self.problems.warning(
                "import.license",
                f"the article's license {url!r} is not journal.yaml's ({self.journal.license.url!r}); "
                "add a license: block to article.yaml (its name is not in the JATS)",
                file=self.file,
            )

    # -- journal-meta ----------------------------------------------------------------------------

    def journal_data(self) -> dict:
        """``journal.yaml`` data from ``journal-meta`` and the article's permissions, where the JATS gives it."""
        meta = self.journal_meta
        out: dict = {}
        if meta is None:
            self.missing("<journal-meta>", "the journal's metadata (journal.yaml is not written in full)")
            return out
        titles = meta.find("journal-title-group")
        if titles is not None:
            original, english, _ = self.pair(titles.findall("journal-title"))
            for trans in titles.iter("trans-title-group"):
                if _lang(trans, "en") == "en":
                    english = english or text_of(trans.find("trans-title"))
            if original and english:
                out["title"] = {"ru": original, "en": english}
            abbrev = text_of(titles.find("abbrev-journal-title"))
            if abbrev:
                out["abbrev_title"] = abbrev
        ids = {
            e.get("journal-id-type"): text_of(e)
            for e in meta.findall("journal-id")
            if e.get("journal-id-type")
        }
        if ids:
            out["journal_ids"] = {k: v for k, v in sorted(ids.items()) if v}
        issn = {}
        for element in meta.findall("issn"):
            form = element.get("publication-format") or element.get("pub-type")
            kind = {"print": "print", "ppub": "print", "electronic": "electronic", "epub": "electronic"}.get(
                form or ""
            )
            if kind and text_of(element):
                issn[kind] = text_of(element)
        if issn:
            out["issn"] = issn
        publisher = meta.find("publisher")
        if publisher is not None:
            name_ru, name_en, _ = self.pair(publisher.findall("publisher-name"))
            loc_ru, loc_en, _ = self.pair(publisher.findall("publisher-loc"))
            block: dict = {}
            if name_ru and name_en:
                block["name"] = {"ru": name_ru, "en": name_en}
            if loc_ru and loc_en:
                block["location"] = {"ru": loc_ru, "en": loc_en}
            if block:
                out["publisher"] = block
        doi = next(
            (text_of(e) for e in self.meta.findall("article-id") if e.get("pub-id-type") == "doi"), None
        )
        if doi and "/" in doi:
            out["doi_prefix"] = doi.split("/", 1)[0]
        pdf = self.pdf_pattern(doi)
        if pdf:
            out["pdf_url"] = pdf
        license_ = getattr(self, "article_license", None)
        if license_ and license_.get("url"):
            block = {"url": license_["url"]}
            if license_["text"].get("ru") and license_["text"].get("en"):
                block["text"] = {"ru": license_["text"]["ru"], "en": license_["text"]["en"]}
            out["license"] = block
        permissions = self.meta.find("permissions")
        if permissions is not None:
            ru, en, _ = self.pair(permissions.findall("copyright-holder"))
            if ru and en:
                out["copyright_holder"] = {"ru": ru, "en": en}
        sections = getattr(self, "new_sections", {})
        if sections:
            out["sections"] = sections
        required = {
            "title": "the journal's title in Russian and English",
            "abbrev_title": "<abbrev-journal-title>",
            "issn": "the print and electronic ISSNs",
            "publisher": "the publisher's name in Russian and English",
            "doi_prefix": "the DOI prefix",
            "article_url": "the URL pattern of the article pages (not in JATS)",
            "pdf_url": "the URL pattern of the PDFs (the article's self-uri, in both languages)",
            "license": "the license's URL and text in Russian and English",
            "copyright_holder": "<copyright-holder> in Russian and English",
            "sections": "the journal's sections",
        }
        for key, expected in required.items():
            if key not in out:
                self.problems.warning(
                    "import.journal",
                    f"journal.yaml: no {key} in the JATS; expected {expected}",
                    file=self.file,
                )
        if "license" in out and "name" not in out["license"]:
            self.problems.warning(
                "import.journal",
                "journal.yaml: license.name is not in the JATS; expected the license's name",
                file=self.file,
            )
        return out

    def pdf_pattern(self, doi: str | None) -> str | None:
        """The PDF URL pattern, when the Russian and English ``self-uri`` differ only by language."""
        if not doi or "/" not in doi:
            return None
        suffix = doi.split("/", 1)[1]
        uris = {}
        for uri in self.root.iter("self-uri"):
            if uri.get("content-type") == "pdf" and uri.get(XLINK_HREF):
                parent = uri.getparent()
                lang = "en" if parent is not None and parent.tag == "front-stub" else self.lang
                uris.setdefault(lang, uri.get(XLINK_HREF))
        if "ru" not in uris or "en" not in uris:
            return None
        patterns = {lang: url.replace(suffix, "{doi_suffix}") for lang, url in uris.items()}
        ru = patterns["ru"].replace(".ru.", ".{lang}.").replace("/ru/", "/{lang}/")
        en = patterns["en"].replace(".en.", ".{lang}.").replace("/en/", "/{lang}/")
        return ru if ru == en and "{lang}" in ru and "{doi_suffix}" in ru else None


def _date(element: etree._Element) -> datetime.date | None:
    iso = element.get("iso-8601-date")
    if iso:
        try:
            return datetime.date.fromisoformat(iso)
        except ValueError:
            pass
    try:
        parts = [int(text_of(element.find(tag)) or "") for tag in ("year", "month", "day")]
    except ValueError:
        return None
    try:
        return datetime.date(*parts)
    except ValueError:
        return None


def _with_lang(element: etree._Element, aff: etree._Element) -> etree._Element:
    """``element`` carrying its language: its own ``xml:lang``, else the ``aff``'s."""
    if element.get(XML_LANG) is None and aff.get(XML_LANG) is not None:
        copy = etree.Element(element.tag, {XML_LANG: aff.get(XML_LANG)}, **dict(element.attrib))
        copy.text = text_of(element)
        return copy
    return element


def _new_id(jats_id: str | None, kind: str, number: int, taken) -> str:
    """A YAML id from the JATS id (``aff-rogachev`` → ``rogachev``), else ``<kind><number>``."""
    base = (jats_id or "").removeprefix(f"{kind}-")
    base = ascii_id(base) if base else f"{kind}{number}"
    if base.startswith("id-"):
        base = f"{kind}{number}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def read_jats(path: Path, journal: Journal | None) -> ImportedArticle:
    """The project data in the JATS file at ``path``; raises :class:`PubkitError` when it is no JATS article."""
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error("import.unreadable", f"cannot read: {exc.strerror}", file) from exc
    root = parse_jats(data, file)
    reader = _Reader(root, file, journal)
    article = reader.read()
    journal_data = reader.journal_data() if journal is None else None
    if journal is not None:
        check_journal(reader, journal)
    references = read_references(root, reader.lang, file, reader.problems)
    keys = {ref.rid: ref.key for ref in references}
    order = [ref.get("id") for ref in root.iter("ref") if ref.get("id")]
    body_ru = body_en = None
    body = root.find("body")
    if body is not None:
        body_ru = body_to_markdown(body, keys, order, file, reader.problems)
    else:
        reader.missing("<body>", "the article's full text", root.sourceline)
    for sub in root.iter("sub-article"):
        if (
            sub.get("article-type") == "translation"
            and _lang(sub, "") == "en"
            and sub.find("body") is not None
        ):
            prefix = (
                "en-" if any((e.get("id") or "").startswith("en-") for e in sub.find("body").iter()) else ""
            )
            body_en = body_to_markdown(sub.find("body"), keys, order, file, reader.problems, id_prefix=prefix)
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
        journal=journal_data,
        problems=reader.problems,
        images=images,
        not_imported=reader.not_imported,
    )


def _images(path: Path, targets: list[str], reader: _Reader) -> dict[str, bytes]:
    """The body's image files, read from beside the JATS file; a missing or unsafe one is reported."""
    found: dict[str, bytes] = {}
    for target in dict.fromkeys(targets):
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


def check_journal(reader: _Reader, journal: Journal) -> None:
    """``journal-meta`` against the ``journal.yaml`` above the project: each difference is a warning."""
    meta = reader.journal_meta
    if meta is None:
        return
    compare = []
    titles = meta.find("journal-title-group")
    if titles is not None:
        compare.append(("title", text_of(titles.find("journal-title")), journal.title.ru))
        compare.append(("abbrev_title", text_of(titles.find("abbrev-journal-title")), journal.abbrev_title))
    for element in meta.findall("issn"):
        form = element.get("publication-format") or element.get("pub-type")
        expected = {"print": journal.issn_print, "ppub": journal.issn_print}.get(form or "") or {
            "electronic": journal.issn_electronic,
            "epub": journal.issn_electronic,
        }.get(form or "")
        if expected:
            compare.append((f"issn ({form})", text_of(element), expected))
    for key, found, expected in compare:
        if found and expected and found != expected:
            reader.problems.warning(
                "import.journal-differs",
                f"journal-meta {key} is {found!r}, journal.yaml says {expected!r}; journal.yaml is kept",
                file=reader.file,
            )
