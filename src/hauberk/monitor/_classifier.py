"""Classifier two-sample test (Lopez-Paz & Oquab 2017), for the whole input.

A gradient-boosted classifier (scikit-learn's ``HistGradientBoostingClassifier``, native
categorical support) learns to tell reference rows from current rows on balanced subsamples;
its out-of-fold accuracy is chance (0.5) when nothing changed. The p-value is the exact
binomial tail of the number of correct out-of-fold predictions under accuracy 0.5, and the
accuracy is quoted with its Clopper–Pearson interval. Catches joint shifts (correlations,
interactions) that per-feature tests cannot see.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hauberk.core import Rate, clopper_pearson


@dataclass(frozen=True)
class ClassifierResult:
    accuracy: Rate
    p_value: float
    rows: int


def classifier_test(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    *,
    categorical: NDArray[np.bool_],
    rng: np.random.Generator,
    max_rows: int = 2000,
    folds: int = 2,
) -> ClassifierResult:
    """Out-of-fold accuracy of a reference-vs-current classifier and its binomial p-value.
    Categorical columns hold small non-negative integer codes; NaN marks missing values."""
    from scipy.stats import binom
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    k = min(len(x), len(y), max_rows)
    xs = x[rng.choice(len(x), k, replace=False)]
    ys = y[rng.choice(len(y), k, replace=False)]
    data = np.concatenate([xs, ys])
    target = np.concatenate([np.zeros(k, dtype=int), np.ones(k, dtype=int)])
    model = HistGradientBoostingClassifier(
        max_iter=50,
        categorical_features=categorical if categorical.any() else None,
        random_state=int(rng.integers(2**31)),
    )
    cv = StratifiedKFold(folds, shuffle=True, random_state=int(rng.integers(2**31)))
    pred = cross_val_predict(model, data, target, cv=cv)
    correct = int(np.sum(pred == target))
    p = float(binom.sf(correct - 1, 2 * k, 0.5))
    return ClassifierResult(clopper_pearson(correct, 2 * k), p, 2 * k)
