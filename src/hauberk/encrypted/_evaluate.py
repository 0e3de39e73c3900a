"""Accuracy of encrypted inference against the plain model, latency per sample, message size.

:func:`evaluate` runs a :class:`PolyModel` on the same rows three ways: in plaintext, under
CKKS (TenSEAL, client and server objects with separate key material) and/or by three MPyC
parties. Each accuracy is a :class:`~hauberk.core.Rate` with its 95% Clopper-Pearson interval;
``agreement`` is the share of rows whose encrypted label equals the plaintext label, the
direct measure of what encryption changed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError
from hauberk.core._stats import Rate, clopper_pearson
from hauberk.encrypted._model import PolyModel, labels_of

Backend = Literal["tenseal", "mpyc"]
BACKENDS: tuple[Backend, ...] = ("tenseal", "mpyc")


@dataclass(frozen=True)
class EncryptedEvaluation:
    """What encrypted inference cost and changed on ``n`` rows."""

    backend: Backend
    model: str
    n: int
    plain_accuracy: Rate
    encrypted_accuracy: Rate
    agreement: Rate
    max_logit_error: float
    latency_per_sample: float  # seconds, client encrypt + server compute + client decrypt
    bytes_per_sample: float  # ciphertexts (tenseal) or messages all parties sent (mpyc)
    setup_seconds: float  # keys and context (tenseal) or process start (mpyc)

    @property
    def accuracy_difference_points(self) -> float:
        """Plain minus encrypted accuracy, in percentage points."""
        return 100.0 * (self.plain_accuracy.value - self.encrypted_accuracy.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "model": self.model,
            "n": self.n,
            "plain_accuracy": self.plain_accuracy.to_dict(),
            "encrypted_accuracy": self.encrypted_accuracy.to_dict(),
            "agreement": self.agreement.to_dict(),
            "accuracy_difference_points": round(self.accuracy_difference_points, 4),
            "max_logit_error": self.max_logit_error,
            "latency_per_sample_s": self.latency_per_sample,
            "bytes_per_sample": self.bytes_per_sample,
            "setup_seconds": self.setup_seconds,
        }


def _tenseal(model: PolyModel, xs: NDArray[np.float64]) -> tuple[NDArray[np.float64], float,
                                                                  float, float]:  # fmt: skip
    from hauberk.encrypted._ckks import CkksClient, CkksServer

    began = time.perf_counter()
    client = CkksClient(depth=model.depth)
    server = CkksServer(client.public_context(), model)
    setup = time.perf_counter() - began
    out: list[NDArray[np.float64]] = []
    size = 0
    began = time.perf_counter()
    for row in xs:
        query = client.encrypt(row)
        answer = server.infer(query)
        size += len(query) + len(answer)
        out.append(client.decrypt(answer)[: model.n_outputs])
    per_sample = (time.perf_counter() - began) / len(xs)
    return np.vstack(out), per_sample, size / len(xs), setup


def _mpyc(model: PolyModel, x: NDArray[Any]) -> tuple[NDArray[np.float64], float, float, float]:
    from hauberk.encrypted._mpc import mpc_infer

    result = mpc_infer(model, x)
    n = len(x)
    return (
        result.logits,
        result.seconds / n,
        result.bytes_sent / n,
        max(0.0, result.wall_seconds - result.seconds),
    )


def evaluate(
    model: PolyModel, x: NDArray[Any], y: NDArray[Any], *, backend: Backend = "tenseal"
) -> EncryptedEvaluation:
    """Run ``model`` on raw rows ``x`` in plaintext and under ``backend``; compare to ``y``."""
    if backend not in BACKENDS:
        raise ConfigError(f"backend {backend!r} must be one of {', '.join(BACKENDS)}")
    y = np.asarray(y)
    if len(x) == 0 or len(x) != len(y):
        raise InputError(f"need as many labels as rows and at least one row: {len(x)}, {len(y)}")
    xs = model.prepare(x)
    plain = model.logits(xs)
    if backend == "tenseal":
        logits, per_sample, size, setup = _tenseal(model, xs)
    else:
        logits, per_sample, size, setup = _mpyc(model, x)
    if logits.shape != plain.shape or not np.all(np.isfinite(logits)):
        raise InputError(f"{backend} returned logits of shape {logits.shape}, not {plain.shape}")
    plain_labels, enc_labels = labels_of(plain), labels_of(logits)
    n = len(y)
    return EncryptedEvaluation(
        backend=backend,
        model=model.kind,
        n=n,
        plain_accuracy=clopper_pearson(int(np.sum(plain_labels == y)), n),
        encrypted_accuracy=clopper_pearson(int(np.sum(enc_labels == y)), n),
        agreement=clopper_pearson(int(np.sum(enc_labels == plain_labels)), n),
        max_logit_error=float(np.max(np.abs(logits - plain))),
        latency_per_sample=per_sample,
        bytes_per_sample=size,
        setup_seconds=setup,
    )


def demo_model(
    dataset: Literal["breast-cancer", "digits"],
    kind: Literal["linear", "mlp"],
    *,
    seed: int = 0,
    epochs: int = 200,
) -> tuple[PolyModel, NDArray[np.float64], NDArray[np.int64]]:
    """Train a model on a scikit-learn bundled set; return it with the held-out rows."""
    from sklearn.datasets import load_breast_cancer, load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from hauberk.encrypted._model import from_linear, train_poly_mlp

    if dataset == "breast-cancer":
        x, y = load_breast_cancer(return_X_y=True)
    elif dataset == "digits":
        x, y = load_digits(return_X_y=True)
    else:
        raise ConfigError(f"dataset {dataset!r} must be breast-cancer or digits")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.3, random_state=seed, stratify=y
    )
    if kind == "linear":
        scaler = StandardScaler().fit(x_train)
        lr = LogisticRegression(max_iter=2000, random_state=seed)
        lr.fit(scaler.transform(x_train), y_train)
        model = from_linear(lr, mean=scaler.mean_, scale=scaler.scale_)
    elif kind == "mlp":
        model = train_poly_mlp(x_train, y_train, seed=seed, epochs=epochs)
    else:
        raise ConfigError(f"model {kind!r} must be linear or mlp")
    return model, np.asarray(x_test, dtype=np.float64), np.asarray(y_test, dtype=np.int64)
