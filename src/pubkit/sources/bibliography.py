"""``refs.bib`` through pybtex → :class:`~pubkit.model.Reference` objects, with lines and problems.

pybtex reports syntax errors and duplicates through the module-global ``pybtex.errors``
(printing, or raising in strict mode). We never touch that switch: a parser subclass
collects its errors into a list of its own, and duplicate keys are caught before
pybtex would see them, so reading leaves no global state changed and prints nothing.
"""

from __future__ import annotations

import re

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import DuplicateField, Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from pubkit.model import Reference
from pubkit.problems import Problems

# Fields holding people: pybtex parses these into Person objects.
PERSON_FIELDS = ("author", "editor", "author_en", "editor_en")

_ENTRY_START = re.compile(r"@\s*(\w+)\s*[{(]\s*([^\s,{}()]+)\s*,")
_NOT_ENTRIES = frozenset({"comment", "string", "preamble"})
_RUSSIAN = frozenset({"russian", "ru", "rus"})


class _CollectingParser(Parser):
    """pybtex's BibTeX parser, with errors collected instead of reported through ``pybtex.errors``."""

    def __init__(self) -> None:
        super().__init__(person_fields=PERSON_FIELDS)
        self.errors: list[tuple[str | None, PybtexError]] = []  # (entry key being processed, error)
        self.duplicates: list[str] = []
        self._processing: str | None = None

    def handle_error(self, error: PybtexError) -> None:
        self.errors.append((self._processing, error))

    def process_entry(self, entry_type: str, key: str | None, fields) -> None:
        if key is not None and key in self.data.entries:
            self.duplicates.append(key)
            return
        self._processing = key
        try:
            super().process_entry(entry_type, key, fields)
        except PybtexError as error:  # a name pybtex cannot split ("Too many commas"), raised, not reported
            self.errors.append((key, error))
        finally:
            self._processing = None


def _entry_lines(text: str) -> dict[str, list[int]]:
    """Each entry key's line(s) in the file, in file order, for locating problems."""
    lines: dict[str, list[int]] = {}
    for match in _ENTRY_START.finditer(text):
        if match.group(1).lower() not in _NOT_ENTRIES:
            lines.setdefault(match.group(2).lower(), []).append(text.count("\n", 0, match.start()) + 1)
    return lines


def entry_lang(entry: Entry) -> str:
    """``"ru"`` for a Russian-language source (``langid = {russian}``), else ``"en"``."""
    langid = entry.fields.get("langid") or entry.fields.get("language") or ""
    return "ru" if langid.strip().lower() in _RUSSIAN else "en"


def _report(
    key: str | None, error: PybtexError, file: str, lines: dict[str, list[int]], problems: Problems
) -> None:
    if isinstance(error, PybtexSyntaxError):
        key = error.parser.current_entry_key
        where = f"entry {key}: " if key else ""
        problems.error(
            "ref.syntax",
            f"{where}BibTeX {error.error_type}: {error.args[0]} (check braces, quotes and commas)",
            file=file,
            line=error.lineno,
            field=key,
        )
    elif isinstance(error, DuplicateField):
        line = (lines.get(key.lower()) or [None])[0] if key else None
        problems.error("ref.duplicate-field", f"{error}; keep one", file=file, line=line, field=key)
    else:
        line = (lines.get(key.lower()) or [None])[0] if key else None
        where = f"entry {key}: " if key else ""
        problems.error(
            "ref.syntax", f"{where}{error} (check braces, quotes and commas)", file=file, line=line, field=key
        )


def read_bibliography(text: str, file: str, problems: Problems) -> tuple[Reference, ...]:
    """Every entry of a ``.bib`` text as a :class:`Reference`, in file order; problems go to ``problems``."""
    parser = _CollectingParser()
    data: BibliographyData = parser.parse_string(text)
    lines = _entry_lines(text)
    for key, error in parser.errors:
        _report(key, error, file, lines, problems)
    for key in parser.duplicates:
        found = lines.get(key.lower(), [])
        first = found[0] if found else None
        problems.error(
            "ref.duplicate-key",
            f"entry key {key} is used again (first at line {first}); each entry needs a unique key",
            file=file,
            line=found[1] if len(found) > 1 else None,
            field=key,
        )
    return tuple(
        Reference(key, entry, entry_lang(entry), (lines.get(key.lower()) or [None])[0])
        for key, entry in data.entries.items()
    )
