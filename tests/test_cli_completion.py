"""Shell completion is click's own: the console script answers bash, zsh and fish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PUBKIT = Path(sys.executable).parent / "pubkit"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script(shell: str) -> None:
    env = {**os.environ, "_PUBKIT_COMPLETE": f"{shell}_source"}
    script = subprocess.run([PUBKIT], env=env, capture_output=True, text=True, check=True).stdout
    assert "_PUBKIT_COMPLETE" in script


def test_commands_and_subcommands_complete() -> None:
    env = {
        **os.environ,
        "_PUBKIT_COMPLETE": "bash_complete",
        "COMP_WORDS": "pubkit schemas ",
        "COMP_CWORD": "2",
    }
    out = subprocess.run([PUBKIT], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["plain,download", "plain,install", "plain,where"]
