"""Stage 8: output hardening, to give extraction and inference attacks less to work with.

Applied in this order, each optional: reverse sigmoid (Lee, Edwards, Molloy, Srivastava,
"Defending Against NN Model Stealing Attacks Using Deceptive Perturbations", IEEE S&P
Workshops 2019: ``y - beta * (sigmoid(gamma * logit(y)) - 1/2)``, renormalised), Laplace
noise of scale ``noise``, rounding to ``decimals``, top-k truncation, label only. The label is
always the unperturbed model's top class, so hardening never changes the answer, only how
much the scores reveal (Tramèr et al., USENIX Security 2016, show rounding and label-only
outputs raise the cost of equation-solving and path-finding extraction).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError

_EPS = 1e-7


def reverse_sigmoid(p: NDArray[np.float64], *, beta: float, gamma: float) -> NDArray[np.float64]:
    q = np.clip(p, _EPS, 1 - _EPS)
    logit = np.log(q / (1 - q))
    perturbed = q - beta * (1.0 / (1.0 + np.exp(-gamma * logit)) - 0.5)
    perturbed = np.clip(perturbed, _EPS, None)
    out: NDArray[np.float64] = perturbed / perturbed.sum(axis=1, keepdims=True)
    return out


class OutputHardener:
    """Turns ``(n, k)`` probabilities into the JSON outputs a client receives."""

    def __init__(
        self,
        classes: Sequence[Any],
        *,
        label_only: bool = False,
        top_k: int | None = None,
        decimals: int | None = 4,
        noise: float = 0.0,
        reverse_sigmoid: tuple[float, float] | None = None,
        seed: int | None = None,
    ) -> None:
        if top_k is not None and top_k < 1:
            raise ConfigError(f"top_k must be >= 1 or unset, got {top_k}")
        if decimals is not None and not 0 <= decimals <= 12:
            raise ConfigError(f"decimals must be in [0, 12] or unset, got {decimals}")
        if not 0 <= noise <= 1:
            raise ConfigError(f"noise must be in [0, 1], got {noise}")
        self.classes = [c.item() if isinstance(c, np.generic) else c for c in classes]
        self.label_only = label_only
        self.top_k = top_k
        self.decimals = decimals
        self.noise = noise
        self.reverse = reverse_sigmoid
        self._rng = np.random.default_rng(seed)

    def harden(self, proba: NDArray[np.float64]) -> list[dict[str, Any]]:
        labels = proba.argmax(axis=1)
        if self.label_only:
            return [{"label": self.classes[i]} for i in labels.tolist()]
        p = proba
        if self.reverse is not None:
            p = reverse_sigmoid(p, beta=self.reverse[0], gamma=self.reverse[1])
        if self.noise > 0:
            p = np.clip(p + self._rng.laplace(0.0, self.noise, size=p.shape), 0.0, None)
            total = p.sum(axis=1, keepdims=True)
            p = np.where(total > 0, p / np.where(total > 0, total, 1.0), 1.0 / p.shape[1])
        if self.decimals is not None:
            p = np.round(p, self.decimals)
        k = p.shape[1] if self.top_k is None else min(self.top_k, p.shape[1])
        order = np.argsort(-p, axis=1, kind="stable")[:, :k]
        classes = self.classes
        out = []
        for row, label, idx in zip(p.tolist(), labels.tolist(), order.tolist(), strict=True):
            scores = [{"class": classes[j], "score": row[j]} for j in idx]
            out.append({"label": classes[label], "scores": scores})
        return out
