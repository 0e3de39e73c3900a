"""Red team, issue 13 item 6 and "values outside the model's dtype": 500s from overflow.

A finite JSON number that does not fit the model's dtype (1e300 for a float32 model) became
infinity in the cast and the request ended in a 500; inputs of 1e38 fit float32 but overflow
inside the model (a float32 Gemm), and the non-finite scores ended in a 500 too. Now the
first is ``invalid_inputs`` (the schema's range is the dtype's) and the second
``non_finite_output``, both 422.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from tests.gateway._support import bearer, config, iris_onnx, make_keys

from hauberk.gateway import create_app
from hauberk.models import InputSpec, OnnxModel

GOOD = [5.1, 3.5, 1.4, 0.2]


def test_dtype_and_output_overflow_are_422(tmp_path: Path, iris_model: Any) -> None:
    path = iris_onnx(tmp_path / "iris.onnx", iris_model)
    model = OnnxModel(path.read_bytes(), input_spec=InputSpec(shape=(4,), dtype="float32"))
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path), model, keys=keys.store)
    with TestClient(app, raise_server_exceptions=False) as client:

        def post(rows: list[list[float]]) -> Any:
            return client.post("/v1/predict", json={"inputs": rows}, headers=bearer(keys.predict))

        r = post([[1e300, 1.0, 1.0, 1.0]])
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_inputs"
        r = post([[-1e39, 1.0, 1.0, 1.0]])
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_inputs"
        r = post([[1e38, 1e38, 1e38, 1e38]])
        assert r.status_code == 422 and r.json()["error"]["code"] == "non_finite_output"
        r = post([GOOD, [1e38, 1e38, 1e38, 1e38]])
        assert r.status_code == 422 and r.json()["error"]["code"] == "non_finite_output"
        assert post([GOOD]).status_code == 200
