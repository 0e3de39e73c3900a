"""Stage 9: the extraction monitor per principal, with throttling and an alert event.

The detector is :class:`hauberk.theft.Prada` (Juuti, Szyller, Marchal, Asokan, "PRADA:
Protecting Against DNN Model Stealing Attacks", IEEE EuroS&P 2019): a Shapiro-Wilk test on the
minimum distances between a client's queries of the same predicted class. This module adapts
it to a long-running server with one small per-principal layer:

- one :class:`~hauberk.theft.Prada` per principal, the ``max_principals`` most recently seen
  kept (least recently seen forgotten first), each behind its own lock, so the monitor is
  thread-safe and memory is bounded by principals x ``max_points_per_class`` x classes;
- the distance history is bounded too: after ``window`` distances a principal's detector is
  started afresh (tumbling windows; ``theft.Prada`` keeps every distance otherwise);
- the Shapiro-Wilk test runs after every ``test_every`` new distances (10 by default) rather
  than after every query: the alarm comes at most 9 queries later, at a tenth of the cost;
- exact repeats of one of a principal's last ``window`` queries (retries, cached pages) are
  not shown to the detector: they teach an extractor nothing, and a burst of zero distances
  would make any client look synthetic.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._ratelimit import Limiter

if TYPE_CHECKING:
    from hauberk.theft import Prada


@dataclass(frozen=True)
class Verdict:
    alert: bool
    w: float | None  # the latest Shapiro-Wilk statistic, None before ``min_queries`` distances
    queries: int  # distances in the principal's current window


@dataclass
class _Principal:
    detector: Prada
    labels: set[Any] = field(default_factory=set)
    distances: int = 0
    seen: OrderedDict[bytes, None] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class PradaMonitor:
    """Feed it each principal's queries and predicted labels; it says when they look synthetic."""

    def __init__(
        self,
        *,
        min_queries: int = 200,
        delta: float = 0.9,
        window: int = 1000,
        max_points_per_class: int = 500,
        max_principals: int = 1000,
        test_every: int = 10,
    ) -> None:
        from hauberk.theft import Prada

        if not min_queries <= window <= 5000:
            raise ConfigError(f"window must be in [min_queries, 5000], got {window}")
        if max_principals < 1:
            raise ConfigError(f"max_principals must be >= 1, got {max_principals}")
        self._make: Callable[[], Prada] = partial(
            Prada,
            delta=delta,
            min_distances=min_queries,
            max_set=max_points_per_class,
            test_every=test_every,
        )
        self._make()  # theft.Prada checks delta, min_queries and max_points_per_class
        self.min_queries = min_queries
        self.delta = delta
        self.window = window
        self.max_principals = max_principals
        self._lock = threading.Lock()
        self._states: OrderedDict[str, _Principal] = OrderedDict()

    def _state(self, principal: str) -> _Principal:
        with self._lock:
            state = self._states.get(principal)
            if state is None:
                state = _Principal(self._make())
                self._states[principal] = state
                if len(self._states) > self.max_principals:
                    self._states.popitem(last=False)
            else:
                self._states.move_to_end(principal)
            return state

    def observe(self, principal: str, x: NDArray[Any], labels: NDArray[Any]) -> Verdict:
        """Record a batch of queries; ``alert`` is true when the distances stop looking normal."""
        flat = np.ascontiguousarray(np.asarray(x, dtype=np.float64).reshape(len(x), -1))
        state = self._state(principal)
        with state.lock:
            keep: list[int] = []
            new_labels: list[Any] = []
            for i, (row, label) in enumerate(zip(flat, np.asarray(labels).tolist(), strict=True)):
                digest = hashlib.blake2b(row.tobytes(), digest_size=16).digest()
                if digest in state.seen:
                    state.seen.move_to_end(digest)
                    continue  # an exact repeat: not counted
                state.seen[digest] = None
                if len(state.seen) > self.window:
                    state.seen.popitem(last=False)
                keep.append(i)
                new_labels.append(label)
                if label in state.labels:
                    state.distances += 1  # the first query of a class has nothing to be near
                state.labels.add(label)
            if keep:
                state.detector.observe(principal, flat[keep], np.asarray(new_labels))
            n = state.distances
            alert = state.detector.alarm_at(principal) is not None
            w = float(state.detector.statistic(principal)) if n >= self.min_queries else None
            if n >= self.window and not alert:  # start the next window
                state.detector = self._make()
                state.labels.clear()
                state.distances = 0
        return Verdict(alert, w, n)

    def forget(self, principal: str) -> None:
        with self._lock:
            self._states.pop(principal, None)


class ExtractionAlert(GatewayError):
    """The monitor flagged a principal; carries the verdict for the alert event."""

    def __init__(self, principal: str, verdict: Verdict, cooldown: float) -> None:
        super().__init__(
            "extraction_throttled",
            "this credential is throttled: its queries look like a model extraction attempt",
            reason=f"PRADA W={verdict.w} after {verdict.queries} queries",
            retry_after=cooldown,
        )
        self.principal = principal
        self.verdict = verdict


class ExtractionWatch:
    """Feeds each answered batch to PRADA; on an alarm, blocks the principal for ``cooldown``
    seconds in the rate limiter (shared across replicas with Redis) and refuses the batch."""

    def __init__(self, monitor: PradaMonitor, limiter: Limiter, *, cooldown: float) -> None:
        self.monitor = monitor
        self.limiter = limiter
        self.cooldown = cooldown

    def watch(self, principal: str, x: NDArray[Any], proba: NDArray[np.float64]) -> None:
        verdict = self.monitor.observe(principal, x, proba.argmax(axis=1))
        if verdict.alert:
            self.limiter.block(principal, self.cooldown)
            self.monitor.forget(principal)
            raise ExtractionAlert(principal, verdict, self.cooldown)
