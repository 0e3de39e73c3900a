"""tools/calibration_spread.py: the weighted quantile and the template weights."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import calibration_spread as spread

scores = st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=1, max_size=200)
levels = st.floats(0.01, 0.999)


@given(scores, levels)
def test_equal_weights_give_numpys_inverted_cdf_quantile(values: list[float], level: float) -> None:
    s = np.array(values)
    expected = float(np.quantile(s, level, method="inverted_cdf"))
    assert spread.weighted_quantile(s, np.ones(len(s)), level) == expected


def test_a_capped_template_no_longer_sets_the_tail() -> None:
    families = ["generated:t"] * 300 + ["pydoc:x"] * 700
    s = np.array([0.9] * 300 + list(np.linspace(0.0, 0.5, 700)))
    weights = spread.template_weights(families, 30)
    assert weights[:300].sum() == pytest.approx(30) and weights[300:].sum() == 700
    assert float(np.quantile(s, 0.99, method="inverted_cdf")) == 0.9
    assert spread.weighted_quantile(s, weights, 0.99) == 0.9  # 30 of 730 is still over 1%
    assert spread.weighted_quantile(s, spread.template_weights(families, 5), 0.99) < 0.5
