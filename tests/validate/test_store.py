"""The schema store against a real HTTP server on 127.0.0.1 standing in for NLM and the other upstreams.

The server serves zips made here from the shared schemas under the NLM package names, and the other
packs file by file, laid out as a mirror (``$PUBKIT_SCHEMAS_MIRROR``). Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
import io
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pubkit.cli import main
from pubkit.problems import EnvironmentProblem
from pubkit.validate import KINDS, validate_jats
from pubkit.validate.store import PACK_OF, PACKS, ensure, install_zip, sources, where

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (Path(__file__).parent / "test_schemas.py").read_text(encoding="utf-8")
MINIMAL = MINIMAL[MINIMAL.index('b"""') + 4 : MINIMAL.index('"""\n', MINIMAL.index('b"""'))].encode()
ZIP13 = "JATS-Publishing-1-3-MathML3-DTD.zip"
ZIP14 = "JATS-Publishing-1-4-MathML3-DTD.zip"


def _zip(folder: Path, prefix: str, change: dict[str, bytes] | None = None) -> bytes:
    """A zip of ``folder`` below ``prefix/``, as NLM packs it; ``change`` replaces members' bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                archive.writestr(f"{prefix}/{rel}", (change or {}).get(rel, path.read_bytes()))
    return buffer.getvalue()


class Server:
    """A ThreadingHTTPServer in a thread: ``files`` by path, ``/redirect/X`` → 302 to ``/X``, request log."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path.startswith("/redirect/"):
                    self.send_response(302)
                    self.send_header("Location", self.path.removeprefix("/redirect"))
                    self.end_headers()
                    return
                data = server.files.get(self.path)
                if data is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def upstream(schemas_dir: Path) -> dict[str, bytes]:
    """What the mirror serves: the two NLM-named zips and every other pack's files by store path."""
    jats = schemas_dir / "jats-publishing-1.x"
    files = {
        f"/{ZIP13}": _zip(jats / "1.3", "JATS-Publishing-1-3-MathML3-DTD"),
        f"/{ZIP14}": _zip(jats / "1.4", "JATS-Publishing-1-4-MathML3-DTD"),
    }
    for pack in PACKS.values():
        if not pack.archives:
            for rel in pack.files:
                files[f"/{pack.folder}/{rel}"] = (schemas_dir / pack.folder / rel).read_bytes()
    return files


@pytest.fixture
def server(upstream: dict[str, bytes], tmp_path: Path, monkeypatch) -> Iterator[Server]:
    """The mirror, with the cache in tmp_path and no PUBKIT_SCHEMAS, so the store must download."""
    running = Server()
    running.files.update(upstream)
    monkeypatch.delenv("PUBKIT_SCHEMAS", raising=False)
    monkeypatch.setenv("PUBKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PUBKIT_SCHEMAS_MIRROR", running.url)
    monkeypatch.setenv("PUBKIT_DOWNLOAD_TIMEOUT", "10")
    yield running
    running.close()


def _message(caught: pytest.ExceptionInfo[EnvironmentProblem]) -> str:
    [problem] = caught.value.problems
    assert caught.value.exit_code == 3
    return problem.message


def test_every_kind_has_a_pinned_pack() -> None:
    assert set(PACK_OF) == set(KINDS)
    assert all(pack.files and all(len(sha) == 64 for sha in pack.files.values()) for pack in PACKS.values())


def test_the_pins_are_the_shared_copies(schemas_dir: Path) -> None:
    """pins.py is made from ../shared/schemas (tests/validate/make_pins.py); the two must agree."""
    for pack in PACKS.values():
        for rel, expected in pack.files.items():
            assert hashlib.sha256((schemas_dir / pack.folder / rel).read_bytes()).hexdigest() == expected, rel


def test_upstream_sources_are_the_official_addresses(monkeypatch) -> None:
    monkeypatch.delenv("PUBKIT_SCHEMAS_MIRROR", raising=False)
    assert sources(PACKS["jats-1.3"]) == [
        ("archive", f"https://public.nlm.nih.gov/projects/jats/publishing/1.3/{ZIP13}"),
        ("archive", f"https://ftp.ncbi.nlm.nih.gov/pub/jats/publishing/1.3/{ZIP13}"),
        ("files", "https://jats.nlm.nih.gov/publishing/1.3/"),
    ]
    assert PACKS["jats-1.4"].file_url("JATS-journalpublishing1-4-mathml3.dtd") == (
        "https://jats.nlm.nih.gov/publishing/1.4/JATS-journalpublishing1-4-mathml3.dtd"
    )


