"""Per-row detection with its latency, shared by the detector benches (bench/llm.py,
bench/llm_output.py), and the fastest CPU time of a call (bench/llm_spaced.py,
bench/llm_decode.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any


def timed(
    detect: Callable[[Any], Any], rows: Sequence[Any], repeat: int
) -> tuple[list[bool], list[float]]:
    """Each row's flag (from the first run) and its latency in seconds as the fastest of
    ``repeat`` runs: on a shared machine the other runs measure the other processes."""
    flags, times = [], []
    for row in rows:
        best = float("inf")
        for i in range(repeat):
            t = time.perf_counter()
            flagged = bool(detect(row))
            best = min(best, time.perf_counter() - t)
            if i == 0:
                flags.append(flagged)
        times.append(best)
    return flags, times


def fastest(call: Callable[[], object], repeat: int) -> float:
    """CPU milliseconds (``time.thread_time``) of the fastest of ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        call()
        best = min(best, time.thread_time() - start)
    return best * 1e3
