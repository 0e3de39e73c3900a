"""Gradient-masking diagnostics: they fire on obfuscated models and stay quiet otherwise."""

from __future__ import annotations

from typing import Any

from hauberk.evasion import diagnose, robust_accuracy
from hauberk.models import TorchModel
from tests.evasion.helpers import SPEC, noisy, quantized

SMALL = [("apgd-ce", {"steps": 20}), ("square", {"queries": 200})]


def test_undefended_model_shows_no_masking(digits_model: TorchModel, digits_data: Any) -> None:
    x, y = digits_data[2][:40], digits_data[3][:40]
    r = robust_accuracy(digits_model, x, y, eps=[0.05, 0.1], attacks=SMALL)
    report = diagnose(digits_model, x, y, r, probe=32)
    assert report.flags == (), report.evidence
    assert report.evidence["accuracy_at_large_eps"] == 0.0


def test_quantised_input_is_flagged_and_bpda_breaks_it(
    digits_module: Any, digits_data: Any
) -> None:
    model = TorchModel(quantized(digits_module), input_spec=SPEC, classes=range(10))
    x, y = digits_data[2][:40], digits_data[3][:40]
    r = robust_accuracy(model, x, y, eps=[0.1, 0.2], attacks=SMALL[:1])
    report = diagnose(model, x, y, r, probe=32)
    assert "zero_or_nonfinite_gradients" in report.flags
    assert "no_convergence_at_large_eps" in report.flags
    adaptive = robust_accuracy(model, x, y, eps=[0.1, 0.2], attacks=SMALL[:1], bpda=True)
    assert adaptive.accuracy[1] < r.accuracy[1] - 0.3


def test_randomised_model_is_flagged(digits_module: Any, digits_data: Any) -> None:
    model = TorchModel(noisy(digits_module), input_spec=SPEC, classes=range(10))
    x, y = digits_data[2][:20], digits_data[3][:20]
    r = robust_accuracy(model, x, y, eps=0.1, attacks=SMALL[:1])
    report = diagnose(model, x, y, r, probe=16)
    assert report.randomised
