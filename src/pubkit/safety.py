"""What the sources may contain: the code points of any text, link targets, and the Markdown the body may use.

Every output is read by someone else's software (a browser, a PDF viewer, a registry's
parser), so anything that could run there, hide text or reorder it is refused here, as a
located problem, before any writer runs:

- **code points**: C0/C1 control characters (tab, newline and carriage return excepted),
  Unicode noncharacters, bidirectional overrides and isolates, zero-width characters and
  unpaired surrogates, anywhere in any source file or decoded value;
- **links**: only ``http``, ``https``, ``mailto``, ``doi:`` and in-document ``#`` targets;
- **Markdown**: raw HTML, TeX, Typst, JATS or any other raw block or inline is refused
  (pandoc would pass it through unescaped), and pandoc's ``{…}`` attributes are limited to
  an ASCII ``id``, the classes of :data:`ALLOWED_CLASSES` and image sizes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

from .problems import Problems

# Format characters that hide or reorder text: bidi embeddings, overrides and isolates, marks, zero-width ones.
_INVISIBLE = frozenset(
    {0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF}
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x2070))
)
_BAD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufff9-\ufffb"
    + "".join(chr(c) for c in sorted(_INVISIBLE))
    + "]|[\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff"
    "\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff"
    "\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
MAX_REPORTED = 10  # per file: the first few are enough to find the rest

SAFE_SCHEMES = ("http://", "https://", "mailto:", "doi:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# Classes the journal's layouts know; anything else would be an unreviewed hook into the page.
ALLOWED_CLASSES = frozenset(
    {"boxed-text", "demonstration", "smallcaps", "underline", "mark", "unnumbered", "unlisted"}
)
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_CODE_CLASS = re.compile(r"^[A-Za-z0-9_+-]{1,32}$")  # a code block's language, for highlighting only
_SIZE = re.compile(r"^\d{1,4}(\.\d{1,3})?(%|px|cm|mm|in|em)?$")
_SIZE_KEYS = frozenset({"width", "height"})
_COMMENT = re.compile(r"^\s*<!--(?:(?!--).)*-->\s*$", re.S)  # one whole comment, nothing after it
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag, for lang= on a span or div


def code_point_name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE (an invisible or bidirectional control)``: a refused character, named."""
    point = ord(char)
    if (point & 0xFFFE) == 0xFFFE or 0xFDD0 <= point <= 0xFDEF:
        kind = "a Unicode noncharacter"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    elif unicodedata.category(char) == "Cs":
        kind = "an unpaired surrogate"
    else:
        kind = "an invisible or bidirectional control"
    name = unicodedata.name(char, "")
    return f"U+{point:04X}" + (f" {name}" if name else "") + f" ({kind})"


def bad_code_point(text: str) -> str | None:
    """The first refused character of ``text``, named (see :func:`code_point_name`); ``None`` when clean."""
    match = _BAD.search(text)
    return code_point_name(match.group(0)) if match else None


def code_point_message(named: str) -> str:
    return f"contains {named}; expected visible text (delete the character)"


def scan_text(text: str, file: str, problems: Problems) -> bool:
    """Report each line of a source file holding a refused character (a leading BOM is allowed); clean → True."""
    body = text[1:] if text.startswith("\ufeff") else text
    if _BAD.search(body) is None:
        return True
    offset = 1 if body is not text else 0
    reported = 0
    for number, line in enumerate(text.split("\n"), start=1):
        found = _BAD.search(line[offset:] if number == 1 else line)
        if found is None:
            continue
        column = found.start() + 1 + (offset if number == 1 else 0)
        problems.error(
            "text.code-point",
            f"column {column} {code_point_message(code_point_name(found.group(0)))}",
            file=file,
            line=number,
        )
        reported += 1
        if reported == MAX_REPORTED:
            break
    return False


def url_problem(url: str) -> str | None:
    """What is wrong with a link target, or ``None``: only http(s), mailto, doi: and ``#id`` are allowed."""
    target = url.strip()
    if target.startswith("#"):
        return None if _ID.match(target[1:]) else f"{url!r} is not an in-document link; expected #id"
    lowered = target.lower()
    if lowered.startswith(SAFE_SCHEMES):
        if bad_code_point(target) or any(c.isspace() for c in target):
            return f"{url!r} contains spaces or invisible characters; expected a plain URL"
        if lowered.startswith(("http://", "https://")):
            try:
                host = urlsplit(target).hostname
            except ValueError as exc:  # an unbalanced "[" in the host: "Invalid IPv6 URL"
                return f"{url!r} is not a URL ({exc}); expected a full URL"
            if not host:
                return f"{url!r} has no host; expected a full URL"
        return None
    scheme = _SCHEME.match(target)
    shown = f"the scheme {scheme.group(0)!r}" if scheme else "a relative target"
    return f"link {url!r} uses {shown}; expected http://, https://, mailto:, doi: or #id"


