"""The promise of ``check``: any mutation of the sources that makes ``build`` fail makes ``check`` fail first.

Hypothesis inserts hostile and random text anywhere in any source of the ``minimal`` project;
whenever ``check`` passes, a build of every default output must succeed, and whenever it
fails, the failure is a located problem, never an internal error.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pubkit.build import build, check

MINIMAL = Path(__file__).resolve().parents[1] / "projects" / "minimal"
FILES = (
    "manuscript/article.md",
    "manuscript/article.yaml",
    "manuscript/journal.yaml",
    "translations/en.po",
    "refs.bib",
)
SNIPPETS = [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "```{=typst}\n#set text(size: 1pt)\n```",
    "`x`{=html}", "[x]{onclick=y}", "{0}", "{doi_suffix", "\x07", "\x00", "\u202e", "\u200b", "\ufffe",
    "\\", '"', "'", "\n", "\n\n", "[", "]", "[@nokey]", "[@", "#", "*", "_", "$", "<", ">", "&xxe;", "&",
    "  ", "\t", "---", ":::", "|", "{", "}", "%", "@", "10000", "-1", "0", "ZZ", "../", "doi:", "http://",
]  # fmt: skip
TEXT = st.one_of(
    st.sampled_from(SNIPPETS),
    # Latin, Greek and Cyrillic with controls and format characters: what the embedded fonts cover, and
    # every class of code point check refuses. (A letter outside the fonts, e.g. U+05F6, still passes
    # check and then fails the PDF/A build: a known gap, see the hardening report of #13.)
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=0x52F, exclude_categories=("Cs",)),
            st.sampled_from("\u200b\u200d\u202e\u2066\ufeff\ufffe\u00ad\u2028–—«»№"),
        ),
        max_size=12,
    ),
)


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), where=st.floats(0, 1), text=TEXT, data=st.data())
def test_a_mutation_that_breaks_the_build_breaks_check_first(
    file: str, where: float, text: str, data
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "article"
        shutil.copytree(MINIMAL, root)
        path = root / file
        source = path.read_text(encoding="utf-8")
        at = int(where * len(source))
        path.write_text(source[:at] + text + source[at:], encoding="utf-8")
        report = check(root)  # never raises: every problem, bounds included, is reported
        event("check ok" if report.ok else "check failed")
        if report.ok:
            build(root, Path(tmp) / "out", ["model", "jats", "html", "pdf"])
