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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError, InputError
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

    @property
    def advantage(self) -> float:
        """Attack accuracy on members minus the imputation baseline's (> 0: the model leaks)."""
        return self.member_accuracy - self.baseline_accuracy

    def metrics(self) -> dict[str, float | int | bool]:
        return {
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
    ) -> float:
        from sklearn.ensemble import HistGradientBoostingClassifier

        def features(x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
            rest = np.delete(np.asarray(x, dtype=np.float64), self.column, axis=1)
            return np.column_stack([rest, np.asarray(y, dtype=np.float64)])

        clf = HistGradientBoostingClassifier(max_iter=50, random_state=0)
        clf.fit(features(xa, ya), xa[:, self.column])
        return float(np.mean(clf.predict(features(xm, ym)) == xm[:, self.column]))

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
        accs, counts, partial = [], [], planned_cut
        for x, y, idx in ((xm, ym, im), (xn, yn, inn)):
            got = 0
            correct = 0
            y_idx = label_indices(model, np.asarray(y)[idx])
            try:
                for start in range(0, len(idx), CHUNK):
                    rows = idx[start : start + CHUNK]
                    guess = self._guess(model, x[rows], y_idx[start : start + CHUNK], cand)
                    correct += int(np.sum(guess == x[rows, self.column]))
                    got += len(rows)
            except BudgetExceeded:
                partial = True
            if got == 0:
                raise InputError("the query budget did not allow a single attribute guess")
            accs.append(correct / got)
            counts.append(got)
        return AttributeReport(
            column=self.column,
            values=tuple(float(v) for v in cand),
            member_accuracy=accs[0],
            non_member_accuracy=accs[1],
            baseline_accuracy=baseline,
            members=counts[0],
            non_members=counts[1],
            partial=partial,
        )
