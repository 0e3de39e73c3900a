"""ShadowRay (CVE-2023-48022): Ray's job API accepted jobs with no authentication at all.
Every gateway route except liveness and readiness refuses a request without credentials."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from hauberk.gateway import KeyStore, create_app, parse_config
from hauberk.models import InputSpec, SklearnModel

PUBLIC = {"/healthz", "/readyz"}


def test_every_route_needs_credentials(tmp_path: Path, iris_model: Any) -> None:
    store = KeyStore(tmp_path / "keys.json")
    store.create("admin")
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    cfg = parse_config({"audit": {"ledger": str(tmp_path / "a.db")}}, source="t", base_dir=tmp_path)
    app = create_app(cfg, model, keys=store)
    routes = [(m, r.path) for r in app.routes for m in (getattr(r, "methods", None) or ())]
    assert len(routes) >= 8
    with TestClient(app) as client:
        for method, path in routes:
            r = client.request(method, path, json={}, headers={"content-type": "application/json"})
            if path in PUBLIC:
                assert r.status_code in (200, 503)
            else:
                assert r.status_code == 401, (method, path, r.text)
                assert r.json()["error"]["code"] == "missing_credentials"
