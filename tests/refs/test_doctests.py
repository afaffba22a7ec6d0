"""The examples in the refs modules' docstrings are tests too."""

from __future__ import annotations

import doctest

import pytest

from pubkit.refs import keys, names, parse, style, translit


@pytest.mark.parametrize("module", [keys, names, parse, style, translit], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed
