"""Attribute inference against a tabular classifier, measured against imputation.

Attack (Fredrikson et al. 2014; Mehnaz et al. 2022, confidence-score based): the adversary
knows a record's other features and its label, and tries every candidate value of one
sensitive column; it guesses the value for which the model is most confident in the record's
true label. Threat model: black box, probabilities; ``len(values)`` queries per record.

Jayaraman and Evans (2022, "Are Attribute Inference Attacks Just Imputation?", CCS) showed
that such attacks often do no better than predicting the attribute from the other features
without the model at all. So the report also gives that imputation baseline (a gradient
boosting classifier trained on the non-members, which an adversary could own) and the
attack's *advantage*: its accuracy on training members over the baseline's. Accuracy on
non-members is reported too: a gap between members and non-members is what the model leaks
about its training data specifically.

Every accuracy carries its Clopper-Pearson 95% interval over the records attacked, and the
advantage (attack minus imputation, paired on the same members) a bootstrap interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError, InputError
from hauberk.core._stats import Rate, bootstrap, clopper_pearson
from hauberk.models import Model, label_indices

MAX_VALUES = 64
MIN_RECORDS = 10
CHUNK = 512


@dataclass(frozen=True)
class AttributeReport:
    column: int
    values: tuple[float, ...]
    member_accuracy: float
    non_member_accuracy: float
    baseline_accuracy: float
    members: int
    non_members: int
    partial: bool = False
    member_correct: NDArray[np.bool_] | None = None
    non_member_correct: NDArray[np.bool_] | None = None
    baseline_correct: NDArray[np.bool_] | None = None

    @property
    def advantage(self) -> float:
        """Attack accuracy on members minus the imputation baseline's (> 0: the model leaks)."""
        return self.member_accuracy - self.baseline_accuracy

    def rates(self) -> dict[str, Rate]:
        """``member_accuracy``, ``non_member_accuracy``, ``baseline_accuracy`` (Clopper-Pearson)
        and ``advantage`` (bootstrap over the members, attack and baseline paired)."""
        if self.member_correct is None or self.baseline_correct is None:
            return {}
        m, b = self.member_correct, self.baseline_correct
        out = {
            "member_accuracy": clopper_pearson(int(m.sum()), len(m)),
            "baseline_accuracy": clopper_pearson(int(b.sum()), len(b)),
        }
        if self.non_member_correct is not None:
            nm = self.non_member_correct
            out["non_member_accuracy"] = clopper_pearson(int(nm.sum()), len(nm))
        diff = m.astype(float) - b.astype(float)
        out["advantage"] = bootstrap(lambda idx: float(diff[idx].mean()), len(diff))
        return out

    def metrics(self) -> dict[str, Any]:
        cis = {
            f"attribute.{k}_ci": [round(r.low, 6), round(r.high, 6)]
            for k, r in self.rates().items()
        }
        return cis | {
            "attribute.member_accuracy": round(self.member_accuracy, 6),
            "attribute.non_member_accuracy": round(self.non_member_accuracy, 6),
            "attribute.baseline_accuracy": round(self.baseline_accuracy, 6),
            "attribute.advantage": round(self.advantage, 6),
            "attribute.members": self.members,
            "attribute.non_members": self.non_members,
        }


class AttributeInference:
    """Guess column ``column`` of each record by the value that maximises the true-label score."""

    def __init__(
        self, *, column: int, values: tuple[float, ...] | None = None, max_records: int = 500
    ) -> None:
        if column < 0:
            raise ConfigError(f"column must be >= 0, got {column}")
        if values is not None and not 2 <= len(values) <= MAX_VALUES:
            raise ConfigError(f"values must list 2..{MAX_VALUES} candidates, got {len(values)}")
        if max_records < MIN_RECORDS:
            raise ConfigError(f"max_records must be >= {MIN_RECORDS}, got {max_records}")
        self.column = column
        self.values = values
        self.max_records = max_records

    def _candidates(self, x: NDArray[Any]) -> NDArray[np.float64]:
        if self.values is not None:
            return np.asarray(self.values, dtype=np.float64)
        found = np.unique(x[:, self.column])
        if not 2 <= len(found) <= MAX_VALUES:
            raise InputError(
                f"column {self.column} has {len(found)} distinct values; attribute inference "
                f"needs a discrete column with 2..{MAX_VALUES} values (or pass values=...)"
            )
        return np.asarray(found, dtype=np.float64)

    def _guess(
        self, model: Model, x: NDArray[Any], y_idx: NDArray[np.int64], cand: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        k = len(cand)
        trial = np.repeat(x, k, axis=0).astype(np.float64)
        trial[:, self.column] = np.tile(cand, len(x))
        proba = model.predict_proba(trial).reshape(len(x), k, -1)
        score = proba[np.arange(len(x)), :, y_idx] if proba.ndim == 3 else proba
        return np.asarray(cand[np.asarray(score).argmax(axis=1)])

    def _baseline(
        self, xa: NDArray[Any], ya: NDArray[Any], xm: NDArray[Any], ym: NDArray[Any]
    ) -> NDArray[np.bool_]:
        """Per member: does imputation from the other features (no model) get it right?"""
        from sklearn.ensemble import HistGradientBoostingClassifier

        def features(x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
            rest = np.delete(np.asarray(x, dtype=np.float64), self.column, axis=1)
            return np.column_stack([rest, np.asarray(y, dtype=np.float64)])

        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        clf = HistGradientBoostingClassifier(max_iter=50, random_state=0)
        # one OpenMP thread: on a few hundred rows, more threads only wait for each other
        # (12 s instead of a fraction of one on a busy two-core machine)
        with threadpool_limits(1, user_api="openmp"):
            clf.fit(features(xa, ya), xa[:, self.column])
            return np.asarray(clf.predict(features(xm, ym)) == xm[:, self.column])

    def run(
        self, model: Model, members: tuple[Any, Any], non_members: tuple[Any, Any], *, seed: int = 0
    ) -> AttributeReport:
        """Attack ``members`` and ``non_members`` (each ``(x, y)``, flat feature rows)."""
        rng = np.random.default_rng(seed)
        (xm, ym), (xn, yn) = members, non_members
        if ym is None or yn is None:
            raise InputError("attribute inference needs the records' labels: give (x, y)")
        xm, xn = np.asarray(xm, dtype=np.float64), np.asarray(xn, dtype=np.float64)
        if xm.ndim != 2 or xn.ndim != 2 or self.column >= xm.shape[1]:
            raise InputError(
                f"attribute inference needs flat tabular rows with column {self.column}; "
                f"got shapes {xm.shape} and {xn.shape}"
            )
        if len(xm) < MIN_RECORDS or len(xn) < MIN_RECORDS:
            raise InputError(f"need at least {MIN_RECORDS} members and non-members")
        cand = self._candidates(np.concatenate([xm, xn]))
        per_side = self.max_records // 2
        remaining = model.counter.remaining
        planned_cut = False
        if remaining is not None and remaining // (2 * len(cand)) < min(per_side, len(xm), len(xn)):
            per_side = remaining // (2 * len(cand))  # split what the budget allows evenly
            planned_cut = True
        if per_side < 1:
            raise InputError(
                f"the query budget ({remaining} rows) does not allow a single attribute guess: "
                f"each costs {len(cand)} queries; raise max_queries"
            )
        im = rng.permutation(len(xm))[:per_side]
        inn = rng.permutation(len(xn))[:per_side]
        baseline = self._baseline(xn, np.asarray(yn), xm[im], np.asarray(ym)[im])
        hits: list[NDArray[np.bool_]] = []
        partial = planned_cut
        for x, y, idx in ((xm, ym, im), (xn, yn, inn)):
            parts: list[NDArray[np.bool_]] = []
            y_idx = label_indices(model, np.asarray(y)[idx])
            try:
                for start in range(0, len(idx), CHUNK):
                    rows = idx[start : start + CHUNK]
                    guess = self._guess(model, x[rows], y_idx[start : start + CHUNK], cand)
                    parts.append(np.asarray(guess == x[rows, self.column]))
            except BudgetExceeded:
                partial = True
            if not parts:
                raise InputError("the query budget did not allow a single attribute guess")
            hits.append(np.concatenate(parts))
        member, non_member = hits
        paired = baseline[: len(member)]  # the baseline on the same members the attack reached
        return AttributeReport(
            column=self.column,
            values=tuple(float(v) for v in cand),
            member_accuracy=float(member.mean()),
            non_member_accuracy=float(non_member.mean()),
            baseline_accuracy=float(paired.mean()),
            members=len(member),
            non_members=len(non_member),
            partial=partial,
            member_correct=member,
            non_member_correct=non_member,
            baseline_correct=paired,
        )