def _nodes(node: object) -> Iterator[dict]:
    """Every element of a pandoc AST, iteratively (a deep AST must not exhaust the stack)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "t" in item:
                yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


_ATTR_AT = {"Header": 1, "CodeBlock": 0, "Div": 0, "Table": 0, "Figure": 0, "Code": 0, "Span": 0}
_ATTR_AT |= {"Link": 0, "Image": 0}


def markup_problems(blocks: list, classes: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """``(message, needle)`` for every raw block or inline, unsafe link and attribute outside the allow-list.

    ``needle`` is text to look the problem's line up by. ``classes`` are allowed beyond
    :data:`ALLOWED_CLASSES`: the ones pubkit itself adds (a draft's ``untranslated``).
    """
    for node in _nodes(blocks):
        kind, content = node["t"], node.get("c")
        if kind in ("RawBlock", "RawInline"):
            fmt, text = content
            if fmt == "html" and _COMMENT.match(text):
                continue  # an HTML comment: a note to editors, inert in every output
            shown = text.strip().splitlines()[0][:60] if text.strip() else ""
            yield (
                f"raw {fmt} markup {shown!r} is not allowed in the body; expected plain Markdown "
                "(raw HTML, TeX, Typst and JATS reach readers unescaped)",
                shown,
            )
            continue
        if kind == "Link":
            target = content[2][0]
            if message := url_problem(target):
                yield message, target
        if kind in _ATTR_AT:
            attr = content[_ATTR_AT[kind]] if kind != "Header" else content[1]
            yield from _attr_problems(kind, attr, classes)


def _attr_problems(kind: str, attr: list, extra: frozenset[str]) -> Iterator[tuple[str, str]]:
    ident, classes, pairs = attr
    if ident and kind != "Header" and not _ID.match(ident):  # a heading's id is body.heading-id's
        yield f"id {ident!r} is not an ASCII identifier; expected letters, digits, - _ . :", ident
    for name in classes:
        allowed = (
            name in ALLOWED_CLASSES
            or name in extra
            or (kind in ("Code", "CodeBlock") and _CODE_CLASS.match(name))
        )
        if not allowed:
            yield (
                f"class {name!r} is not allowed; expected one of: {', '.join(sorted(ALLOWED_CLASSES))}",
                f".{name}",
            )
    for key, value in pairs:
        if kind == "Image" and key in _SIZE_KEYS and _SIZE.match(value):
            continue
        if kind in ("Span", "Div") and key == "lang" and _LANG.match(value):
            continue
        yield (
            f"attribute {key}={value!r} is not allowed; expected only an id, classes and an image's "
            "width or height, and a span's lang",
            f"{key}=",
        )


# Figure formats every output shows (HTML, JATS viewers, Typst), recognised by their first bytes.
FIGURE_SIGNATURES = {
    "PNG": ((b"\x89PNG\r\n\x1a\n",), (".png",)),
    "JPEG": ((b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    "GIF": ((b"GIF87a", b"GIF89a"), (".gif",)),
}


def figure_problem(name: str, data: bytes) -> str | None:
    """What is wrong with a figure file, judged from its bytes, or ``None`` for a PNG, JPEG or GIF.

    SVG is refused: it is a document that can carry scripts and external references, and
    no sanitizer keeps every SVG drawing intact; export it as PNG instead.
    """
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    head = data[:512].lstrip()
    if suffix == ".svg" or head.startswith((b"<?xml", b"<svg", b"<!DOCTYPE svg")):
        return (
            f"figure {name!r} is SVG, which can carry scripts; expected PNG, JPEG or GIF (export it as PNG)"
        )
    for kind, (signatures, suffixes) in FIGURE_SIGNATURES.items():
        if data.startswith(signatures):
            if suffix not in suffixes:
                return f"figure {name!r} holds {kind} data; expected a name ending in {' or '.join(suffixes)}"
            return None
    return f"figure {name!r} is not a PNG, JPEG or GIF image (judged from its bytes); expected one of those"
