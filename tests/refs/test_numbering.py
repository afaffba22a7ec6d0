"""Citation numbers by first citation, and compact group citations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pubkit.refs.numbering import cite_group, compress, in_citation_order, number_map


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([1, 2], "1, 2"),
        ([3, 4, 5], "3–5"),
        ([5, 3, 4], "3–5"),
        ([1, 3, 4, 5, 7], "1, 3–5, 7"),
        ([2, 2], "2"),
        ([], ""),
    ],
)
def test_compress(numbers, text):
    assert compress(numbers) == text


@given(st.lists(st.sampled_from("abcdefgh"), min_size=1))
def test_numbering_is_a_permutation_by_first_citation(citations):
    numbers = number_map(citations)
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    firsts = sorted(numbers, key=citations.index)
    assert [numbers[key] for key in firsts] == list(range(1, len(numbers) + 1))


def test_group_and_order(refs):
    citations = [refs[2].key, refs[0].key, refs[2].key, refs[1].key]
    numbers = number_map(citations)
    assert cite_group([refs[0].key, refs[1].key, refs[2].key], numbers) == "1–3"
    assert [r.key for r in in_citation_order(refs, citations)] == [refs[2].key, refs[0].key, refs[1].key]
