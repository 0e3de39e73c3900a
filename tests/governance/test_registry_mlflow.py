"""The MLflow backend against a real ``mlflow server`` on 127.0.0.1 (bounded start-up)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.governance.registry_support import add_model, workspace

from hauberk.governance import (
    GateFailed,
    LocalMlflowServer,
    MlflowMirror,
    Registry,
    load_registry_config,
)
from hauberk.ledger import Signer, load_private_key, open_ledger

HAS_MLFLOW = shutil.which("mlflow") or (Path(sys.executable).parent / "mlflow").exists()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalMlflowServer]:
    if not HAS_MLFLOW:
        pytest.skip("the mlflow command is not installed (dev extra)")
    with LocalMlflowServer(timeout=180) as running:
        yield running


def test_gates_apply_to_mlflow_aliases(server: LocalMlflowServer, tmp_path: Path) -> None:
    workspace(tmp_path, mlflow=server.url)
    config = load_registry_config(tmp_path / "registry.toml")
    assert config.settings.mlflow == server.url
    mirror = MlflowMirror(server.url)

    def registry(who: str) -> Registry:
        signer = Signer(load_private_key(tmp_path / f"{who}.pem"), principal="x")
        return Registry(ledger, config.roles, config.settings, signer=signer, mirror=mirror)

    with open_ledger(config.ledger_url()) as ledger:
        v1 = registry("alice").register("iris", tmp_path / "model.bin",
                                        signature=tmp_path / "model.bin.sig")  # fmt: skip
        assert v1.mlflow_version == "1"
        bob = registry("bob")
        bob.promote("iris", 1, "staging")
        assert mirror.read("iris")["aliases"] == {"staging": "1"}
        # the gates hold for MLflow too: refused, and MLflow is left as it was
        with pytest.raises(GateFailed):
            bob.promote("iris", 1, "production")
        assert mirror.read("iris")["aliases"] == {"staging": "1"}
        registry("carol").approve("iris", 1, "production")
        bob.promote("iris", 1, "production", report=tmp_path / "model.bin.report.json")
        seen = mirror.read("iris")
        assert seen["aliases"] == {"production": "1"}
        assert seen["versions"]["1"]["hauberk.stage"] == "production"
        add_model(tmp_path, "model2.bin", b"weights v2")
        registry("alice").register("iris", tmp_path / "model2.bin",
                                   signature=tmp_path / "model2.bin.sig")  # fmt: skip
        bob.promote("iris", 2, "staging")
        registry("carol").approve("iris", 2, "production")
        bob.promote("iris", 2, "production", report=tmp_path / "model2.bin.report.json")
        seen = mirror.read("iris")
        assert seen["aliases"] == {"production": "2"}
        assert seen["versions"]["1"]["hauberk.stage"] == "archived"
        bob.rollback("iris")
        assert mirror.read("iris")["aliases"] == {"production": "1"}
        assert bob.verify() == []
        # someone moves the alias in MLflow behind the registry's back: verify says so
        alias = {"name": "iris", "alias": "production", "version": "2"}
        url = f"{server.url}/api/2.0/mlflow/registered-models/alias"
        httpx.post(url, json=alias).raise_for_status()
        problems = bob.verify()
        assert any(
            "alias 'production' points to version 2, the ledger says 1" in p for p in problems
        )
    mirror.close()
