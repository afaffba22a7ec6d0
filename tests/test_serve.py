"""`pubkit serve`: real HTTP on 127.0.0.1, watchfiles rebuilds, and the page reloading itself in Chromium."""

from __future__ import annotations

import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pubkit.serve import RELOAD_PATH, VERSION_PATH, Preview

CHROMIUM = os.environ.get("PUBKIT_CHROMIUM", "/usr/bin/chromium")
TITLE = "Изолированные лептоменингеальные рецидивы нейробластомы группы высокого риска"


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


@pytest.fixture
def preview(project: Path) -> Iterator[Preview]:
    """A preview of a copy of the sample, watching in a thread as `pubkit serve` does."""
    running = Preview(project, poll_ms=100)
    built = running.start()
    assert built.ok, [p.render() for p in built.problems]
    builds = []
    watcher = threading.Thread(target=running.watch, args=(builds.append,), daemon=True)
    watcher.start()
    time.sleep(0.5)  # the watcher is set up
    running.builds = builds
    yield running
    running.stop()
    watcher.join(timeout=10)
    assert not watcher.is_alive()
    assert not running.folder.exists()


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "manuscript" / "article.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_serves_rebuilds_and_shows_problems_then_recovers(preview: Preview, project: Path) -> None:
    assert preview.url.startswith("http://127.0.0.1:")
    status, page = get(preview.url)  # / redirects to the Russian page
    assert status == 200 and TITLE in page and RELOAD_PATH in page
    assert VERSION_PATH in get(preview.url + RELOAD_PATH)[1]  # an external script: the CSP lets it run
    assert get(preview.url + VERSION_PATH) == (200, "1")
    _edit(project, TITLE, "Новый заголовок статьи")
    wait_for(lambda: get(preview.url + VERSION_PATH)[1] == "2")
    assert "Новый заголовок статьи" in get(preview.url + "ru/index.html")[1]
    _edit(project, "doi: 10.21682", "doi: 99.21682")  # a source with errors
    wait_for(lambda: get(preview.url + VERSION_PATH)[1] == "3")
    status, page = get(preview.url + "ru/index.html")
    assert 'id="pubkit-problems"' in page and "manuscript/article.yaml:4: error: doi:" in page
    assert "Новый заголовок статьи" in get(preview.url + "ru/index.html?last")[1]  # the last good build
    assert get(preview.url + "assets/article.css")[0] == 200
    _edit(project, "doi: 99.21682", "doi: 10.21682")
    wait_for(lambda: get(preview.url + VERSION_PATH)[1] == "4")
    assert "pubkit-problems" not in get(preview.url + "ru/index.html")[1]
    assert [b.ok for b in preview.builds] == [True, False, True]
    (project / "build").mkdir(exist_ok=True)
    (project / "build" / "x.html").write_text("ignored")  # build/ and hidden files are not sources
    time.sleep(1)
    assert get(preview.url + VERSION_PATH)[1] == "4"
    assert get(preview.url + "../../etc/passwd")[0] == 404


@pytest.mark.slow
def test_an_edit_appears_in_the_browser_without_a_reload(preview: Preview, project: Path) -> None:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            # bypass_csp: Playwright's wait_for_function evaluates its string, which the page's policy forbids
            page = browser.new_page(bypass_csp=True)
            page.goto(preview.url)
            assert TITLE in page.inner_text("h1")
            started = time.monotonic()
            _edit(project, TITLE, "Заголовок, изменённый в редакторе")
            page.wait_for_function(
                "document.querySelector('h1') && document.querySelector('h1').innerText.includes('изменённый')",
                timeout=30000,
            )
            print(f"edit visible in the browser after {time.monotonic() - started:.2f} s")
        finally:
            browser.close()


def test_an_issue_folder_gets_an_index_of_its_articles(tmp_path: Path) -> None:
    issue = tmp_path / "issue"
    shutil.copytree(Path(__file__).parent / "projects" / "issue-two-articles", issue)
    running = Preview(issue)
    try:
        assert running.start().ok
        status, page = get(running.url)
        assert status == 200
        folders = sorted(p.parent.parent.name for p in running.current.glob("*/ru/index.html"))
        assert len(folders) == 2 and all(f'href="{name}/ru/index.html"' in page for name in folders)
        assert get(f"{running.url}{folders[0]}/en/index.html")[0] == 200
    finally:
        running.stop()


def test_the_command_serves_until_ctrl_c(project: Path) -> None:
    """`pubkit serve` as a user runs it: the URL on stdout, the page over HTTP, Ctrl-C stops it cleanly."""
    import signal
    import subprocess
    import sys

    command = [str(Path(sys.executable).parent / "pubkit"), "serve", str(project / "manuscript")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("build 1: ok in ")
        url = lines[1].removeprefix("serving ").split()[0]
        assert url.startswith("http://127.0.0.1:") and TITLE in get(url)[1]
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert f"pubkit: using the project at {project}" in err and "stopped" in err
