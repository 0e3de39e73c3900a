"""Knockoff Nets (Orekondy, Schiele, Fritz 2019, "Knockoff Nets: Stealing Functionality of
Black-Box Models", CVPR), "random" sampling strategy.

Threat model: black box, the victim returns probabilities; the attacker owns unlabelled
natural data (the transfer pool) and a budget of queries. It queries pool samples, and trains
a copy on the victim's full probability vectors. When the pool is used up before the budget,
further queries are mixup combinations of two pool samples (Zhang et al. 2018), which stay in
the input range and keep exploring between known points.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.theft._extraction import ExtractionAttack, Oracle
from hauberk.theft._surrogate import SurrogateTrainer


class KnockoffNets(ExtractionAttack):
    """Query the transfer pool at random (then mixup of it); train on soft labels."""

    name = "knockoff"

    def __init__(
        self, *, surrogate: SurrogateTrainer | None = None, mixup: bool = True, seed: int = 0
    ) -> None:
        super().__init__(surrogate=surrogate, seed=seed)
        self.mixup = mixup

    def _draw(
        self,
        pool: NDArray[Any],
        order: NDArray[np.int64],
        used: int,
        n: int,
        rng: np.random.Generator,
    ) -> NDArray[Any]:
        fresh = order[used : used + n]
        out = pool[fresh]
        extra = n - len(fresh)
        if extra > 0 and self.mixup:
            a = pool[rng.integers(0, len(pool), extra)]
            b = pool[rng.integers(0, len(pool), extra)]
            lam = rng.uniform(0, 1, (extra,) + (1,) * (pool.ndim - 1))
            out = np.concatenate([out, (lam * a + (1 - lam) * b).astype(pool.dtype)])
        return out

    def _run(
        self,
        oracle: Oracle,
        pool: NDArray[Any],
        checkpoints: Sequence[int],
        rng: np.random.Generator,
    ) -> Iterator[tuple[NDArray[Any], NDArray[np.float64]]]:
        order = rng.permutation(len(pool))
        xs: list[NDArray[Any]] = []
        ps: list[NDArray[np.float64]] = []
        used = 0
        for point in checkpoints:
            want = point - oracle.spent
            if want <= 0:
                continue
            batch = self._draw(pool, order, used, want, rng)
            used += min(want, max(len(pool) - used, 0))
            if len(batch) == 0:
                return  # pool used up and mixup off
            answers = oracle(batch)
            if len(answers):
                xs.append(batch[: len(answers)])
                ps.append(answers)
                yield np.concatenate(xs), np.concatenate(ps)
            if len(answers) < len(batch):
                return
