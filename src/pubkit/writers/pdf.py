"""The typeset PDF: the Typst source from :mod:`.typst_source`, compiled with the ``typst`` package.

Typst runs in a child process, bounded in time and memory (:mod:`pubkit.limits`), in a
private temporary folder holding only the journal layout, the main file
and the figures, so the compile cannot reach anything else on disk, and nothing of it
outlives the call: the writer returns bytes and :mod:`pubkit.build` writes them atomically.
Typst's own fonts (Libertinus Serif, which covers Cyrillic) are the only fonts used, so
the same input gives the same bytes on every machine.
"""

from __future__ import annotations

import concurrent.futures
import functools
import importlib.resources
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from ..limits import current
from ..model import Article, Figure, Lang
from ..problems import EnvironmentProblem, Problem, PubkitError
from . import Asset, Options, Output
from .typst_source import BODY_FILE, TypstSource, typst_source

# Both editions are archival (PDF/A-2a: tagged, fonts embedded, XMP) and accessible (PDF/UA-1);
# Typst checks both while it writes, so a PDF that breaks either is an error, never an output.
PDF_STANDARDS = ["a-2a", "ua-1"]

TEMPLATE = "templates/typst/article.typ"
_WHERE = re.compile(r"([^\s:]+\.typ):(\d+):(\d+)")
_HEADING = re.compile(r"^=+\s+(.*)$")


@functools.cache
def _template() -> bytes:
    return importlib.resources.files("pubkit").joinpath(TEMPLATE).read_bytes()


def _element(source: TypstSource, line: int) -> tuple[str, str]:
    """The body's section heading and the text at ``line`` of the main file, to name the failing element."""
    lines = source.markup.splitlines()
    snippet = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    section = ""
    for text in reversed(lines[source.body_start - 1 : line]):
        if match := _HEADING.match(text):
            section = match.group(1).strip()
            break
    return section, snippet[:80]


def _typst_problem(exc: Exception, source: TypstSource, lang: Lang) -> PubkitError:
    """A Typst compile error as a problem naming the body element, or the layout when the fault is there."""
    message = str(getattr(exc, "message", exc)).strip()
    where = _WHERE.search(str(getattr(exc, "diagnostic", "")))
    if where and where.group(1).endswith("main.typ") and int(where.group(2)) >= source.body_start:
        section, snippet = _element(source, int(where.group(2)))
        place = f"in section «{section}»" if section else "before the first heading"
        return PubkitError(
            Problem(
                "pdf.typst",
                f"Typst cannot typeset the {lang} body {place}, at {snippet!r}: {message}",
                file=BODY_FILE[lang],
                field=f"body ({lang})",
            )
        )
    layout = f"{TEMPLATE}:{where.group(2)}" if where and where.group(1).endswith("article.typ") else TEMPLATE
    return EnvironmentProblem(
        Problem("pdf.typst", f"the journal layout {layout} failed on the {lang} edition: {message}")
    )


def _figure_path(root: Path, figure: Figure) -> Path:
    """Where a figure goes inside the compile folder; a path leaving it is refused."""
    relative = PurePosixPath(figure.path)
    if relative.is_absolute() or ".." in relative.parts:
        raise PubkitError(
            Problem("pdf.figure-path", f"figure {figure.path!r} must be a relative path inside manuscript/")
        )
    return root.joinpath(*relative.parts)


# Runs in a child process: Typst gets its own time and memory bounds, and a runaway layout loop
# is killed without taking the build with it. Reads sys.inputs from stdin, writes the PDF to stdout.
_CHILD = """
import json, sys
root, standards, memory = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
try:
    import resource  # the address-space cap, set here: preexec_fn is unsafe in a threaded parent
    resource.setrlimit(resource.RLIMIT_AS, (memory << 20, memory << 20))
except ImportError:
    pass  # not on Windows: only the timeout holds
import typst
try:
    pdf = typst.compile(root + "/main.typ", root=root, ignore_system_fonts=True,
                        sys_inputs={"pubkit-data": sys.stdin.read()}, pdf_standards=standards)
except typst.TypstError as exc:
    json.dump({"message": str(getattr(exc, "message", exc)),
               "diagnostic": str(getattr(exc, "diagnostic", ""))}, sys.stderr)
    sys.exit(1)
sys.stdout.buffer.write(pdf)
"""


