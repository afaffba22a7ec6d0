"""Citation numbers: assigned by first citation in the body, shown compactly in group citations.

>>> numbers = number_map(["a", "b", "c", "d", "e"])
>>> cite_group(["b", "a"], numbers), cite_group(["c", "e", "d"], numbers)
('1, 2', '3–5')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pubkit.model import Reference


def number_map(citations: Sequence[str]) -> dict[str, int]:
    """Each key's number (1-based) from the keys in order of first citation; repeats keep their first number."""
    numbers: dict[str, int] = {}
    for key in citations:
        numbers.setdefault(key, len(numbers) + 1)
    return numbers


def compress(numbers: Iterable[int]) -> str:
    """Sorted, de-duplicated numbers with runs of three or more as a range: ``1, 2``, ``3–5``, ``1, 3–5, 7``.

    >>> compress([5, 3, 4, 1, 1, 2, 9])
    '1–5, 9'
    >>> compress([])
    ''
    """
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts: list[str] = []
    for run in runs:
        parts += [f"{run[0]}–{run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    return ", ".join(parts)


def cite_group(keys: Iterable[str], numbers: Mapping[str, int]) -> str:
    """A group citation's text (without brackets). Raises ``KeyError`` for a key that has no number."""
    return compress(numbers[key] for key in keys)


def in_citation_order(refs: Iterable[Reference], citations: Sequence[str]) -> tuple[Reference, ...]:
    """The cited references in order of first citation; uncited ones are left out (checks report them)."""
    by_key = {ref.key: ref for ref in refs}
    return tuple(by_key[key] for key in number_map(citations) if key in by_key)
