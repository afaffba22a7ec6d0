"""Live preview: build the pages into a temporary folder, serve them on 127.0.0.1, rebuild on every change.

:class:`Preview` builds the HTML (and, on request, the PDFs) of a project or an issue folder with
``--draft`` (so the English pages show while the translation is under way) into a new folder
per build, and serves the latest good one. Pages are served with a small script that asks
``/__pubkit__/version`` a few times a second and reloads when a new build is there. A build with
errors does not replace the last good one: every page then shows the problems instead (the last
good build stays one click away, ``?last``), and the next good build brings the article back.
:meth:`Preview.watch` rebuilds on changes to the sources (watchfiles), ignoring ``build/``
and hidden files. Nothing here prints: the caller is told about each build through a callback.
"""

from __future__ import annotations

import html
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from . import layout
from .build import build
from .problems import Problem, PubkitError
from .sources.project import find_journal

VERSION_PATH = "/__pubkit__/version"
RELOAD_PATH = "/__pubkit__/reload.js"
# An external script, so that the pages' Content-Security-Policy (script-src 'self') lets it run.
_RELOAD_JS = """(function(){var s=document.currentScript,q=new URL(s.src).searchParams;
var v=q.get("v");setInterval(function(){fetch("%s",{cache:"no-store"})
.then(function(r){return r.text()}).then(function(t){if(t!==v)location.reload()}).catch(function(){})},
Number(q.get("poll")))})();
"""


@dataclass(frozen=True, slots=True)
class Built:
    """One build: its number, how long it took, and its problems (none: the pages were replaced)."""

    version: int
    seconds: float
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


class Preview:
    """The preview of the project or issue folder ``root``: builds, the server, the watcher."""

    def __init__(self, root: Path, pdf: bool = False, port: int = 0, poll_ms: int = 300) -> None:
        self.root = root.resolve()
        self.formats = ["html", "pdf"] if pdf else ["html"]
        self.poll_ms = poll_ms
        self.folder = Path(tempfile.mkdtemp(prefix="pubkit-serve-"))
        self.current: Path | None = None  # the last good build
        self.last = Built(0, 0.0, ())
        self._lock = threading.Lock()
        self._stop = threading.Event()
        handler = partial(_Handler, preview=self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="pubkit-serve", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> Built:
        """Build once and start serving; the first build's result."""
        built = self.rebuild()
        self._thread.start()
        return built

    def rebuild(self) -> Built:
        """Build into a new folder; on success it becomes the one served, else the problems are shown."""
        version = self.last.version + 1
        target = self.folder / f"build-{version}"
        started = time.monotonic()
        try:
            report = build(self.root, target, self.formats, draft=True)
        except PubkitError as exc:
            shutil.rmtree(target, ignore_errors=True)
            built = Built(version, time.monotonic() - started, tuple(exc.problems))
        else:
            built = Built(version, time.monotonic() - started, (), tuple(report.warnings))
        with self._lock:
            old = self.current
            if built.ok:
                self.current = target
            self.last = built
        if built.ok and old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return built

    def sources(self) -> list[Path]:
        """What to watch: the project (or issue) folder, and the journal file when it lies above it."""
        paths = [self.root]
        journal = find_journal(self.root)
        if journal is not None and not journal.resolve().is_relative_to(self.root):
            paths.append(journal.resolve())
        return paths

    def _is_source(self, _change: object, path: str) -> bool:
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except ValueError:
            return True  # the journal file above the project
        return not any(part == layout.BUILD or part.startswith(".") for part in parts)

    def watch(self, on_build: Callable[[Built], None] | None = None, debounce_ms: int = 200) -> None:
        """Rebuild on every change to the sources until :meth:`stop` (or Ctrl-C in the caller)."""
        import watchfiles

        for _changes in watchfiles.watch(
            *self.sources(),
            watch_filter=self._is_source,
            debounce=debounce_ms,
            stop_event=self._stop,
            raise_interrupt=True,
        ):
            built = self.rebuild()
            if on_build is not None:
                on_build(built)

    def stop(self) -> None:
        """Stop watching and serving, and remove the temporary builds."""
        self._stop.set()
        if self._thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- what the handler serves ---------------------------------------------------------------

    def state(self) -> tuple[Path | None, Built]:
        with self._lock:
            return self.current, self.last

    def reload_script(self, version: int) -> bytes:
        return f'<script src="{RELOAD_PATH}?v={version}&amp;poll={self.poll_ms}"></script>'.encode()

    def problems_page(self, built: Built) -> bytes:
        items = "\n".join(f"<li><code>{html.escape(p.render())}</code></li>" for p in built.problems)
        page = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>pubkit: problems</title>'
            "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
            "code{white-space:pre-wrap}li{margin:.4rem 0}</style></head><body>"
            f'<h1 id="pubkit-problems">{len(built.problems)} problem(s) in the sources</h1>'
            f"<p>Build {built.version} of {html.escape(str(self.root))} failed; fix the sources and the page "
            'reloads. <a href="?last">Show the last good build</a>.</p>'
            f"<ul>{items}</ul></body></html>"
        )
        return page.encode()

    def index_page(self, folder: Path) -> bytes:
        """``/`` of an issue: a link to each article's pages."""
        links = "".join(
            f'<li><a href="{p.parent.parent.name}/ru/index.html">{html.escape(p.parent.parent.name)}</a> '
            f'(<a href="{p.parent.parent.name}/en/index.html">en</a>)</li>'
            for p in sorted(folder.glob("*/ru/index.html"))
        )
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>pubkit: issue</title></head>'
            f"<body><h1>{html.escape(self.root.name)}</h1><ul>{links}</ul></body></html>"
        ).encode()


class _Handler(SimpleHTTPRequestHandler):
    """Static files of the current build, the version, the problems page, and the reload script."""

    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:  # the caller reports builds, not requests
        pass

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        current, built = self.preview.state()
        if url.path == VERSION_PATH:
            self._send(200, str(built.version).encode(), "text/plain; charset=utf-8")
            return
        if url.path == RELOAD_PATH:
            self._send(200, (_RELOAD_JS % VERSION_PATH).encode(), "text/javascript; charset=utf-8")
            return
        page = url.path.endswith((".html", "/"))
        if page and not built.ok and url.query != "last":
            self._send(
                200, self._with_reload(self.preview.problems_page(built), built), "text/html; charset=utf-8"
            )
            return
        if current is None:
            self._send(503, b"no good build yet", "text/plain; charset=utf-8")
            return
        if url.path == "/":
            if (current / "ru" / "index.html").is_file():
                self.send_response(302)
                self.send_header("Location", "/ru/index.html")
                self.end_headers()
            else:
                self._send(
                    200,
                    self._with_reload(self.preview.index_page(current), built),
                    "text/html; charset=utf-8",
                )
            return
        path = (current / url.path.lstrip("/")).resolve()
        if url.path.endswith("/"):
            path = path / "index.html"
        if not path.is_relative_to(current.resolve()) or not path.is_file():
            self._send(404, b"not found", "text/plain; charset=utf-8")
            return
        data = path.read_bytes()
        if path.suffix == ".html":
            self._send(200, self._with_reload(data, built), "text/html; charset=utf-8")
        else:
            self._send(200, data, self.guess_type(str(path)))

    def _with_reload(self, data: bytes, built: Built) -> bytes:
        script = self.preview.reload_script(built.version)
        return data.replace(b"</body>", script + b"</body>", 1) if b"</body>" in data else data + script
