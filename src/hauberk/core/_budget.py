"""Budgets (seconds, queries, samples) and the counter every model adapter charges."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hauberk.core._errors import BudgetExceeded, ConfigError


@dataclass(frozen=True)
class Budget:
    """Limits for one check. ``None`` means unlimited."""

    seconds: float | None = None
    queries: int | None = None
    samples: int | None = None

    def __post_init__(self) -> None:
        for name in ("seconds", "queries", "samples"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ConfigError(f"budget {name} must be > 0 or unset, got {value}")


class QueryCounter:
    """Counts rows sent to a model and refuses a query that would break the open budget.

    Adapters call :meth:`charge` *before* sending a batch, so a budget is never overrun. The
    same call checks the wall-clock deadline, which bounds every check that queries a model
    even if it forgets to look at the clock itself.
    """

    def __init__(self, limit: int | None = None) -> None:
        if limit is not None and limit <= 0:
            raise ConfigError(f"query limit must be > 0 or unset, got {limit}")
        self.total = 0
        self.hard_limit = limit  # lifetime cap, e.g. the per-run budget of a paid endpoint
        self._limit: int | None = None  # the open window's cap (one check's budget)
        self._start = 0
        self._deadline: float | None = None
        self._seconds = 0.0

    @property
    def spent(self) -> int:
        return self.total - self._start

    @property
    def remaining(self) -> int | None:
        """Rows that may still be sent under both the window and the lifetime cap."""
        caps = []
        if self._limit is not None:
            caps.append(self._limit - self.spent)
        if self.hard_limit is not None:
            caps.append(self.hard_limit - self.total)
        return min(caps) if caps else None

    def charge(self, rows: int) -> None:
        if self.hard_limit is not None and self.total + rows > self.hard_limit:
            raise BudgetExceeded("query", self.hard_limit, self.total + rows)
        if self._limit is not None and self.spent + rows > self._limit:
            raise BudgetExceeded("query", self._limit, self.spent + rows)
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise BudgetExceeded("time", self._seconds, self._seconds)
        self.total += rows

    def absorb(self, rows: int) -> None:
        """Add rows that workers sent on copies of this model (their windows were carved
        out of this one's budget before they started, so this cannot overrun it)."""
        self.total += rows

    def detach(self) -> None:
        """Forget the open window: a worker's copy of the model gets its own from the task."""
        self._limit, self._start, self._deadline, self._seconds = None, self.total, None, 0.0

    @contextmanager
    def window(self, budget: Budget) -> Iterator[Callable[[], int]]:
        """Apply ``budget`` for the duration of the block; yields a getter of queries spent.

        Windows nest: an inner window (an attack inside a check) gets the smaller of its own
        limits and what the outer window has left, so it can never overrun the outer budget.
        """
        saved = (self._limit, self._start, self._deadline, self._seconds)
        outer_left = self.remaining if self._limit is not None else None
        self._start = self.total
        limits = [v for v in (budget.queries, outer_left) if v is not None]
        self._limit = min(limits) if limits else None
        if budget.seconds:
            end = time.monotonic() + budget.seconds
            if self._deadline is None or end < self._deadline:
                self._deadline, self._seconds = end, budget.seconds
        try:
            yield lambda: self.spent
        finally:
            self._limit, self._start, self._deadline, self._seconds = saved


class Deadline:
    """Wall-clock budget for loops that do not query a model."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds

    @property
    def remaining(self) -> float | None:
        return None if self._end is None else max(0.0, self._end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self._end is not None and time.monotonic() > self._end

    def check(self) -> None:
        if self.expired:
            assert self.seconds is not None
            raise BudgetExceeded("time", self.seconds, self.seconds)
