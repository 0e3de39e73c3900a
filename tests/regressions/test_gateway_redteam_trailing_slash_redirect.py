"""Red team, issue 13 item 6: ``POST /v1/predict/`` answered a 307 built from the Host header.

Starlette's ``redirect_slashes`` answered a path with a trailing slash by redirecting to the
path without it, outside the gateway's pipeline (no audit, no error shape), with a
``Location`` built from the client's ``Host`` header. Now such a path is a plain 404
``not_found`` in the gateway's error shape, with no redirect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from tests.gateway._support import bearer, config, make_keys

from hauberk.gateway import create_app
from hauberk.models import InputSpec, SklearnModel


def test_trailing_slash_is_a_404_not_a_redirect(tmp_path: Path, iris_model: Any) -> None:
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path), model, keys=keys.store)
    with TestClient(app) as client:
        for method, path in (("POST", "/v1/predict/"), ("GET", "/admin/versions/"),
                             ("GET", "/readyz/")):  # fmt: skip
            r = client.request(
                method,
                path,
                json={"inputs": [[5.1, 3.5, 1.4, 0.2]]},
                headers={**bearer(keys.predict), "host": "evil.example"},
                follow_redirects=False,
            )
            assert r.status_code == 404, (path, r.status_code)
            assert r.json()["error"]["code"] == "not_found"
            assert "location" not in r.headers
