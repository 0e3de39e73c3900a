"""Shadow (reference) models: trained on random halves of the audited records.

Each record is in the training set of exactly half of the shadow models (the assignment of
Carlini et al. 2022's reference code), so every record has both "in" and "out" observations
for the online attacks. Shadows are trained by a user-supplied function ``(x, y) -> model``
or by cloning a scikit-learn estimator; their outputs are read through the ``Model`` protocol
like the target's, and querying them never charges the target's budget.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, Deadline, InputError
from hauberk.core._executor import Executor, LocalExecutor, seeded
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
    executor: Executor | None = None,
) -> ShadowSet:
    """Train ``shadow_models`` shadows on random halves of ``(x, y)``, score every record.

    Each shadow is one task of ``executor`` (in process by default); the trainer, the records
    and the assignment are shipped to the workers once. A task seeds the global generators
    from its own half of the records, so a trainer that reads them trains the same shadow on
    every executor. When ``deadline`` has expired as a task starts (and at least
    ``min_models`` exist), that shadow is not trained and the set comes back with
    ``complete=False``. With a ``perturber`` (a ``hauberk.privacy._labelonly.Perturber``),
    every shadow also answers the records' perturbed copies, for the label-only attacks.
    """
    check_shadow_request(len(x), len(classes), shadow_models)
    keep = assign_halves(len(x), shadow_models, rng)
    remaining = None if deadline is None else deadline.remaining
    job = _ShadowJob(
        trainer=trainer, x=x, y=y, y_idx=y_idx, classes=classes, input_spec=input_spec,
        keep=keep, perturber=perturber, min_models=min_models,
        end=None if remaining is None else time.time() + remaining,
    )  # fmt: skip
    answers = (executor or LocalExecutor()).map(_train_one, range(shadow_models), shared=job)
    done = [i for i, a in enumerate(answers) if a is not None]
    rows = [a for a in answers if a is not None]
    with_perturbed = perturber is not None
    return ShadowSet(
        keep=keep[done],
        p_true=np.stack([r[0] for r in rows]),
        phi=np.stack([r[1] for r in rows]),
        complete=len(done) == shadow_models,
        correct=np.stack([r[2] for r in rows]) if with_perturbed else None,
        robust=np.stack([r[3] for r in rows]) if with_perturbed else None,
        aug_phi=np.stack([r[4] for r in rows]) if with_perturbed else None,
    )


@dataclass(frozen=True)
class _ShadowJob:
    """What every shadow task needs, shipped to the workers once."""

    trainer: ShadowTrainer
    x: NDArray[Any]
    y: NDArray[Any]
    y_idx: NDArray[np.int64]
    classes: tuple[Any, ...]
    input_spec: InputSpec
    keep: NDArray[np.bool_]
    perturber: Any
    min_models: int
    end: float | None  # wall-clock time.time() after which no new shadow starts


def shadow_seed(keep: NDArray[np.bool_], i: int) -> int:
    """Shadow ``i``'s seed: from its own half of the records, not from the order tasks run."""
    return zlib.crc32(np.packbits(keep).tobytes(), i) & 0x7FFFFFFF


def _train_one(job: _ShadowJob, i: int) -> tuple[Any, ...] | None:
    """Train shadow ``i`` and read its answers on every record (one executor task)."""
    if job.end is not None and time.time() > job.end and i >= job.min_models:
        return None
    keep, x, y = job.keep[i], job.x, job.y
    with seeded(shadow_seed(keep, i)):
        fitted = as_shadow_model(
            job.trainer(x[keep], y[keep]), input_spec=job.input_spec, classes=job.classes
        )
    proba = aligned_proba(fitted, x, job.classes)
    row: tuple[Any, ...] = (
        true_class_proba(proba, job.y_idx),
        logit_confidence(proba, job.y_idx),
    )
    if job.perturber is not None:
        from hauberk.privacy._labelonly import augmented_phi, query_robustness

        rob = query_robustness(
            fitted, x, job.y_idx, job.perturber,
            aligned=lambda m, b: aligned_proba(m, b, job.classes),
        )  # fmt: skip
        row += (
            np.asarray(proba.argmax(axis=1) == job.y_idx),
            rob.robust,
            augmented_phi(rob.robust, job.perturber.copies),
        )
    return row
