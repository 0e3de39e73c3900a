"""Blue-green switch and rollback, shadow disagreement counting, moving target, admin revoke."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.gateway import ModelVersions, create_app
from hauberk.models import CallableModel, InputSpec, SklearnModel

from ._support import bearer, config, live_server, make_keys

GOOD = [[5.1, 3.5, 1.4, 0.2]]


def constant(label: int, spec: InputSpec) -> CallableModel:
    def fn(x: np.ndarray) -> np.ndarray:
        out = np.full((len(x), 3), 0.1)
        out[:, label] = 0.8
        return out

    return CallableModel(fn, classes=(0, 1, 2), input_spec=spec)


@pytest.fixture
def versions(iris_clf: SklearnModel) -> ModelVersions:
    spec = iris_clf.input_spec
    return ModelVersions(
        {"blue": constant(0, spec), "green": constant(2, spec)}, active="blue", shadow="green"
    )


def test_switch_rollback_and_shadow(tmp_path: Path, versions: ModelVersions) -> None:
    keys = make_keys(tmp_path)
    with live_server(create_app(config(tmp_path), versions, keys=keys.store)) as live:
        admin = bearer(keys.admin)
        assert live.predict(keys.predict, GOOD).json()["model_version"] == "blue"
        r = live.client.post(
            live.url + "/admin/versions/switch", json={"version": "green"}, headers=admin
        )
        assert r.json() == {"active": "green", "previous": "blue"}
        out = live.predict(keys.predict, GOOD).json()
        assert out["model_version"] == "green" and out["outputs"][0]["label"] == 2
        r = live.client.post(live.url + "/admin/versions/rollback", headers=admin)
        assert r.json() == {"active": "blue"}
        assert live.predict(keys.predict, GOOD).json()["model_version"] == "blue"
        r = live.client.post(
            live.url + "/admin/versions/switch", json={"version": "red"}, headers=admin
        )
        assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_version"
        r = live.client.post(
            live.url + "/admin/versions/switch",
            json={"version": "/tmp/evil.onnx", "path": "x"},
            headers=admin,
        )
        assert r.status_code == 422
        metrics = live.client.get(live.url + "/metrics", headers=admin).text
    # blue answered 2 rows with the green shadow disagreeing on each; green's own row compared
    # against itself (the shadow is green) agrees.
    assert "hauberk_shadow_compared_total 3.0" in metrics
    assert "hauberk_shadow_disagreements_total 2.0" in metrics


def test_moving_target_uses_every_member(tmp_path: Path, iris_clf: SklearnModel) -> None:
    spec = iris_clf.input_spec
    versions = ModelVersions(
        {"a": constant(0, spec), "b": constant(1, spec), "c": constant(2, spec)},
        moving_target=("a", "b", "c"),
    )
    keys = make_keys(tmp_path)
    cfg = config(tmp_path, audit={"durable": False})
    with live_server(create_app(cfg, versions, keys=keys.store)) as live:
        seen = {live.predict(keys.admin, GOOD).json()["model_version"] for _ in range(30)}
    assert seen == {"a", "b", "c"}


def test_versions_must_be_interchangeable(iris_clf: SklearnModel) -> None:
    other = constant(0, InputSpec(shape=(5,), dtype="float64"))
    with pytest.raises(ConfigError, match="interchangeable"):
        ModelVersions({"a": iris_clf, "b": other})
    with pytest.raises(ConfigError, match="not among"):
        ModelVersions({"a": iris_clf}, shadow="b")


def test_admin_revoke_route(tmp_path: Path, iris_clf: SklearnModel) -> None:
    keys = make_keys(tmp_path)
    with live_server(create_app(config(tmp_path), iris_clf, keys=keys.store)) as live:
        assert live.predict(keys.predict, GOOD).status_code == 200
        r = live.client.post(
            live.url + "/admin/keys/revoke",
            json={"id": keys.predict_id},
            headers=bearer(keys.admin),
        )
        assert r.status_code == 200 and r.json()["id"] == keys.predict_id
        assert live.predict(keys.predict, GOOD).status_code == 401
        r = live.client.post(
            live.url + "/admin/keys/revoke", json={"id": "0" * 16}, headers=bearer(keys.admin)
        )
        assert r.status_code == 404


def test_no_route_loads_or_registers_a_model(tmp_path: Path, iris_clf: SklearnModel) -> None:
    keys = make_keys(tmp_path)
    app = create_app(config(tmp_path, openapi=True), iris_clf, keys=keys.store)
    routes = {(m, r.path) for r in app.routes for m in getattr(r, "methods", ()) or ()}
    assert routes == {
        ("POST", "/v1/predict"),
        ("GET", "/admin/versions"),
        ("POST", "/admin/versions/switch"),
        ("POST", "/admin/versions/rollback"),
        ("POST", "/admin/keys/revoke"),
        ("GET", "/metrics"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/openapi.json"),
        ("HEAD", "/openapi.json"),
    }


def test_health_and_readiness(tmp_path: Path, iris_clf: SklearnModel) -> None:
    keys = make_keys(tmp_path)
    with live_server(create_app(config(tmp_path), iris_clf, keys=keys.store)) as live:
        assert live.client.get(live.url + "/healthz").json() == {"status": "ok"}
        assert live.client.get(live.url + "/readyz").json()["status"] == "ready"
        (tmp_path / "keys.json").write_text("not json")
        r = live.client.get(live.url + "/readyz")
        assert r.status_code == 503 and r.json()["error"]["code"] == "not_ready"


def test_audit_outage_fails_closed(tmp_path: Path, iris_clf: SklearnModel) -> None:
    class Broken:
        def submit(self, *a: Any, **k: Any) -> Any:
            raise OSError("disk full")

        def close(self) -> None:
            pass

    keys = make_keys(tmp_path)
    with live_server(
        create_app(config(tmp_path), iris_clf, keys=keys.store, audit=Broken())
    ) as live:
        r = live.predict(keys.predict, GOOD)
    assert r.status_code == 503 and r.json()["error"]["code"] == "audit_unavailable"
    assert "disk" not in r.text


def test_off_path_audit_fails_closed_after_a_failed_commit(
    tmp_path: Path, iris_clf: SklearnModel
) -> None:
    from concurrent.futures import Future

    class Flaky:
        """Commits fail while ``down``; records that did commit are kept."""

        def __init__(self) -> None:
            self.down = False
            self.kept: list[dict[str, Any]] = []

        def submit(self, kind: str, body: dict[str, Any], *, principal: str) -> Future[int]:
            future: Future[int] = Future()
            if self.down:
                future.set_exception(OSError("disk full"))
            else:
                self.kept.append(body)
                future.set_result(len(self.kept) - 1)
            return future

        def close(self) -> None:
            pass

    sink, keys = Flaky(), make_keys(tmp_path)
    app = create_app(config(tmp_path, audit={"durable": False}), iris_clf, keys=keys.store,
                     audit=sink)  # fmt: skip
    with live_server(app) as live:
        assert live.predict(keys.predict, GOOD).status_code == 200
        sink.down = True
        lost = live.predict(keys.predict, GOOD)  # already answered when its commit failed
        assert lost.status_code == 200
        refused = live.predict(keys.predict, GOOD)
        assert refused.status_code == 503
        assert refused.json()["error"]["code"] == "audit_unavailable"
        assert live.client.get(live.url + "/readyz").status_code == 503
        sink.down = False
        assert live.predict(keys.predict, GOOD).status_code == 200  # a commit succeeded again
        assert live.client.get(live.url + "/readyz").status_code == 200
    predicts = [b for b in sink.kept if b["route"] == "POST /v1/predict"]
    served = [b["request_id"] for b in predicts if b["status"] == 200]
    assert lost.headers["x-request-id"] not in served and len(served) == 2
