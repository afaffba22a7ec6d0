"""Nothing executable reaches an output: hostile Markdown, translations and metadata, asserted on the outputs."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pubkit.build import build, check
from pubkit.model import Localized
from pubkit.problems import PubkitError
from pubkit.safety import url_problem
from pubkit.writers import WRITERS, Inputs, Options

BODY = "manuscript/article.md"
CATALOG = "translations/en.po"
INTRO = "## Введение {#introduction}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


HOSTILE_BLOCKS = [
    "<script>alert(1)</script>",
    "<div onmouseover='alert(1)'>x</div>",
    "<iframe src='https://evil.example/'></iframe>",
    "```{=html}\n<script>alert(1)</script>\n```",
    "```{=typst}\n#set text(size: 1pt, fill: white)\n```",
    "```{=latex}\n\\input{/etc/passwd}\n```",
    "```{=jats}\n<ext-link xlink:href='javascript:alert(1)'>x</ext-link>\n```",
    "`<b>x</b>`{=html}",
    "[x]{onclick=alert(1)}",
    "[x]{style='display:none'}",
    "![x](fig.png){onerror=alert(1)}",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "::: {.x onload=alert(1)}\nx\n:::",
]


@pytest.mark.parametrize("block", HOSTILE_BLOCKS)
def test_hostile_markdown_is_refused_by_check(minimal: Path, block: str) -> None:
    edit(minimal / BODY, INTRO, f"{block}\n\n{INTRO}")
    report = check(minimal)
    assert not report.ok
    assert any(p.code == "body.markup" and p.file == BODY for p in report.problems), report.problems


@pytest.mark.parametrize(
    "english",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "[here](javascript:alert(1))",
        "`#set page(fill: red)`{=typst}",
        "[x]{onclick=alert(1)}",
    ],
)
def test_hostile_translation_is_refused_naming_the_segment(minimal: Path, english: str) -> None:
    edit(minimal / CATALOG, 'msgstr "Neuroblastoma is', f'msgstr "{english} Neuroblastoma is')
    report = check(minimal)
    # Inline markup is body.markup; a raw HTML block (<script> opening the text) is no paragraph at all.
    found = [p for p in report.problems if p.code in ("body.markup", "i18n.segment-shape")]
    assert found and found[0].file == CATALOG and found[0].field == "body.introduction.1", report.problems


def test_script_in_metadata_is_text_in_every_output(minimal: Path, tmp_path: Path) -> None:
    """Metadata is text, never markup: a ``<script>`` title is printed, escaped, and never runs."""
    payload = "<script>alert(1)</script>"
    edit(minimal / CATALOG, 'msgstr "Follow-up of children', f'msgstr "{payload} Follow-up of children')
    assert check(minimal).ok
    out = tmp_path / "out"
    build(minimal, out, ["html", "jats"])
    for page in ("en/index.html", "ru/index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert payload not in text
        doc = lxml_html.fromstring(text)
        scripts = doc.xpath("//script")
        assert [s.get("type") or s.get("src") for s in scripts] == [
            "application/ld+json",
            "../assets/article.js",
        ]
        assert not doc.xpath("//@*[starts-with(name(), 'on')]")
    assert "&lt;script&gt;" in (out / "en/index.html").read_text(encoding="utf-8")
    assert payload not in (out / "article.jats.xml").read_text(encoding="utf-8")


def test_the_pages_carry_a_content_security_policy(minimal: Path, tmp_path: Path) -> None:
    build(minimal, tmp_path / "out", ["html"])
    doc = lxml_html.fromstring((tmp_path / "out" / "en" / "index.html").read_bytes())
    (policy,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["base-uri"] == "'none'" and directives["object-src"] == "'none'"


def test_no_output_links_anything_but_safe_schemes(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(minimal, out, ["html", "jats"])
    pages = [out / "en/index.html", out / "ru/index.html"]
    for page in pages:
        doc = lxml_html.fromstring(page.read_bytes())
        for href in doc.xpath("//a/@href"):
            relative = not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href)  # the page's own files
            assert relative or url_problem(href) is None, href
    jats = (out / "article.jats.xml").read_text(encoding="utf-8")
    for href in re.findall(r'xlink:href="([^"]*)"', jats):
        assert url_problem(href) is None or not re.match(r"^[a-z]+:", href), href


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("fig.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "is SVG"),
        ("fig.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "is SVG"),
        ("fig.png", b"GIF89a" + b"\0" * 16, "holds GIF data"),
        ("fig.jpg", b"<html><script>alert(1)</script></html>", "not a PNG, JPEG or GIF"),
    ],
)
def test_figures_are_judged_by_their_bytes(minimal: Path, name: str, data: bytes, fragment: str) -> None:
    (minimal / "manuscript" / name).write_bytes(data)
    edit(minimal / BODY, INTRO, f"![Схема]({name})\n\n{INTRO}")
    problems = [p for p in check(minimal).problems if p.code == "body.figure-type"]
    assert problems and fragment in problems[0].message


def test_the_english_cannot_bring_back_what_the_russian_may_not_have(minimal: Path, tmp_path: Path) -> None:
    """A translation that check refuses is never built, in a draft either."""
    edit(minimal / CATALOG, 'msgstr "Neuroblastoma is', 'msgstr "<script>x</script> Neuroblastoma is')
    status = check(minimal, draft=True)
    assert not status.ok


@pytest.mark.parametrize(
    "block",
    [
        {"t": "RawBlock", "c": ["html", "<script>alert(1)</script>"]},
        {
            "t": "Para",
            "c": [{"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "x"}], ["javascript:x", ""]]}],
        },
        {"t": "Para", "c": [{"t": "Span", "c": [["", [], [["onclick", "x"]]], [{"t": "Str", "c": "x"}]]}]},
    ],
    ids=["raw html", "javascript link", "event handler"],
)
def test_writers_refuse_unsafe_markup_in_an_unchecked_model(sample, block: dict) -> None:
    """Defence in depth: an Article made in code, never checked, still cannot make a writer emit markup."""
    ast = json.loads(sample.body.ast.ru)
    ast["blocks"].insert(0, block)
    article = dataclasses.replace(
        sample, body=dataclasses.replace(sample.body, ast=Localized(json.dumps(ast), sample.body.ast.en))
    )
    for name in ("html", "jats", "pdf"):
        with pytest.raises(PubkitError) as caught:
            WRITERS[name].run(article, Options(langs=("ru",)) if name == "pdf" else Options(), Inputs())
        assert caught.value.problems[0].code == "body.markup"
