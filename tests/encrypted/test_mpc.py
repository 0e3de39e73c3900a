"""Three MPyC parties as real processes on 127.0.0.1 compute the same logits as plaintext."""

from __future__ import annotations

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.encrypted import PolyModel, demo_model, evaluate, mpc_infer


def test_linear_model_three_parties_match_plaintext() -> None:
    model, x, y = demo_model("breast-cancer", "linear")
    result = evaluate(model, x[:15], y[:15], backend="mpyc")
    assert result.agreement.value == 1.0 and result.max_logit_error < 1e-3
    assert result.bytes_per_sample > 0


def test_placeholder_zeros_do_not_desynchronise_the_parties() -> None:
    # Regression: parties that pass zeros for another party's input marked the array
    # integral, skipped the sender's truncations and returned values of order 2^94.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 6))
    model = PolyModel(
        layers=(
            (rng.normal(size=(6, 3)), rng.normal(size=3)),
            (rng.normal(size=(3, 2)), np.array([-0.7, 0.3])),
        ),
        kind="mlp",
    )
    result = mpc_infer(model, x)
    assert np.allclose(result.logits, model.logits(x), atol=1e-3)


def test_refuses_too_many_rows() -> None:
    model = PolyModel(layers=((np.ones((2, 1)), np.zeros(1)),))
    with pytest.raises(ConfigError, match="1 to 10000"):
        mpc_infer(model, np.zeros((0, 2)))
