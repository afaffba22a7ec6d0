"""The issue's contents pages: valid HTML5, every article in the issue's order, links that resolve, in Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from lxml import html

from pubkit.build import build_issue
from pubkit.model import LANGS

ISSUE = Path(__file__).resolve().parents[1] / "projects" / "issue-two-articles"
CHROMIUM = os.environ.get("PUBKIT_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("issue")
    report = build_issue(ISSUE, out)
    assert report.ok, report.failed
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_contents_list_every_article_with_links_that_resolve(site: Path, lang: str) -> None:
    data = (site / lang / "index.html").read_bytes()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)
    page = html.document_fromstring(data)
    assert page.get("lang") == lang
    assert [h.text_content() for h in page.xpath("//section/h2")] == (
        ["Оригинальные исследования", "Обзоры литературы"]
        if lang == "ru"
        else ["Original studies", "Reviews"]
    )
    titles = page.xpath("//li[@class='issue-article']/h3/a")
    assert len(titles) == 2
    for href in page.xpath("//a/@href | //link/@href"):
        if urlsplit(href).scheme or href.startswith("#"):
            continue
        assert (site / lang / href).resolve().is_file(), href
    pdfs = page.xpath("//a[@type='application/pdf']/@href")
    assert len(pdfs) == 2 and all(p.endswith(f".{lang}.pdf") for p in pdfs)


def test_contents_in_chromium_without_errors(site: Path) -> None:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set PUBKIT_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: errors.append(f"failed request: {r.url}"))
        page.goto((site / "ru" / "index.html").as_uri(), wait_until="load")
        page.click("li.issue-article h3 a >> nth=0")
        page.wait_for_load_state("load")
        assert page.url.endswith("/ru/index.html") and "2311-1267-2025-12-3-10-14" in page.url
        browser.close()
    assert errors == []
