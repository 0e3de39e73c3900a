"""Defences, each measured with an adaptive attack: adversarial training, input guards,
randomised smoothing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.evasion import (
    FeatureSqueezing,
    MahalanobisDetector,
    RandomizedSmoothing,
    adversarial_training,
    evaluate_guard,
    evaluate_smoothing,
    gaussian_augmentation,
    pgd_at,
    robust_accuracy,
    trades,
)
from hauberk.models import TorchModel
from tests.evasion.helpers import SPEC, small_cnn

SMALL = [("apgd-ce", {"steps": 20})]


def loader(x: np.ndarray, y: np.ndarray, batch: int = 64) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(x[i : i + batch], y[i : i + batch]) for i in range(0, len(x), batch)]


@pytest.fixture(scope="module")
def trained(digits_data: Any) -> dict[str, Any]:
    import torch

    xtr, ytr, _, _ = digits_data
    out = {}
    for name, fn in (("pgd-at", pgd_at), ("trades", trades)):
        torch.manual_seed(0)
        net = small_cnn()
        opt = torch.optim.Adam(net.parameters(), lr=3e-3)
        out[name] = (net, fn(net, opt, loader(xtr, ytr), eps=0.1, epochs=6, steps=5))
    torch.manual_seed(0)
    net = small_cnn()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    gaussian_augmentation(net, opt, loader(xtr, ytr), sigma=0.25, epochs=8)
    out["noise"] = (net, [])
    return out


def test_adversarial_training_beats_standard_training(
    trained: dict[str, Any], digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2][:80], digits_data[3][:80]
    base = robust_accuracy(digits_model, x, y, eps=0.1, attacks=SMALL)
    for name in ("pgd-at", "trades"):
        net, history = trained[name]
        assert history[-1] < history[0]
        model = TorchModel(net, input_spec=SPEC, classes=range(10))
        r = robust_accuracy(model, x, y, eps=0.1, attacks=SMALL)
        assert r.clean_accuracy > 0.85, name
        assert r.accuracy[0] > base.accuracy[0] + 0.1, (name, r.accuracy, base.accuracy)


def test_adversarial_training_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="method"):
        adversarial_training(None, None, [], eps=0.1, method="free")
    with pytest.raises(ConfigError, match="eps"):
        adversarial_training(None, None, [], eps=0.0)
    with pytest.raises(ConfigError, match="steps"):
        adversarial_training(None, None, [], eps=0.1, steps=0)


@pytest.mark.parametrize("kind", ["squeezing", "mahalanobis"])
def test_guards_hold_their_false_positive_rate_and_face_an_adaptive_attack(
    kind: str, digits_model: TorchModel, digits_data: Any
) -> None:
    x, y = digits_data[2], digits_data[3]
    calib, (xe, ye) = (x[:300], y[:300]), (x[300:360], y[300:360])
    if kind == "squeezing":
        guard: Any = FeatureSqueezing(bit_depth=3, median=None, fpr=0.05).fit(
            digits_model, calib[0]
        )
    else:
        guard = MahalanobisDetector(fpr=0.05).fit(digits_model, *calib)
    held_out = guard.detect(digits_model, x[360:560]).mean()
    assert held_out <= 0.15  # calibrated at 5% on other clean data
    ev = evaluate_guard(digits_model, guard, xe, ye, eps=0.1, steps=20, lambdas=(1.0, 10.0))
    assert ev.robust_accuracy_adaptive <= ev.robust_accuracy_standard
    assert ev.robust_accuracy_undefended <= ev.robust_accuracy_adaptive
    assert ev.detection_rate_adaptive <= ev.detection_rate_standard + 1e-9
    assert 0.0 <= ev.false_positive_rate <= 0.2


def test_squeezers_and_detector_validate_settings(digits_model: TorchModel) -> None:
    with pytest.raises(ConfigError, match="bit_depth, median"):
        FeatureSqueezing(bit_depth=None, median=None)
    with pytest.raises(ConfigError, match="fpr"):
        FeatureSqueezing(fpr=0.9)
    with pytest.raises(ConfigError, match="fit"):
        FeatureSqueezing().detect(digits_model, np.zeros((1, 1, 8, 8), dtype=np.float32))
    with pytest.raises(ConfigError, match="at least 20"):
        MahalanobisDetector().fit(
            digits_model, np.zeros((5, 1, 8, 8), np.float32), np.zeros(5, int)
        )


def test_randomised_smoothing_certificate_is_a_lower_bound(
    trained: dict[str, Any], digits_data: Any
) -> None:
    net, _ = trained["noise"]
    model = TorchModel(net, input_spec=SPEC, classes=range(10))
    x, y = digits_data[2][:30], digits_data[3][:30]
    rs = RandomizedSmoothing(sigma=0.25, n0=50, n=300, alpha=0.01)
    pred, radius = rs.certify(model, x)
    assert ((pred == -1) == (radius == 0)).all()
    assert (radius <= 0.25 * 3.1).all()  # n=300 at α=0.01 cannot certify p_A above ~0.985
    curve = rs.certified_accuracy(model, x, y, [0.0, 0.25, 0.5])
    assert curve[0] > 0.7 and curve[0] >= curve[1] >= curve[2]
    ev = evaluate_smoothing(model, rs, x, y, eps=0.25, steps=10, eot=8)
    assert ev.empirical_robust_accuracy >= ev.certified_accuracy


def test_smoothing_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="sigma"):
        RandomizedSmoothing(sigma=0.0)
    with pytest.raises(ConfigError, match="alpha"):
        RandomizedSmoothing(sigma=0.1, alpha=0.9)
