"""Submitting a Crossref deposit: one multipart POST of the validated XML to Crossref's deposit endpoint.

Crossref's "HTTPS POST" interface takes ``operation=doMDUpload``, the depositor's
``login_id`` and ``login_passwd`` and the file as ``fname``; it answers at once that the
file was received, and mails the deposit's result (success, or each failed DOI) to the
depositor's address later. The credentials come only from the environment
(``PUBKIT_CROSSREF_USER``, ``PUBKIT_CROSSREF_PASSWORD``) and are never printed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import requests
from lxml import etree

from .problems import EnvironmentProblem, Problem

PRODUCTION = "https://doi.crossref.org/servlet/deposit"
TEST = "https://test.crossref.org/servlet/deposit"
USER, PASSWORD, URL = "PUBKIT_CROSSREF_USER", "PUBKIT_CROSSREF_PASSWORD", "PUBKIT_CROSSREF_URL"
TIMEOUT = (10, 120)  # seconds to connect, and to wait for the answer to an upload


@dataclass(frozen=True, slots=True)
class Deposit:
    """What is (or would be) sent: the endpoint, the file's name and bytes, and the user (never the password)."""

    endpoint: str
    name: str
    data: bytes
    user: str | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def describe(self) -> list[str]:
        """The request as ``--dry-run`` shows it: everything but the password."""
        return [
            f"POST {self.endpoint}",
            "  operation=doMDUpload",
            f"  login_id={self.user or f'(from ${USER})'}",
            f"  login_passwd=(from ${PASSWORD}, not shown)",
            f"  fname={self.name} (application/xml, {len(self.data):,} bytes, sha256 {self.sha256})",
        ]


@dataclass(frozen=True, slots=True)
class Answer:
    """Crossref's immediate answer: the HTTP status and the text of its page (the result comes by e-mail)."""

    status: int
    text: str


def endpoint(test: bool, explicit: str | None, environ: Mapping[str, str]) -> str:
    """``explicit``, else ``$PUBKIT_CROSSREF_URL``, else Crossref's test or production endpoint."""
    return explicit or environ.get(URL) or (TEST if test else PRODUCTION)


def prepare(name: str, data: bytes, url: str, environ: Mapping[str, str] = os.environ) -> Deposit:
    return Deposit(url, name, data, environ.get(USER))


def submit(deposit: Deposit, environ: Mapping[str, str] = os.environ) -> Answer:
    """POST the deposit; a missing credential, a network error or an answer other than 200 is exit 3."""
    user, password = environ.get(USER), environ.get(PASSWORD)
    if not user or not password:
        missing = " and ".join(
            f"${name}" for name, value in ((USER, user), (PASSWORD, password)) if not value
        )
        raise EnvironmentProblem(
            Problem(
                "deposit.credentials",
                f"{missing} not set; expected the Crossref depositor's login in the environment",
            )
        )
    fields = {"operation": "doMDUpload", "login_id": user, "login_passwd": password}
    files = {"fname": (deposit.name, deposit.data, "application/xml")}
    try:
        response = requests.post(deposit.endpoint, data=fields, files=files, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise EnvironmentProblem(
            Problem("deposit.network", f"cannot reach {deposit.endpoint}: {_quiet(exc, password)}")
        ) from None
    text = _plain(response.text)
    if response.status_code != 200:
        raise EnvironmentProblem(
            Problem(
                "deposit.refused",
                f"{deposit.endpoint} answered {response.status_code} {response.reason}: {text[:300]}; "
                "expected 200 (check the login, and the endpoint with --test)",
            )
        )
    return Answer(response.status_code, text)


def read_file(path: Path) -> tuple[str, bytes]:
    try:
        return path.name, path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem(
            Problem("deposit.unreadable", f"cannot read: {exc.strerror}", file=str(path))
        ) from exc


def _quiet(exc: Exception, secret: str) -> str:
    """An exception's text with the password taken out, should a library ever echo the request."""
    return str(exc).replace(secret, "***") if secret else str(exc)


def _plain(page: str) -> str:
    """The text of an HTML answer page, on one line."""
    if not page.strip():
        return ""
    try:
        text = lxml.html.fromstring(page).text_content()
    except (etree.ParserError, ValueError):
        text = page
    return " ".join(text.split())
