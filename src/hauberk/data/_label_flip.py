"""Label-flip detection: confident learning on a fused posterior of a model and its neighbours.

Two signals see flipped labels differently:

* **Neighbourhood agreement** (deep k-NN, Peri et al. 2020; ``_label_noise.suspect_labels``)
  is precise on scattered flips: a flipped row sits among rows that carry its true label.
  It fails on *systematic* flips (many rows of class *i* relabelled *j*): the flipped rows
  form a dense cluster, so their neighbours agree with the wrong label.
* **Confident learning** (Northcutt et al. 2021, cleanlab) estimates the joint distribution
  of given and true labels from out-of-sample probabilities, per class pair, and prunes as
  many rows from each off-diagonal cell as that estimate says are there. Class-conditional
  noise (the systematic case) is exactly what the joint models, but its per-row ranking rests
  on one model's probabilities, which are noisy on scattered flips.

The combination: leave-one-out k-NN label frequencies are themselves an out-of-sample
posterior (a non-parametric classifier that never saw the row it scores). Averaging them
with the model's cross-validated probabilities is the ensembling cleanlab recommends for
better ``pred_probs``; confident learning then runs on the fused posterior with cleanlab's
default filter (``prune_by_noise_rate``). On scattered flips the neighbours sharpen the
posterior of the true class; on a systematic flip the model half keeps the true class
probable and the joint's per-pair noise estimate decides how many rows to prune. Nothing is
tuned to a data set: k is the stage's ``neighbours``, the kNN frequencies get add-one
(Laplace) smoothing, and the two posteriors have equal weight.

Measured by ``bench/data.py`` against cleanlab alone (same base model, same folds) and the
k-NN rule alone on scikit-learn's digits, wine, breast cancer and iris with uniform,
next-class and systematic flips at 5%, 10% and 20%; the numbers are in bench/results/data.md.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError
from hauberk.data._flags import RowFlags

DETECTOR = "label_flip"
REASON = "label disagrees with an out-of-sample model and its nearest neighbours"


def encode_labels(y: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.int64]]:
    """Sorted distinct labels and each row's index into them; one class is an input error."""
    classes, codes = np.unique(np.asarray(y), return_inverse=True)
    if len(classes) < 2:
        raise InputError(
            f"the label column has one class ({classes[0]!r} in all {len(y)} rows); label "
            "flips need at least two classes"
        )
    return classes, codes.astype(np.int64)


