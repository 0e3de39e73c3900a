"""STRIP: an inference-time guard against trojaned inputs (Gao et al., "STRIP: A Defence
Against Trojan Attacks on Deep Neural Networks", ACSAC 2019).

Threat model: the served model carries a backdoor; an attacker sends inputs stamped with its
trigger. The trigger dominates whatever else the input shows, so a trojaned input blended with
random clean images keeps its (target) prediction and the predictions have low entropy, while a
clean input blended with other clean images drifts between classes: high entropy.

Each input is superimposed on ``overlays`` clean reference images as in the paper, by adding
them (``x + weight·r``, default weight 1) and clipping to the model's input range (without a
known range the sum is halved instead); its score is the mean entropy of the model's predictions
over them. Averaging instead of adding (``(x + r) / 2``) halves the trigger too, and on digits
the patch-backdoored model then let 99% of triggered inputs through: the trigger must survive.
The threshold is calibrated on clean held-out inputs so that a share ``false_rejection``
(default 1%) of them falls below it: the reference data are split once, with a fixed seed,
into the images that are blended in and the calibration inputs (at least
``1 / false_rejection`` of them, so the quantile is inside the sample). The guard refuses a row
whose entropy is below the threshold. It costs ``overlays`` model calls per row.

``Strip`` satisfies the gateway's ``InputGuard`` protocol (``name`` and ``flags``), so
``hauberk serve`` loads it from ``[guards.strip]`` in serve.toml.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, clopper_pearson
from hauberk.models import Model

Score = Callable[[NDArray[Any]], NDArray[np.float64]]


def _entropy(p: NDArray[np.float64]) -> NDArray[np.float64]:
    q = np.clip(p, 1e-12, 1.0)
    out: NDArray[np.float64] = -(q * np.log(q)).sum(axis=1)
    return out


class Strip:
    """Refuse inputs whose predictions stay certain when blended with clean images."""

    name = "strip"

    def __init__(
        self,
        model: Model,
        reference: NDArray[Any],
        *,
        overlays: int = 16,
        false_rejection: float = 0.01,
        weight: float = 1.0,
        seed: int = 0,
    ) -> None:
        ref = np.asarray(reference)
        if not 2 <= overlays <= 1024:
            raise ConfigError(f"strip: overlays must be in [2, 1024], got {overlays}")
        if not 0 < false_rejection < 0.5:
            raise ConfigError(f"strip: false_rejection must be in (0, 0.5), got {false_rejection}")
        if not 0 < weight <= 1:
            raise ConfigError(f"strip: weight must be in (0, 1], got {weight}")
        spec = model.input_spec
        if ref.ndim < 2 or tuple(ref.shape[1:]) != tuple(spec.shape):
            raise ConfigError(
                f"strip: reference inputs have shape {ref.shape[1:]}, the model takes {spec.shape}"
            )
        if not np.isfinite(ref.astype(np.float64)).all():
            raise ConfigError("strip: reference inputs hold NaN or infinite values")
        calibration_rows = int(np.ceil(1 / false_rejection))
        need = calibration_rows + overlays
        if len(ref) < need:
            raise ConfigError(
                f"strip: {len(ref)} reference inputs; a {false_rejection:.1%} false rejection "
                f"needs at least {need} ({calibration_rows} to calibrate on, {overlays} to blend)"
            )
        self.overlays, self.weight, self.false_rejection = overlays, weight, false_rejection
        self.lower = None if spec.lower is None else float(spec.lower)
        self.upper = None if spec.upper is None else float(spec.upper)
        self.dtype = np.dtype(spec.dtype) if spec.dtype else ref.dtype
        order = np.random.default_rng(seed).permutation(len(ref))
        n_pool = max(overlays, min(len(ref) - calibration_rows, len(ref) // 2))
        self.pool = ref[order[:n_pool]].astype(np.float64)
        held_out = ref[order[n_pool:]]
        self._rng = np.random.default_rng(seed + 1)
        clean = self.entropy(held_out, model.predict_proba)
        self.threshold = float(np.quantile(clean, false_rejection, method="lower"))
        rejected = int((clean < self.threshold).sum())
        self.calibration = {
            "rows": len(held_out),
            "pool": n_pool,
            "threshold": self.threshold,
            "false_rejection": clopper_pearson(rejected, len(held_out)).to_dict(),
        }

    def blend(self, x: NDArray[Any]) -> NDArray[Any]:
        """``overlays`` blends of each row of ``x``, row-major: (len(x) * overlays, ...)."""
        arr = np.asarray(x, dtype=np.float64)
        pick = self._rng.integers(0, len(self.pool), size=(len(arr), self.overlays))
        mixed = arr[:, None] + self.weight * self.pool[pick]
        if self.lower is not None or self.upper is not None:
            mixed = np.clip(mixed, self.lower, self.upper)
        else:
            mixed = mixed / (1 + self.weight)
        mixed = mixed.reshape(len(arr) * self.overlays, *arr.shape[1:])
        if np.issubdtype(self.dtype, np.integer):
            mixed = np.rint(mixed)
        out: NDArray[Any] = mixed.astype(self.dtype)
        return out

    def entropy(self, x: NDArray[Any], score: Score) -> NDArray[np.float64]:
        """Mean prediction entropy of each row of ``x`` over its blends."""
        if len(x) == 0:
            return np.zeros(0)
        proba = np.asarray(score(self.blend(x)), dtype=np.float64)
        out: NDArray[np.float64] = _entropy(proba).reshape(len(x), self.overlays).mean(axis=1)
        return out

    def flags(self, x: NDArray[Any], proba: NDArray[np.float64], score: Score) -> NDArray[Any]:
        """True for each row of ``x`` whose blends' entropy is below the calibrated threshold."""
        flagged: NDArray[Any] = self.entropy(x, score) < self.threshold
        return flagged
