"""`pubkit deposit crossref` against a real HTTP server on 127.0.0.1 that checks the request as Crossref would."""

from __future__ import annotations

import email.parser
import email.policy
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from pubkit.cli import main
from pubkit.validate import validate

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "tests" / "projects" / "issue-two-articles"
USER, PASSWORD = "rjpho-depositor", "s3cret-Pa55"
CR = "{http://www.crossref.org/schema/5.3.1}"


class Crossref(http.server.BaseHTTPRequestHandler):
    """Answers a deposit as Crossref does: 200 with a short HTML page, 401 for a wrong login."""

    received: ClassVar[list[dict]] = []
    status: ClassVar[int] = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(head + body)
        parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
        fname = parts["fname"]
        self.received.append(
            {
                "path": self.path,
                "content_type": self.headers["Content-Type"].split(";")[0],
                "fields": {k: v.get_content() for k, v in parts.items() if k != "fname"},
                "filename": fname.get_filename(),
                "file_type": fname.get_content_type(),
                "file": fname.get_payload(decode=True),
            }
        )
        status = self.status
        if parts["login_passwd"].get_content() != PASSWORD:
            status = 401
        page = b"<html><body><h2>SUCCESS</h2><p>Your batch submission was successfully received.</p></body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def crossref(monkeypatch) -> Iterator[type[Crossref]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Crossref)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Crossref.received, Crossref.status = [], 200
    monkeypatch.setenv("PUBKIT_CROSSREF_URL", f"http://127.0.0.1:{server.server_address[1]}/servlet/deposit")
    monkeypatch.setenv("PUBKIT_CROSSREF_USER", USER)
    monkeypatch.setenv("PUBKIT_CROSSREF_PASSWORD", PASSWORD)
    yield Crossref
    server.shutdown()
    server.server_close()


def test_an_issue_is_sent_as_one_valid_multipart_upload(crossref, capsys, schemas_dir: Path) -> None:
    assert main(["deposit", "crossref", str(ISSUE)]) == 0
    (request,) = crossref.received
    assert request["path"] == "/servlet/deposit" and request["content_type"] == "multipart/form-data"
    assert request["fields"] == {"operation": "doMDUpload", "login_id": USER, "login_passwd": PASSWORD}
    assert (request["filename"], request["file_type"]) == ("issue.crossref.xml", "application/xml")
    assert validate("crossref-5.3.1", request["file"], "issue.crossref.xml", schemas_dir) == []
    tree = etree.fromstring(request["file"])
    assert len(tree.findall(f".//{CR}journal_article")) == 2
    out, err = capsys.readouterr()
    assert "sent issue.crossref.xml" in out and "SUCCESS" in out and "e-mail" in out
    assert PASSWORD not in out + err


def test_a_deposit_made_now_is_stamped_now(crossref, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert main(["deposit", "crossref", str(ROOT)]) == 0
    stamp = etree.fromstring(crossref.received[0]["file"]).findtext(f"{CR}head/{CR}timestamp")
    assert stamp[:4] >= "2026"  # not the publication date: Crossref keeps only a later timestamp


def test_a_built_file_is_validated_then_sent(crossref, tmp_path: Path) -> None:
    built = tmp_path / "a.crossref.xml"
    assert main(["crossref", str(ROOT), "-o", str(built)]) == 0
    assert main(["deposit", "crossref", str(built), "--test"]) == 0
    assert crossref.received[0]["file"] == built.read_bytes()
    broken = tmp_path / "b.crossref.xml"
    broken.write_bytes(built.read_bytes().replace(b"<doi_batch_id>", b"<bogus/><doi_batch_id>"))
    assert main(["deposit", "crossref", str(broken)]) == 1
    assert len(crossref.received) == 1


def test_dry_run_sends_nothing_and_shows_no_password(crossref, capsys) -> None:
    assert main(["deposit", "crossref", str(ROOT), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert crossref.received == []
    assert "operation=doMDUpload" in out and f"login_id={USER}" in out and PASSWORD not in out


@pytest.mark.parametrize("status", [401, 500])
def test_a_refusal_is_exit_3_with_crossrefs_words(crossref, capsys, status: int) -> None:
    crossref.status = status
    assert main(["deposit", "crossref", str(ROOT)]) == 3
    err = capsys.readouterr().err
    assert f"answered {status}" in err and "[deposit.refused]" in err and PASSWORD not in err


def test_a_wrong_password_is_refused(crossref, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PUBKIT_CROSSREF_PASSWORD", "wrong-one")
    assert main(["deposit", "crossref", str(ROOT)]) == 3
    assert "answered 401" in capsys.readouterr().err


def test_no_server_and_no_login_are_environment_errors(monkeypatch, capsys) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("PUBKIT_CROSSREF_URL", f"http://127.0.0.1:{port}/servlet/deposit")
    monkeypatch.setenv("PUBKIT_CROSSREF_USER", USER)
    monkeypatch.setenv("PUBKIT_CROSSREF_PASSWORD", PASSWORD)
    assert main(["deposit", "crossref", str(ROOT)]) == 3
    err = capsys.readouterr().err
    assert "[deposit.network]" in err and PASSWORD not in err
    monkeypatch.delenv("PUBKIT_CROSSREF_PASSWORD")
    assert main(["deposit", "crossref", str(ROOT)]) == 3
    assert "$PUBKIT_CROSSREF_PASSWORD not set" in capsys.readouterr().err


def test_an_article_the_deposit_cannot_be_made_of_is_exit_1(crossref, project: Path, capsys) -> None:
    journal = project / "manuscript" / "journal.yaml"
    journal.write_text(journal.read_text(encoding="utf-8").replace("registrant:", "#registrant:"), "utf-8")
    assert main(["deposit", "crossref", str(project)]) == 1
    assert "registrant" in capsys.readouterr().err and crossref.received == []
