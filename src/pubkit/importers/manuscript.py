"""What a manuscript says (:class:`Manuscript`), and the reader that fills it from the front and back matter.

:class:`MatterReader` takes the paragraphs before the body and after it in order and
decides what each is: a labelled line (abstract section, keywords, "Для цитирования", ...)
by its label, otherwise by its place and script: the first Russian or English paragraph
is that language's title, then the byline, then the affiliations (lines that start with
a superscript mark). What fits nowhere is kept as a :class:`Gap` with its paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..refs.translit import transliterate
from . import frontmatter as fm


@dataclass(frozen=True, slots=True)
class Gap:
    """Something the manuscript lacks or that could not be placed: what, where it would go, where it came from."""

    what: str
    target: str  # "manuscript/article.yaml: doi"
    source: str = "not in the manuscript"


@dataclass(eq=False)  # an author is one person: compared by identity
class Author:
    names: dict[str, fm.Name] = field(default_factory=dict)  # lang → name
    email: str | None = None
    corresponding: bool = False
    orcid: str | None = None
    positions: dict[str, str] = field(default_factory=dict)  # lang → position, degrees included as written


@dataclass(eq=False)
class Affiliation:
    mark: str
    places: dict[str, fm.Place] = field(default_factory=dict)  # lang → place


@dataclass
class AbstractPart:
    section: str
    titles: dict[str, str] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Manuscript:
    """What a manuscript says, by language where it has two; ``gaps`` lists what it does not say clearly."""

    file: str
    titles: dict[str, str] = field(default_factory=dict)
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    abstract: list[AbstractPart] = field(default_factory=list)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    imprint: dict[str, str] = field(default_factory=dict)  # year, volume, issue, fpage, lpage, doi
    section: str | None = None
    dates: dict[str, str] = field(default_factory=dict)  # received, accepted, published (ISO)
    funding: dict[str, str] = field(default_factory=dict)
    conflict_of_interest: dict[str, str] = field(default_factory=dict)
    body: list = field(default_factory=list)  # pandoc blocks
    api_version: list = field(default_factory=list)
    references: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang → [(number, text)]
    reference_paragraphs: dict[str, int] = field(default_factory=dict)
    media: dict[str, bytes] = field(default_factory=dict)  # path under manuscript/ → bytes
    gaps: list[Gap] = field(default_factory=list)


class MatterReader:
    """Reads front- and back-matter paragraphs in order, keeping what the abstract being read is."""

    def __init__(self, manuscript: Manuscript) -> None:
        self.m = manuscript
        self.open: tuple[str, AbstractPart | None] | None = None  # (lang, part) of the abstract being read
        self.unstructured: dict[str, list[str]] = {}
        self.about: str | None = None  # the language of the "Информация об авторах" being read

    def read(self, number: int, kind: str, text: str, back: bool = False) -> None:
        """One block of the document: its number (for the report), pandoc block type and text."""
        if kind in ("Table", "Figure", "CodeBlock", "HorizontalRule"):
            self._unplaced(number, kind.lower())
            return
        for line in text.split("\n"):
            if line.strip():
                self._line(number, line.strip(), back)

    def _line(self, number: int, line: str, back: bool) -> None:
        where = f"paragraph {number}"
        label = fm.labelled(line)
        lang = fm.script(fm.plain(line))
        if label is not None:
            self._label(number, label, line)
            return
        if self.about is not None:
            surnames = [a.names[self.about].surname for a in self.m.authors if self.about in a.names]
            found = fm.about(line, surnames)
            if found is not None:
                self._about(found, self.about, where)
                return
        if back:
            self._unplaced(number, line)
            return
        if self.open is not None and self.open[0] == lang:
            _, part = self.open
            if part is None:
                self.unstructured.setdefault(lang, []).append(fm.plain(line))
            else:
                part.texts.setdefault(lang, []).append(fm.plain(line))
            return
        self.open = None
        if line.startswith("⟨") and self._names_known(lang):
            self._affiliation(fm.affiliation(line), lang, where)
        elif lang not in self.m.titles:
            self.m.titles[lang] = fm.plain(line)
        elif not self._names_known(lang) and (names := fm.authors(line)) is not None:
            self._authors(names, lang)
        elif self._names_known(lang) and not self._affiliations_known(lang) and fm.labelled(line) is None:
            self._affiliation(fm.affiliation(line), lang, where)
        elif fm.MARK.search(line) and not self._names_known(lang):
            self.m.gaps.append(
                Gap(
                    f"a byline that could not be read: '{_short(line)}'",
                    "manuscript/article.yaml: authors (expected initials and surname: 'А.Н. Турчина¹, …')",
                    where,
                )
            )
        else:
            self._unplaced(number, line)

    def _label(self, number: int, label: fm.Labelled, line: str) -> None:
        where = f"paragraph {number}"
        self.open = None
        kind, lang, rest = label.kind, label.lang, label.rest
        self.about = lang if kind == "about" else None
        if kind == "about":
            if rest:
                self._line(number, rest, True)
        elif kind == "abstract":
            self.open = (lang, None)
            if rest:
                self.unstructured.setdefault(lang, []).append(rest)
        elif kind == "abstract-section":
            part = next((p for p in self.m.abstract if p.section == label.section), None)
            if part is None:
                part = AbstractPart(label.section)
                self.m.abstract.append(part)
            if lang in part.titles:
                self.m.gaps.append(
                    Gap(f"a second '{label.label}' section", "manuscript/article.yaml: abstract", where)
                )
                return
            part.titles[lang] = label.label
            if rest:
                part.texts.setdefault(lang, []).append(rest)
            self.open = (lang, part)
        elif kind == "keywords":
            self.m.keywords[lang] = fm.keywords(rest)
        elif kind in ("citation", "doi"):
            for key, value in fm.imprint(rest if kind == "citation" else line).items():
                known = self.m.imprint.setdefault(key, value)
                if known.replace("–", "-") != value.replace("–", "-"):
                    self.m.gaps.append(
                        Gap(
                            f"{key} given twice ({known!r}, {value!r})",
                            f"manuscript/article.yaml: {key}",
                            where,
                        )
                    )
        elif kind == "dates":
            self.m.dates.update(fm.dates(line))
        elif kind == "section":
            self.m.section = self.m.section or rest
        elif kind == "funding":
            self.m.funding[lang] = rest
        elif kind == "coi":
            self.m.conflict_of_interest[lang] = rest
        elif kind == "contact":
            self._contact(rest, where)
        else:
            self.m.gaps.append(Gap(f"'{_short(line)}' (pubkit has no field for it)", "not imported", where))

    def _contact(self, text: str, where: str) -> None:
        email = fm.EMAIL.search(text)
        words = set(re.findall(r"[\w’'-]+", text))
        found = [a for a in self.m.authors if any(n.surname in words for n in a.names.values())]
        if len(found) == 1:
            found[0].corresponding = True
            found[0].email = found[0].email or (email.group(0) if email else None)
        else:
            self.m.gaps.append(
                Gap(
                    f"the corresponding author in '{_short(text)}'",
                    "manuscript/article.yaml: authors[].corresponding",
                    where,
                )
            )

    def _about(self, found: fm.About, lang: str, where: str) -> None:
        author = next(a for a in self.m.authors if lang in a.names and a.names[lang].surname == found.surname)
        if lang in author.positions:
            self.m.gaps.append(
                Gap(
                    f"a second line about {found.surname}",
                    "manuscript/article.yaml: authors[].position",
                    where,
                )
            )
            return
        if found.position:
            author.positions[lang] = found.position
        for key in ("email", "orcid"):
            value = getattr(found, key)
            known = getattr(author, key)
            if value and known and known != value:
                self.m.gaps.append(
                    Gap(
                        f"two {key}s for {found.surname}: {known}, {value}",
                        f"manuscript/article.yaml: authors[].{key}",
                        where,
                    )
                )
            elif value:
                setattr(author, key, value)

    def _names_known(self, lang: str) -> bool:
        return any(lang in a.names for a in self.m.authors)

    def _affiliations_known(self, lang: str) -> bool:
        return any(lang in a.places for a in self.m.affiliations)

    def _authors(self, names: list[fm.Name], lang: str) -> None:
        """A byline: the first one makes the authors; the other language's is paired with them.

        Both lists are in the same order by the journal's rules, so equal lists pair by position;
        otherwise a name pairs only with the author whose surname it transliterates, and the rest
        stay unpaired (reported), never matched by guess.
        """
        others = [a for a in self.m.authors if lang not in a.names]
        if not self.m.authors:
            pairs = [(Author(), name) for name in names]
        elif len(others) == len(names):
            pairs = list(zip(others, names, strict=True))
        else:
            self.m.gaps.append(
                Gap(
                    f"{len(names)} authors in one language, {len(others)} in the other",
                    "manuscript/article.yaml: authors",
                )
            )
            pairs = []
            for name in names:
                taken = [p[0] for p in pairs]
                match = next((a for a in others if _same_person(a, name) and a not in taken), None)
                pairs.append((match or Author(), name))
        for author, name in pairs:
            if author not in self.m.authors:
                self.m.authors.append(author)
            author.names[lang] = name
            author.corresponding = author.corresponding or name.corresponding

    def _affiliation(self, place: fm.Place, lang: str, where: str) -> None:
        mark = place.mark or "1"
        existing = next((a for a in self.m.affiliations if a.mark == mark), None)
        if existing is None:
            existing = Affiliation(mark)
            self.m.affiliations.append(existing)
        if lang in existing.places:
            self.m.gaps.append(
                Gap(f"affiliation {mark} given twice", "manuscript/article.yaml: affiliations", where)
            )
            return
        existing.places[lang] = place

    def _unplaced(self, number: int, line: str) -> None:
        self.m.gaps.append(Gap(f"'{_short(line)}'", "not placed", f"paragraph {number}"))

    def finish(self) -> None:
        for lang, texts in self.unstructured.items():
            self.m.gaps.append(
                Gap(
                    f"an abstract without section labels ({lang}): '{_short(texts[0])}'",
                    "manuscript/article.yaml: abstract (needs labelled sections: Обоснование, Материалы и методы, ...)",
                )
            )


def _same_person(author: Author, name: fm.Name) -> bool:
    """Whether ``name`` is one of ``author``'s names in the other script (its surname transliterates to it)."""
    return any(_folded(known.surname) == _folded(name.surname) for known in author.names.values())


def _folded(surname: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", transliterate(surname)).lower())


def _short(text: str, width: int = 70) -> str:
    text = fm.plain(text)
    return text if len(text) <= width else text[: width - 1] + "…"
