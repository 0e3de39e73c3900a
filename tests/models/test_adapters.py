from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from hauberk.core import Budget, BudgetExceeded, ConfigError, InputError, ModelLoadError
from hauberk.models import (
    CallableModel,
    Differentiable,
    HttpModel,
    InputSpec,
    Model,
    OnnxModel,
    SklearnModel,
    TorchModel,
    label_indices,
)


def test_sklearn_adapter_matches_the_estimator(iris: Any, iris_model: Any) -> None:
    x, _ = iris
    model = SklearnModel(iris_model)
    assert isinstance(model, Model)
    assert not isinstance(model, Differentiable)
    assert np.allclose(model.predict_proba(x), iris_model.predict_proba(x))
    assert model.counter.total == len(x)
    assert model.classes == (0, 1, 2)


def test_sklearn_decision_function_only(iris: Any) -> None:
    from sklearn.svm import LinearSVC

    x, y = iris
    model = SklearnModel(LinearSVC().fit(x, y))
    p = model.predict_proba(x)
    assert np.allclose(p.sum(1), 1)
    assert (p.argmax(1) == LinearSVC().fit(x, y).predict(x)).mean() > 0.99


def test_sklearn_refuses_an_unfitted_model() -> None:
    from sklearn.linear_model import LogisticRegression

    with pytest.raises(ModelLoadError, match="not a fitted classifier"):
        SklearnModel(LogisticRegression())


def test_torch_gradients_match_finite_differences(digits_cnn: Any, digits_split: Any) -> None:
    x, y = digits_split["test"]
    model = TorchModel(digits_cnn, input_spec=InputSpec(shape=(1, 8, 8), lower=0, upper=1))
    assert isinstance(model, Differentiable)
    xs, ys = x[:2].astype(np.float64), label_indices(model, y[:2])
    grad = model.loss_gradient(xs, ys)
    direction = np.random.default_rng(0).normal(size=xs.shape)
    h = 1e-3

    def loss(z: np.ndarray) -> float:
        logits = model.logits(z)
        logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        return float(-logp[np.arange(2), ys].sum())

    numeric = (loss(xs + h * direction) - loss(xs - h * direction)) / (2 * h)
    assert numeric == pytest.approx(float((grad * direction).sum()), rel=0.05, abs=1e-3)


def test_torch_probability_output_is_taken_as_is(digits_cnn: Any, digits_split: Any) -> None:
    import torch

    x, _ = digits_split["test"]
    soft = torch.nn.Sequential(digits_cnn, torch.nn.Softmax(dim=1))
    a = TorchModel(digits_cnn, input_spec=InputSpec(shape=(1, 8, 8)))
    b = TorchModel(soft, input_spec=InputSpec(shape=(1, 8, 8)), output="probabilities")
    assert np.allclose(a.predict_proba(x[:20]), b.predict_proba(x[:20]), atol=1e-5)


def linear_onnx(path: Path, w: np.ndarray, b: np.ndarray) -> None:
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "W"], ["z0"]),
            helper.make_node("Add", ["z0", "B"], ["z"]),
            helper.make_node("Softmax", ["z"], ["probabilities"], axis=1),
        ],
        "linear",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", w.shape[0]])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["n", w.shape[1]])],
        [numpy_helper.from_array(w, "W"), numpy_helper.from_array(b, "B")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))


def test_onnx_adapter(tmp_path: Path, iris: Any, iris_model: Any) -> None:
    x, _ = iris
    w = iris_model.coef_.T.astype(np.float32)
    b = iris_model.intercept_.astype(np.float32)
    linear_onnx(tmp_path / "m.onnx", w, b)
    model = OnnxModel(tmp_path / "m.onnx")
    assert model.output == "probabilities"
    assert model.input_spec.shape == (4,)
    assert np.allclose(model.predict_proba(x), iris_model.predict_proba(x), atol=1e-4)


def test_callable_adapter_and_budget() -> None:
    model = CallableModel(
        lambda x: x[:, :2], classes=("a", "b"), input_spec=InputSpec(shape=(2,)), output="logits"
    )
    with model.counter.window(Budget(queries=5)):
        model.predict_proba(np.zeros((5, 2)))
        with pytest.raises(BudgetExceeded):
            model.predict_proba(np.zeros((1, 2)))
    with pytest.raises(ConfigError, match="output"):
        CallableModel(lambda x: x, classes=(0, 1), input_spec=InputSpec(shape=(2,)), output="x")


def test_label_indices_names_unknown_labels(iris_model: Any) -> None:
    model = SklearnModel(iris_model)
    assert label_indices(model, np.array([2, 0])).tolist() == [2, 0]
    with pytest.raises(InputError, match="label 7"):
        label_indices(model, np.array([7]))


class _Handler(BaseHTTPRequestHandler):
    model: Any = None
    fail_first = 0
    seen_auth: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        type(self).seen_auth.append(self.headers.get("Authorization", ""))
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        out = self.model.predict_proba(np.asarray(body["inputs"])).tolist()
        data = json.dumps({"outputs": out}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def endpoint(iris_model: Any) -> Iterator[str]:
    _Handler.model = iris_model
    _Handler.seen_auth = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/predict"
    server.shutdown()
    server.server_close()


def test_http_adapter_retries_and_authenticates(endpoint: str, iris: Any, iris_model: Any) -> None:
    x, _ = iris
    _Handler.fail_first = 1
    model = HttpModel(
        endpoint,
        classes=(0, 1, 2),
        input_spec=InputSpec(shape=(4,), dtype="float64"),
        token="s3cret",
        batch_size=50,
        backoff_s=0,
        query_limit=200,
    )
    p = model.predict_proba(x[:120])
    assert np.allclose(p, iris_model.predict_proba(x[:120]))
    assert set(_Handler.seen_auth) == {"Bearer s3cret"}
    assert len(_Handler.seen_auth) == 4  # one 503, then three batches
    with pytest.raises(BudgetExceeded):
        model.predict_proba(x[:100])  # the per-run cap of 200 rows holds
    model.close()


def test_http_adapter_reports_unreachable_endpoints() -> None:
    model = HttpModel(
        "http://127.0.0.1:9/v1/predict",
        classes=(0, 1),
        input_spec=InputSpec(shape=(2,)),
        retries=1,
        backoff_s=0,
        timeout_s=0.5,
    )
    with pytest.raises(InputError, match="unreachable"):
        model.predict_proba(np.zeros((1, 2)))
