"""A Word manuscript (DOCX) → a :class:`Manuscript`: front matter, body AST, reference list and figures.

pandoc's DOCX reader gives the whole document as one AST (headings, paragraphs, lists,
tables, figures, emphasis, footnotes, and superscripts, which carry the affiliation
marks). The blocks before the first body heading are the front matter, read line by
line with :mod:`pubkit.importers.frontmatter`; the "Литература"/"References" heading
starts the reference list; what follows it is back matter (funding, conflicts of
interest, contacts). Whatever cannot be placed is kept as a :class:`Gap` naming the
paragraph it came from, never guessed.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, PubkitError
from ..tools import pandoc
from . import frontmatter as fm


@dataclass(frozen=True, slots=True)
class Gap:
    """Something the manuscript lacks or that could not be placed: what, where it would go, where it came from."""

    what: str
    target: str  # "manuscript/article.yaml: doi"
    source: str = "not in the manuscript"


@dataclass
class Author:
    names: dict[str, fm.Name] = field(default_factory=dict)  # lang → name
    email: str | None = None
    corresponding: bool = False
    orcid: str | None = None
    positions: dict[str, str] = field(default_factory=dict)  # lang → position, degrees included as written


@dataclass
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


def _fail(file: str, message: str) -> PubkitError:
    return PubkitError(Problem("import.docx", message, file=file))


def read_docx(path: Path) -> Manuscript:
    """Read the manuscript at ``path``; a file that is not a readable DOCX is a :class:`PubkitError`."""
    file = str(path)
    if not path.is_file():
        raise _fail(file, "not found; expected a Word manuscript (.docx)")
    if not zipfile.is_zipfile(path):
        raise _fail(file, "not a DOCX file (not a zip archive); expected a Word manuscript saved as .docx")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise _fail(
                    file, "a zip archive without word/document.xml; expected a Word manuscript (.docx)"
                )
            archive.testzip()
            archive.read("word/document.xml")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _fail(file, f"a damaged DOCX ({exc}); expected a Word manuscript that Word can open") from exc
    with tempfile.TemporaryDirectory(prefix="pubkit-docx-") as media_dir:
        ast = json.loads(
            pandoc(["-f", "docx", "-t", "json", f"--extract-media={media_dir}", file], "", what=file)
        )
        media = _media(ast, Path(media_dir))
    manuscript = Manuscript(file, api_version=ast["pandoc-api-version"], media=media)
    blocks = _meta_blocks(ast.get("meta", {})) + ast["blocks"]
    if not any(_text(b).strip() for b in blocks) and not media:
        raise _fail(
            file, "the document is empty; expected the manuscript's title, authors, abstract and text"
        )
    _split(manuscript, blocks)
    return manuscript


def _media(ast: dict, folder: Path) -> dict[str, bytes]:
    """The extracted images, renamed ``media/<name>`` under manuscript/, and the AST's targets pointed there."""
    found: dict[str, bytes] = {}
    for image in _elements(ast["blocks"], "Image"):
        target = Path(image["c"][2][0])
        try:
            relative = target.resolve().relative_to(folder.resolve())
        except ValueError:
            continue  # a linked, not embedded, image: left as it is, and the body check reports it
        name = f"media/{relative.name}"
        found[name] = target.read_bytes()
        image["c"][2][0] = name
    return found


def _elements(node: object, kind: str):
    if isinstance(node, dict):
        if node.get("t") == kind:
            yield node
        yield from _elements(node.get("c"), kind)
    elif isinstance(node, list):
        for item in node:
            yield from _elements(item, kind)


def _meta_blocks(meta: dict) -> list:
    """Paragraphs in Word's Title, Subtitle, Author and Abstract styles, which pandoc moves into the metadata."""
    blocks = []
    for key in ("title", "subtitle", "author", "abstract"):
        value = meta.get(key)
        values = value["c"] if value and value["t"] == "MetaList" else [value] if value else []
        for item in values:
            if item["t"] == "MetaInlines":
                blocks.append({"t": "Para", "c": item["c"]})
            elif item["t"] == "MetaBlocks":
                blocks.extend(item["c"])
    return blocks


