"""The Python API: live objects in, a report out; the caller's random state untouched."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import hauberk
from hauberk.core import ConfigError, Report, Status


def _split(iris: Any) -> dict[str, Any]:
    x, y = iris
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], y[order]
    return {"train": (x[:100], y[:100]), "test": (x[100:], y[100:])}


def test_a_live_estimator_and_arrays(iris: Any, iris_model: Any, tmp_path: Path) -> None:
    events: list[Any] = []
    report = hauberk.assess(iris_model, iris, stages=["performance", "ingestion"],
                            progress=events.append)  # fmt: skip
    assert isinstance(report, Report)
    by = {r.check: r for r in report.results}
    assert by["governance.performance"].metrics["accuracy"] > 0.9
    finished = [e for e in events if e.kind == "check_finished"]
    assert [e.index for e in finished] == list(range(1, len(finished) + 1))
    assert finished and all(e.total == len(finished) for e in finished)
    assert "<iframe" in report._repr_html_()
    assert report.to_json().startswith("{")
    (one,) = report.save(tmp_path / "r.json")
    assert one.read_text() == report.to_json()
    names = sorted(p.name for p in report.save(tmp_path / "out", formats="json,html,sarif"))
    assert names == ["report.html", "report.json", "report.sarif"]


def test_a_plain_function_with_train_and_test(iris: Any, iris_model: Any) -> None:
    report = hauberk.assess(iris_model.predict_proba, _split(iris), stages=["performance"])
    (r,) = [r for r in report.results if r.check == "governance.performance"]
    assert r.status is not Status.ERROR, r.reason
    assert report.target["model"]["adapter"] == "CallableModel"  # type: ignore[index]


def test_an_onnx_session(tmp_path: Path, iris: Any, iris_model: Any) -> None:
    ort = pytest.importorskip("onnxruntime")
    from tests.gateway._support import iris_onnx

    path = iris_onnx(tmp_path / "iris.onnx", iris_model)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x, y = iris
    report = hauberk.assess(session, (x.astype(np.float32), y), stages=["performance"])
    (r,) = [r for r in report.results if r.check == "governance.performance"]
    assert r.metrics["accuracy"] > 0.9


def test_a_torch_module(iris: Any) -> None:
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    x, y = iris
    report = hauberk.assess(net, (x.astype(np.float32), y), stages=["performance"])
    assert "gradients" in report.target["provides"]  # type: ignore[operator]
    assert report.target["model"]["adapter"] == "TorchModel"  # type: ignore[index]


def test_skip_reasons_are_spelled_for_python(iris: Any, iris_model: Any) -> None:
    report = hauberk.assess(iris_model, iris, stages=["privacy"])
    reasons = " ".join(r.reason or "" for r in report.results)
    assert "pass data={'train': (x, y), 'test': (x, y)}" in reasons
    assert "[data]" not in reasons


def test_the_callers_random_state_is_left_alone(iris: Any, iris_model: Any) -> None:
    random.seed(1234)
    np.random.seed(1234)
    before = (random.getstate(), np.random.get_state())
    hauberk.assess(iris_model, iris, stages=["performance"])
    after = (random.getstate(), np.random.get_state())
    assert before[0] == after[0]
    assert all(np.array_equal(a, b) for a, b in zip(before[1], after[1], strict=True))


def test_config_or_objects_not_both(iris_model: Any, iris: Any) -> None:
    with pytest.raises(ConfigError, match="not both"):
        hauberk.assess(iris_model, iris, config={"model": {"path": "m.onnx"}})
