"""What the benchmark scripts share: the repository's paths and the median timing they all report."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBKIT = Path(sys.executable).with_name("pubkit")


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``action``, in milliseconds.

    The median rather than the mean, so one slow run (a cold cache, a busy machine)
    does not move the figure; ``time.perf_counter`` because it is the monotonic,
    highest-resolution clock.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
