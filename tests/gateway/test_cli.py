"""``hauberk keys`` and ``hauberk serve`` through the real command line."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

from hauberk.cli._serve import register

from ._support import iris_onnx

MAIN = (
    "import sys, typer\n"
    "from hauberk.cli._serve import register\n"
    "from hauberk.core import HauberkError\n"
    "app = typer.Typer()\n"
    "@app.callback()\n"
    "def root() -> None: pass\n"
    "register(app)\n"
    "try:\n"
    "    app(sys.argv[1:])\n"
    "except HauberkError as exc:\n"
    "    print(f'hauberk: error: {exc}', file=sys.stderr); sys.exit(exc.exit_code)\n"
)


@pytest.fixture
def cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        pass

    register(app)
    return app


def test_keys_create_list_revoke(cli: typer.Typer, tmp_path: Path) -> None:
    store = tmp_path / "keys.json"
    runner = CliRunner()
    out = runner.invoke(cli, ["keys", "create", "--store", str(store), "--role", "predict",
                              "--rate", "10/s", "--format", "json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    created = json.loads(out.stdout)
    assert set(created) >= {"id", "key", "role"} and created["role"] == "predict"
    assert created["key"] not in store.read_text()
    listed = runner.invoke(cli, ["keys", "list", "--store", str(store), "--format", "json"])
    assert json.loads(listed.stdout)[0]["id"] == created["id"]
    assert "sha256" not in listed.stdout and created["key"] not in listed.stdout
    revoked = runner.invoke(cli, ["keys", "revoke", "--store", str(store), created["id"]])
    assert revoked.exit_code == 0
    assert json.loads(runner.invoke(cli, ["keys", "list", "--store", str(store), "--format",
                                          "json"]).stdout)[0]["revoked"]  # fmt: skip
    text = runner.invoke(cli, ["keys", "create", "--store", str(store), "--role", "admin"])
    assert text.stdout.strip().startswith("hbk_")


def test_keys_friction_of_issue_14(cli: typer.Typer, tmp_path: Path) -> None:
    """A missing store is an error, not an empty table; a role no route grants is refused;
    a bare rate is per second; revoking twice says so."""
    from hauberk.core import InputError

    store = tmp_path / "keys.json"
    runner = CliRunner()
    missing = runner.invoke(cli, ["keys", "list", "--store", str(store)])
    assert isinstance(missing.exception, InputError) and "no key store" in str(missing.exception)
    wizard = runner.invoke(cli, ["keys", "create", "--store", str(store), "--role", "wizard"])
    assert isinstance(wizard.exception, InputError)
    assert "known roles: admin, chat, deploy, predict" in str(wizard.exception)
    assert not store.exists()
    out = runner.invoke(cli, ["keys", "create", "--store", str(store), "--role", "predict",
                              "--rate", "10", "--format", "json"])  # fmt: skip
    created = json.loads(out.stdout)
    assert created["rate"] == 10.0
    first = runner.invoke(cli, ["keys", "revoke", "--store", str(store), created["id"]])
    again = runner.invoke(cli, ["keys", "revoke", "--store", str(store), created["id"]])
    assert first.stdout.startswith("revoked") and "already revoked" in again.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-c", MAIN, *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def _key(store: Path, role: str) -> str:
    args = ["keys", "create", "--store", str(store), "--role", role, "--format", "json"]
    out = subprocess.run(
        [sys.executable, "-c", MAIN, *args], capture_output=True, text=True, check=True
    )
    return str(json.loads(out.stdout)["key"])


def test_serve_verifies_then_serves_on_loopback(tmp_path: Path, iris_model: Any) -> None:
    model = iris_onnx(tmp_path / "iris.onnx", iris_model)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    store = tmp_path / "keys.json"
    key = _key(store, "predict")
    (tmp_path / "serve.toml").write_text(
        '[model]\nversion = "iris-1"\nlower = 0.0\nupper = 10.0\n[audit]\nledger = "audit.db"\n'
    )
    port = _free_port()
    proc = _run(["serve", "--model", str(model), "--sha256", digest, "--keys", str(store),
                 "--config", "serve.toml", "--port", str(port)], tmp_path)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.post(f"http://127.0.0.1:{port}/v1/predict",
                               json={"inputs": [[5.1, 3.5, 1.4, 0.2]]},
                               headers={"Authorization": f"Bearer {key}"}, timeout=5)  # fmt: skip
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.status_code == 200, r.text
        assert r.json()["model_version"] == "iris-1" and r.json()["outputs"][0]["label"] == 0
        bad = httpx.post(f"http://127.0.0.1:{port}/v1/predict", json={"inputs": [[50, 1, 1, 1]]},
                         headers={"Authorization": f"Bearer {key}"}, timeout=5)  # fmt: skip
        assert bad.status_code == 422  # bounds from serve.toml
        conns = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
        if conns.returncode == 0 and conns.stdout.strip():
            local = [line.split()[3] for line in conns.stdout.splitlines()]
            assert local == [f"127.0.0.1:{port}"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert f"sha256 {digest} verified" in err
    assert (tmp_path / "audit.db").is_file()


def test_serve_refuses_a_mismatch_and_unverified(tmp_path: Path, iris_model: Any) -> None:
    model = iris_onnx(tmp_path / "iris.onnx", iris_model)
    store = tmp_path / "keys.json"
    _key(store, "predict")
    proc = _run(["serve", "--model", str(model), "--sha256", "0" * 64, "--keys", str(store),
                 "--port", str(_free_port())], tmp_path)  # fmt: skip
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "SHA-256" in err and "listening" not in err
    proc = _run(["serve", "--model", str(model), "--keys", str(store)], tmp_path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "--allow-unverified" in err
    proc = _run(["serve", "--model", str(model), "--sha256", "0" * 64], tmp_path)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0


def test_serve_with_tls_options(tmp_path: Path, iris_model: Any) -> None:
    import ssl

    from .test_tls import _issue

    ca_pem, ca, ca_key = _issue(tmp_path, "ca", issuer=None, ca=True)
    import ipaddress

    from cryptography import x509

    ip = x509.IPAddress(ipaddress.ip_address("127.0.0.1"))
    server, _, _ = _issue(tmp_path, "server", issuer=(ca, ca_key), san=[ip])
    model = iris_onnx(tmp_path / "iris.onnx", iris_model)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    store = tmp_path / "keys.json"
    key = _key(store, "predict")
    (tmp_path / "serve.toml").write_text('[audit]\nledger = "audit.db"\n')
    port = _free_port()
    proc = _run(["serve", "--model", str(model), "--sha256", digest, "--keys", str(store),
                 "--config", "serve.toml", "--port", str(port), "--tls-cert", str(server.cert),
                 "--tls-key", str(server.key)], tmp_path)  # fmt: skip
    ctx = ssl.create_default_context(cafile=str(ca_pem.cert))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.post(f"https://127.0.0.1:{port}/v1/predict",
                               json={"inputs": [[5.1, 3.5, 1.4, 0.2]]}, verify=ctx,
                               headers={"Authorization": f"Bearer {key}"}, timeout=5)  # fmt: skip
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.status_code == 200, r.text
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert f"listening on https://127.0.0.1:{port}" in err
