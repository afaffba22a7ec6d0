"""A Word manuscript (DOCX) → a :class:`Manuscript`: front matter, body AST, reference list and figures.

pandoc's DOCX reader gives the whole document as one AST (headings, paragraphs, lists,
tables, figures, emphasis, footnotes, and superscripts, which carry the affiliation
marks). The blocks before the first body heading are the front matter, read line by
line with :mod:`pubkit.importers.frontmatter`; the "Литература"/"References" heading
starts the reference list; what follows it is back matter (funding, conflicts of
interest, contacts, author information). Whatever cannot be placed is kept as a :class:`Gap` naming the
paragraph it came from, never guessed.
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from pathlib import Path

from ..problems import EnvironmentProblem, Problem, PubkitError
from ..tools import pandoc
from . import frontmatter as fm
from .manuscript import Gap, Manuscript, MatterReader


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
        args = ["-f", "docx", "-t", "json", f"--extract-media={media_dir}", file]
        try:
            ast = json.loads(pandoc(args, "", what=file))
        except EnvironmentProblem as exc:
            # pandoc ran but could not read the file: the manuscript's fault, not the machine's
            failed = exc.problems[0].message
            if not failed.startswith("pandoc failed: "):
                raise
            detail = failed.removeprefix("pandoc failed: ")
            raise _fail(
                file, f"a damaged DOCX ({detail}); expected a Word manuscript that Word can open"
            ) from exc
        media = _media(ast, Path(media_dir))
    manuscript = Manuscript(file, api_version=ast["pandoc-api-version"], media=media)
    blocks = _meta_blocks(ast.get("meta", {})) + ast["blocks"]
    if not any(block_text(b).strip() for b in blocks) and not media:
        raise _fail(
            file, "the document is empty; expected the manuscript's title, authors, abstract and text"
        )
    _split(manuscript, blocks)
    return manuscript


def _media(ast: dict, folder: Path) -> dict[str, bytes]:
    """The extracted images, renamed ``media/<name>`` under manuscript/, and the AST's targets pointed there."""
    found: dict[str, bytes] = {}
    for image in elements(ast["blocks"], "Image"):
        target = Path(image["c"][2][0])
        try:
            relative = target.resolve().relative_to(folder.resolve())
        except ValueError:
            continue  # a linked, not embedded, image: left as it is, and the body check reports it
        name = f"media/{relative.name}"
        found[name] = target.read_bytes()
        image["c"][2][0] = name
    return found


def elements(node: object, kind: str):
    if isinstance(node, dict):
        if node.get("t") == kind:
            yield node
        yield from elements(node.get("c"), kind)
    elif isinstance(node, list):
        for item in node:
            yield from elements(item, kind)


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


def block_text(node: object) -> str:
    """The text of inlines or blocks, superscripts as ``⟨…⟩``, line breaks as newlines."""
    if isinstance(node, list):
        return "".join(block_text(item) for item in node)
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
        return f"⟨{block_text(content)}⟩"
    if kind in ("Para", "Plain", "Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Subscript"):
        return block_text(content)
    if kind == "Quoted":
        return f"«{block_text(content[1])}»"
    if kind in ("Span", "Link"):
        return block_text(content[1])
    if kind == "Header":
        return block_text(content[2])
    if kind in ("BulletList", "OrderedList"):
        items = content if kind == "BulletList" else content[1]
        return "\n".join(block_text(item) for item in items)
    if kind == "Div":
        return block_text(content[1])
    return ""


def _references_heading(block: dict) -> str | None:
    if block["t"] not in ("Header", "Para", "Plain"):
        return None
    text = fm.plain(block_text(block)).strip().rstrip(":.").lower()
    return fm.REFERENCE_HEADINGS.get(text)


def _split(manuscript: Manuscript, blocks: list) -> None:
    """Front matter, body, reference lists and back matter, by the journal's headings."""
    refs_at = next(
        (i for i, b in enumerate(blocks) if _references_heading(b) or _back_heading(b)), len(blocks)
    )
    # The body starts at the first heading after the front matter's last labelled line (keywords,
    # "For citation" ...), so a title or an "Abstract" set in a Heading style stays in the front matter.
    front_end = _after_front(blocks[:refs_at])
    start = next(
        (i for i in range(front_end, refs_at) if blocks[i]["t"] == "Header" and _body_heading(blocks[i])),
        front_end if front_end else None,
    )
    if start is None:
        start = next((i for i in range(refs_at) if blocks[i]["t"] == "Header"), 0)
    reader = MatterReader(manuscript)
    for i, block in enumerate(blocks[:start], start=1):
        reader.read(i, block["t"], block_text(block))
    manuscript.body = blocks[start:refs_at]
    if not manuscript.body:
        manuscript.gaps.append(Gap("the article's text", "manuscript/article.md"))
    i = refs_at
    while i < len(blocks):
        lang = _references_heading(blocks[i])
        if lang is None:
            reader.read(i + 1, blocks[i]["t"], block_text(blocks[i]), back=True)
            i += 1
            continue
        if lang == "ru" and fm.script(block_text(blocks[i])) == "en":
            lang = "en"
        manuscript.reference_paragraphs[lang] = i + 1
        i += 1
        items: list[tuple[str, str]] = []
        while i < len(blocks):
            block = blocks[i]
            if block["t"] == "OrderedList":
                first = block["c"][0][0]
                items += [
                    (str(first + n), " ".join(block_text(item).split()))
                    for n, item in enumerate(block["c"][1])
                ]
            elif block["t"] in ("Para", "Plain") and (
                m := re.match(r"^\s*\[?(\d+)[.)\]]\s+(.*)", block_text(block), re.S)
            ):
                items.append((m.group(1), " ".join(m.group(2).split())))
            elif block["t"] in ("Para", "Plain") and not block_text(block).strip():
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
    found = fm.labelled(block_text(block))
    return found is None or found.kind == "abstract-section"


def _back_heading(block: dict) -> bool:
    """A heading of the back matter ("Информация об авторах", "Конфликт интересов" ...), which ends the body."""
    found = fm.labelled(block_text(block)) if block["t"] == "Header" else None
    return found is not None and found.kind in ("about", "funding", "coi", "contact")


_FRONT_LABELS = ("abstract", "keywords", "citation", "doi", "section", "udc", "dates")


def _after_front(blocks: list) -> int:
    """The index after the last labelled front-matter line (keywords, citation ...); 0 without one."""
    last = 0
    for i, block in enumerate(blocks):
        if block["t"] not in ("Para", "Plain", "Header"):
            continue
        if (found := fm.labelled(block_text(block))) is not None and found.kind in _FRONT_LABELS:
            last = i + 1
    return last
