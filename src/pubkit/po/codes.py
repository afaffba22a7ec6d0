"""Inline codes a translation carries over unchanged: citations, footnote marks, inline math and code.

In PO they stay as the Markdown has them. XLIFF export turns each into a
``<ph>`` that CAT tools show as a tag (:func:`split_codes`), and import puts the
Markdown back. A translation whose codes differ from its source's is an error:
a dropped or mistyped ``[@key]`` would silently cite the wrong reference.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..problems import Problem, Severity

_KEY = r"-?@\w(?:[\w:.#$%&+?<>~/-]*\w)?"
CODE = re.compile(
    rf"""
    (?P<cite>\[{_KEY}(?:\s*;\s*{_KEY})*\])         # [@a] or [@a; @b]: one tag
    | (?P<footnote>\[\^[^\]\s]+\])                 # [^1]
    | (?P<math>\$(?=\S)[^$\n]*?(?<=\S)\$(?!\d))    # $x^2$ (pandoc's rule, so "$5 and $6" is no math)
    | (?P<code>`[^`\n]+`)                          # `code`
    | (?P<key>(?<![\w@.]){_KEY})                   # a key in running text or in [see @a, p. 3]
    """,
    re.VERBOSE,
)
_KEYS = re.compile(_KEY)
CTYPES = {
    "cite": "x-pubkit-cite",
    "key": "x-pubkit-cite",
    "footnote": "x-pubkit-footnote",
    "math": "x-pubkit-math",
    "code": "x-pubkit-code",
}


@dataclass(frozen=True, slots=True)
class Code:
    """One inline code as the Markdown writes it, and its kind (``cite``, ``key``, ``footnote``, ``math``, ``code``)."""

    kind: str
    text: str


def split_codes(text: str) -> list[str | Code]:
    """``text`` as plain runs and :class:`Code` items, in order; joining their texts gives ``text`` back."""
    parts: list[str | Code] = []
    at = 0
    for match in CODE.finditer(text):
        if match.start() > at:
            parts.append(text[at : match.start()])
        parts.append(Code(match.lastgroup or "code", match.group(0)))
        at = match.end()
    if at < len(text):
        parts.append(text[at:])
    return parts


def codes(text: str) -> list[Code]:
    """The inline codes of ``text``."""
    return [part for part in split_codes(text) if isinstance(part, Code)]


def without_codes(text: str) -> str:
    """``text`` with every inline code replaced by a space (for checks that look at the words)."""
    return CODE.sub(" ", text)


def citation_keys(text: str) -> Counter:
    """Every cited key, as ``@key``, with how often it is cited."""
    found: Counter = Counter()
    for code in codes(text):
        if code.kind in ("cite", "key"):
            found.update(key.lstrip("-") for key in _KEYS.findall(code.text))
    return found


def _placeholders(text: str) -> Counter:
    return Counter(c.text for c in codes(text) if c.kind in ("footnote", "math", "code"))


def code_problems(segment_id: str, source: str, target: str) -> list[Problem]:
    """Errors when the English cites other keys, or carries other footnote marks, math or code, than the Russian."""
    found = []
    for what, counted in (
        ("citations", citation_keys),
        ("footnote marks, math and code", _placeholders),
    ):
        difference = describe_difference(counted(source), counted(target))
        if difference:
            found.append(
                Problem(
                    "i18n.citations" if what == "citations" else "i18n.placeholders",
                    f"segment {segment_id!r}: the {what} of the English differ from the Russian "
                    f"({difference}); expected the same {what} as the Russian",
                    field=segment_id,
                    severity=Severity.ERROR,
                )
            )
    return found


def describe_difference(source: Counter, target: Counter) -> str:
    """What only the Russian and what only the English has, as ``only in the Russian: …; only in the English: …``."""
    only_source = sorted((source - target).elements())
    only_target = sorted((target - source).elements())
    return "; ".join(
        part
        for part in (
            f"only in the Russian: {', '.join(only_source)}" if only_source else "",
            f"only in the English: {', '.join(only_target)}" if only_target else "",
        )
        if part
    )
