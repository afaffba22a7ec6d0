"""The article pages in real headless Chromium, loaded from disk: no errors, no failed requests, links that resolve.

Uses Debian's ``chromium`` through Playwright (no browser download). A screenshot of
each page's first screen goes to ``build/html-<lang>.png`` for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pubkit.build import check, write_files
from pubkit.labels import labels
from pubkit.model import LANGS, Article
from pubkit.refs.cite import article_citation
from pubkit.writers import Options
from pubkit.writers.html import write_html

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PUBKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set PUBKIT_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(sample: Article, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_files(out, list(write_html(sample, Options()).files))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_page_in_chromium(browser, site: Path, sample: Article, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed request: {request.url}"))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto((site / lang / "index.html").as_uri(), wait_until="load")

    screenshot = ROOT / "build" / f"html-{lang}.png"
    screenshot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 0

    assert page.get_attribute("html", "lang") == lang
    metas = page.evaluate(
        "() => Array.from(document.querySelectorAll('head meta[name]'), m => [m.name, m.content])"
    )
    names = [name for name, _ in metas]
    assert names.count("citation_author") == len(sample.authors)
    assert names.count("citation_reference") == len(sample.references)
    assert ("citation_doi", sample.doi) in [tuple(m) for m in metas]
    assert ("citation_title", sample.title.get(lang)) in [tuple(m) for m in metas]

    unresolved = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href^="#"]'))
                 .map(a => a.getAttribute('href').slice(1))
                 .filter(id => !document.getElementById(id))"""
    )
    assert unresolved == []
    citations = page.locator("span.citation a[href^='#ref-']")
    assert citations.count() > 0
    backlinks = page.locator("span.backlinks a[href^='#cite-']")
    assert backlinks.count() >= len(sample.references)
    assert page.evaluate("() => document.querySelectorAll('[id^=\"ref-\"]').length") == len(sample.references)

    citations.first.click()
    assert page.evaluate("() => location.hash") == "#ref-1"

    button = page.locator("button[data-copy]")
    assert button.is_visible()
    button.click()
    page.wait_for_function(
        "done => document.querySelector('button[data-copy]').textContent === done",
        arg=labels(lang).gettext("Copied"),
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == article_citation(sample, lang)
    assert all(url.startswith("file://") or url.startswith("data:") for url in requested), requested
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", LANGS)
def test_axe_core_finds_no_violation(browser, site: Path, lang: str, width: int) -> None:
    """axe-core (bundled by axe-playwright-python) on each page at desktop and phone width: nothing.

    Every rule axe-core runs by default (WCAG 2.x A and AA, best practices): among them
    citation links told apart without colour, the table that scrolls on a phone reachable
    by keyboard, headings in order, a lang on the page and on each foreign reference.
    """
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python missing")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((site / lang / "index.html").as_uri(), wait_until="load")
    results = axe.Axe().run(page).response
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]
    assert found == []
    assert results["testEngine"]["name"] == "axe-core"
    passed = {rule["id"] for rule in results["passes"]}  # the rules of issue 17 really ran, and passed
    assert {"link-in-text-block", "heading-order", "html-has-lang", "valid-lang", "bypass"} <= passed
    if width == 390:  # the table is wider than a phone: it scrolls, and takes keyboard focus
        scrolls = page.evaluate(
            "() => [...document.querySelectorAll('table')].map(t => t.scrollWidth > t.clientWidth)"
        )
        assert any(scrolls)
        page.locator("table").first.focus()
        assert page.evaluate("() => document.activeElement.tagName") == "TABLE"
    context.close()


@pytest.mark.parametrize(
    ("fixture", "draft"),
    [("minimal", False), ("no-translation", True), ("issue-two-articles/01-follow-up", False)],
)
def test_axe_core_on_every_fixture(browser, tmp_path: Path, fixture: str, draft: bool) -> None:
    """The other fixtures' pages (a draft's too) at phone width: no axe-core violation either."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python missing")
    report = check(ROOT / "tests" / "projects" / fixture, draft)
    assert report.ok, [p.render() for p in report.problems]
    write_files(tmp_path, list(write_html(report.article, Options()).files))
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    for lang in LANGS:
        page.goto((tmp_path / lang / "index.html").as_uri(), wait_until="load")
        violations = axe.Axe().run(page).response["violations"]
        assert [(lang, v["id"], v["impact"]) for v in violations] == []
    context.close()
