"""``article-meta`` → ``article.yaml`` data, and the English of each metadata segment.

:class:`FrontReader` reads the Elpub/OJS shapes and pubkit's own: both languages side
by side (``xml:lang``, or the script when it is missing), ``trans-title-group``,
``trans-abstract``, ``name-alternatives``, ``aff`` or ``aff-alternatives``, degrees and
position from ``bio`` (the journal's degree names first, as pubkit writes them). What is
missing is a warning naming what was expected, never a placeholder.
"""

from __future__ import annotations

import datetime

from lxml import etree

from ..draft import DRAFT_MARK
from ..model import Journal
from ..problems import Problems
from ..refs.translit import transliterate
from ..sources.metadata import ABSTRACT_SECTIONS
from ..writers.jats.types import ascii_id
from .jats_contribs import read_affiliations, read_authors
from .jats_refs import text_of
from .jats_xml import XLINK_HREF, XML_LANG, lang_of, text_lang

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


class FrontReader:
    """Reads ``article-meta`` into article.yaml data, noting what is missing."""

    def __init__(self, root: etree._Element, file: str, journal: Journal | None) -> None:
        self.root = root
        self.file = file
        self.journal = journal
        self.problems = Problems()
        self.lang = lang_of(root, "en")
        self.english: dict[str, str] = {}
        self.not_imported: list[tuple[str, str]] = []
        self.new_sections: dict[str, dict] = {}  # journal.yaml sections, when there is no journal.yaml
        self.article_license: dict | None = None  # the license, when it is not journal.yaml's
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
            lang = text_lang(element, self.lang)
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
        affiliations, aff_ids = read_affiliations(self)
        if affiliations:
            data["affiliations"] = affiliations
        authors = read_authors(self, aff_ids)
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
        stub = self.translation_stub()
        groups = [*self.meta.iter("subj-group"), *(stub.iter("subj-group") if stub is not None else ())]
        for group in groups:
            if group.get("subj-group-type") in ("heading", None):
                subject = text_of(group.find("subject"))
                if subject:  # the English heading is in the translation's front-stub (pubkit's JATS)
                    subjects.setdefault(text_lang(group, self.lang), subject)
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
            lang = lang_of(trans, "en")
            text = text_of(trans.find("trans-title"))
            if lang == "en" and text:
                english = english or text
        if english is None and (stub := self.translation_stub()) is not None:
            english = text_of(stub.find("title-group/article-title"))
        if original is None and english is not None and self.lang == "en":
            original = english
        self.put(data, "title", original, "<article-title> in the article's language")
        if self.lang != "en":
            self.translate("title", english)

    def translation_stub(self) -> etree._Element | None:
        """The ``front-stub`` of the English translation ``sub-article``, if any."""
        for sub in self.root.iter("sub-article"):
            if sub.get("article-type") == "translation" and lang_of(sub, "") == "en":
                return sub.find("front-stub")
        return None

    def abstract(self) -> list[dict]:
        original = english = None
        for element in self.meta.findall("abstract") + self.meta.findall("trans-abstract"):
            if element.get("abstract-type") not in (None, "structured", "summary", "abstract"):
                continue
            lang = lang_of(element, self.lang if element.tag == "abstract" else "en")
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
            if kind is None and title:  # pubkit writes no sec-type in abstracts (PMC): the heading says
                label = title.removeprefix(DRAFT_MARK).strip().lower().rstrip(".:")
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
            lang = lang_of(group, self.lang)
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
                texts.setdefault(text_lang(element, self.lang), text)
        self.article_license = {"url": url, "text": texts}
        if self.journal is not None:
            self.problems.warning(
                "import.license",
                f"the article's license {url!r} is not journal.yaml's ({self.journal.license.url!r}); "
                "add a license: block to article.yaml (its name is not in the JATS)",
                file=self.file,
            )


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
