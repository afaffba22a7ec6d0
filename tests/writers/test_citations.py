"""Citation numbers by first citation, and compact group citations, as every writer prints them."""

from __future__ import annotations

import pytest

from pubkit.model import Article
from pubkit.writers.citations import numbers, rendered_runs, runs


def printed(keys: list[str], numbering: dict[str, int]) -> str:
    """A group citation as the journal prints it, from the items the writers lay out."""
    items = rendered_runs(runs(keys, numbering))
    return "".join(item if isinstance(item, str) else str(item[1]) for item in items)


@pytest.mark.parametrize(
    ("cited", "text"),
    [
        ([1, 2], "1, 2"),
        ([3, 4, 5], "3–5"),
        ([5, 3, 4], "3–5"),
        ([1, 3, 4, 5, 7], "1, 3–5, 7"),
        ([2, 2], "2"),
        ([], ""),
    ],
)
def test_groups_are_compressed(cited: list[int], text: str) -> None:
    numbering = {f"k{n}": n for n in range(1, 10)}
    assert printed([f"k{n}" for n in cited], numbering) == text


def test_the_sample_numbers_all_twenty(sample: Article) -> None:
    numbering = numbers(sample)
    assert sorted(numbering.values()) == list(range(1, 21))
    assert printed(list(numbering), numbering) == "1–20"
