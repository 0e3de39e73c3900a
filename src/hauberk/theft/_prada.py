"""PRADA: detecting extraction by the distribution of distances between a client's queries
(Juuti, Szyller, Marchal, Asokan 2019, "PRADA: Protecting Against DNN Model Stealing
Attacks", IEEE EuroS&P).

Natural queries lie at distances from each other that are roughly normally distributed;
synthetic queries crafted by extraction attacks (Jacobian augmentation, small perturbations
of a seed set) are not. Per client and per predicted class the detector keeps a growing set of
queries; each new query adds its minimum L2 distance to that class's set to the client's
distance list, and is itself added when that distance exceeds the class threshold (mean minus
one standard deviation of the set's distances, as in Algorithm 1 of the paper). Once a client
has ``min_distances`` distances, the Shapiro-Wilk statistic W of the list (outliers beyond
3 standard deviations removed) below ``delta`` raises the alarm.

Threat model and limits: per-client identities (a Sybil attacker splitting its queries over
many clients evades it), and attacks on natural data (Knockoff Nets with a natural pool) look
benign by construction; bench/theft.py and the tests measure both detection delay and false
alarms. ``delta`` must be tuned per model and data (the paper uses 0.87 to 0.96).
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, QueryCounter
from hauberk.models import InputSpec, Model


class _Buffer:
    """An array that grows by doubling, so an append does not copy what is already there."""

    def __init__(self, width: int | None = None) -> None:
        self._data = np.empty((8,) if width is None else (8, width), dtype=np.float64)
        self.size = 0

    @property
    def values(self) -> NDArray[np.float64]:
        return self._data[: self.size]

    def append(self, value: float | NDArray[np.float64]) -> None:
        if self.size == len(self._data):
            self._data = np.concatenate([self._data, np.empty_like(self._data)])
        self._data[self.size] = value
        self.size += 1


@dataclass
class _Spread:
    """Running mean and standard deviation (Welford) of one class's set distances."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, value: float) -> float:
        """Add ``value``; return mean minus one standard deviation (the class threshold)."""
        self.n += 1
        delta = value - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (value - self.mean)
        return self.mean - math.sqrt(max(self.m2, 0.0) / self.n)


@dataclass
class _Client:
    growing: dict[int, _Buffer] = field(default_factory=dict)  # each class's query set
    spreads: dict[int, _Spread] = field(default_factory=dict)
    thresholds: dict[int, float] = field(default_factory=dict)
    distances: _Buffer = field(default_factory=_Buffer)
    untested: int = 0  # distances since the last test
    queries: int = 0
    alarm_at: int | None = None
    last_w: float = 1.0


class Prada:
    """Per-client Shapiro-Wilk test on minimum query distances; ``observe`` returns the alarm.

    ``test_every=1`` tests after every query, as the paper does. A server answering many
    clients can test after every ``test_every`` new distances instead: the alarm comes at most
    ``test_every - 1`` queries later and the test costs that many times less (the test over a
    window of 1,000 distances is most of PRADA's cost per query).
    """

    def __init__(
        self,
        *,
        delta: float = 0.9,
        min_distances: int = 100,
        max_set: int = 5000,
        test_every: int = 1,
    ) -> None:
        if not 0 < delta < 1:
            raise ConfigError(f"delta must be within (0, 1), got {delta}")
        if min_distances < 20:
            raise ConfigError(f"min_distances must be >= 20 (Shapiro-Wilk), got {min_distances}")
        if max_set < 10:
            raise ConfigError(f"max_set must be >= 10, got {max_set}")
        if not 1 <= test_every <= 1000:
            raise ConfigError(f"test_every must be within 1..1000, got {test_every}")
        self.delta = delta
        self.min_distances = min_distances
        self.max_set = max_set
        self.test_every = test_every
        self._clients: dict[Hashable, _Client] = {}

    def alarm_at(self, client: Hashable) -> int | None:
        """The query count at which ``client`` was first flagged, or ``None``."""
        state = self._clients.get(client)
        return None if state is None else state.alarm_at

    def statistic(self, client: Hashable) -> float:
        state = self._clients.get(client)
        return 1.0 if state is None else state.last_w

    def observe(self, client: Hashable, x: NDArray[Any], labels: NDArray[np.int64]) -> bool:
        """Record a batch of ``client``'s queries and their predicted labels."""
        state = self._clients.setdefault(client, _Client())
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        for row, c in zip(flat, np.asarray(labels).tolist(), strict=True):
            state.queries += 1
            self._add(state, row, c)
            if state.untested >= self.test_every and state.distances.size >= self.min_distances:
                self._test(state)
        return state.alarm_at is not None

    def _add(self, state: _Client, row: NDArray[np.float64], c: int) -> None:
        members = state.growing.get(c)
        if members is None:  # the first query of a class has nothing to be near
            state.growing[c] = members = _Buffer(row.size)
            members.append(row)
            state.spreads[c] = _Spread()
            state.spreads[c].add(0.0)
            return
        d = float(np.min(np.linalg.norm(members.values - row, axis=1)))
        state.distances.append(d)
        state.untested += 1
        if d > state.thresholds.get(c, 0.0) and members.size < self.max_set:
            members.append(row)
            t = state.spreads[c].add(d)
            state.thresholds[c] = max(state.thresholds.get(c, 0.0), t)

    def _test(self, state: _Client) -> None:
        from scipy.stats import shapiro

        state.untested = 0
        dist = state.distances.values
        mu, sd = dist.mean(), dist.std()
        kept = dist[np.abs(dist - mu) <= 3 * sd] if sd > 0 else dist
        w = float(shapiro(kept).statistic) if np.ptp(kept) > 0 else 0.0
        state.last_w = w
        if w < self.delta and state.alarm_at is None:
            state.alarm_at = state.queries


class Watched:
    """A ``Model`` that shows every query of one ``client`` to a detector before answering.

    The detector sees the model's own top-1 label, as PRADA assumes; the answer is unchanged.
    """

    def __init__(self, model: Model, detector: Any, *, client: Hashable) -> None:
        self.model = model
        self.detector = detector
        self.client = client

    @property
    def classes(self) -> tuple[Any, ...]:
        return self.model.classes

    @property
    def input_spec(self) -> InputSpec:
        return self.model.input_spec

    @property
    def counter(self) -> QueryCounter:
        return self.model.counter

    @property
    def alarmed(self) -> bool:
        return self.detector.alarm_at(self.client) is not None

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        p = self.model.predict_proba(x)
        self.detector.observe(self.client, x, p.argmax(axis=1))
        return p