def _text(node: object) -> str:
    """The text of inlines or blocks, superscripts as ``⟨…⟩``, line breaks as newlines."""
    if isinstance(node, list):
        return "".join(_text(item) for item in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak"):
        return " "
    if kind == "LineBreak":
        return "\n"
    if kind == "Superscript":
        return f"⟨{_text(content)}⟩"
    if kind in ("Para", "Plain", "Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Subscript"):
        return _text(content)
    if kind == "Quoted":
        return f"«{_text(content[1])}»"
    if kind in ("Span", "Link"):
        return _text(content[1])
    if kind == "Header":
        return _text(content[2])
    if kind in ("BulletList", "OrderedList"):
        items = content if kind == "BulletList" else content[1]
        return "\n".join(_text(item) for item in items)
    if kind == "Div":
        return _text(content[1])
    return ""


def _references_heading(block: dict) -> str | None:
    if block["t"] not in ("Header", "Para", "Plain"):
        return None
    text = fm.plain(_text(block)).strip().rstrip(":.").lower()
    return fm.REFERENCE_HEADINGS.get(text)


def _split(manuscript: Manuscript, blocks: list) -> None:
    """Front matter, body, reference lists and back matter, by the journal's headings."""
    start = next(
        (i for i, b in enumerate(blocks) if b["t"] == "Header" and _body_heading(b)),
        None,
    )
    refs_at = next(
        (i for i, b in enumerate(blocks) if _references_heading(b) or _back_heading(b)), len(blocks)
    )
    if start is None or start > refs_at:
        start = _after_front(blocks[:refs_at])
    reader = _FrontReader(manuscript)
    for i, block in enumerate(blocks[:start], start=1):
        reader.read(i, block)
    manuscript.body = blocks[start:refs_at]
    if not manuscript.body:
        manuscript.gaps.append(Gap("the article's text", "manuscript/article.md"))
    i = refs_at
    while i < len(blocks):
        lang = _references_heading(blocks[i])
        if lang is None:
            reader.read(i + 1, blocks[i], back=True)
            i += 1
            continue
        if lang == "ru" and fm.script(_text(blocks[i])) == "en":
            lang = "en"
        manuscript.reference_paragraphs[lang] = i + 1
        i += 1
        items: list[tuple[str, str]] = []
        while i < len(blocks):
            block = blocks[i]
            if block["t"] == "OrderedList":
                first = block["c"][0][0]
                items += [
                    (str(first + n), " ".join(_text(item).split())) for n, item in enumerate(block["c"][1])
                ]
            elif block["t"] in ("Para", "Plain") and (
                m := re.match(r"^\s*\[?(\d+)[.)\]]\s+(.*)", _text(block), re.S)
            ):
                items.append((m.group(1), " ".join(m.group(2).split())))
            elif block["t"] in ("Para", "Plain") and not _text(block).strip():
                pass
            else:
                break
            i += 1
        if lang in manuscript.references:
            manuscript.gaps.append(Gap("a second reference list", "refs.bib", f"paragraph {i}: left out"))
        else:
            manuscript.references[lang] = items
    reader.finish()


def _body_heading(block: dict) -> bool:
    """A heading that is no front-matter label ("Резюме", "Abstract" ...); "Введение" starts the body."""
    found = fm.labelled(_text(block))
    return found is None or found.kind == "abstract-section"


def _back_heading(block: dict) -> bool:
    """A heading of the back matter ("Информация об авторах", "Конфликт интересов" ...), which ends the body."""
    found = fm.labelled(_text(block)) if block["t"] == "Header" else None
    return found is not None and found.kind in ("about", "funding", "coi", "contact")


def _after_front(blocks: list) -> int:
    """Without a body heading, the body starts after the last labelled front-matter line (keywords, citation ...)."""
    last = 0
    for i, block in enumerate(blocks):
        if (found := fm.labelled(_text(block))) is not None and found.kind != "abstract-section":
            last = i + 1
    return last


class _FrontReader:
    """Reads front- and back-matter paragraphs in order, keeping what the abstract being read is."""

    def __init__(self, manuscript: Manuscript) -> None:
        self.m = manuscript
        self.open: tuple[str, AbstractPart | None] | None = None  # (lang, part) of the abstract being read
        self.unstructured: dict[str, list[str]] = {}
        self.about: str | None = None  # the language of the "Информация об авторах" being read

    def read(self, number: int, block: dict, back: bool = False) -> None:
        if block["t"] in ("Table", "Figure", "CodeBlock", "HorizontalRule"):
            self._unplaced(number, block["t"].lower(), back)
            return
        for line in _text(block).split("\n"):
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
            self._unplaced(number, line, back)
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
        else:
            self._unplaced(number, line, back)

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
                self.m.gaps.append(Gap(f"a second '{label.label}' section", "article.yaml: abstract", where))
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
                        Gap(f"{key} given twice ({known!r}, {value!r})", f"article.yaml: {key}", where)
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
                    "article.yaml: authors[].corresponding",
                    where,
                )
            )

    def _about(self, found: fm.About, lang: str, where: str) -> None:
        author = next(a for a in self.m.authors if lang in a.names and a.names[lang].surname == found.surname)
        if lang in author.positions:
            self.m.gaps.append(
                Gap(f"a second line about {found.surname}", "article.yaml: authors[].position", where)
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
                        f"article.yaml: authors[].{key}",
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
        others = [a for a in self.m.authors if lang not in a.names]
        if others and len(others) != len(names):
            self.m.gaps.append(
                Gap(
                    f"{len(names)} authors in one language, {len(others)} in the other",
                    "article.yaml: authors",
                )
            )
        for i, name in enumerate(names):
            if i < len(others):
                others[i].names[lang] = name
                others[i].corresponding = others[i].corresponding or name.corresponding
            else:
                self.m.authors.append(Author({lang: name}, corresponding=name.corresponding))

    def _affiliation(self, place: fm.Place, lang: str, where: str) -> None:
        mark = place.mark or "1"
        existing = next((a for a in self.m.affiliations if a.mark == mark), None)
        if existing is None:
            existing = Affiliation(mark)
            self.m.affiliations.append(existing)
        if lang in existing.places:
            self.m.gaps.append(Gap(f"affiliation {mark} given twice", "article.yaml: affiliations", where))
            return
        existing.places[lang] = place

    def _unplaced(self, number: int, line: str, back: bool) -> None:
        self.m.gaps.append(Gap(f"'{_short(line)}'", "not placed", f"paragraph {number}"))

    def finish(self) -> None:
        for lang, texts in self.unstructured.items():
            self.m.gaps.append(
                Gap(
                    f"an abstract without section labels ({lang}): '{_short(texts[0])}'",
                    "article.yaml: abstract (needs labelled sections: Обоснование, Материалы и методы, ...)",
                )
            )


def _short(text: str, width: int = 70) -> str:
    text = fm.plain(text)
    return text if len(text) <= width else text[: width - 1] + "…"
