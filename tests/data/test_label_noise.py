"""Precision and recall of the k-NN label-flip detector on scikit-learn's digits."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import CheckContext, Status
from hauberk.data import DataSettings, LabelNoise, suspect_labels
from hauberk.models import Dataset, Split, Target


def flip(y: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(y), int(share * len(y)), replace=False)
    flipped = y.copy()
    flipped[idx] = (y[idx] + rng.integers(1, 10, len(idx))) % 10
    return flipped, idx


def test_detector_finds_flipped_labels(digits_split: Any) -> None:
    x, y = digits_split["train"]
    noisy, flipped = flip(y, 0.10, seed=1)
    found, _ = suspect_labels(x, noisy, k=10, agreement=0.7)
    truth = set(flipped.tolist())
    hits = len(truth & set(found.tolist()))
    precision = hits / max(len(found), 1)
    recall = hits / len(truth)
    # measured on digits (898 training rows, 10% flipped): precision 0.93, recall 0.85
    assert precision > 0.88
    assert recall > 0.8


def run(x: np.ndarray, y: np.ndarray, **settings: Any) -> Any:
    target = Target(name="t", data=Dataset(train=Split(x, y), test=Split(x[:10], y[:10])))
    ctx = CheckContext(settings=DataSettings(**settings), seed=0)
    return LabelNoise().run(target, ctx)


def test_clean_digits_pass_and_flipped_digits_fail(digits_split: Any) -> None:
    x, y = digits_split["train"]
    clean = run(x, y)
    assert clean.status is Status.PASSED
    assert clean.metrics["suspect_share"] < 0.03
    noisy = run(x, flip(y, 0.1, seed=2)[0])
    assert noisy.status is Status.FAILED
    assert noisy.findings[0].id == "HB-DA-SUSPECT-LABELS"


def test_settings_are_range_checked() -> None:
    with pytest.raises(ValueError, match="neighbours"):
        DataSettings(neighbours=1)


def test_the_check_finds_systematic_flips_the_neighbour_rule_misses(digits_split: Any) -> None:
    x, y = digits_split["train"]
    noisy = y.copy()
    rng = np.random.default_rng(0)
    for source, target in ((3, 8), (1, 7)):
        rows = np.flatnonzero(y == source)
        noisy[rng.choice(rows, int(0.4 * len(rows)), replace=False)] = target
    result = run(x, noisy)
    assert result.status is Status.FAILED
    # the relabelled rows are dense clusters: the neighbour rule alone sees few of them
    assert result.metrics["suspects"] > 1.5 * result.metrics["neighbour_rule_suspects"]


def test_one_class_is_skipped_not_passed(digits_split: Any) -> None:
    x, _ = digits_split["train"]
    result = run(x, np.zeros(len(x), dtype=int))
    assert result.status is Status.SKIPPED


def test_without_cleanlab_the_check_falls_back_to_neighbours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """cleanlab ships with the 'data' extra: a core install still judges label flips (k-NN)
    and says which method ran, instead of erroring on every assess."""
    import sys

    from sklearn.datasets import load_iris

    from hauberk.core import CheckContext, run_check
    from hauberk.data import DataSettings, LabelNoise
    from hauberk.models import Dataset, Split, Target

    monkeypatch.setitem(sys.modules, "cleanlab", None)
    monkeypatch.setitem(sys.modules, "cleanlab.filter", None)
    monkeypatch.setitem(sys.modules, "cleanlab.count", None)
    monkeypatch.setitem(sys.modules, "cleanlab.rank", None)
    x, y = load_iris(return_X_y=True)
    target = Target(name="iris", data=Dataset(single=Split(x, y)))
    result = run_check(LabelNoise(), target, CheckContext(settings=DataSettings(), seed=0), None)
    assert result.status.value in ("passed", "failed"), result.reason
    assert result.metrics["method"].startswith("k-NN only")
