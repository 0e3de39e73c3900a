"""Extraction detection per principal: PRADA (Juuti, Szyller, Marchal, Asokan, "PRADA:
Protecting Against DNN Model Stealing Attacks", IEEE EuroS&P 2019).

Natural queries are spread so that each new query's distance to the closest earlier query of
the same predicted class is roughly normally distributed; extraction attacks that synthesise
queries (Jacobian augmentation, random or line-search perturbations around a few seeds)
produce a very different distance distribution. For every query the monitor records that
minimum L2 distance (growing each class's reference set only with queries farther than
``mean - std`` of the set's own distances, as in the paper's Algorithm 1); once
``min_queries`` distances are in, a Shapiro-Wilk statistic ``W`` below ``delta`` raises an
alarm. Exact repeats of an earlier query (distance 0, e.g. retries) are not counted. Memory
is bounded: ``max_points_per_class`` per class, the last ``window`` distances,
and the ``max_principals`` most recently seen principals.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError


@dataclass
class _ClassSet:
    points: NDArray[np.float64]
    size: int = 0
    added: list[float] = field(default_factory=list)


@dataclass
class _State:
    classes: dict[Any, _ClassSet] = field(default_factory=dict)
    distances: deque[float] = field(default_factory=deque)
    since_test: int = 0


@dataclass(frozen=True)
class Verdict:
    alert: bool
    w: float | None
    queries: int


class PradaMonitor:
    """Feed it each principal's queries and predicted labels; it says when they look synthetic."""

    def __init__(
        self,
        *,
        min_queries: int = 100,
        delta: float = 0.9,
        window: int = 1000,
        max_points_per_class: int = 500,
        max_principals: int = 1000,
        test_every: int = 10,
    ) -> None:
        if min_queries < 20:
            raise ConfigError(
                f"min_queries must be >= 20 (Shapiro-Wilk needs data), got {min_queries}"
            )
        if not 0 < delta < 1:
            raise ConfigError(f"delta must be in (0, 1), got {delta}")
        if not min_queries <= window <= 5000:
            raise ConfigError(f"window must be in [min_queries, 5000], got {window}")
        if max_points_per_class < 2 or max_principals < 1 or test_every < 1:
            raise ConfigError("max_points_per_class >= 2, max_principals >= 1, test_every >= 1")
        self.min_queries = min_queries
        self.delta = delta
        self.window = window
        self.max_points = max_points_per_class
        self.max_principals = max_principals
        self.test_every = test_every
        self._lock = threading.Lock()
        self._states: OrderedDict[str, _State] = OrderedDict()

    def _state(self, principal: str) -> _State:
        state = self._states.get(principal)
        if state is None:
            state = _State(distances=deque(maxlen=self.window))
            self._states[principal] = state
            if len(self._states) > self.max_principals:
                self._states.popitem(last=False)
        else:
            self._states.move_to_end(principal)
        return state

    def _add(self, state: _State, x: NDArray[np.float64], label: Any) -> None:
        group = state.classes.get(label)
        if group is None:
            group = _ClassSet(points=np.empty((self.max_points, x.shape[0]), dtype=np.float64))
            group.points[0] = x
            group.size = 1
            state.classes[label] = group
            return
        d = float(np.sqrt(((group.points[: group.size] - x) ** 2).sum(axis=1)).min())
        if d == 0.0:
            return  # an exact repeat (a retry) teaches an extractor nothing: not counted
        state.distances.append(d)
        state.since_test += 1
        threshold = 0.0
        if group.added:
            added = np.asarray(group.added)
            threshold = max(float(added.mean() - added.std()), 0.0)
        if d > threshold and group.size < self.max_points:
            group.points[group.size] = x
            group.size += 1
            group.added.append(d)

    def observe(self, principal: str, x: NDArray[Any], labels: NDArray[Any]) -> Verdict:
        """Record a batch of queries; ``alert`` is true when the distances stop looking normal."""
        from scipy.stats import shapiro

        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        with self._lock:
            state = self._state(principal)
            for row, label in zip(flat, np.asarray(labels).tolist(), strict=True):
                self._add(state, row, label)
            n = len(state.distances)
            if n < self.min_queries or state.since_test < self.test_every:
                return Verdict(False, None, n)
            state.since_test = 0
            sample = np.asarray(state.distances)
        if np.ptp(sample) == 0:
            return Verdict(False, None, n)  # Shapiro-Wilk is undefined for a constant sample
        w = float(shapiro(sample).statistic)
        return Verdict(w < self.delta, w, n)

    def forget(self, principal: str) -> None:
        with self._lock:
            self._states.pop(principal, None)
