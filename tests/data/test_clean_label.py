"""Clean-label backdoors (Turner, Tsipras and Madry 2019, "Label-Consistent Backdoor Attacks"):
target-class rows perturbed adversarially, then stamped, labels untouched.

Trigger transfer confirms the class but its residual projection misses rows whose adversarial
perturbation dilutes it; ``_clean_label`` re-tests the class's rows on the trigger's pixels.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from hauberk.data import BackdoorSettings, backdoor_flags
from hauberk.data import _clean_label as cl
from hauberk.data._features import Representation
from tests._backdoor import TARGET, digits, rates, stamp

SETTINGS = BackdoorSettings()


@cache
def turner(rate: float, eps: float = 0.3) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """Training digits with ``rate``·n zeros PGD-perturbed (L-inf ``eps`` of the range, 20
    steps, against a surrogate trained on the clean set) and stamped; the model trained on
    them."""
    import torch

    from hauberk.data._features import train_default

    xtr, _, ytr, _ = digits()
    own = np.flatnonzero(ytr == TARGET)
    n = min(round(rate * len(xtr)), len(own))  # as the bench: capped at the class
    pick = np.random.default_rng(0).choice(own, n, replace=False)
    surrogate = train_default(xtr, ytr.astype(np.int64), epochs=20, seed=1, threads=1)
    x0 = torch.as_tensor(xtr[pick], dtype=torch.float32)
    labels = torch.as_tensor(ytr[pick], dtype=torch.int64)
    budget = eps * 16.0
    adv = x0.clone()
    for _ in range(20):
        adv.requires_grad_(True)
        loss = torch.nn.functional.cross_entropy(surrogate(adv), labels)
        (grad,) = torch.autograd.grad(loss, adv)
        step = adv.detach() + budget / 4 * grad.sign()
        adv = torch.minimum(torch.maximum(step, x0 - budget), x0 + budget).clamp(0.0, 16.0)
    x = xtr.copy()
    x[pick] = stamp(adv.detach().numpy())
    truth = np.zeros(len(x), dtype=bool)
    truth[pick] = True
    model = train_default(x, ytr.astype(np.int64), epochs=20, seed=0, threads=1)
    return x, ytr, truth, model


def test_adversarially_perturbed_clean_label_poison_at_10_percent_is_found() -> None:
    """At 10% the whole class is poison: trigger transfer's residual test found 56% of it on
    the bench's seed 0; the union with the trigger-support test must find 90%."""
    x, y, truth, model = turner(0.10)
    flags = backdoor_flags(x, y, model, SETTINGS)
    tpr, fpr = rates(flags.rows, truth)
    assert tpr >= 0.9 and fpr <= 0.05, (tpr, fpr, flags.metrics)
    assert flags.metrics["clean_label_rows"] >= 0.9 * truth.sum()


def _rep(labels: np.ndarray) -> Representation:
    n = len(labels)
    zeros = np.zeros(n)
    return Representation(np.zeros((n, 2)), zeros, zeros, labels.astype(np.int64), "model", 1.0)


def _images(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(3), 60)
    x = rng.uniform(0.0, 0.4, (len(y), 8, 8))
    x[:, 2:6, 2:6] += y[:, None, None] * 0.2  # a class-dependent blob
    return x, y


def test_rows_carrying_a_local_trigger_are_flagged_from_a_few_seeds() -> None:
    x, y = _images()
    poison = np.flatnonzero(y == 0)[:20]
    x[poison, -2:, -2:] = 1.0
    rows, scores, per_class = cl.support_scores(x, _rep(y), poison[:6])
    assert set(rows.tolist()) == set(poison.tolist())
    assert per_class["0"]["carrying_rows"] == 20
    assert scores[poison].min() >= cl.CARRIES


def test_a_spread_trigger_is_left_to_trigger_transfer() -> None:
    """A blended pattern's support is most of the image: no rows from this rule."""
    x, y = _images()
    poison = np.flatnonzero(y == 0)[:20]
    pattern = np.random.default_rng(1).uniform(0.0, 1.0, (8, 8))
    x[poison] = 0.5 * x[poison] + 0.5 * pattern
    rows, _, per_class = cl.support_scores(x, _rep(y), poison[:10])
    assert len(rows) == 0
    assert per_class["0"]["support_pixels"] > cl.MAX_SUPPORT * 64


def test_without_enough_transfer_rows_nothing_is_flagged() -> None:
    x, y = _images()
    rows, scores, per_class = cl.support_scores(x, _rep(y), np.arange(cl.MIN_SEEDS - 1))
    assert len(rows) == 0 and not scores.any() and per_class == {}


def test_on_clean_digits_the_union_with_this_rule_flags_at_most_one_percent() -> None:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    flags = backdoor_flags(x.reshape(-1, 8, 8), y, None, SETTINGS)
    assert flags.metrics["clean_label_rows"] == 0
    assert len(flags.rows) / len(x) <= 0.01, len(flags.rows)
