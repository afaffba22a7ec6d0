"""Translation QA: the checks Xbench and Verifika run, on every translated segment.

Errors: inline codes differ (:func:`~pubkit.po.codes.code_problems`), a URL,
DOI or e-mail changed, Cyrillic left in the English, an empty translation.
Warnings: numbers, percentages and units, Latin-script names of the Russian
missing from the English, an English identical to the Russian, end
punctuation, doubled spaces, unbalanced brackets or quotes, glossary terms not
used. Numbers 1–10 written as words (English "two", Russian "два") count as the
numbers they name. A period the English adds after a Russian fragment is
accepted (author positions are written as sentences in English).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..layout import CATALOG
from ..model import SegmentState, Term
from ..po.codes import code_problems, describe_difference, without_codes
from ..po.notes import identifiers, latin_tokens, without_identifiers
from ..problems import Problem, Problems, Severity
from ..sources import load_project
from ..sources.catalog import read_catalog

_CYRILLIC_WORD = re.compile(r"[\w-]*[\u0400-\u04ff][\w-]*")
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s?%")
_EN_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_RU_WORDS = (
    "один одна одно одного одной одному одним одном",
    "два две двух двум двумя",
    "три трех трёх трем трём тремя",
    "четыре четырех четырёх четырем четырём четырьмя",
    "пять пяти пятью",
    "шесть шести шестью",
    "семь семи семью",
    "восемь восьми восемью",
    "девять девяти девятью",
    "десять десяти десятью",
)
_SMALL = {
    "en": {word: str(n) for n, word in enumerate(_EN_WORDS, start=1)},
    "ru": {form: str(n) for n, forms in enumerate(_RU_WORDS, start=1) for form in forms.split()},
}
_UNITS = {  # Russian unit after a number → the English forms
    "мг": "mg",
    "мкг": "μg|µg|mcg",
    "г": "g",
    "кг": "kg",
    "мл": "ml|mL",
    "л": "l|L",
    "мм": "mm",
    "см": "cm",
    "Гр": "Gy",
    "ммоль": "mmol",
    "мин": "min",
    "ч": "h|hours?",
}
_RU_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s?(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")(?!\w)")
_END = {".": ".", "!": "!", "?": "?", ":": ":", ";": ";", "…": "…"}
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"))


@dataclass(frozen=True, slots=True)
class QaReport:
    """The findings, and how many translated segments were checked."""

    problems: tuple[Problem, ...]
    checked: int

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def segment_problems(
    segment_id: str, source: str, target: str, glossary: Sequence[Term] = ()
) -> list[Problem]:
    """Every QA finding on one translated segment, each naming the segment and quoting both sides."""
    found = code_problems(segment_id, source, target)

    def add(code: str, message: str, severity: Severity = Severity.WARNING) -> None:
        found.append(Problem(code, f"segment {segment_id!r}: {message}", field=segment_id, severity=severity))

    if not target.strip():
        add("qa.empty", f"the English is empty; expected a translation of {_short(source)!r}", Severity.ERROR)
        return found
    if target.strip() == source.strip() and re.search(r"[^\W\d_]", source):
        add("qa.identical", f"the English is the Russian itself: {_short(target)!r}")
    cyrillic = _CYRILLIC_WORD.findall(without_identifiers(target))
    if cyrillic:
        add(
            "qa.cyrillic",
            f"Cyrillic left in the English: {', '.join(dict.fromkeys(cyrillic))}",
            Severity.ERROR,
        )
    difference = describe_difference(Counter(identifiers(source)), Counter(identifiers(target)))
    if difference:
        add(
            "qa.identifier",
            f"a URL, DOI or e-mail differs ({difference}); expected it unchanged",
            Severity.ERROR,
        )
    difference = _number_difference(source, target)
    if difference:
        add("qa.numbers", f"the numbers differ ({difference}); expected the same numbers")
    difference = describe_difference(_percents(source), _percents(target))
    if difference:
        add("qa.percent", f"the percentages differ ({difference})")
    for number, unit in _RU_UNIT.findall(without_identifiers(source)):
        english = rf"(?<![\d.,]){re.sub(r'[.,]', '[.,]', number)}\s?(?:{_UNITS[unit]})(?!\w)"
        if not re.search(english, target):
            add(
                "qa.units",
                f"{number} {unit} of the Russian has no {number} {_UNITS[unit].split('|')[0]} in the English",
            )
    missing = [
        t for t in latin_tokens(source) if not re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", target)
    ]
    if missing:
        add("qa.latin", f"Latin-script names of the Russian missing from the English: {', '.join(missing)}")
    end_ru, end_en = _end(source), _end(target)
    if end_ru != end_en and not (end_ru == "" and end_en == "."):
        add(
            "qa.punctuation",
            f"the Russian ends with {end_ru or 'no punctuation'!r}, the English with {end_en or 'none'!r}",
        )
    if "  " in target:
        at = target.index("  ")
        add("qa.spaces", f"doubled space in the English at {_short(target[max(0, at - 20) : at + 20])!r}")
    for opening, closing in _PAIRS:
        if target.count(opening) != target.count(closing) and source.count(opening) == source.count(closing):
            add("qa.brackets", f"unbalanced {opening}{closing} in the English: {_short(target)!r}")
    if target.count('"') % 2 and not source.count('"') % 2:
        add("qa.brackets", f'unbalanced " in the English: {_short(target)!r}')
    for term in glossary:
        if term.in_russian(source) and not term.in_english(target):
            note = f" ({term.note})" if term.note else ""
            add(
                "qa.glossary",
                f"the Russian has {term.ru!r}, the English lacks the glossary's {term.en!r}{note}",
            )
    return found


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _numbers(text: str) -> Counter:
    return Counter(n.replace(",", ".") for n in _NUMBER.findall(without_identifiers(text)))


def _number_words(text: str, lang: str) -> Counter:
    words = re.findall(r"[^\W\d_]+", without_codes(text).lower())
    return Counter(_SMALL[lang][w] for w in words if w in _SMALL[lang])


def _number_difference(source: str, target: str) -> str:
    """Numbers only one side has; a missing 1–10 is matched by the other side writing it as a word."""
    ru, en = _numbers(source), _numbers(target)
    only_ru = (ru - en) - _number_words(target, "en")
    only_en = (en - ru) - _number_words(source, "ru")
    return describe_difference(only_ru, only_en)


def _percents(text: str) -> Counter:
    return Counter(n.replace(",", ".") + " %" for n in _PERCENT.findall(without_identifiers(text)))


def _end(text: str) -> str:
    stripped = without_codes(text).rstrip().rstrip('*_»"”)]').replace("...", "…")
    return _END.get(stripped[-1:], "") if stripped else ""


def qa(root: Path) -> QaReport:
    """QA of every translated segment of the project at ``root``, with the journal's glossary."""
    loaded = load_project(root)
    data = loaded.files.data.get(CATALOG)
    lines = {k: e.line for k, e in read_catalog(data, CATALOG, Problems()).items()} if data else {}
    glossary = loaded.journal.glossary if loaded.journal is not None else ()
    found: list[Problem] = []
    checked = 0
    for segment in loaded.segments:
        if segment.state is SegmentState.TRANSLATED and segment.en is not None:
            checked += 1
            for problem in segment_problems(segment.id, segment.ru, segment.en, glossary):
                found.append(replace(problem, file=CATALOG, line=lines.get(segment.id)))
    return QaReport(tuple(found), checked)
