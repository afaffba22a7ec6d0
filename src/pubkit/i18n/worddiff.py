"""Word diffs of Russian texts, for stale segments and close memory matches."""

from __future__ import annotations

import difflib

_CONTEXT_WORDS = 4  # unchanged words shown either side of a change


def word_diff(old: str, new: str) -> str:
    """``old`` → ``new`` word by word, as ``[-removed-]{+added+}``; long unchanged runs shortened to ``…``."""
    a, b = old.split(), new.split()
    out: list[str] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            run = a[i1:i2]
            head = run[:_CONTEXT_WORDS] if n > 0 else []
            tail = run[-_CONTEXT_WORDS:] if n < len(opcodes) - 1 else []
            if len(head) + len(tail) < len(run):
                out += [*head, "…", *tail] if head or tail else ["…"]
            else:
                out += run
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)