def default_model(seed: int) -> Any:
    """The small model trained when no model is given: standardised logistic regression."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=seed))


def out_of_sample_probabilities(
    x: NDArray[Any], codes: NDArray[np.int64], *, folds: int = 5, seed: int = 0
) -> NDArray[np.float64]:
    """Cross-validated probabilities of the default model: each row scored by a model that did
    not see it. Folds are stratified; a class with fewer rows than folds is missing from some
    training folds, and its column there is 0 (its rows then look suspect to the model half,
    which the neighbour half and the per-class noise estimate temper)."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    flat = x.reshape(len(x), -1).astype(np.float64)
    largest = int(np.bincount(codes).max())
    if largest < 2:
        raise InputError(
            "every label occurs in a single row; out-of-sample probabilities need a class "
            "with at least two rows"
        )
    splitter = StratifiedKFold(n_splits=min(folds, largest), shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # sklearn warns about rare classes and non-converged solvers: both are expected here
        warnings.simplefilter("ignore")
        probs = cross_val_predict(
            default_model(seed), flat, codes, cv=splitter, method="predict_proba"
        )
    return np.asarray(probs, dtype=np.float64)


def neighbour_indices(x: NDArray[Any], *, k: int) -> NDArray[np.int64]:
    """Each row's ``min(k, n - 1)`` nearest other rows on standardised features, ``(n, k)``:
    computed once and shared by the k-NN rule and the fused posterior."""
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import StandardScaler

    flat = StandardScaler().fit_transform(x.reshape(len(x), -1).astype(np.float64))
    k = min(k, len(x) - 1)
    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(flat).kneighbors(flat)
    return np.asarray(idx[:, 1:], dtype=np.int64)  # column 0 is the row itself


def neighbour_posteriors(
    x: NDArray[Any],
    codes: NDArray[np.int64],
    n_classes: int,
    *,
    k: int,
    neighbours: NDArray[np.int64] | None = None,
) -> NDArray[np.float64]:
    """Leave-one-out k-NN label frequencies on standardised features, add-one smoothed
    (``neighbours``: :func:`neighbour_indices` of ``x`` when already computed)."""
    idx = neighbour_indices(x, k=k) if neighbours is None else neighbours
    k = idx.shape[1]
    labels = codes[idx]
    counts = np.zeros((len(x), n_classes), dtype=np.float64)
    np.add.at(counts, (np.repeat(np.arange(len(x)), k), labels.ravel()), 1.0)
    return (counts + 1.0) / (k + n_classes)


def confident_learning(codes: NDArray[np.int64], probs: NDArray[np.float64]) -> NDArray[np.bool_]:
    """cleanlab's ``find_label_issues`` with its default filter, single process."""
    from cleanlab.filter import find_label_issues

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = find_label_issues(codes, probs, n_jobs=1)
    return np.asarray(found, dtype=bool)


def label_flips(
    x: NDArray[Any],
    y: NDArray[Any],
    *,
    probabilities: NDArray[np.float64] | None = None,
    neighbours: int = 10,
    folds: int = 5,
    seed: int = 0,
    neighbour_idx: NDArray[np.int64] | None = None,
) -> RowFlags:
    """Rows whose label looks flipped, scored ``1 - quality`` (cleanlab's self-confidence on
    the fused posterior: higher is more suspect).

    ``probabilities`` are a model's out-of-sample class probabilities, columns in sorted
    label order; without them the default model is cross-validated on ``x``.
    ``neighbour_idx`` is :func:`neighbour_indices` of ``x`` if the caller already has it.
    """
    from cleanlab.count import estimate_joint
    from cleanlab.rank import get_label_quality_scores

    x = np.asarray(x)
    if len(x) != len(y):
        raise InputError(f"{len(x)} rows of features but {len(y)} labels")
    classes, codes = encode_labels(y)
    given = probabilities is not None
    if probabilities is None:
        probabilities = out_of_sample_probabilities(x, codes, folds=folds, seed=seed)
    if probabilities.shape != (len(x), len(classes)):
        raise InputError(
            f"model probabilities have shape {probabilities.shape}; expected "
            f"({len(x)}, {len(classes)}), one column per label"
        )
    near = neighbour_posteriors(x, codes, len(classes), k=neighbours, neighbours=neighbour_idx)
    fused = (probabilities + near) / 2
    flagged = confident_learning(codes, fused)
    quality = get_label_quality_scores(codes, fused)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        joint = estimate_joint(codes, fused)
    true_mass = joint.sum(axis=0)
    out_rate = 1 - np.diag(joint) / np.maximum(true_mass, 1e-12)
    rows = np.flatnonzero(flagged).astype(np.int64)
    order = np.argsort(quality[rows], kind="stable")
    rows = rows[order]
    metrics: dict[str, Any] = {
        "rows": len(x),
        "flagged": len(rows),
        "classes": len(classes),
        "neighbours": min(neighbours, len(x) - 1),
        "model": "given" if given else "default",
        "estimated_flip_rate": float(1 - np.trace(joint)),
        "estimated_flip_rate_by_true_class": {
            str(c): round(float(r), 4) for c, r in zip(classes.tolist(), out_rate, strict=True)
        },
        "suggested_labels": {
            str(r): _plain(classes[int(fused[r].argmax())]) for r in rows[:1000].tolist()
        },
    }
    return RowFlags(DETECTOR, REASON, rows, (1.0 - quality[rows]).astype(np.float64), metrics)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
