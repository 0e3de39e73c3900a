"""Stage 8: output hardening, to give extraction and inference attacks less to work with.

The techniques are the :mod:`hauberk.theft` wrappers (the ones bench/theft.py measures); this
module only adapts them to a request. The wrappers are ``Model`` decorators, so they are
composed once around :class:`Scores`, a stand-in "model" whose input is the already computed
probability matrix, and every request runs its ``(n, k)`` probabilities through the chain.
Applied in this order, each optional: :class:`~hauberk.theft.ReverseSigmoid` (Lee et al.
2019), :class:`~hauberk.theft.NoisyOutput` (Gaussian noise of scale ``noise`` on the
log-probabilities, redrawn while it would flip the top class), :class:`~hauberk.theft.TopK`,
:class:`~hauberk.theft.Rounding` to ``decimals`` places, :class:`~hauberk.theft.LabelOnly`.
Tramèr et al. (USENIX Security 2016) show rounding and label-only outputs raise the cost of
equation-solving and path-finding extraction.

What stays here is presentation: the label a client receives is always the unperturbed
model's top class (hardening never changes the answer, only how much the scores reveal),
scores are listed best first, only the ``top_k`` kept classes are listed, and every score is
rounded to ``decimals`` places once more after the wrappers renormalised.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, QueryCounter
from hauberk.models import InputSpec, Model


class Scores:
    """The head of the hardening chain: a ``Model`` whose "input" is a probability matrix."""

    def __init__(self, classes: Sequence[Any]) -> None:
        if len(classes) < 2:
            raise ConfigError(f"output hardening needs at least 2 classes, got {len(classes)}")
        self._classes = tuple(classes)
        self._spec = InputSpec(shape=(len(classes),), dtype="float64", lower=0.0, upper=1.0)
        self._counter = QueryCounter()

    @property
    def classes(self) -> tuple[Any, ...]:
        return self._classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self._counter

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return np.asarray(x, dtype=np.float64)


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
        from hauberk.theft import LabelOnly, NoisyOutput, ReverseSigmoid, Rounding, TopK

        if top_k is not None and top_k < 1:
            raise ConfigError(f"top_k must be >= 1 or unset, got {top_k}")
        if decimals is not None and not 0 <= decimals <= 10:
            raise ConfigError(f"decimals must be in [0, 10] or unset, got {decimals}")
        if not 0 <= noise <= 1:
            raise ConfigError(f"noise must be in [0, 1] (sigma on log-probabilities), got {noise}")
        self.classes = [c.item() if isinstance(c, np.generic) else c for c in classes]
        self.label_only = label_only
        self.top_k = top_k
        self.decimals = decimals
        chain: Model = Scores(self.classes)
        if label_only:  # nothing but the top class leaves: the other wrappers are moot
            chain = LabelOnly(chain)
        elif reverse_sigmoid is not None:
            chain = ReverseSigmoid(chain, beta=reverse_sigmoid[0], gamma=reverse_sigmoid[1])
        if noise > 0 and not label_only:
            if seed is None:
                seed = int(np.random.SeedSequence().generate_state(1)[0])
            chain = NoisyOutput(chain, sigma=noise, seed=seed)
        if top_k is not None and not label_only:
            chain = TopK(chain, k=min(top_k, len(self.classes)))
        if decimals is not None and not label_only:
            chain = Rounding(chain, decimals=decimals)
        self.chain = chain
        self._lock = threading.Lock()  # NoisyOutput's generator is not thread-safe

    def scores(self, proba: NDArray[np.float64]) -> NDArray[np.float64]:
        """The hardened ``(n, k)`` scores, before presentation."""
        with self._lock:
            return self.chain.predict_proba(np.asarray(proba, dtype=np.float64))

    def harden(
        self, proba: NDArray[np.float64], scores: NDArray[np.float64] | None = None
    ) -> list[dict[str, Any]]:
        """The outputs for ``proba``; ``scores`` is ``self.scores(proba)`` if already made."""
        classes = self.classes
        p = self.scores(proba) if scores is None else scores
        if self.label_only:
            return [{"label": classes[i]} for i in p.argmax(axis=1).tolist()]
        labels = proba.argmax(axis=1)
        if self.decimals is not None:
            p = np.round(p, self.decimals)
        k = p.shape[1] if self.top_k is None else min(self.top_k, p.shape[1])
        order = np.argsort(-p, axis=1, kind="stable")[:, :k]
        out = []
        for row, label, idx in zip(p.tolist(), labels.tolist(), order.tolist(), strict=True):
            listed = [{"class": classes[j], "score": row[j]} for j in idx]
            out.append({"label": classes[label], "scores": listed})
        return out
