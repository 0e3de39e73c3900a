"""Drift in what the model says, and in how well it does when labels arrive.

Without labels: prediction drift (chi-squared on the predicted class) and confidence drift
(Kolmogorov–Smirnov on the top-class probability) from the model outputs saved next to each
batch; label shift (chi-squared on the labels) when the labels are there. These p-values join
the input features' family so one correction covers the whole report.

With labels and predictions: accuracy on each batch with its Clopper–Pearson interval, and the
drop with Newcombe's hybrid score interval for a difference of independent proportions
(Newcombe 1998, method 10). A drop whose interval lies above ``max_accuracy_drop`` is a
finding; one whose interval straddles it is inconclusive, with the rows per batch that would
decide (never a pass).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import clopper_pearson
from hauberk.monitor._chi2 import chi2_homogeneity
from hauberk.monitor._frame import NUMERIC, Batch
from hauberk.monitor._ks import ks_wasserstein
from hauberk.monitor._result import PerformanceDrift, Untested, WholeTest

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (the building block of Newcombe's interval)."""
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(s1: int, n1: int, s2: int, n2: int) -> tuple[float, float, float]:
    """p1 − p2 and its 95% hybrid score interval (Newcombe 1998, method 10)."""
    p1, p2 = s1 / n1, s2 / n2
    l1, u1 = wilson(s1, n1)
    l2, u2 = wilson(s2, n2)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def performance_drift(
    correct_ref: NDArray[np.bool_], correct_cur: NDArray[np.bool_], max_drop: float
) -> PerformanceDrift:
    """Accuracy drop from reference to current, judged against ``max_drop``."""
    n1, n2 = len(correct_ref), len(correct_cur)
    s1, s2 = int(correct_ref.sum()), int(correct_cur.sum())
    drop, low, high = newcombe(s1, n1, s2, n2)
    if low > max_drop:
        verdict = "dropped"
    elif high <= max_drop:
        verdict = "stable"
    else:
        verdict = "inconclusive"
    need = 0
    if verdict == "inconclusive":
        gap = abs(drop - max_drop)
        p1, p2 = s1 / n1, s2 / n2
        var = p1 * (1 - p1) + p2 * (1 - p2)
        need = (
            max(n1, n2) + 1
            if gap == 0
            else max(max(n1, n2) + 1, math.ceil(Z95 * Z95 * max(var, 1e-6) / (gap * gap)))
        )
        if gap == 0:
            need = 0  # a drop exactly at the tolerance is decided by no sample size
    return PerformanceDrift(
        reference=clopper_pearson(s1, n1),
        current=clopper_pearson(s2, n2),
        drop=drop,
        drop_low=low,
        drop_high=high,
        max_drop=max_drop,
        verdict=verdict,
        rows_to_decide=need,
    )


def _classes(batch: Batch, proba: tuple[str, ...], prediction: str | None) -> NDArray[Any]:
    """Predicted classes as strings: the prediction column, else the argmax column's name."""
    if prediction is not None:
        return _as_labels(batch, prediction)
    p = batch.numeric(list(proba))
    names = np.array(proba)
    picked: NDArray[Any] = names[np.argmax(np.where(np.isnan(p), -np.inf, p), axis=1)]
    return picked


def _as_labels(batch: Batch, column: str) -> NDArray[Any]:
    values: NDArray[Any] = batch.columns[column]
    if batch.kinds[column] == NUMERIC:
        return np.array([_fmt(v) for v in values.tolist()], dtype=str)
    return values


def _fmt(v: float) -> str:
    if math.isnan(v):
        return ""
    return str(int(v)) if float(v).is_integer() else repr(v)


def _match(labels: NDArray[Any], predicted: NDArray[Any], proba: tuple[str, ...]) -> NDArray[Any]:
    """Correct predictions. Labels match a prediction column by value; with probability
    columns, a label matches the argmax column by name or by its class index."""
    same: NDArray[Any] = labels == predicted
    if not proba:
        return same
    index = {name: str(i) for i, name in enumerate(proba)}
    as_index = np.array([index[p] for p in predicted.tolist()])
    either: NDArray[Any] = same | (labels == as_index)
    return either


def output_tests(
    reference: Batch,
    current: Batch,
    *,
    label: str | None,
    proba: tuple[str, ...],
    prediction: str | None,
    min_rows: int,
    max_accuracy_drop: float,
) -> tuple[list[WholeTest], PerformanceDrift | None, list[Untested]]:
    """Prediction, confidence and label drift tests and the performance comparison."""
    tests: list[WholeTest] = []
    untested: list[Untested] = []
    n, m = reference.rows, current.rows
    if min(n, m) < min_rows:
        wanted = [
            name
            for name, on in (
                ("prediction", bool(proba) or prediction is not None),
                ("confidence", bool(proba)),
                ("label", label is not None),
            )
            if on
        ]
        reason = f"{min(n, m)} rows in a batch; output tests need at least {min_rows}"
        return [], None, [Untested(w, reason, min_rows) for w in wanted]
    if proba or prediction is not None:
        pa, pb = _classes(reference, proba, prediction), _classes(current, proba, prediction)
        stat, p, _ = chi2_homogeneity(pa[pa != ""], pb[pb != ""])
        tests.append(WholeTest("prediction", stat, p, math.nan, False, {"test": "chi2"}))
    if proba:
        ca = np.nanmax(reference.numeric(list(proba)), axis=1)
        cb = np.nanmax(current.numeric(list(proba)), axis=1)
        ca, cb = ca[np.isfinite(ca)], cb[np.isfinite(cb)]
        d, p_ks, _ = ks_wasserstein(ca[:, None], cb[:, None])
        tests.append(
            WholeTest(
                "confidence",
                float(d[0]),
                float(p_ks[0]),
                math.nan,
                False,
                {
                    "test": "ks",
                    "mean_reference": float(ca.mean()),
                    "mean_current": float(cb.mean()),
                },
            )
        )
    performance = None
    if label is not None:
        la, lb = _as_labels(reference, label), _as_labels(current, label)
        stat, p, _ = chi2_homogeneity(la[la != ""], lb[lb != ""])
        tests.append(WholeTest("label", stat, p, math.nan, False, {"test": "chi2"}))
        if proba or prediction is not None:
            ok_a, ok_b = la != "", lb != ""
            performance = performance_drift(
                _match(la, pa, proba)[ok_a], _match(lb, pb, proba)[ok_b], max_accuracy_drop
            )
    return tests, performance, untested
