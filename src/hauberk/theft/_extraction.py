"""What every extraction attack shares: the query loop under a budget, checkpoints, and the
curve of fidelity (agreement with the victim's top-1) and copy accuracy against queries.
Each point keeps its counts, so a fidelity or accuracy is quoted with its evaluation rows and a
Clopper-Pearson 95% interval (``CurvePoint.fidelity_rate``).

``ExtractionAttack.run`` is final: it validates inputs, labels the evaluation set once (those
queries are counted apart from the attack's), lets the subclass spend queries through
``_run``, catches budget exhaustion, and scores the copy at each checkpoint. An attack can
therefore never forget the budget or report a fidelity it did not measure.

Split work: the queries are spent in the caller, in order (the budget holds exactly and an
adaptive attack sees every answer before its next query); the copy trained and scored at each
query budget (checkpoint) is one task of ``executor``, shipped its own transfer set, with the
model and the evaluation rows shipped once. A copy's training is seeded by the surrogate
trainer's own seed and generator, never by global state, so every executor gives the same
curve.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, final

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError, InputError
from hauberk.core._executor import Executor, LocalExecutor
from hauberk.core._stats import Rate, clopper_pearson
from hauberk.models import Model, TorchModel, label_indices
from hauberk.theft._surrogate import SurrogateTrainer


@dataclass(frozen=True)
class CurvePoint:
    """The copy after ``queries``: ``fidelity`` (top-1 agreement with the victim) and
    ``accuracy`` (on labels, if any) measured on ``rows`` held-out rows."""

    queries: int
    fidelity: float
    accuracy: float | None
    rows: int = 0

    @property
    def fidelity_rate(self) -> Rate:
        """Fidelity with its Clopper-Pearson 95% interval over the evaluation rows."""
        return clopper_pearson(round(self.fidelity * self.rows), self.rows)

    @property
    def accuracy_rate(self) -> Rate | None:
        if self.accuracy is None:
            return None
        return clopper_pearson(round(self.accuracy * self.rows), self.rows)


@dataclass(frozen=True)
class ExtractionResult:
    """The copy after the last checkpoint reached, and the curve that led there."""

    attack: str
    curve: tuple[CurvePoint, ...]
    copy: TorchModel | None
    partial: bool = False
    reason: str = ""
    eval_queries: int = 0

    @property
    def fidelity(self) -> float:
        return self.curve[-1].fidelity if self.curve else 0.0

    @property
    def queries(self) -> int:
        return self.curve[-1].queries if self.curve else 0

    @property
    def accuracy(self) -> float | None:
        return self.curve[-1].accuracy if self.curve else None

    @property
    def fidelity_rate(self) -> Rate | None:
        return self.curve[-1].fidelity_rate if self.curve else None

    def fidelity_at(self, queries: int) -> float | None:
        """Fidelity at the last checkpoint that spent at most ``queries``."""
        reached = [p.fidelity for p in self.curve if p.queries <= queries]
        return reached[-1] if reached else None


def fidelity(victim_top1: NDArray[np.int64], copy_proba: NDArray[Any]) -> float:
    return float(np.mean(np.asarray(copy_proba).argmax(axis=1) == victim_top1))


class Oracle:
    """The victim as the attacker sees it: answers at most ``budget`` rows in total.

    A request larger than what is left is answered for its leading rows only, so an attack
    sees the shortfall and can still train on what it got. The model's own counter (a run's
    query cap, the check's time) may stop it earlier with ``BudgetExceeded``.
    """

    def __init__(self, victim: Model, budget: int) -> None:
        self.victim = victim
        self.budget = budget
        self.spent = 0

    @property
    def remaining(self) -> int:
        left = self.budget - self.spent
        other = self.victim.counter.remaining
        return max(0, left if other is None else min(left, other))

    def __call__(self, x: NDArray[Any]) -> NDArray[np.float64]:
        n = min(len(x), self.remaining)
        if n == 0:
            return np.zeros((0, len(self.victim.classes)), dtype=np.float64)
        proba = self.victim.predict_proba(x[:n])
        self.spent += n
        return proba


class ExtractionAttack:
    """Base of every extraction attack.

    Subclasses implement :meth:`_run`, a generator that yields the transfer set
    ``(x, soft_labels)`` at each checkpoint; the queries spent so far are ``oracle.spent``.
    """

    name = "extraction"

    def __init__(self, *, surrogate: SurrogateTrainer | None = None, seed: int = 0) -> None:
        self.surrogate = surrogate or SurrogateTrainer(seed=seed)
        self.seed = seed

    def _run(
        self,
        oracle: Oracle,
        pool: NDArray[Any],
        checkpoints: Sequence[int],
        rng: np.random.Generator,
    ) -> Iterator[tuple[NDArray[Any], NDArray[np.float64]]]:
        raise NotImplementedError

    @final
    def run(
        self,
        victim: Model,
        pool: NDArray[Any],
        *,
        queries: int,
        eval_x: NDArray[Any],
        eval_y: NDArray[Any] | None = None,
        checkpoints: Sequence[int] | None = None,
        executor: Executor | None = None,
    ) -> ExtractionResult:
        """Copy ``victim`` with at most ``queries`` rows drawn from ``pool`` (the attacker's
        own unlabelled data) and measure the copy on ``eval_x`` after each checkpoint (one
        ``executor`` task per checkpoint; in process by default)."""
        if queries < 1:
            raise ConfigError(f"queries must be >= 1, got {queries}")
        points = sorted({int(c) for c in (checkpoints or default_checkpoints(queries))})
        if not points or points[0] < 1 or points[-1] > queries:
            raise ConfigError(f"checkpoints must lie within 1..{queries}, got {points}")
        spec = victim.input_spec
        pool = spec.check(pool, where="attacker pool")
        eval_x = spec.check(eval_x, where="evaluation data")
        if len(pool) == 0 or len(eval_x) == 0:
            raise InputError("extraction needs a non-empty attacker pool and evaluation set")
        before = victim.counter.total
        try:
            victim_top1 = victim.predict_proba(eval_x).argmax(axis=1)
        except BudgetExceeded as exc:
            raise InputError(
                f"the budget does not cover labelling {len(eval_x)} evaluation rows ({exc}); "
                "raise max_queries or use fewer evaluation rows"
            ) from None
        eval_queries = victim.counter.total - before
        y_idx = None if eval_y is None else label_indices(victim, eval_y)
        classes = tuple(victim.classes)
        oracle = Oracle(victim, queries)
        rng = np.random.default_rng(self.seed)
        sets: list[tuple[int, NDArray[Any], NDArray[np.float64]]] = []
        reason = ""
        steps = self._run(oracle, pool, points, rng)
        while True:
            try:
                x, soft = next(steps)
            except StopIteration:
                break
            except BudgetExceeded as exc:
                reason = f"stopped after {oracle.spent} queries: {exc}"
                break
            sets.append((oracle.spent, x, soft))
        job = _ScoreJob(self.surrogate, spec, classes, eval_x, victim_top1, y_idx)
        items = [(spent, x, soft, k == len(sets) - 1) for k, (spent, x, soft) in enumerate(sets)]
        scored = (executor or LocalExecutor()).map(_fit_and_score, items, shared=job)
        curve = [point for point, _ in scored]
        copy = scored[-1][1] if scored else None
        partial = bool(reason) or not curve or curve[-1].queries < points[-1] * 0.99
        if partial and not reason:
            reason = f"reached {oracle.spent} of {points[-1]} queries"
        return ExtractionResult(self.name, tuple(curve), copy, partial, reason, eval_queries)


@dataclass(frozen=True)
class _ScoreJob:
    """What every checkpoint's task needs, shipped to the workers once."""

    surrogate: SurrogateTrainer
    spec: Any
    classes: tuple[Any, ...]
    eval_x: NDArray[Any]
    victim_top1: NDArray[np.int64]
    y_idx: NDArray[np.int64] | None


def _fit_and_score(
    job: _ScoreJob, item: tuple[int, NDArray[Any], NDArray[np.float64], bool]
) -> tuple[CurvePoint, TorchModel | None]:
    """One checkpoint (one executor task): train the copy on the transfer set the attack had
    after ``spent`` queries and score it on the evaluation rows; the last one sends its copy."""
    spent, x, soft, last = item
    copy = job.surrogate.fit(x, soft, spec=job.spec, classes=job.classes)
    proba = copy.predict_proba(job.eval_x)
    top1 = proba.argmax(axis=1)
    acc = None if job.y_idx is None else float(np.mean(top1 == job.y_idx))
    point = CurvePoint(spent, fidelity(job.victim_top1, proba), acc, len(job.eval_x))
    return point, copy if last else None


def default_checkpoints(queries: int) -> list[int]:
    """About four points, halving down from ``queries``: 2000 -> 250, 500, 1000, 2000."""
    points = [queries]
    while len(points) < 4 and points[-1] // 2 >= 10:
        points.append(points[-1] // 2)
    return sorted(points)
