"""``python -m pubkit``."""

from .cli import run

run()
