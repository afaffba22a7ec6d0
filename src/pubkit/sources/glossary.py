"""The journal's glossary: ``glossary.csv`` next to ``journal.yaml``, one term a row, into the model.

Columns ``ru,en,note`` with that header row; UTF-8. Each word of the Russian
term matches any word it begins (so ``группа высокого риска`` is better written
``групп высок риск``, to match every case form); the English term matches the
same way, ignoring case. QA warns when a segment has the Russian term and its
English lacks the English one; XLIFF export shows the terms of each unit.
"""

from __future__ import annotations

import csv
import io

from ..model import Term
from ..problems import Problems

_COLUMNS = ["ru", "en", "note"]


def read_glossary(text: str, file: str, problems: Problems) -> tuple[Term, ...]:
    """The terms of a glossary CSV; a wrong header or an incomplete row is an error naming its line."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip() for c in rows[0]] != _COLUMNS:
        problems.error("i18n.glossary", f"the first row must be {','.join(_COLUMNS)}", file=file, line=1)
        return ()
    terms = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) not in (2, 3) or not row[0].strip() or not row[1].strip():
            problems.error(
                "i18n.glossary", f"row {row!r}: expected ru,en[,note] with both terms", file=file, line=line
            )
            continue
        terms.append(Term(row[0].strip(), row[1].strip(), row[2].strip() if len(row) == 3 else ""))
    return tuple(terms)
