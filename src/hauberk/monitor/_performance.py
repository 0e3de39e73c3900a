"""``monitor.performance``: how the deployed model does when labels arrive late, and how its
outputs move while they have not.

Predictions are logged when they are made (a request id, the predicted class or the class
probabilities); labels arrive later, keyed by the same request id. They are joined by request
id: predictions still waiting for a label and labels with no prediction are counted, never
guessed. Accuracy on the joined rows carries its Clopper–Pearson interval; the drop against
the reference accuracy is judged on an interval:

- reference given as a count (``reference_n``): Newcombe's hybrid score interval of the
  difference (the same test ``monitor drift`` uses);
- reference given as a fixed value: the current Clopper–Pearson interval against
  ``reference - max_drop``.

A whole interval beyond the tolerated drop is a finding; one that straddles it is
inconclusive (incomplete, with the labelled rows that would decide); fewer than ``min_labels``
joined rows is incomplete, never "ok".

Without labels, prediction drift (chi-squared on the predicted class) and confidence drift
(Kolmogorov–Smirnov on the top-class probability) compare the current predictions with a
reference batch of predictions: the drift tests of :mod:`hauberk.monitor._outputs`, through
:class:`~hauberk.monitor.DriftDetector`, so their p-values are corrected together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import (
    CheckResult,
    ConfigError,
    InputError,
    Rate,
    clopper_pearson,
    samples_to_decide,
)
from hauberk.monitor._drift import DriftDetector
from hauberk.monitor._findings import drift_findings
from hauberk.monitor._frame import NUMERIC, Batch
from hauberk.monitor._outputs import performance_drift
from hauberk.monitor._result import DriftResult
from hauberk.monitor._rules import PERFORMANCE_DROP

CHECK = "monitor.performance"
STAGE = "monitoring"


def _keys(batch: Batch, column: str) -> NDArray[Any]:
    if column not in batch.columns:
        raise InputError(
            f"{batch.source}: no column {column!r}; columns: {', '.join(batch.names[:20])}"
        )
    values = batch.columns[column]
    if batch.kinds[column] == NUMERIC:
        if np.isnan(values).any():
            row = int(np.flatnonzero(np.isnan(values))[0]) + 2
            raise InputError(f"{batch.source}: row {row}: column {column!r} is empty")
        return np.array([_fmt(v) for v in values.tolist()], dtype=str)
    if (values == "").any():
        row = int(np.flatnonzero(values == "")[0]) + 2
        raise InputError(f"{batch.source}: row {row}: column {column!r} is empty")
    out: NDArray[Any] = values
    return out


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def _unique(keys: NDArray[Any], source: str, column: str) -> None:
    uniq, counts = np.unique(keys, return_counts=True)
    if (counts > 1).any():
        dup = str(uniq[counts > 1][0])
        raise InputError(
            f"{source}: request id {dup!r} appears {int(counts[counts > 1][0])} times in "
            f"column {column!r}; keep one row per request"
        )


def predicted_classes(
    batch: Batch, *, prediction: str | None, proba: Sequence[str]
) -> NDArray[Any]:
    """The predicted class of each row as a string: the prediction column, or the name of the
    highest probability column."""
    if prediction is not None:
        return _keys(batch, prediction)
    if not proba:
        raise ConfigError("give the predicted class column or the class-probability columns")
    missing = [c for c in proba if c not in batch.columns]
    if missing:
        raise InputError(f"{batch.source}: no column {missing[0]!r}")
    p = batch.numeric(list(proba))
    if np.isnan(p).all(axis=1).any():
        row = int(np.flatnonzero(np.isnan(p).all(axis=1))[0]) + 2
        raise InputError(f"{batch.source}: row {row}: every probability column is empty")
    names = np.array(list(proba))
    picked: NDArray[Any] = names[np.argmax(np.where(np.isnan(p), -np.inf, p), axis=1)]
    return picked


@dataclass(frozen=True)
class Joined:
    """Predictions joined with late labels by request id."""

    correct: NDArray[np.bool_]
    predictions: int
    labels: int
    waiting: int  # predictions without a label yet
    orphans: int  # labels without a prediction


def join_labels(
    predictions: Batch,
    labels: Batch,
    *,
    id_column: str = "request_id",
    label_column: str = "label",
    prediction: str | None = None,
    proba: Sequence[str] = (),
) -> Joined:
    """Join by request id; a label matches a prediction by value, or a probability column by
    its name or its index (``p0, p1`` with labels ``0, 1``)."""
    pid = _keys(predictions, id_column)
    lid = _keys(labels, id_column)
    _unique(pid, predictions.source, id_column)
    _unique(lid, labels.source, id_column)
    guess = predicted_classes(predictions, prediction=prediction, proba=proba)
    truth = _keys(labels, label_column)
    common, pi, li = np.intersect1d(pid, lid, assume_unique=True, return_indices=True)
    got, want = guess[pi], truth[li]
    correct = got == want
    if prediction is None:
        index = {name: str(i) for i, name in enumerate(proba)}
        correct |= np.array([index[g] for g in got.tolist()], dtype=str) == want
    return Joined(
        correct=np.asarray(correct, dtype=bool),
        predictions=len(pid),
        labels=len(lid),
        waiting=len(pid) - len(common),
        orphans=len(lid) - len(common),
    )


@dataclass(frozen=True)
class LatePerformance:
    """Accuracy on the joined rows and the verdict on the drop against the reference."""

    accuracy: Rate | None
    reference: float
    reference_n: int | None
    max_drop: float
    verdict: str  # dropped, stable, inconclusive, too_few
    drop: float | None
    drop_low: float | None
    drop_high: float | None
    rows_to_decide: int
    min_labels: int
    joined: Joined

    def to_dict(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy.to_dict() if self.accuracy else None,
            "reference_accuracy": self.reference,
            "reference_n": self.reference_n,
            "max_accuracy_drop": self.max_drop,
            "verdict": self.verdict,
            "accuracy_drop": None
            if self.drop is None
            else {"value": self.drop, "ci_low": self.drop_low, "ci_high": self.drop_high},
            "rows_to_decide": self.rows_to_decide,
            "min_labels": self.min_labels,
            "predictions": self.joined.predictions,
            "labels": self.joined.labels,
            "joined": len(self.joined.correct),
            "awaiting_labels": self.joined.waiting,
            "labels_without_prediction": self.joined.orphans,
        }


def late_performance(
    joined: Joined,
    *,
    reference: float,
    reference_n: int | None = None,
    max_drop: float = 0.02,
    min_labels: int = 30,
) -> LatePerformance:
    """Judge the accuracy on the joined rows against ``reference`` (see the module doc)."""
    if not 0 <= reference <= 1:
        raise ConfigError(f"reference accuracy must be in [0, 1], got {reference}")
    if reference_n is not None and reference_n < 1:
        raise ConfigError(f"reference_n must be at least 1, got {reference_n}")
    if not 0 <= max_drop < 1:
        raise ConfigError(f"max_drop must be in [0, 1), got {max_drop}")
    if min_labels < 1:
        raise ConfigError(f"min_labels must be at least 1, got {min_labels}")
    n = len(joined.correct)
    base: dict[str, Any] = {
        "reference": reference,
        "reference_n": reference_n,
        "max_drop": max_drop,
        "min_labels": min_labels,
        "joined": joined,
    }
    if n == 0:
        return LatePerformance(
            verdict="too_few",
            drop=None,
            drop_low=None,
            drop_high=None,
            rows_to_decide=min_labels,
            accuracy=None,
            **base,
        )
    k = int(joined.correct.sum())
    acc = clopper_pearson(k, n)
    if reference_n is not None:
        s1 = round(reference * reference_n)
        ref_correct = np.zeros(reference_n, dtype=bool)
        ref_correct[:s1] = True
        perf = performance_drift(ref_correct, joined.correct, max_drop)
        verdict, low, high = perf.verdict, perf.drop_low, perf.drop_high
        need = perf.rows_to_decide
    else:
        bar = reference - max_drop
        low, high = reference - acc.high, reference - acc.low
        if acc.high < bar:
            verdict = "dropped"
        elif acc.low >= bar:
            verdict = "stable"
        else:
            verdict = "inconclusive"
        need = samples_to_decide(acc, bar) if verdict == "inconclusive" else 0
    if n < min_labels and verdict != "dropped":
        verdict, need = "too_few", max(need, min_labels)
    return LatePerformance(
        acc,
        verdict=verdict,
        drop=reference - acc.value,
        drop_low=low,
        drop_high=high,
        rows_to_decide=need,
        **base,
    )


def output_drift(
    reference: Batch,
    current: Batch,
    *,
    prediction: str | None = None,
    proba: Sequence[str] = (),
    alpha: float = 0.05,
    min_rows: int = 30,
    correction: str = "bh",
) -> DriftResult:
    """Prediction and confidence drift of ``current`` predictions against ``reference`` ones
    (only the model-output columns are compared; the inputs are not needed)."""
    cols = [c for c in (prediction, *proba) if c is not None]
    if not cols:
        raise ConfigError("output drift needs the prediction column or the probability columns")
    for batch in (reference, current):
        missing = [c for c in cols if c not in batch.columns]
        if missing:
            raise InputError(f"{batch.source}: no column {missing[0]!r}")
    ref = Batch(
        {c: reference.columns[c] for c in cols},
        reference.source,
        {c: reference.kinds[c] for c in cols},
    )
    cur = Batch(
        {c: current.columns[c] for c in cols}, current.source, {c: reference.kinds[c] for c in cols}
    )
    detector = DriftDetector(alpha=alpha, min_rows=min_rows, correction=correction)
    return detector.compare(ref, cur, proba=tuple(proba), prediction=prediction, histograms=0)


def performance_check_result(
    performance: LatePerformance | None,
    drift: DriftResult | None,
    *,
    target: str,
) -> CheckResult:
    """``monitor.performance`` as a core ``CheckResult``: failed on a drop or output drift;
    incomplete when labels are too few, the drop is inconclusive, or a drift test could not
    run; passed only when everything asked for was decided."""
    if performance is None and drift is None:
        raise ConfigError("monitor performance needs labels or reference predictions")
    findings = []
    reasons: list[str] = []
    metrics: dict[str, Any] = {"target": target}
    if performance is not None:
        metrics["performance"] = performance.to_dict()
        acc = performance.accuracy
        if performance.verdict == "dropped" and acc is not None:
            findings.append(
                PERFORMANCE_DROP.finding(
                    f"{target}#(accuracy on late labels)",
                    f"Accuracy on {acc.n} labelled predictions is {acc.describe()}, against a "
                    f"reference of {performance.reference:.3f}: the drop "
                    f"{performance.drop:.3f} (95% CI {performance.drop_low:.3f} to "
                    f"{performance.drop_high:.3f}) is above the tolerated "
                    f"{performance.max_drop:.3f}.",
                    performance.to_dict(),
                )
            )
        elif performance.verdict == "too_few":
            reasons.append(
                f"{len(performance.joined.correct)} predictions have a label; judging accuracy "
                f"needs at least {performance.min_labels} ({performance.joined.waiting} still "
                "await theirs)"
            )
        elif performance.verdict == "inconclusive":
            reasons.append(
                f"accuracy drop {performance.drop:.3f} (95% CI {performance.drop_low:.3f} to "
                f"{performance.drop_high:.3f}) straddles the tolerated "
                f"{performance.max_drop:.3f}; about {performance.rows_to_decide} labelled "
                "predictions would decide"
            )
    if drift is not None:
        metrics["outputs"] = {t.name: t.to_dict() for t in drift.outputs}
        metrics["drift"] = drift.drift
        metrics["rows_reference"], metrics["rows_current"] = drift.rows
        findings += drift_findings(drift)
        reasons += [f"{u.name} drift: {u.reason}" for u in drift.untested]
        if not drift.outputs and not drift.untested:
            reasons.append("no output drift test could run")
    if any(isinstance(v, float) and math.isnan(v) for v in metrics.values()):
        reasons.append("a metric is undefined")
    return CheckResult.of(
        CHECK, STAGE, findings, metrics, partial=bool(reasons), reason="; ".join(reasons)
    )
