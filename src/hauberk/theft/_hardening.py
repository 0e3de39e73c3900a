"""Output hardening: wrappers that return less information than the model computes.

Each wrapper is itself a ``Model`` (same classes, input spec and query counter as the model it
wraps), so the attacks that measure leakage run against the hardened API unchanged, and the
gateway can put any of them in front of any model. All keep the top-1 label except where
stated, so accuracy does not change; what they cost is measured as (top-1 accuracy loss,
extraction fidelity drop, drop in the strongest membership attack's AUC) in bench/theft.py;
hiding scores does not hide membership from label-only attacks (docs/theft.md).

- ``TopK``: keep the k highest scores, renormalised (the rest is zero).
- ``Rounding``: scores rounded to ``decimals`` places, renormalised (Tramèr et al. 2016).
- ``LabelOnly``: one-hot top-1 label.
- ``NoisyOutput``: Gaussian noise of scale ``sigma`` on the log-probabilities, redrawn while
  it would change the top-1 label (falls back to the clean row after ``tries``).
- ``ReverseSigmoid``: Lee et al. 2019 ("Defending Against NN Model Stealing Attacks Using
  Deceptive Perturbations", IEEE S&P Workshops): ``y' = alpha * (y - beta * (s(gamma *
  s^-1(y)) - 1/2))`` with ``s`` the sigmoid, renormalised; it keeps the ranking of scores in
  most rows and poisons the gradient signal a copy learns from.
"""

from __future__ import annotations

from typing import Any, final

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, QueryCounter
from hauberk.models import InputSpec, Model

EPS = 1e-12


def _renormalise(p: NDArray[np.float64], fallback: NDArray[np.float64]) -> NDArray[np.float64]:
    total = p.sum(axis=1, keepdims=True)
    empty = total[:, 0] <= EPS
    out = np.where(total > EPS, p / np.maximum(total, EPS), 0.0)
    if empty.any():
        out[empty] = _one_hot(fallback[empty])
    return np.asarray(out)


def _one_hot(p: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.zeros_like(p)
    out[np.arange(len(p)), p.argmax(axis=1)] = 1.0
    return out


class OutputDefence:
    """Base of the wrappers: delegates everything but the scores to the wrapped model."""

    def __init__(self, model: Model) -> None:
        if not isinstance(model, Model):
            raise ConfigError(f"output hardening wraps a hauberk Model, got {type(model).__name__}")
        self.model = model

    @property
    def classes(self) -> tuple[Any, ...]:
        return self.model.classes

    @property
    def input_spec(self) -> InputSpec:
        return self.model.input_spec

    @property
    def counter(self) -> QueryCounter:
        return self.model.counter

    def _transform(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        raise NotImplementedError

    @final
    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        p = self.model.predict_proba(x)
        if len(p) == 0:
            return p
        return _renormalise(np.clip(self._transform(p), 0.0, None), p)


class TopK(OutputDefence):
    def __init__(self, model: Model, *, k: int = 1) -> None:
        super().__init__(model)
        if not 1 <= k <= len(model.classes):
            raise ConfigError(f"k must be within 1..{len(model.classes)}, got {k}")
        self.k = k

    def _transform(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        keep = np.argsort(-p, axis=1, kind="stable")[:, : self.k]
        out = np.zeros_like(p)
        rows = np.arange(len(p))[:, None]
        out[rows, keep] = p[rows, keep]
        return out


class Rounding(OutputDefence):
    def __init__(self, model: Model, *, decimals: int = 1) -> None:
        super().__init__(model)
        if not 0 <= decimals <= 10:
            raise ConfigError(f"decimals must be within 0..10, got {decimals}")
        self.decimals = decimals

    def _transform(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.round(p, self.decimals)
        # keep the top-1 label: rounding must not tie it away
        top = p.argmax(axis=1)
        rows = np.arange(len(p))
        others = out.copy()
        others[rows, top] = -np.inf
        runner_up = others.max(axis=1)
        tied = out[rows, top] <= runner_up
        out[rows[tied], top[tied]] = runner_up[tied] + 10.0**-self.decimals
        return np.asarray(out)


class LabelOnly(OutputDefence):
    def _transform(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        return _one_hot(p)


class NoisyOutput(OutputDefence):
    def __init__(self, model: Model, *, sigma: float = 1.0, tries: int = 10, seed: int = 0) -> None:
        super().__init__(model)
        if not 0 < sigma <= 100:
            raise ConfigError(f"sigma must be within (0, 100], got {sigma}")
        if tries < 1:
            raise ConfigError(f"tries must be >= 1, got {tries}")
        self.sigma = sigma
        self.tries = tries
        self._rng = np.random.default_rng(seed)

    def _transform(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        logp = np.log(np.clip(p, EPS, None))
        top = p.argmax(axis=1)
        out = p.copy()
        todo = np.arange(len(p))
        for _ in range(self.tries):
            z = logp[todo] + self._rng.normal(0.0, self.sigma, logp[todo].shape)
            z = np.exp(z - z.max(axis=1, keepdims=True))
            z /= z.sum(axis=1, keepdims=True)
            ok = z.argmax(axis=1) == top[todo]
            out[todo[ok]] = z[ok]
            todo = todo[~ok]
            if len(todo) == 0:
                break
        return out


class ReverseSigmoid(OutputDefence):
    def __init__(self, model: Model, *, beta: float = 0.7, gamma: float = 0.4) -> None:
        super().__init__(model)
        if not 0 < beta <= 10 or not 0 < gamma <= 10:
            raise ConfigError(f"beta and gamma must be within (0, 10], got {beta}, {gamma}")
        self.beta = beta
        self.gamma = gamma

    def _transform(self, p: NDArray[np.float64]) -> NDArray[np.float64]:
        q = np.clip(p, 1e-7, 1 - 1e-7)
        logit = np.log(q / (1 - q))
        r = self.beta * (1.0 / (1.0 + np.exp(-self.gamma * logit)) - 0.5)
        return np.asarray(p - r)
