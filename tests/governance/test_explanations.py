"""governance.explanations: SHAP attributions, their stability under noise, fail closed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.assess.test_every_check_fails_closed import BrokenTarget

from hauberk.core import Budget, CheckContext, Status, run_check
from hauberk.governance import Explanations, ExplanationSettings
from hauberk.governance._explain import stability
from hauberk.models import CallableModel, Dataset, InputSpec, SklearnModel, Split, Target

FEATURES = 8


def _data(n: int = 300, f: int = FEATURES) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, f))
    y = (x[:, 0] + 0.5 * x[:, 1] - x[:, 2] > 0).astype(int)
    return x, y


def _run(model: Any, x: np.ndarray, y: np.ndarray, **kw: Any) -> Any:
    target = Target(
        name="m",
        model=model,
        data=Dataset(train=Split(x[: len(x) // 2], y[: len(x) // 2]), test=Split(x, y)),
    )
    kw.setdefault("samples", 12)
    kw.setdefault("background", 20)
    kw.setdefault("model_agnostic", True)
    ctx = CheckContext(settings=ExplanationSettings(**kw), seed=0)
    return run_check(Explanations(), target, ctx)


def _weights() -> np.ndarray:
    return np.random.default_rng(1).normal(size=FEATURES)


def _bumpy(batch: np.ndarray) -> np.ndarray:
    """A model whose decision surface oscillates far faster than the noise scale."""
    z = np.sin(300 * batch) @ _weights()
    p = 1 / (1 + np.exp(-z))
    return np.c_[1 - p, p]


def _smooth(batch: np.ndarray) -> np.ndarray:
    p = 1 / (1 + np.exp(-(batch @ _weights())))
    return np.c_[1 - p, p]


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.integers(3, 30), st.integers(0, 2**31))
def test_identical_attributions_are_perfectly_stable(n: int, f: int, seed: int) -> None:
    a = np.random.default_rng(seed).normal(size=(n, f))
    s = stability(a, a.copy(), top_k=3)
    assert s.rank_correlation == [1.0] * n
    assert s.top_k_overlap == [1.0] * n
    reversed_ = stability(a, -a[:, ::-1] if f > 1 else a, top_k=3)
    assert all(-1.0 <= r <= 1.0 for r in reversed_.rank_correlation)


def test_a_model_built_to_have_unstable_explanations_gets_the_finding() -> None:
    x, y = _data()
    model = CallableModel(_bumpy, classes=(0, 1), input_spec=InputSpec(shape=(FEATURES,)))
    result = _run(model, x, y)
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert finding.id == "HB-GV-UNSTABLE-EXPLANATIONS"
    assert result.metrics["explainer"] == "PermutationExplainer"
    ci = result.metrics["unstable_share_ci"]
    assert ci["n"] == 12 and ci["ci_low"] > 0.1


def test_a_smooth_model_passes_and_reports_global_and_local_explanations() -> None:
    x, y = _data()
    model = CallableModel(_smooth, classes=(0, 1), input_spec=InputSpec(shape=(FEATURES,)))
    result = _run(model, x, y, local=2)
    assert result.status is Status.PASSED, result.findings
    m = result.metrics
    assert m["mean_rank_correlation"] > 0.9
    assert len(m["global_importance"]) == FEATURES
    assert len(m["local_explanations"]) == 2
    assert len(m["local_explanations"][0]["top_features"]) == 5
    # plain-text forms for the HTML report, which shows scalar metrics
    assert m["local_1"].startswith(f"row {m['local_explanations'][0]['row']}, predicted ")
    assert "local_3" not in m and m["top_features"].count(",") == FEATURES - 1
    assert result.plots[0].title.startswith("Global importance")


def test_the_attributions_are_shap_values_of_the_right_class() -> None:
    """For a linear model the LinearExplainer's attributions of class 1 are w_j (x_j - mean_j)
    on the log-odds; the reported top feature of each local explanation is the largest."""
    from sklearn.linear_model import LogisticRegression

    x, y = _data()
    est = LogisticRegression().fit(x, y)
    result = _run(SklearnModel(est), x, y)
    assert result.metrics["explainer"] == "LinearExplainer"
    top = max(result.metrics["global_importance"], key=result.metrics["global_importance"].get)
    assert top in ("x0", "x2")
    assert result.status is Status.PASSED


def test_a_tree_ensemble_uses_the_tree_explainer() -> None:
    from sklearn.ensemble import RandomForestClassifier

    x, y = _data()
    est = RandomForestClassifier(n_estimators=20, max_depth=4, random_state=0).fit(x, y)
    result = _run(SklearnModel(est), x, y)
    assert result.metrics["explainer"] == "TreeExplainer"
    assert result.status is Status.PASSED


def test_by_default_only_the_fast_explainers_run_and_the_rest_is_skipped_saying_how() -> None:
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.svm import SVC

    x, y = _data()
    calls: list[int] = []

    def counted(batch: np.ndarray) -> np.ndarray:
        calls.append(len(batch))
        return _smooth(batch)

    callable_model = CallableModel(counted, classes=(0, 1), input_spec=InputSpec(shape=(FEATURES,)))
    svc = SklearnModel(SVC(probability=True, random_state=0).fit(x, y))  # no tree, no coef_
    for model in (callable_model, svc):
        result = _run(model, x, y, model_agnostic=False)
        assert result.status is Status.SKIPPED
        assert "model_agnostic = true" in result.reason and not result.metrics
    assert calls == []  # nothing was asked of the model
    forest = RandomForestClassifier(n_estimators=10, max_depth=3, random_state=0).fit(x, y)
    result = _run(SklearnModel(forest), x, y, model_agnostic=False)
    assert result.status is Status.PASSED and result.metrics["explainer"] == "TreeExplainer"
    assert ExplanationSettings().model_agnostic is False
    # a card built from a report where it was skipped lists it as missing, not as measured
    from hauberk.core import Report
    from hauberk.governance._sections import explanations_section

    report = Report(
        target={"name": "m"},
        environment={"python": "3", "hauberk": "0", "seed": 0},
        results=(_run(callable_model, x, y, model_agnostic=False),),
        stages={"explanations": "monitoring/governance"},
    )
    assert "not measured" in explanations_section(report)["gap"]


def test_out_of_time_before_one_row_is_an_error_and_partial_work_is_incomplete() -> None:
    x, y = _data()
    model = CallableModel(_smooth, classes=(0, 1), input_spec=InputSpec(shape=(FEATURES,)))
    none = _run(model, x, y, time_budget_s=1e-9)
    assert none.status is Status.ERROR and "no row explained" in none.reason
    few = _run(model, x, y, samples=3, min_samples=10)
    assert few.status is Status.INCOMPLETE and "fewer than min_samples=10" in few.reason


def test_on_a_broken_target_it_errors() -> None:
    ctx = CheckContext(settings=ExplanationSettings(), seed=0, budget=Budget(seconds=30))
    assert run_check(Explanations(), BrokenTarget(), ctx).status is Status.ERROR


def test_a_small_cnn_is_explained_on_its_image_inputs() -> None:
    torch = pytest.importorskip("torch")
    from hauberk.models import TorchModel

    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(4 * 6 * 6, 3),
    ).eval()
    model = TorchModel(net, classes=(0, 1, 2), input_spec=InputSpec(shape=(1, 6, 6)))
    rng = np.random.default_rng(0)
    x = rng.random((40, 1, 6, 6)).astype(np.float32)
    y = rng.integers(0, 3, 40)
    result = _run(model, x, y, samples=4, min_samples=2, background=8)
    assert result.metrics["explainer"] == "PermutationExplainer"
    assert result.metrics["features"] == 36
    assert result.status in (Status.PASSED, Status.FAILED)


def test_sparse_features_do_not_make_a_smooth_model_look_unstable() -> None:
    """Regression: shap's permutation explainer skips features equal to every background row.
    Noise scaled by the whole data's spread moved such features off the background, changing
    which features the explainer varied, and flagged the demo digits CNN. The noise is now
    scaled by the background's spread."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, FEATURES))
    x[:, 4:] = 0.0
    x[rng.random(400) < 0.02, 4:] = 1.0  # rare: absent from most 20-row backgrounds
    y = (x[:, 0] > 0).astype(int)
    model = CallableModel(_smooth, classes=(0, 1), input_spec=InputSpec(shape=(FEATURES,)))
    result = _run(model, x, y)
    assert result.status is Status.PASSED, result.findings
    assert result.metrics["mean_rank_correlation"] > 0.95
