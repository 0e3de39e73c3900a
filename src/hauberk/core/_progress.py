"""The progress interface checks report to, and the ways a run shows it.

Checks call ``start``/``advance`` for their phases. The orchestrator also calls
``check_started``/``check_finished`` around each check when the progress object has them
(optional, so that any object with the two basic methods still works): that is what the
terminal bar's totals and ETA, the one line per check off a terminal, and the Python API's
callback are made of.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from hauberk.core._result import CheckResult


class Progress(Protocol):
    """Checks call :meth:`start` once per phase and :meth:`advance` as work is done."""

    def start(self, label: str, total: int | None = None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class NullProgress:
    """Progress that shows nothing: the default outside the terminal."""

    def start(self, label: str, total: int | None = None) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None

    def check_started(self, check: str, index: int, total: int) -> None:
        return None

    def check_finished(self, result: CheckResult, index: int, total: int) -> None:
        return None


@dataclass(frozen=True)
class ProgressEvent:
    """What a progress callback receives. ``kind`` is ``check_started``, ``check_finished``,
    ``phase`` (a check began a phase of ``phase_total`` steps) or ``advance``."""

    kind: str
    check: str
    index: int  # 1-based position of the check in the run
    total: int  # checks in the run
    elapsed_s: float  # since the run started
    status: str | None = None  # check_finished: passed, failed, error, incomplete, skipped
    phase: str | None = None
    phase_total: int | None = None
    completed: int = 0  # steps of the current phase done so far


class CallbackProgress(NullProgress):
    """Calls ``callback(ProgressEvent)``; an exception in the callback stops the run, as the
    caller's own code would."""

    def __init__(self, callback: Callable[[ProgressEvent], Any]) -> None:
        self._callback = callback
        self._t0 = time.monotonic()
        self._check, self._index, self._total = "", 0, 0
        self._phase: str | None = None
        self._phase_total: int | None = None
        self._done = 0

    def _emit(self, kind: str, **extra: Any) -> None:
        self._callback(
            ProgressEvent(
                kind=kind,
                check=self._check,
                index=self._index,
                total=self._total,
                elapsed_s=time.monotonic() - self._t0,
                phase=self._phase,
                phase_total=self._phase_total,
                completed=self._done,
                **extra,
            )
        )

    def check_started(self, check: str, index: int, total: int) -> None:
        self._check, self._index, self._total = check, index, total
        self._phase, self._phase_total, self._done = None, None, 0
        self._emit("check_started")

    def check_finished(self, result: CheckResult, index: int, total: int) -> None:
        self._emit("check_finished", status=result.status.value)

    def start(self, label: str, total: int | None = None) -> None:
        self._phase, self._phase_total, self._done = label, total, 0
        self._emit("phase")

    def advance(self, amount: int = 1) -> None:
        self._done += amount
        self._emit("advance")


class LineProgress(NullProgress):
    """One line per finished check on ``stream`` (stderr): for logs and CI, where a redrawn
    bar would be noise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._t0 = time.monotonic()

    def check_finished(self, result: CheckResult, index: int, total: int) -> None:
        stream = self._stream or sys.stderr
        width = len(str(total))
        reason = f": {result.reason}" if result.reason and result.status.value != "passed" else ""
        print(
            f"hauberk: [{index:>{width}}/{total}] {result.check} {result.status.value} in "
            f"{result.duration_s:.1f}s (run {time.monotonic() - self._t0:.0f}s){reason}",
            file=stream,
            flush=True,
        )
