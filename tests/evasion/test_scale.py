"""ε in units of each feature's spread for tabular models (issue 14)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from hauberk.core import CheckContext, ConfigError, run_check
from hauberk.evasion import BlackBoxEvasionCheck, EvasionSettings, FeatureConstraints, project
from hauberk.evasion._scale import feature_spread, rescaled
from hauberk.models import Dataset, InputSpec, SklearnModel, Split, Target


def _units_table(n: int = 400) -> tuple[Any, Any]:
    """Feature 0 spans about 0.003 and decides the class; feature 1 spans about 4,000."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, n)
    small = np.where(y == 1, 0.003, -0.003) + rng.normal(0, 0.0005, n)
    large = rng.normal(2000, 1000, n)
    return np.column_stack([small, large]), y


def _black_box(**evasion: Any) -> Any:
    from sklearn.linear_model import LogisticRegression

    x, y = _units_table()
    est = LogisticRegression(C=1e4, max_iter=2000).fit(x / [0.003, 1000.0], y)

    class Unscaled:  # the estimator learned on features / spread; the model takes raw ones
        classes_ = est.classes_

        def predict_proba(self, raw: Any) -> Any:
            return est.predict_proba(np.asarray(raw) / [0.003, 1000.0])

    spec = InputSpec(shape=(2,), dtype="float64", feature_names=("small", "large"))
    model = SklearnModel(Unscaled(), input_spec=spec)
    target = Target(name="units", model=model, data=Dataset(single=Split(x[:200], y[:200])))
    ctx = CheckContext(
        settings=EvasionSettings(
            epsilons=(0.03,), max_samples=40, attacks=("square",), diagnostics=False, **evasion
        ),
        seed=0,
    )
    return run_check(BlackBoxEvasionCheck(), target, ctx, model.counter)


def test_an_absolute_eps_on_mixed_units_is_flagged_and_warned() -> None:
    """The issue's artifact: ε = 0.03 is ten spreads of the small feature."""
    result = _black_box(scale="none")
    assert result.metrics["robust_accuracy@eps=0.03"] < 0.2
    scale = result.metrics["perturbation_scale"]
    assert scale["kind"] == "none" and "differ" in scale["warning"]


def test_eps_in_spread_units_measures_the_model_not_the_units() -> None:
    result = _black_box()
    assert result.metrics["robust_accuracy@eps=0.03"] > 0.9
    assert not result.findings
    scale = result.metrics["perturbation_scale"]
    assert scale["kind"] == "auto" and "IQR" in scale["source"]
    assert scale["per_feature"]["large"] > 100 * scale["per_feature"]["small"]


def test_per_feature_settings_by_name_and_unknown_names_refused() -> None:
    frozen = _black_box(scale="none", features={"small": {"immutable": True}})
    assert frozen.metrics["robust_accuracy@eps=0.03"] > 0.9
    own = _black_box(scale="none", features={"small": {"scale": 0.0001}})
    assert "your own scale" in own.metrics["perturbation_scale"]["source"]
    assert own.metrics["robust_accuracy@eps=0.03"] > 0.9
    broken = _black_box(features={"tiny": {"scale": 1.0}})
    assert broken.status.value == "error" and "'tiny' is not a feature" in broken.reason


def test_feature_settings_are_strict() -> None:
    with pytest.raises(ValueError, match="Extra inputs"):
        EvasionSettings(features={"a": {"scael": 1.0}})
    with pytest.raises(ValueError, match="min must be at or below max"):
        EvasionSettings(features={"a": {"min": 2.0, "max": 1.0}})
    with pytest.raises(ValueError, match="greater than 0"):
        EvasionSettings(features={"a": {"scale": 0.0}})


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, (12, 3), elements=st.floats(-1e4, 1e4)))
def test_spread_is_positive_and_finite(rows: Any) -> None:
    for kind in ("auto", "iqr", "std", "range"):
        s = feature_spread(rows, kind)  # type: ignore[arg-type]
        assert s.shape == (3,) and np.isfinite(s).all() and (s > 0).all()


def test_rescaled_gradients_follow_the_chain_rule() -> None:
    torch = pytest.importorskip("torch")
    from hauberk.models import TorchModel

    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    model = TorchModel(net, input_spec=InputSpec(shape=(3,)), classes=(0, 1))
    scale = np.array([0.01, 1.0, 500.0])
    z = np.random.default_rng(1).normal(size=(5, 3))
    y = np.array([0, 1, 0, 1, 1])
    wrapped = rescaled(model, scale)
    x = (z * scale).astype(np.float32)
    np.testing.assert_allclose(wrapped.predict_proba(z), model.predict_proba(x), rtol=1e-5)
    np.testing.assert_allclose(
        wrapped.loss_gradient(z, y), model.loss_gradient(x, y) * scale, rtol=1e-4, atol=1e-7
    )
    with torch.no_grad():
        via_module = wrapped.torch_module()(torch.as_tensor(z, dtype=torch.float32)).numpy()
    np.testing.assert_allclose(via_module, model.logits(x), rtol=1e-4, atol=1e-6)


def test_integer_features_stay_on_their_grid_in_rescaled_coordinates() -> None:
    step = 1 / 7.0  # an integer feature with spread 7, attacked in z = x / 7
    c = FeatureConstraints(n_features=2, integer=(0,), integer_step=[step, 1.0])
    x = np.array([[3 * step, 0.5]])
    out = project(x, x + np.array([[0.4, 0.1]]), eps=0.5, norm="linf", lower=None, upper=None,
                  constraints=c)  # fmt: skip
    k = out[0, 0] / step
    assert abs(k - round(k)) < 1e-9 and abs(out[0, 0] - x[0, 0]) <= 0.5 + 1e-9
    with pytest.raises(ConfigError, match="integer_step"):
        FeatureConstraints(n_features=1, integer_step=[0.0])


def test_auto_keeps_input_units_for_features_in_one_unit() -> None:
    """Flattened digits pixels (ranges within 16-fold) are not tabular units: ε stays in
    input units, as the redteam2 domain-bounds regression measures it."""
    from sklearn.datasets import load_digits

    from hauberk.evasion._domain import input_domain
    from hauberk.evasion._frame import frame

    x = load_digits().data[:300] / 16.0
    spec = InputSpec(shape=(64,))

    class Flat:
        input_spec = spec

    fr = frame(Flat(), x, input_domain(spec, [x]), x, kind="auto", features={})
    assert fr.scaling is None and fr.warning is None and fr.model.input_spec is spec
    assert "one unit" in fr.describe(())["source"]
    forced = frame(Flat(), x, input_domain(spec, [x]), x, kind="iqr", features={})
    assert forced.scaling is not None and forced.describe(())["kind"] == "iqr"
