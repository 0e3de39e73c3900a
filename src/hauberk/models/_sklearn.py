"""scikit-learn estimators (and anything with ``predict_proba`` or ``decision_function``)."""

from __future__ import annotations

import copy
from importlib import import_module
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ModelLoadError, QueryCounter
from hauberk.models._batching import predict_batched
from hauberk.models._spec import InputSpec


def _selects_by_name(estimator: Any) -> bool:
    """Pipelines and column transformers may pick columns by name: they need a DataFrame."""
    return type(estimator).__module__.startswith(("sklearn.pipeline", "sklearn.compose")) or (
        hasattr(estimator, "steps") or hasattr(estimator, "transformers")
    )


def _forest_trees(estimator: Any) -> list[Any] | None:
    """The fitted tree structures (``tree_``) of a single-output, single-job scikit-learn
    forest classifier made of plain decision trees, else None.

    Such a forest's ``predict_proba`` sums its trees' answers through joblib and, per tree,
    re-checks that the tree is fitted; that costs ~4 ms per call on 100 trees before any row
    is scored, and attacks call it thousands of times on small batches (issue 14). Summing
    the same trees' ``tree_.predict`` in the same order is what those calls compute, so the
    numbers are the same bit for bit. A subclass that overrides ``predict_proba`` (forest or
    tree), a multi-output forest or one asked to use several jobs keeps scikit-learn's path.
    """
    try:
        from sklearn.ensemble._forest import ForestClassifier
        from sklearn.tree import DecisionTreeClassifier
    except ImportError:  # pragma: no cover - scikit-learn reorganised
        return None
    if not isinstance(estimator, ForestClassifier):
        return None
    if type(estimator).predict_proba is not ForestClassifier.predict_proba:
        return None
    if getattr(estimator, "n_outputs_", 1) != 1 or estimator.n_jobs not in (None, 1):
        return None
    trees = list(getattr(estimator, "estimators_", []))
    plain = all(
        isinstance(t, DecisionTreeClassifier)
        and type(t).predict_proba is DecisionTreeClassifier.predict_proba
        and getattr(t, "n_outputs_", 1) == 1
        and int(t.n_classes_) == int(estimator.n_classes_)
        for t in trees
    )
    return [t.tree_ for t in trees] if trees and plain else None


def _forest_proba(forest: Any, trees: list[Any], flat: Any) -> NDArray[np.float64]:
    """``forest.predict_proba(flat)`` without joblib: the same validation, trees and order."""
    x = forest._validate_X_predict(flat)
    k = int(forest.n_classes_)
    out = np.zeros((x.shape[0], k), dtype=np.float64)
    for tree in trees:
        out += tree.predict(x)[:, :k]
    out /= len(trees)
    return out


class SklearnModel:
    """Wraps a fitted classifier. Inputs are flat feature rows ``(n, features)``."""

    def __init__(
        self,
        estimator: Any,
        *,
        input_spec: InputSpec | None = None,
        batch_size: int = 4096,
        query_limit: int | None = None,
    ) -> None:
        if not hasattr(estimator, "classes_"):
            raise ModelLoadError(
                f"{type(estimator).__name__} is not a fitted classifier (no classes_); "
                "fit it first or wrap it with CallableModel"
            )
        if not (hasattr(estimator, "predict_proba") or hasattr(estimator, "decision_function")):
            raise ModelLoadError(
                f"{type(estimator).__name__} has neither predict_proba nor decision_function"
            )
        if input_spec is None:
            n = getattr(estimator, "n_features_in_", None)
            if n is None:
                raise ModelLoadError("cannot tell the input width: pass input_spec=InputSpec(...)")
            input_spec = InputSpec(shape=(int(n),), dtype="float64")
        self.estimator = estimator
        # An estimator fitted on a DataFrame warns on every call with a bare array (4,042
        # lines in one assess). A pipeline may select columns by name, so it gets its
        # DataFrame back; any other estimator is called through a shallow copy that forgets
        # the names (the fitted parts are shared), which costs nothing per call, whereas
        # building a DataFrame per call doubled a forest's predict time.
        names = getattr(estimator, "feature_names_in_", None)
        self._columns: list[str] | None = None
        self._predictor = estimator
        if names is not None:
            if _selects_by_name(estimator):
                self._columns = [str(n) for n in names]
            else:
                self._predictor = copy.copy(estimator)
                del self._predictor.feature_names_in_
        self._trees = _forest_trees(self._predictor)
        self._spec = input_spec
        self._classes = tuple(np.asarray(estimator.classes_).tolist())
        self._counter = QueryCounter(query_limit)
        self.batch_size = batch_size

    @property
    def classes(self) -> tuple[Any, ...]:
        return self._classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self._counter

    def _forward(self, batch: NDArray[Any]) -> NDArray[np.float64]:
        flat: Any = batch.reshape(len(batch), -1)
        if self._columns is not None and len(self._columns) == flat.shape[1]:
            pandas = import_module("pandas")  # untyped; only here when the estimator used it
            flat = pandas.DataFrame(flat, columns=self._columns, copy=False)
        if self._trees is not None:
            return _forest_proba(self._predictor, self._trees, flat)
        if hasattr(self._predictor, "predict_proba"):
            return np.asarray(self._predictor.predict_proba(flat), dtype=np.float64)
        scores = np.asarray(self._predictor.decision_function(flat), dtype=np.float64)
        if scores.ndim == 1:  # binary: one margin; sigmoid gives the positive class
            pos = 1.0 / (1.0 + np.exp(-scores))
            return np.stack([1 - pos, pos], axis=1)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        out: NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
        return out

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return predict_batched(
            x,
            spec=self._spec,
            counter=self._counter,
            batch_size=self.batch_size,
            forward=self._forward,
            classes=self._classes,
            output="probabilities",
            source=f"scikit-learn {type(self.estimator).__name__}",
        )
