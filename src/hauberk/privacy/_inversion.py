"""Model inversion of an image classifier: reconstruct a representative input of each class
(Fredrikson, Jha, Ristenpart 2015, "Model Inversion Attacks that Exploit Confidence
Information and Basic Countermeasures", CCS; the MI-Face attack).

Threat model: white box (input gradients through the ``Differentiable`` protocol). Starting
from a neutral image (the middle of the input range, or a given start), gradient descent
minimises ``-log p(class | x) + tv * total_variation(x) + l2 * ||x - start||^2`` inside the
valid input range (both priors are off by default: on digits 8x8 they lowered the
evaluator's accuracy on the reconstructions from 0.6 to 0.2-0.4). Each step costs one query
per image, charged to the model's counter.

With ``starts > 1`` each class is also inverted from ``starts - 1`` random images in the input
range: more reconstructions make the evaluator's accuracy a rate with an interval narrow
enough to judge (ten classes alone cannot put a 95% interval above 80%).

The reconstructions are judged by an *independent* evaluation classifier (one the attack did
not optimise against): its accuracy on them says how recognisable they are. Optimising against
the target alone would score adversarial noise as a success; the evaluator does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError, InputError
from hauberk.core._stats import Rate, clopper_pearson
from hauberk.models import Differentiable, Model, label_indices, torch_threads


@dataclass(frozen=True)
class InversionReport:
    classes: tuple[Any, ...]
    images: NDArray[np.float32]
    target_confidence: float
    eval_accuracy: float
    eval_confidence: float
    baseline_eval_accuracy: float
    steps: int
    partial: bool = False
    reconstructions: int = 0

    @property
    def eval_rate(self) -> Rate:
        """The evaluator's accuracy on the reconstructions, with its Clopper-Pearson interval."""
        n = self.reconstructions or len(self.classes)
        return clopper_pearson(round(self.eval_accuracy * n), n)

    def metrics(self) -> dict[str, float | int | list[float]]:
        rate = self.eval_rate
        return {
            "inversion.eval_accuracy": round(self.eval_accuracy, 6),
            "inversion.eval_accuracy_ci": [round(rate.low, 6), round(rate.high, 6)],
            "inversion.reconstructions": rate.n,
            "inversion.eval_confidence": round(self.eval_confidence, 6),
            "inversion.baseline_eval_accuracy": round(self.baseline_eval_accuracy, 6),
            "inversion.target_confidence": round(self.target_confidence, 6),
            "inversion.steps": self.steps,
        }


class ModelInversion:
    """MI-Face: gradient descent on the input towards each class, with smoothness priors."""

    def __init__(
        self,
        *,
        steps: int = 300,
        learning_rate: float = 0.05,
        tv: float = 0.0,
        l2: float = 0.0,
        threads: int | None = 1,
        starts: int = 1,
        seed: int = 0,
    ) -> None:
        if not 1 <= steps <= 100_000:
            raise ConfigError(f"steps must be within 1..100000, got {steps}")
        if not 1 <= starts <= 64:
            raise ConfigError(f"starts must be within 1..64, got {starts}")
        self.starts = starts
        self.seed = seed
        if learning_rate <= 0 or tv < 0 or l2 < 0:
            raise ConfigError("learning_rate must be > 0; tv and l2 must be >= 0")
        self.steps = steps
        self.learning_rate = learning_rate
        self.tv = tv
        self.l2 = l2
        self.threads = threads

    def run(
        self,
        model: Differentiable,
        evaluator: Model,
        *,
        classes: Sequence[Any] | None = None,
        start: NDArray[Any] | None = None,
    ) -> InversionReport:
        """Invert ``classes`` (default: all) of ``model``; score with ``evaluator``."""
        with torch_threads(self.threads):
            return self._run(model, evaluator, classes=classes, start=start)

    def _run(
        self,
        model: Differentiable,
        evaluator: Model,
        *,
        classes: Sequence[Any] | None,
        start: NDArray[Any] | None,
    ) -> InversionReport:
        import torch

        if not isinstance(model, Differentiable):
            raise InputError("model inversion needs input gradients (a Differentiable model)")
        spec = model.input_spec
        wanted = tuple(model.classes if classes is None else classes)
        if not wanted:
            raise ConfigError("classes is empty: name at least one class to invert")
        cols = label_indices(model, np.asarray(wanted, dtype=object))
        low = 0.0 if spec.lower is None else spec.lower
        high = 1.0 if spec.upper is None else spec.upper
        if start is None:
            x0 = np.full((len(wanted), *spec.shape), (low + high) / 2, dtype=np.float32)
        else:
            first = spec.check(start).astype(np.float32)[:1]
            x0 = np.broadcast_to(first, (len(wanted), *spec.shape)).copy()
        if self.starts > 1:  # the same classes again, from random images in the range
            rng = np.random.default_rng(self.seed)
            extra = rng.uniform(low, high, ((self.starts - 1) * len(wanted), *spec.shape))
            x0 = np.concatenate([x0, extra.astype(np.float32)])
            cols = np.tile(cols, self.starts)
        net = model.torch_module()
        x = torch.tensor(x0, requires_grad=True)
        anchor = torch.tensor(x0)
        target = torch.as_tensor(cols)
        n = len(x0)
        opt = torch.optim.Adam([x], lr=self.learning_rate)
        done, partial = 0, False
        for _ in range(self.steps):
            try:
                model.counter.charge(n)
            except BudgetExceeded:
                partial = True
                break
            loss = torch.nn.functional.cross_entropy(net(x), target, reduction="sum")
            loss = loss + self.tv * _total_variation(x) + self.l2 * ((x - anchor) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                x.clamp_(low, high)
            done += 1
        images = x.detach().numpy().astype(np.float32)
        with torch.no_grad():
            conf = torch.softmax(net(x), dim=1)[torch.arange(n), target]
        ev = evaluator.predict_proba(images)
        ev_cols = np.tile(label_indices(evaluator, np.asarray(wanted, dtype=object)), self.starts)
        base = evaluator.predict_proba(x0)
        return InversionReport(
            classes=wanted,
            images=images,
            target_confidence=float(conf.mean()),
            eval_accuracy=float(np.mean(ev.argmax(axis=1) == ev_cols)),
            eval_confidence=float(np.mean(ev[np.arange(n), ev_cols])),
            baseline_eval_accuracy=float(np.mean(base.argmax(axis=1) == ev_cols)),
            steps=done,
            partial=partial,
            reconstructions=n,
        )


def _total_variation(x: Any) -> Any:
    """Anisotropic total variation over the last two axes (image height and width)."""
    if x.dim() < 3:
        return x.new_zeros(())
    dh = (x[..., 1:, :] - x[..., :-1, :]).abs().sum()
    dw = (x[..., :, 1:] - x[..., :, :-1]).abs().sum()
    return dh + dw
