"""A per-client query-distribution monitor: does a client ask what normal users ask?

Two statistics per client, against a reference sample of benign traffic (or held-out data):

- the share of the client's queries that are *out of distribution*: farther from every
  reference sample than the 99th percentile of the reference's own leave-one-out
  nearest-neighbour distances (synthetic queries, noise, mixups, probes);
- the Jensen-Shannon divergence (base 2, in [0, 1]) between the labels the model gave the
  client and the labels it gives the reference (an attacker balancing classes, or probing a
  boundary, skews it).

An alarm is raised once a client has ``min_queries`` queries and either statistic is above its
limit. Complements PRADA (which looks at distances between a client's own queries); both are
evaded by an attacker who spreads queries over many identities.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError

MAX_REFERENCE = 5000


def js_divergence(p: NDArray[np.float64], q: NDArray[np.float64]) -> float:
    """Jensen-Shannon divergence in bits between two histograms (normalised here)."""
    p = np.asarray(p, dtype=np.float64) / max(float(np.sum(p)), 1e-300)
    q = np.asarray(q, dtype=np.float64) / max(float(np.sum(q)), 1e-300)
    m = 0.5 * (p + q)

    def kl(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
        mask = a > 0
        return float(np.sum(a[mask] * np.log2(a[mask] / b[mask])))

    return float(np.clip(0.5 * kl(p, m) + 0.5 * kl(q, m), 0.0, 1.0))


@dataclass
class _State:
    queries: int = 0
    ood: int = 0
    labels: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    alarm_at: int | None = None


class QueryMonitor:
    """Per-client out-of-distribution rate and label divergence against a reference."""

    def __init__(
        self,
        reference_x: NDArray[Any],
        reference_labels: NDArray[np.int64],
        *,
        classes: int,
        min_queries: int = 50,
        max_ood_rate: float = 0.1,
        max_divergence: float = 0.3,
        quantile: float = 0.99,
    ) -> None:
        ref = np.asarray(reference_x, dtype=np.float64).reshape(len(reference_x), -1)
        if not 20 <= len(ref) <= MAX_REFERENCE:
            raise InputError(f"reference needs 20..{MAX_REFERENCE} rows, got {len(ref)}")
        if len(reference_labels) != len(ref):
            raise InputError("reference_labels must give one label per reference row")
        if min_queries < 1 or not 0 < max_ood_rate < 1 or not 0 < max_divergence <= 1:
            raise ConfigError(
                "min_queries must be >= 1, max_ood_rate within (0, 1), max_divergence (0, 1]"
            )
        if not 0.5 <= quantile < 1:
            raise ConfigError(f"quantile must be within [0.5, 1), got {quantile}")
        self.reference = ref
        sq = (ref**2).sum(axis=1)
        d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * ref @ ref.T, 0.0)
        np.fill_diagonal(d2, np.inf)
        self.radius = float(np.quantile(np.sqrt(d2.min(axis=1)), quantile))
        self.classes = classes
        self.reference_hist = np.bincount(np.asarray(reference_labels), minlength=classes).astype(
            np.float64
        )
        self.min_queries = min_queries
        self.max_ood_rate = max_ood_rate
        self.max_divergence = max_divergence
        self._clients: dict[Hashable, _State] = {}

    def _nearest(self, flat: NDArray[np.float64]) -> NDArray[np.float64]:
        sq = (self.reference**2).sum(axis=1)
        d2 = (flat**2).sum(axis=1)[:, None] + sq[None, :] - 2 * flat @ self.reference.T
        return np.asarray(np.sqrt(np.maximum(d2, 0.0).min(axis=1)))

    def alarm_at(self, client: Hashable) -> int | None:
        state = self._clients.get(client)
        return None if state is None else state.alarm_at

    def stats(self, client: Hashable) -> dict[str, float]:
        s = self._clients.get(client)
        if s is None or s.queries == 0:
            return {"queries": 0, "ood_rate": 0.0, "divergence": 0.0}
        return {
            "queries": s.queries,
            "ood_rate": s.ood / s.queries,
            "divergence": js_divergence(s.labels, self.reference_hist),
        }

    def observe(self, client: Hashable, x: NDArray[Any], labels: NDArray[np.int64]) -> bool:
        state = self._clients.setdefault(client, _State(labels=np.zeros(self.classes)))
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        state.ood += int(np.sum(self._nearest(flat) > self.radius))
        state.queries += len(flat)
        state.labels += np.bincount(np.asarray(labels), minlength=self.classes)
        if state.alarm_at is None and state.queries >= self.min_queries:
            s = self.stats(client)
            if s["ood_rate"] > self.max_ood_rate or s["divergence"] > self.max_divergence:
                state.alarm_at = state.queries
        return state.alarm_at is not None
