"""STRIP (Gao et al. 2019) on a patch-backdoored digits model: calibrated, and it catches
triggered inputs."""

from __future__ import annotations

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.data import Strip
from hauberk.models import InputSpec, TorchModel
from tests._backdoor import TARGET, digits, flat_mlp, stamp

SPEC = InputSpec(shape=(64,), dtype="float32", lower=0, upper=16)


def _model() -> TorchModel:
    return TorchModel(flat_mlp(0.05), input_spec=SPEC)


def test_strip_refuses_triggered_inputs_at_one_percent_false_rejection() -> None:
    _, xte, _, yte = digits()
    flat = xte.reshape(len(xte), 64).astype(np.float32)
    model = _model()
    guard = Strip(model, flat[:300], overlays=16)
    assert guard.calibration["rows"] >= 100
    assert guard.calibration["false_rejection"]["value"] <= 0.01
    clean = guard.flags(flat[300:], np.empty(0), model.predict_proba)
    assert clean.mean() <= 0.05  # 1% calibrated; 150 held-out rows
    others = xte[300:][yte[300:] != TARGET]
    trojans = stamp(others).reshape(len(others), 64).astype(np.float32)
    assert (model.predict_proba(trojans).argmax(1) == TARGET).mean() >= 0.9  # the backdoor works
    caught = guard.flags(trojans, np.empty(0), model.predict_proba)
    assert caught.mean() >= 0.8, caught.mean()


def test_strip_config_errors() -> None:
    _, xte, _, _ = digits()
    flat = xte.reshape(len(xte), 64).astype(np.float32)
    with pytest.raises(ConfigError, match="at least 116"):
        Strip(_model(), flat[:50])
    with pytest.raises(ConfigError, match="shape"):
        Strip(_model(), xte[:300])
    with pytest.raises(ConfigError, match="false_rejection"):
        Strip(_model(), flat[:300], false_rejection=0.7)
