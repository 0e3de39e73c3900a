from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.svm import SVC

from hauberk.models import SklearnModel


def digits_split(n: int = 200, seed: int = 0) -> tuple[Any, Any, Any, Any]:
    x, y = load_digits(return_X_y=True)
    x = x / 16.0
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    return x[:n], y[:n], x[n : 2 * n], y[n : 2 * n]


def overfit_svc() -> SVC:
    """A small RBF SVM with a narrow kernel: near-perfect on its training data, leaky."""
    return SVC(C=100, gamma=0.5, probability=True, random_state=0)


@pytest.fixture(scope="session")
def leaky() -> tuple[SklearnModel, Any, Any]:
    xm, ym, xn, yn = digits_split()
    est = overfit_svc().fit(xm, ym)
    return SklearnModel(est), (xm, ym), (xn, yn)


#: scikit-learn 1.9 deprecates SVC(probability=True); its Platt scaling is what these leaky
#: test targets need, and the warning is scikit-learn's own.
SVC_PROBABILITY = pytest.mark.filterwarnings("ignore:The `probability` parameter:FutureWarning")
