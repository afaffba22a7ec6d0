"""``python -m pubkit``."""

from .entry import run

run()
