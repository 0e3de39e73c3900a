"""The adaptive phase: what ``evasion.robustness`` runs when gradients look masked.

When a diagnostic fires, the gradients the ensemble followed were useless or misleading, so
its robust accuracy is an upper bound at best. Three attack families then run on the samples
still standing, each at every evaluated ε, and every adversarial example they find (checked
on the model itself, inside the ε-ball and the input domain) lowers the per-sample worst case:

1. ``bpda`` (``bpda+eot`` for random outputs): the ensemble's gradient attacks again, with
   rounding-like torch operations differentiated as the identity and, for random outputs,
   gradients averaged over 10 passes (Athalye, Carlini and Wagner, ICML 2018). It cannot see
   through masking it does not recognise (a custom ``autograd.Function``, code outside torch).
2. ``transfer (distilled surrogate)``: a differentiable surrogate distilled from the model's
   own probabilities, attacked with PGD, the iterates checked on the model
   (:mod:`hauberk.evasion._distill`). It needs no gradient of the model at all.
3. ``square-5000``: the Square attack at AutoAttack's standard budget (5,000 queries, one
   restart; Croce and Hein, ICML 2020), blind to gradients by construction.

A spent time budget stops the phase where it is; the caller reports what ran and what did not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, Deadline
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._distill import Distilled, DistillSettings
from hauberk.evasion._masking import MaskingReport, result_labels
from hauberk.evasion._robust import CLASSES, RobustAccuracy, fold, resolve_ensemble, robust_accuracy
from hauberk.evasion.square import Square
from hauberk.models import Differentiable

#: AutoAttack's standard version: Square with 5,000 queries and one restart.
SQUARE_QUERIES = 5000
SQUARE_RESTARTS = 1
PHASES = ("bpda", "transfer (distilled surrogate)", "square-5000")


@dataclass
class AdaptiveOutcome:
    """The worst case after the phases, which phases ran, and why any did not."""

    result: RobustAccuracy
    done: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def partial(self) -> bool:
        return bool(self.not_done)


def _sweep(
    out: AdaptiveOutcome,
    name: str,
    attack: Callable[[NDArray[np.int64], float], NDArray[np.bool_]],
    deadline: Deadline | None,
) -> None:
    """Run ``attack(samples, eps)`` at each ε on the samples still robust there, folding
    each ε's finds into ``out`` at once (a budget cut keeps what was found)."""
    for i, eps in enumerate(out.result.epsilons):
        todo = np.nonzero(out.result.robust[i])[0]
        if len(todo) == 0:
            continue
        if deadline is not None:
            deadline.check()
        t0 = time.perf_counter()
        fooled = attack(todo, eps)
        broken = np.zeros_like(out.result.robust)
        broken[i, todo[fooled]] = True
        out.result = fold(out.result, name, broken, seconds=time.perf_counter() - t0)


def adaptive(
    model: Differentiable,
    x: NDArray[Any],
    r: RobustAccuracy,
    *,
    report: MaskingReport,
    attacks: Any,
    constraints: FeatureConstraints | None,
    other: NDArray[Any] | None = None,
    seed: int = 0,
    batch_size: int = 512,
    deadline: Deadline | None = None,
    distill: DistillSettings | None = None,
) -> AdaptiveOutcome:
    """Run the three phases on the samples ``r`` still counts robust; return the worst case.

    ``x`` are the evaluated samples (as in ``r``), ``other`` further data rows the surrogate
    may learn from (the target's other splits).
    """
    out = AdaptiveOutcome(r)
    labels = result_labels(model, r.labels)
    bpda = "bpda+eot" if report.randomised else "bpda"

    def run_bpda(todo: NDArray[np.int64], eps: float) -> NDArray[np.bool_]:
        ensemble = [
            (n, s) for n, s in resolve_ensemble(attacks, model) if CLASSES[n].threat == "white-box"
        ]
        if not ensemble:
            return np.zeros(len(todo), dtype=bool)
        sub = robust_accuracy(
            model,
            x[todo],
            labels[todo],
            eps=eps,
            norm=r.norm,
            attacks=ensemble,
            seed=seed,
            batch_size=batch_size,
            constraints=constraints,
            bpda=True,
            eot_iter=10 if report.randomised else 1,
            deadline=deadline,
        )
        if sub.partial:
            raise BudgetExceeded("time", 0, 0)
        fooled: NDArray[np.bool_] = ~sub.robust[0]
        return fooled

    surrogate: list[Distilled] = []

    def run_transfer(todo: NDArray[np.int64], eps: float) -> NDArray[np.bool_]:
        if not surrogate:
            d = Distilled(
                model,
                norm=r.norm,
                constraints=constraints,
                seed=seed,
                settings=distill,
                deadline=deadline,
            )
            extra = other if other is not None else np.zeros((0, *x.shape[1:]))
            surrogate.append(d.fit(x, extra, max(r.epsilons)))
        return surrogate[0].attack(x[todo], r.labels[todo], eps)

    def run_square(todo: NDArray[np.int64], eps: float) -> NDArray[np.bool_]:
        fooled = np.zeros(len(todo), dtype=bool)
        for k in range(SQUARE_RESTARTS):
            left = np.nonzero(~fooled)[0]
            if len(left) == 0:
                break
            sq = Square(
                eps=eps,
                norm=r.norm,
                n_queries=SQUARE_QUERIES,
                seed=seed + k,
                batch_size=batch_size,
                constraints=constraints,
            )
            adv = sq(model, x[todo[left]], labels[todo[left]])
            pred = model.predict_proba(adv).argmax(axis=1)
            fooled[left[pred != r.labels[todo[left]]]] = True
        return fooled

    phases: list[tuple[str, Callable[[NDArray[np.int64], float], NDArray[np.bool_]]]] = [
        (bpda, run_bpda),
        ("transfer (distilled surrogate)", run_transfer),
        ("square-5000", run_square),
    ]
    for k, (name, fn) in enumerate(phases):
        try:
            _sweep(out, name, fn, deadline)
        except BudgetExceeded as exc:
            out.not_done = [name, *(n for n, _ in phases[k + 1 :])]
            out.reason = str(exc)
            return out
        out.done.append(name)
    return out
