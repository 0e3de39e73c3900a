"""The clean-label trigger-support rule (``hauberk.data._clean_label``) on generated images, and
its silence on clean digits. The attack itself: tests/regressions/test_data_turner2019_*.py."""

from __future__ import annotations

import numpy as np

from hauberk.data import BackdoorSettings, backdoor_flags
from hauberk.data import _clean_label as cl
from hauberk.data._features import Representation

SETTINGS = BackdoorSettings()


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
