"""Input guards: anomaly z-scores and feature squeezing."""

from __future__ import annotations

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.gateway import AnomalyGuard, GatewayError, SqueezeGuard
from hauberk.models import SklearnModel


def test_anomaly_guard(digits_data) -> None:  # type: ignore[no-untyped-def]
    x, _ = digits_data
    guard = AnomalyGuard(x[:900], threshold=8.0)
    passed = 0
    for row in x[900:]:
        try:
            guard.inspect(row[None])
            passed += 1
        except GatewayError:
            pass
    assert passed / len(x[900:]) >= 0.97  # held-out natural digits pass
    odd = x[900:901].copy()
    odd[0, 0] = 16.0  # pixel 0 is always blank in digits
    with pytest.raises(GatewayError) as err:
        guard.inspect(odd)
    assert err.value.code == "input_rejected"


def test_squeeze_guard_flags_high_frequency_noise(digits_data, digits_clf: SklearnModel) -> None:  # type: ignore[no-untyped-def]
    x, _ = digits_data
    guard = SqueezeGuard(digits_clf, bits=2, threshold=1.0)
    passed = 0
    for row in x[900:1000]:
        try:
            guard.inspect(row[None])
            passed += 1
        except GatewayError:
            pass
    assert passed >= 80  # most natural digits survive 2-bit squeezing
    squeezed = guard.squeeze(x[900:901])
    assert len(np.unique(squeezed)) <= 4


def test_squeeze_guard_needs_bounds(iris_clf: SklearnModel) -> None:
    from hauberk.models import InputSpec

    unbounded = SklearnModel(iris_clf.estimator, input_spec=InputSpec(shape=(4,), dtype="float64"))
    with pytest.raises(ConfigError):
        SqueezeGuard(unbounded)
