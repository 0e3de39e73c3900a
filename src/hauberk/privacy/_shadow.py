"""Shadow (reference) models: trained on random halves of the audited records.

Each record is in the training set of exactly half of the shadow models (the assignment of
Carlini et al. 2022's reference code), so every record has both "in" and "out" observations
for the online attacks. Shadows are trained by a user-supplied function ``(x, y) -> model``
or by cloning a scikit-learn estimator; their outputs are read through the ``Model`` protocol
like the target's, and querying them never charges the target's budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, Deadline, InputError
from hauberk.models import InputSpec, Model, ModelOptions, SklearnModel, as_model
from hauberk.privacy._scores import aligned_proba, logit_confidence, true_class_proba

#: A function that trains a fresh model on ``(x, y)``: returns a hauberk ``Model``, a fitted
#: scikit-learn classifier or a torch module.
ShadowTrainer = Callable[[NDArray[Any], NDArray[Any]], Any]

MIN_RECORDS_PER_CLASS = 2
MIN_RECORDS = 20


def sklearn_trainer(estimator: Any, *, input_spec: InputSpec | None = None) -> ShadowTrainer:
    """A trainer that fits ``sklearn.base.clone(estimator)``: same hyper-parameters, no weights."""
    from sklearn.base import clone

    def train(x: NDArray[Any], y: NDArray[Any]) -> Model:
        fitted = clone(estimator).fit(x.reshape(len(x), -1), y)
        return SklearnModel(fitted, input_spec=input_spec)

    return train


def as_shadow_model(obj: Any, *, input_spec: InputSpec, classes: tuple[Any, ...]) -> Model:
    """Adapt what a trainer returned; a torch module is read as logits over ``classes``."""
    if isinstance(obj, Model):
        return obj
    if hasattr(obj, "classes_"):
        return SklearnModel(obj, input_spec=input_spec)
    return as_model(obj, ModelOptions(input_spec=input_spec, classes=classes, output="logits"))


@dataclass(frozen=True)
class ShadowSet:
    """What shadow model ``i`` said about record ``j``.

    ``keep[i, j]`` is True when record ``j`` was in model ``i``'s training set; ``p_true`` is its
    probability of the record's true label and ``phi`` LiRA's logit-scaled confidence. With
    perturbed copies (label-only attacks), ``correct``, ``robust`` and ``aug_phi`` are the
    same per-record statistics as in ``TargetOutputs``.
    """

    keep: NDArray[np.bool_]
    p_true: NDArray[np.float64]
    phi: NDArray[np.float64]
    complete: bool = True
    correct: NDArray[np.bool_] | None = None
    robust: NDArray[np.float64] | None = None
    aug_phi: NDArray[np.float64] | None = None

    @property
    def models(self) -> int:
        return int(self.keep.shape[0])


def check_shadow_request(records: int, classes: int, shadow_models: int) -> None:
    """Refuse requests that cannot give each shadow a usable half of the records."""
    if shadow_models < 2:
        raise ConfigError(
            f"shadow_models must be >= 2 (one in, one out per record), got {shadow_models}"
        )
    need = max(MIN_RECORDS, 2 * MIN_RECORDS_PER_CLASS * classes)
    if records < need:
        raise InputError(
            f"{records} records are too few for shadow models over {classes} classes: each "
            f"shadow trains on half of them, so give at least {need} records (members and "
            "non-members together) or use the threshold attack, which needs no shadows"
        )


def assign_halves(records: int, shadow_models: int, rng: np.random.Generator) -> NDArray[np.bool_]:
    """``keep[i, j]``: each record lands in exactly ``shadow_models // 2`` shadow training sets."""
    order = rng.uniform(size=(shadow_models, records)).argsort(axis=0)
    return np.asarray(order < shadow_models // 2)


def train_shadows(
    trainer: ShadowTrainer,
    x: NDArray[Any],
    y: NDArray[Any],
    y_idx: NDArray[np.int64],
    *,
    classes: tuple[Any, ...],
    input_spec: InputSpec,
    shadow_models: int,
    rng: np.random.Generator,
    deadline: Deadline | None = None,
    min_models: int = 2,
    perturber: Any = None,
) -> ShadowSet:
    """Train ``shadow_models`` shadows on random halves of ``(x, y)``, score every record.

    When ``deadline`` expires between two shadows (and at least ``min_models`` exist), the set
    is returned with the shadows trained so far and ``complete=False``. With a ``perturber``
    (a ``hauberk.privacy._labelonly.Perturber``), every shadow also answers the records'
    perturbed copies, for the label-only attacks.
    """
    check_shadow_request(len(x), len(classes), shadow_models)
    keep = assign_halves(len(x), shadow_models, rng)
    p_rows: list[NDArray[np.float64]] = []
    phi_rows: list[NDArray[np.float64]] = []
    correct_rows: list[NDArray[np.bool_]] = []
    robust_rows: list[NDArray[np.float64]] = []
    aug_rows: list[NDArray[np.float64]] = []
    for i in range(shadow_models):
        if deadline is not None and deadline.expired and i >= min_models:
            break
        fitted = as_shadow_model(
            trainer(x[keep[i]], y[keep[i]]), input_spec=input_spec, classes=classes
        )
        proba = aligned_proba(fitted, x, classes)
        p_rows.append(true_class_proba(proba, y_idx))
        phi_rows.append(logit_confidence(proba, y_idx))
        if perturber is not None:
            from hauberk.privacy._labelonly import augmented_phi, query_robustness

            correct_rows.append(np.asarray(proba.argmax(axis=1) == y_idx))
            rob = query_robustness(
                fitted, x, y_idx, perturber, aligned=lambda m, b: aligned_proba(m, b, classes)
            )
            robust_rows.append(rob.robust)
            aug_rows.append(augmented_phi(rob.robust, perturber.copies))
    done = len(p_rows)
    return ShadowSet(
        keep=keep[:done],
        p_true=np.stack(p_rows),
        phi=np.stack(phi_rows),
        complete=done == shadow_models,
        correct=np.stack(correct_rows) if correct_rows else None,
        robust=np.stack(robust_rows) if robust_rows else None,
        aug_phi=np.stack(aug_rows) if aug_rows else None,
    )
