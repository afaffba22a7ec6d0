"""Checks on ``refs.bib`` entries that the journal style depends on, reported as problems.

Each problem names the file, the entry's line, ``<key>.<field>`` and what is expected,
so that ``pubkit check`` can show all of them before the style would stop at the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pubkit.model import Reference
from pubkit.problems import Problem, Severity
from pubkit.refs import fields
from pubkit.refs.names import format_name, misread_as_given
from pubkit.refs.style import journal_style
from pubkit.safety import url_problem
from pubkit.scripts import describe, foreign_letter, mixed, non_ascii

# What each entry type needs; "author" is satisfied by editors too where a book may have only editors.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author", "title", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inbook": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "phdthesis": ("author", "title", "year"),
    "mastersthesis": ("author", "title", "year"),
}
# Fields whose English form a Russian source must give (the style prints them translated, never romanized).
TRANSLATED = ("title", "booktitle")
PERSON_ROLES = ("author", "editor", "author_en", "editor_en")

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_CROSSREF = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")  # Crossref's recommended character set
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def _check_doi(ref: Reference, file: str) -> list[Problem]:
    doi = fields.raw(ref.entry, "doi")
    if doi is None:
        return []
    where = {"file": file, "line": ref.line, "field": f"{ref.key}.doi"}
    if char := non_ascii(doi):
        message = f'"{doi}" has {describe(char)}; expected ASCII only (a look-alike letter?)'
        return [Problem("ref.homoglyph", message, **where)]
    if _DOI_PREFIXES.match(doi):
        bare = _DOI_PREFIXES.sub("", doi)
        return [Problem("ref.doi", f'"{doi}" is a DOI link; expected the bare DOI "{bare}"', **where)]
    if not _DOI.match(doi):
        return [Problem("ref.doi", f'"{doi}" is not a DOI; expected 10.NNNN/suffix', **where)]
    if not _DOI_CROSSREF.match(doi):
        message = f'"{doi}" has characters outside Crossref\'s recommended set; check it resolves'
        return [Problem("ref.doi", message, severity=Severity.WARNING, **where)]
    return []


def _check_fields(ref: Reference, file: str) -> list[Problem]:
    entry, problems = ref.entry, []
    # A Russian source given only in English (see fields.missing_original) has its _en fields instead.
    forms = ("", "_en") if fields.is_russian(entry) else ("",)
    for name in REQUIRED[entry.type.lower()]:
        if name == "author":
            present = any(fields.persons(entry, f"{role}{f}") for role in ("author", "editor") for f in forms)
        else:
            present = any(fields.raw(entry, f"{name}{f}") is not None for f in forms)
        if not present:
            expected = "author (or editor)" if name == "author" else name
            message = f"@{entry.type} {ref.key} has no {expected}; the journal style needs it"
            problems.append(Problem("ref.missing-field", message, file, ref.line, f"{ref.key}.{name}"))
    if fields.is_russian(entry):
        for name in TRANSLATED:
            if fields.raw(entry, name) is not None and fields.raw(entry, f"{name}_en") is None:
                message = (
                    f"Russian-language {ref.key} has no {name}_en; the English list prints the translation"
                )
                problems.append(
                    Problem("ref.missing-translation", message, file, ref.line, f"{ref.key}.{name}_en")
                )
        if missing := fields.missing_original(entry):
            message = (
                f"Russian source {ref.key} is given only in English; add the Cyrillic original of "
                f"{', '.join(missing)} (until then both lists print its English form)"
            )
            problems.append(
                Problem("ref.missing-original", message, file, ref.line, ref.key, severity=Severity.WARNING)
            )
    return problems


def _check_names(ref: Reference, file: str) -> list[Problem]:
    problems = []
    for role in PERSON_ROLES:
        for index, person in enumerate(fields.persons(ref.entry, role)):
            written = " ".join((*person.first_names, *person.middle_names, *person.last_names))
            field = f"{ref.key}.{role}[{index + 1}]"
            if role.endswith("_en") and (char := foreign_letter(written, "latin")):
                message = f'the Latin name "{written}" has {describe(char)}; expected Latin letters only'
                problems.append(Problem("ref.homoglyph", message, file, ref.line, field))
            elif char := mixed(written):
                message = f'the name "{written}" mixes Latin and Cyrillic letters: {describe(char)}'
                problems.append(Problem("ref.homoglyph", message, file, ref.line, field))
            if misread_as_given(person):
                written = " ".join((*person.first_names, *person.last_names))
                message = (
                    f'"{written}" reads as given name "{" ".join(person.first_names)}" and surname '
                    f'"{format_name(person).split()[-1]}"; write "Surname, I. O." with a comma'
                )
                field = f"{ref.key}.{role}[{index + 1}]"
                problems.append(Problem("ref.name-order", message, file, ref.line, field))
    return problems


def check_references(refs: Sequence[Reference], file: str) -> list[Problem]:
    """Every problem the journal style would trip on, in file order, for all references at once."""
    known = journal_style("en").entry_types
    problems: list[Problem] = []
    for ref in refs:
        if ref.entry.type.lower() not in known:
            message = (
                f"@{ref.entry.type} {ref.key} is not an entry type the journal style knows; expected one of "
            )
            problems.append(
                Problem("ref.unknown-type", message + ", ".join(sorted(known)), file, ref.line, ref.key)
            )
        else:
            problems += _check_fields(ref, file)
        problems += _check_doi(ref, file) + _check_names(ref, file) + _check_url(ref, file)
    return problems


def _check_url(ref: Reference, file: str) -> list[Problem]:
    """A reference's ``url`` is a link in every output: only the schemes of :func:`url_problem`."""
    url = fields.raw(ref.entry, "url")
    if url and (message := url_problem(url)):
        return [Problem("ref.url", message, file, ref.line, f"{ref.key}.url")]
    return []
