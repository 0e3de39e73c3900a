"""Trainers named in ``[privacy] trainer`` settings by the tests (module:function)."""

from __future__ import annotations

from typing import Any

from sklearn.svm import SVC


def fit_svc(x: Any, y: Any) -> Any:
    return SVC(C=100, gamma=0.5, probability=True, random_state=0).fit(x.reshape(len(x), -1), y)


NOT_A_FUNCTION = 42
