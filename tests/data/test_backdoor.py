"""Backdoor detectors on digits: a strong patch trigger is found, clean data stays quiet."""

from __future__ import annotations

import numpy as np
import pytest

from hauberk.core import CheckContext, ConfigError, InputError, Status, run_check
from hauberk.data import (
    BackdoorSettings,
    DataBackdoor,
    activation_clustering,
    backdoor_flags,
    loss_gradient_outliers,
    spectral_signatures,
)
from hauberk.data._features import represent
from hauberk.models import Dataset, InputSpec, Split, Target, TorchModel
from tests._backdoor import patched, rates, trained

SETTINGS = BackdoorSettings(backdoor_epochs=15)


def test_a_strong_patch_trigger_is_found_with_few_false_alarms() -> None:
    x, y, truth = patched(0.05)
    flags = backdoor_flags(x, y, trained(0.05), SETTINGS)
    tpr, fpr = rates(flags.rows, truth)
    assert tpr >= 0.9 and fpr <= 0.05, (tpr, fpr)
    assert flags.detector == "backdoor" and flags.rows.shape == flags.scores.shape
    assert flags.metrics["features"] == "model"


def test_clean_data_gives_few_flags() -> None:
    x, y, _ = patched(0.0)
    module = trained(0.0)
    spectral = spectral_signatures(x, y, module, SETTINGS)
    assert len(spectral.rows) / len(x) <= 0.01
    union = backdoor_flags(x, y, module, SETTINGS)
    assert len(union.rows) / len(x) <= 0.02
    assert len(loss_gradient_outliers(x, y, module, SETTINGS).rows) / len(x) <= 0.02


def test_without_a_model_the_default_network_is_trained_on_the_data() -> None:
    x, y, truth = patched(0.05)
    flags = activation_clustering(x, y, None, BackdoorSettings())
    assert flags.metrics["features"] == "default"
    tpr, fpr = rates(flags.rows, truth)
    assert tpr >= 0.9 and fpr <= 0.02, (tpr, fpr)


def test_features_come_from_the_penultimate_layer_or_a_named_one() -> None:
    x, y, _ = patched(0.0)
    module = trained(0.0)
    model = TorchModel(module, input_spec=InputSpec(shape=(8, 8), dtype="float32"))
    rep = represent(x[:50], y[:50], model)
    assert rep.features.shape == (50, 64) and rep.source == "model"
    named = represent(x[:50], y[:50], module, layer="4")  # the Linear(128, 64), before its ReLU
    assert named.features.shape == (50, 64)
    assert not np.allclose(named.features, rep.features)  # the hook reads after the ReLU
    with pytest.raises(ConfigError, match="backdoor_layer"):
        represent(x[:50], y[:50], module, layer="nope")


def test_bad_input_is_an_input_error() -> None:
    x, y, _ = patched(0.0)
    with pytest.raises(InputError, match="two classes"):
        spectral_signatures(x[:30], np.zeros(30), None, SETTINGS)
    bad = x[:40].astype(float)
    bad[3, 0, 0] = np.nan
    with pytest.raises(InputError, match="NaN"):
        spectral_signatures(bad, y[:40], None, SETTINGS)


def _target(rate: float) -> Target:
    x, y, _ = patched(rate)
    model = TorchModel(trained(rate), input_spec=InputSpec(shape=(8, 8), dtype="float32"))
    return Target("digits", model=model, data=Dataset(train=Split(x.astype(np.float32), y)))


def test_check_fails_on_poison_and_passes_clean_data() -> None:
    check = DataBackdoor()
    poisoned = run_check(check, _target(0.05), CheckContext(settings=SETTINGS, seed=0))
    assert poisoned.status is Status.FAILED
    assert {f.evidence["class_index"] for f in poisoned.findings} == {0}, poisoned.findings
    (finding,) = poisoned.findings
    assert finding.id == "HB-DA-BACKDOOR" and finding.evidence["class_index"] == 0
    clean = run_check(check, _target(0.0), CheckContext(settings=SETTINGS, seed=0))
    assert clean.status is Status.PASSED, clean.findings
    assert clean.metrics["features"] == "model"


def test_check_without_training_data_is_skipped_and_broken_data_errors() -> None:
    x, y, _ = patched(0.0)
    target = Target("t", model=_target(0.0).model, data=Dataset(test=Split(x[:50], y[:50])))
    result = run_check(DataBackdoor(), target, CheckContext(settings=SETTINGS, seed=0))
    assert result.status is Status.SKIPPED and "training data" in result.reason
    nan = x.astype(np.float32)
    nan[0, 0, 0] = np.inf
    broken = Target("t", model=target.model, data=Dataset(train=Split(nan, y)))
    result = run_check(DataBackdoor(), broken, CheckContext(settings=SETTINGS, seed=0))
    assert result.status is Status.ERROR and "NaN" in result.reason


def test_clean_flat_table_gets_no_backdoor_finding() -> None:
    """Clean scikit-learn wine got a high HB-DA-BACKDOOR from the default network's features
    (12% of rows flagged): flat tables without a torch model are skipped, with the reason."""
    from sklearn.datasets import load_wine
    from sklearn.linear_model import LogisticRegression

    from hauberk.models import SklearnModel

    x, y = load_wine(return_X_y=True)
    model = SklearnModel(
        LogisticRegression(max_iter=5000).fit(x, y), input_spec=InputSpec(shape=(13,))
    )
    target = Target(name="wine", model=model, data=Dataset(train=Split(x, y)))
    result = run_check(
        DataBackdoor(), target, CheckContext(settings=SETTINGS, seed=0), model.counter
    )
    assert result.status is Status.SKIPPED and "flat tabular rows" in result.reason