def test_first_need_downloads_verifies_and_unpacks_into_the_cache(server: Server, tmp_path: Path) -> None:
    folder = ensure(["jats-1.3"])
    assert folder == tmp_path / "cache"
    assert server.requests == [f"/{ZIP13}"]
    assert validate_jats(MINIMAL, "a.xml", folder) == []
    pack = folder / "jats-publishing-1.x" / "1.3"
    installed = sorted(p.relative_to(pack).as_posix() for p in folder.rglob("*") if p.is_file())
    assert installed == sorted(PACKS["jats-1.3"].files)  # exactly the pinned files, nothing else
    ensure(["jats-1.3"])
    assert server.requests == [f"/{ZIP13}"]  # the second time, from the cache


def test_a_redirect_is_followed(server: Server, monkeypatch) -> None:
    monkeypatch.setenv("PUBKIT_SCHEMAS_MIRROR", server.url + "/redirect")
    ensure(["jats-1.4"])
    assert server.requests[:2] == [f"/redirect/{ZIP14}", f"/{ZIP14}"]


def test_a_corrupted_zip_is_refused_and_nothing_is_written(server: Server, tmp_path: Path) -> None:
    data = server.files[f"/{ZIP13}"]
    server.files[f"/{ZIP13}"] = data[: len(data) // 2]
    with pytest.raises(EnvironmentProblem) as caught:
        ensure(["jats-1.3"])
    message = _message(caught)
    assert f"{server.url}/{ZIP13}: not a zip file" in message
    assert f"https://public.nlm.nih.gov/projects/jats/publishing/1.3/{ZIP13}" in message  # what to fetch
    assert "pubkit schemas install FILE.zip" in message and "PUBKIT_SCHEMAS" in message
    assert not (tmp_path / "cache" / "jats-publishing-1.x" / "1.3").exists()


def test_a_damaged_member_is_refused(server: Server) -> None:
    data = bytearray(server.files[f"/{ZIP13}"])
    middle = len(data) // 3
    data[middle : middle + 64] = bytes(64)  # inside some member's deflated data: CRC or inflate error
    server.files[f"/{ZIP13}"] = bytes(data)
    with pytest.raises(EnvironmentProblem) as caught:
        ensure(["jats-1.3"])
    assert "cannot be read" in _message(caught) or "SHA-256" in _message(caught)


def test_a_body_cut_short_is_refused(server: Server, monkeypatch) -> None:
    """The server promises more bytes than it sends, then closes the connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def answer() -> None:
        for _ in range(4):
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nPK\x03\x04 only this")
            connection.close()

    threading.Thread(target=answer, daemon=True).start()
    monkeypatch.setenv("PUBKIT_SCHEMAS_MIRROR", f"http://127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.setenv("PUBKIT_DOWNLOAD_TIMEOUT", "2")
    try:
        with pytest.raises(EnvironmentProblem) as caught:
            ensure(["jats-1.3"])
        assert f"{ZIP13}: cut short, 14 of 100000 bytes" in _message(caught)
    finally:
        listener.close()


def test_a_wrong_checksum_is_refused(server: Server, schemas_dir: Path, tmp_path: Path) -> None:
    rel = "JATS-journalmeta1-3.ent"
    changed = (schemas_dir / "jats-publishing-1.x" / "1.3" / rel).read_bytes() + b"<!-- changed -->"
    server.files[f"/{ZIP13}"] = _zip(schemas_dir / "jats-publishing-1.x" / "1.3", "x", {rel: changed})
    with pytest.raises(EnvironmentProblem) as caught:
        ensure(["jats-1.3"])
    message = _message(caught)
    assert (
        f"{rel} has SHA-256 {hashlib.sha256(changed).hexdigest()}, expected {PACKS['jats-1.3'].files[rel]}"
        in message
    )
    assert not (tmp_path / "cache" / "jats-publishing-1.x").exists() or not any(
        (tmp_path / "cache" / "jats-publishing-1.x").iterdir()
    )


def test_a_pack_missing_from_the_zip_comes_file_by_file(server: Server, schemas_dir: Path) -> None:
    """The archive is gone (404): the pinned files at the DTD's per-file addresses are used instead."""
    del server.files[f"/{ZIP13}"]
    folder = schemas_dir / "jats-publishing-1.x" / "1.3"
    for rel in PACKS["jats-1.3"].files:
        server.files[f"/jats-publishing-1.x/1.3/{rel}"] = (folder / rel).read_bytes()
    assert validate_jats(MINIMAL, "a.xml", ensure(["jats-1.3"])) == []
    assert server.requests[0] == f"/{ZIP13}" and len(server.requests) == 1 + len(PACKS["jats-1.3"].files)


def test_a_server_that_never_answers_fails_in_bounded_time(server: Server, monkeypatch) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are accepted by the kernel, and nothing is ever sent
    try:
        monkeypatch.setenv("PUBKIT_SCHEMAS_MIRROR", f"http://127.0.0.1:{silent.getsockname()[1]}")
        monkeypatch.setenv("PUBKIT_DOWNLOAD_TIMEOUT", "1")
        started = time.monotonic()
        with pytest.raises(EnvironmentProblem) as caught:
            ensure(["jats-1.3"])
        assert time.monotonic() - started < 5
        assert "timed out" in _message(caught)
    finally:
        silent.close()


def test_schemas_folder_from_the_environment_is_used_as_is(
    server: Server, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PUBKIT_SCHEMAS", str(tmp_path / "empty"))
    with pytest.raises(EnvironmentProblem) as caught:
        ensure(["meca-1.0"])
    assert "$PUBKIT_SCHEMAS" in _message(caught) and "meca/schema/manifest-1.0.dtd" in _message(caught)
    assert server.requests == []


def test_install_a_zip_brought_by_hand(server: Server, schemas_dir: Path, tmp_path: Path, capsys) -> None:
    """`pubkit schemas install` of a zip of the whole shared folder installs every pack; `where` lists them."""
    bundle = tmp_path / "schemas.zip"
    bundle.write_bytes(_zip(schemas_dir, "shared/schemas"))
    assert main(["schemas", "install", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert out.count("installed ") == len(PACKS)
    assert all(where().present.values())
    assert main(["schemas", "where"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{tmp_path / 'cache'} (user cache)" and "missing" not in out
    assert server.requests == []


def test_install_refuses_a_changed_file_and_installs_nothing(schemas_dir: Path, tmp_path: Path) -> None:
    rel = "schema/manifest-1.0.dtd"
    bundle = tmp_path / "meca.zip"
    bundle.write_bytes(_zip(schemas_dir / "meca", "meca", {rel: b"<!ELEMENT manifest ANY>"}))
    with pytest.raises(EnvironmentProblem) as caught:
        install_zip(bundle, tmp_path / "store")
    assert f"refused: {bundle}: {rel} has SHA-256" in _message(caught)
    assert not (tmp_path / "store").exists()
    bundle.write_bytes(b"PK not really")
    with pytest.raises(EnvironmentProblem) as caught:
        install_zip(bundle, tmp_path / "store")
    assert _message(caught) == f"{bundle} is not a readable zip file"


def test_build_of_the_sample_after_pip_install(server: Server, tmp_path: Path, capsys) -> None:
    """No shared folder, no PUBKIT_SCHEMAS: `pubkit build` fetches what it validates against (JATS 1.3, MECA)."""
    status = main(["build", str(ROOT), "-o", str(tmp_path / "build"), "-f", "jats", "-f", "package"])
    assert status == 0, capsys.readouterr().err
    assert sorted(server.requests)[0] == f"/{ZIP13}"
    assert {"/" + PACKS["meca"].folder + "/" + rel for rel in PACKS["meca"].files} <= set(server.requests)
    assert where().present["jats-1.3"] and where().present["meca-1.0"]
    server.close()  # and with the mirror down, a second machine gets one clear message


def test_build_with_the_mirror_down_exits_3_saying_what_to_do(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv("PUBKIT_SCHEMAS", raising=False)
    monkeypatch.setenv("PUBKIT_CACHE", str(tmp_path / "cache"))
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("PUBKIT_SCHEMAS_MIRROR", f"http://127.0.0.1:{port}")
    status = main(["build", str(ROOT), "-o", str(tmp_path / "build"), "-f", "jats"])
    err = capsys.readouterr().err
    assert status == 3
    assert "JATS 1.3 Journal Publishing DTD" in err and "pubkit schemas install FILE.zip" in err
    assert not (tmp_path / "build").exists()
