"""`[model] url`: hauberk serve's own answers out of the box, any JSON service by its paths."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

import numpy as np
import pytest

from hauberk.assess import assess, parse_config
from hauberk.core import ConfigError, InputError, Status, default_registry
from hauberk.models import HttpModel, InputSpec

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")


def iris_data() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    return x.astype(np.float64), y


def test_assess_a_model_behind_hauberk_serve(
    tmp_path: Path, iris_model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gateway._support import config, live_server, make_keys

    from hauberk.gateway import create_app
    from hauberk.models import SklearnModel

    served = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    keys = make_keys(tmp_path)
    fast = {"principal_rate": 1e5, "principal_burst": 1e6, "address_rate": 1e5,
            "address_burst": 1e6}  # fmt: skip
    app = create_app(config(tmp_path, rate=fast), served, keys=keys.store)
    monkeypatch.setenv("IRIS_TOKEN", keys.predict)
    with live_server(app) as live:
        raw = {
            "model": {"url": f"{live.url}/v1/predict", "token_env": "IRIS_TOKEN"},
            "data": {"python": "tests.assess.test_remote:iris_data"},
            "assess": {"stages": ["performance"]},
        }
        cfg = parse_config(raw, default_registry(), source="test", base_dir=Path.cwd())
        report = assess(cfg)
    (result,) = [r for r in report.results if r.check == "governance.performance"]
    assert result.status in (Status.PASSED, Status.FAILED), result.reason
    assert result.metrics["accuracy"] > 0.9
    assert report.target["model"]["adapter"] == "HttpModel"  # type: ignore[index]


class _Service(BaseHTTPRequestHandler):
    """A JSON service of another shape: {"data": {"rows": x}} -> {"result": [{"probs": p}]}."""

    model: Any = None
    label_only = False

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        x = np.asarray(body["data"]["rows"])
        p = self.model.predict_proba(x)
        if self.label_only:
            answer: Any = {"predictions": [["setosa", "versicolor", "virginica"][i]
                                           for i in p.argmax(1)]}  # fmt: skip
        else:
            answer = {"result": [{"probs": row} for row in p.tolist()]}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def service(iris_model: Any) -> Any:
    _Service.model = iris_model
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/predict"
    server.shutdown()
    server.server_close()


def test_any_json_service_by_its_paths(service: str, iris: Any, iris_model: Any) -> None:
    x, _ = iris
    _Service.label_only = False
    model = HttpModel(
        service, classes=(0, 1, 2), input_spec=InputSpec(shape=(4,), dtype="float64"),
        input_path="data.rows", output_path="result[*].probs",
    )  # fmt: skip
    assert np.allclose(model.predict_proba(x[:70]), iris_model.predict_proba(x[:70]))
    _Service.label_only = True
    labels = HttpModel(
        service, classes=("setosa", "versicolor", "virginica"),
        input_spec=InputSpec(shape=(4,), dtype="float64"), input_path="data.rows",
        output_path="predictions",
    )  # fmt: skip
    p = labels.predict_proba(x[:10])
    assert np.array_equal(p.argmax(1), iris_model.predict(x[:10]))
    assert set(np.unique(p)) <= {0.0, 1.0}  # label-only: one-hot, all such a service reveals


def test_a_wrong_output_path_names_itself(service: str, iris: Any) -> None:
    _Service.label_only = False
    model = HttpModel(
        service, classes=(0, 1, 2), input_spec=InputSpec(shape=(4,), dtype="float64"),
        input_path="data.rows", backoff_s=0,
    )  # fmt: skip
    with pytest.raises(InputError, match=r"output_path 'outputs'.*top-level keys: \['result'\]"):
        model.predict_proba(iris[0][:2])


@pytest.mark.parametrize("path", ["", "a..b", "[0]", "a[x]", "a."])
def test_malformed_paths_are_config_errors(path: str) -> None:
    with pytest.raises(ConfigError, match="output_path"):
        HttpModel("http://127.0.0.1:9/", classes=(0, 1), input_spec=InputSpec(shape=(2,)),
                  output_path=path)  # fmt: skip


def test_paths_need_a_url() -> None:
    raw = {"model": {"python": "m:f", "output_path": "x"}}
    with pytest.raises(ConfigError, match=r"\[model\].*output_path is for a url model"):
        parse_config(raw, default_registry(), source="assess.toml", base_dir=Path.cwd())
