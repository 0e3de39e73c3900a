"""The robust-accuracy sweep split into tasks by samples, for ``[evasion] split``.

The evaluation rows are cut into fixed chunks of ``split`` rows; each chunk runs the whole
ε sweep of the ensemble as one executor task, with its own seed (derived from the check's seed
and the chunk's index) and an equal share of the query budget left when the sweep starts.
The chunking is part of the configuration, not of the executor, so the same ``split`` gives the
same answers in process, on the cores of this machine and on a Ray cluster. The model and the
rows are shipped to the workers once.

Budgets: each task gets ``floor(remaining / chunks)`` queries (so the sum cannot exceed what
was left) and the wall-clock end of the check's time budget; the driver then adds the queries
the workers spent on their copies of the model to its own counter. A chunk cut short by its
share makes the merged result ``partial`` (the check is ``incomplete``), never a silent gap.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import Budget, CheckContext, Deadline, derive_seed
from hauberk.evasion._robust import RobustAccuracy, robust_accuracy


@dataclass(frozen=True)
class _SweepJob:
    model: Any
    x: NDArray[Any]
    y: NDArray[Any]
    split: int
    seed: int
    queries: int | None  # each chunk's share
    end: float | None  # wall-clock end of the check's time budget
    driver_pid: int
    options: dict[str, Any]


def _sweep_chunk(job: _SweepJob, k: int) -> RobustAccuracy:
    """Chunk ``k``'s sweep (one executor task)."""
    rows = slice(k * job.split, (k + 1) * job.split)
    counter = job.model.counter
    if os.getpid() != job.driver_pid:  # a worker's copy: its window comes from the task
        counter.detach()
    left = None if job.end is None else max(1e-3, job.end - time.time())
    with counter.window(Budget(queries=job.queries, seconds=left)):
        return robust_accuracy(
            job.model, job.x[rows], job.y[rows],
            seed=derive_seed(job.seed, f"evasion-chunk:{k}"),
            deadline=Deadline(left), **job.options,
        )  # fmt: skip


def split_sweep(
    model: Any, x: NDArray[Any], y: NDArray[Any], ctx: CheckContext, *, split: int,
    **options: Any,
) -> RobustAccuracy:  # fmt: skip
    """:func:`robust_accuracy` over chunks of ``split`` rows run by ``ctx.executor``."""
    chunks = -(-len(x) // split)
    counter = model.counter
    left = counter.remaining
    remaining = ctx.deadline.remaining
    job = _SweepJob(
        model=model, x=x, y=y, split=split, seed=ctx.seed,
        queries=None if left is None else max(1, left // chunks),
        end=None if remaining is None else time.time() + remaining,
        driver_pid=os.getpid(), options=options,
    )  # fmt: skip
    q0 = counter.total
    parts = ctx.executor.map(_sweep_chunk, range(chunks), shared=job)
    spent = sum(p.queries for p in parts)
    counter.absorb(max(0, spent - (counter.total - q0)))
    return merge(parts)


def merge(parts: list[RobustAccuracy]) -> RobustAccuracy:
    """One result from chunk results: an ε counts only where every chunk reached it."""
    reached = min(len(p.epsilons) for p in parts)
    first = parts[0]
    broken = tuple(
        {a: sum(p.broken_by[i].get(a, 0) for p in parts) for a in first.attacks}
        for i in range(reached)
    )
    timing: dict[str, float] = {}
    for p in parts:
        for a, s in p.seconds_by_attack.items():
            timing[a] = round(timing.get(a, 0.0) + s, 3)
    reasons = sorted({p.reason for p in parts if p.reason})
    return RobustAccuracy(
        norm=first.norm,
        epsilons=first.epsilons[:reached],
        clean=np.concatenate([p.clean for p in parts]),
        robust=np.concatenate([p.robust[:reached] for p in parts], axis=1),
        labels=np.concatenate([p.labels for p in parts]),
        broken_by=broken,
        attacks=first.attacks,
        seconds=sum(p.seconds for p in parts),
        queries=sum(p.queries for p in parts),
        partial=any(p.partial for p in parts),
        reason="; ".join(reasons),
        seconds_by_attack=timing,
    )
