"""Adversarial examples found by the gradient-masking diagnostics were counted, then thrown
away (issue 12): the "more iterations" probe (APGD, 3 restarts of 100 steps) could break
samples the ensemble left standing, the flag fired, and the reported robust accuracy still
counted those samples as robust: more than the check itself had already broken.

Now every adversarial example the check finds, diagnostics and adaptive phase included, lowers
the per-sample worst case, and ``broken_by`` names who found it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.evasion.helpers import SPEC, robustness_check

from hauberk.evasion import robust_accuracy
from hauberk.models import TorchModel

EPS, N = 0.1, 40
WEAK = ("fgsm",)  # one step: leaves samples for the probe to break


def test_probe_breaks_are_in_the_reported_number(digits_cnn: Any, digits_split: Any) -> None:
    import torch

    torch.set_num_threads(1)
    x, y = digits_split["test"][0][:N], digits_split["test"][1][:N]
    alone = robust_accuracy(
        TorchModel(digits_cnn, input_spec=SPEC, classes=range(10)),
        x,
        y,
        eps=EPS,
        attacks=WEAK,
        seed=0,
    )
    from hauberk.evasion import _adaptive

    _adaptive.SQUARE_QUERIES, saved = 200, _adaptive.SQUARE_QUERIES
    try:
        result = robustness_check(digits_cnn, x, y, EPS, attacks=WEAK)
    finally:
        _adaptive.SQUARE_QUERIES = saved
    m = result.metrics
    probe = m["gradient_masking"]["more_iterations_breaks"]
    counted = m["broken_by@eps=0.1"]["diagnostics (apgd 3x100)"]
    assert probe > 0 and counted == probe
    ensemble = m["broken_by@eps=0.1"]["fgsm"]
    n = m["samples"]
    clean = round(m["clean_accuracy"] * n)
    # what the ensemble and the probe broke is gone from the robust count; an adaptive phase
    # (if the masking flags fired) can only lower it further
    before = m.get("robust_accuracy_before_adaptive", m["robust_accuracy"])
    assert before[0] == pytest.approx((clean - ensemble - probe) / n)
    assert m["robust_accuracy"][0] <= before[0]
    assert m["robust_accuracy"][0] <= alone.accuracy[0] - probe / n
    assert sum(m["broken_by@eps=0.1"].values()) == clean - round(m["robust_accuracy"][0] * n)
    assert np.isclose(m["robust_accuracy_ci@eps=0.1"]["value"], m["robust_accuracy"][0])