def unprintable(chars: frozenset[str]) -> frozenset[str]:
    """The characters of ``chars`` that no font embedded in the PDFs can print (PDF/A refuses them).

    Asked of Typst itself, in this process (a page of those characters cannot loop or grow): one
    compile when every character prints, a few more to single out those that do not. Only
    characters outside the ranges the fonts are known to cover (U+0020–U+04FF) are asked about.
    """
    asked = frozenset(c for c in chars if ord(c) > 0x4FF and unicodedata.category(c)[0] in "LNPS")
    return _unprintable(asked) if asked else frozenset()


@functools.cache
def _unprintable(chars: frozenset[str]) -> frozenset[str]:
    import typst

    def prints(part: list[str]) -> bool:
        with tempfile.TemporaryDirectory(prefix="pubkit-glyphs-") as tmp:
            main = Path(tmp) / "main.typ"
            text = "".join(f"\\u{{{ord(c):x}}}" for c in part)
            main.write_text(f'#set text(font: "Libertinus Serif")\n#"{text}"\n', encoding="utf-8")
            try:
                typst.compile(str(main), root=tmp, ignore_system_fonts=True, pdf_standards=["a-2a"])
            except typst.TypstError:
                return False
        return True

    def missing(part: list[str]) -> list[str]:
        if prints(part):
            return []
        if len(part) == 1:
            return part
        return missing(part[: len(part) // 2]) + missing(part[len(part) // 2 :])

    return frozenset(missing(sorted(chars)))


class _TypstFailure(Exception):
    """A Typst compile error reported by the child: its message and diagnostic text."""

    def __init__(self, message: str, diagnostic: str) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostic = diagnostic


def compile_pdf(source: TypstSource, figures: tuple[Figure, ...], lang: Lang) -> bytes:
    """Compile one edition's Typst source to PDF bytes, bounded in time and memory; errors become
    :class:`PubkitError`."""
    if importlib.util.find_spec("typst") is None:
        raise EnvironmentProblem(
            Problem("tool.typst", "the typst package is missing; install pubkit with pip")
        )
    limits = current()
    with tempfile.TemporaryDirectory(prefix="pubkit-pdf-") as tmp:
        root = Path(tmp)
        (root / "article.typ").write_bytes(_template())
        (root / "main.typ").write_text(source.markup, encoding="utf-8")
        for figure in figures:
            target = _figure_path(root, figure)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(figure.data)
        try:
            done = subprocess.run(
                [
                    sys.executable,
                    "-I",
                    "-c",
                    _CHILD,
                    str(root),
                    json.dumps(PDF_STANDARDS),
                    str(limits.typst_memory),
                ],
                input=source.data.encode("utf-8"),
                capture_output=True,
                timeout=limits.typst_seconds,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PubkitError(
                Problem(
                    "limits.time",
                    f"Typst did not typeset the {lang} edition within {limits.typst_seconds} s; expected a "
                    "smaller or simpler text (PUBKIT_LIMITS typst_seconds=... changes the limit)",
                    file=BODY_FILE[lang],
                )
            ) from exc
        if done.returncode == 0:
            return done.stdout
        try:
            failure = json.loads(done.stderr.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            failure = None
        if isinstance(failure, dict):
            raise _typst_problem(_TypstFailure(failure["message"], failure["diagnostic"]), source, lang)
        raise PubkitError(
            Problem(
                "limits.memory",
                f"Typst stopped on the {lang} edition (exit status {done.returncode}), most likely at the "
                f"memory limit of {limits.typst_memory} MiB; expected a smaller text (PUBKIT_LIMITS "
                "typst_memory=... changes the limit)",
                file=BODY_FILE[lang],
            )
        )


def pdf_bytes(article: Article, lang: Lang) -> bytes:
    """One edition's PDF."""
    return compile_pdf(typst_source(article, lang), article.body.figures, lang)


def write_pdf(article: Article, options: Options) -> Output:
    """``ru/<name>.ru.pdf`` and, with the English body, ``en/<name>.en.pdf``, beside their pages (or ``options.langs``)."""
    langs = options.langs
    available = article.editions
    if missing := [lang for lang in langs or () if lang not in available]:
        raise PubkitError(
            Problem(
                "pdf.no-edition",
                f"no {', '.join(missing)} body to typeset: every body segment needs a current translation",
                file=BODY_FILE[missing[0]],
            )
        )
    chosen = [lang for lang in available if langs is None or lang in langs]
    # The editions typeset at once: each waits on its own pandoc and Typst processes, so two threads
    # halve the wait; map keeps the order, and the first failure is raised as it would be one by one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(chosen))) as pool:
        data = list(pool.map(lambda lang: pdf_bytes(article, lang), chosen))
    return Output(tuple(Asset(article.pdf_path(lang), pdf) for lang, pdf in zip(chosen, data, strict=True)))
