"""The journal's glossary: ``glossary.csv`` next to ``journal.yaml``, one term a row.

Columns ``ru,en,note`` with that header row; UTF-8. Each word of the Russian
term matches any word it begins (so ``группа высокого риска`` is better written
``групп высок риск``, to match every case form); the English term matches the
same way, ignoring case. QA warns when a segment has the Russian term and its
English lacks the English one; XLIFF export shows the terms of each unit.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem, PubkitError

GLOSSARY = "glossary.csv"
_COLUMNS = ["ru", "en", "note"]


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary row."""

    ru: str
    en: str
    note: str = ""

    def in_russian(self, text: str) -> bool:
        return _pattern(self.ru).search(text) is not None

    def in_english(self, text: str) -> bool:
        return _pattern(self.en).search(text) is not None


def _pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) + r"[\w-]*" for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words), re.IGNORECASE)


def parse_glossary(text: str, file: str) -> tuple[Term, ...]:
    """The terms of a glossary CSV; a wrong header or an incomplete row is an error naming its line."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip() for c in rows[0]] != _COLUMNS:
        raise PubkitError(
            Problem("i18n.glossary", f"the first row must be {','.join(_COLUMNS)}", file=file, line=1)
        )
    terms = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) not in (2, 3) or not row[0].strip() or not row[1].strip():
            raise PubkitError(
                Problem(
                    "i18n.glossary",
                    f"row {row!r}: expected ru,en[,note] with both terms",
                    file=file,
                    line=line,
                )
            )
        terms.append(Term(row[0].strip(), row[1].strip(), row[2].strip() if len(row) == 3 else ""))
    return tuple(terms)


def read_glossary(folder: Path | None) -> tuple[Term, ...]:
    """The glossary in ``folder`` (the one holding ``journal.yaml``); none when the file is absent."""
    path = folder / GLOSSARY if folder is not None else None
    if path is None or not path.is_file():
        return ()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PubkitError(
            Problem("i18n.glossary", f"cannot read the glossary: {exc}", file=str(path))
        ) from exc
    return parse_glossary(text, str(path))
