"""Attestation before key loading: SoftwareAttestation (a test double) and `hauberk serve`."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.core import ConfigError
from hauberk.gateway import (
    AttestationError,
    AttestationVerifier,
    Attester,
    SoftwareAttestation,
    attest_before_keys,
    code_measurement,
    config_digest,
    load_config,
    measure,
)
from hauberk.supplychain import generate_signing_keypair

from ._support import iris_onnx
from .test_cli import _free_port, _key, _run

KEY = Ed25519PrivateKey.generate()
CLAIMS = {"code_measurement": "a" * 64, "model_sha256": "b" * 64, "config_sha256": "c" * 64}


def _double(**kw: Any) -> SoftwareAttestation:
    return SoftwareAttestation(private_key=KEY, trusted_key=KEY.public_key(), **kw)


def test_software_double_is_labelled_and_implements_both_roles() -> None:
    double = _double()
    assert double.secure is False and "test-double" in double.platform
    assert isinstance(double, Attester) and isinstance(double, AttestationVerifier)
    nonce = double.challenge()
    result = double.verify(double.evidence(nonce=nonce, claims=CLAIMS), nonce=nonce,
                           expected=CLAIMS)  # fmt: skip
    assert result.secure is False and dict(result.claims) == CLAIMS


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_each_bound_value_mismatch_is_refused_by_name(name: str) -> None:
    double = _double()
    nonce = double.challenge()
    evidence = double.evidence(nonce=nonce, claims=CLAIMS)
    with pytest.raises(AttestationError, match=f"{name} is") as info:
        double.verify(evidence, nonce=nonce, expected={**CLAIMS, name: "d" * 64})
    assert info.value.exit_code == 2 and "\n" not in str(info.value)


def test_stale_replayed_or_forged_evidence_is_refused() -> None:
    double = _double()
    nonce = double.challenge()
    evidence = double.evidence(nonce=nonce, claims=CLAIMS)
    with pytest.raises(AttestationError, match="nonce"):
        double.verify(evidence, nonce=double.challenge(), expected=CLAIMS)
    impostor = SoftwareAttestation(private_key=Ed25519PrivateKey.generate())
    with pytest.raises(AttestationError, match="signature"):
        double.verify(impostor.evidence(nonce=nonce, claims=CLAIMS), nonce=nonce,
                      expected=CLAIMS)  # fmt: skip
    quick = _double(max_age=0.05)
    old = quick.evidence(nonce=nonce, claims=CLAIMS)
    time.sleep(0.2)
    with pytest.raises(AttestationError, match="old"):
        quick.verify(old, nonce=nonce, expected=CLAIMS)
    with pytest.raises(AttestationError, match="malformed"):
        double.verify(b"{}", nonce=nonce, expected=CLAIMS)
    with pytest.raises(AttestationError, match="malformed"):  # overflowed json's recursion
        double.verify(b"[" * 60_000 + b"]" * 4_000, nonce=nonce, expected=CLAIMS)
    missing = double.evidence(nonce=nonce, claims={"model_sha256": "b" * 64})
    with pytest.raises(AttestationError, match="does not bind code_measurement"):
        double.verify(missing, nonce=nonce, expected=CLAIMS)


def test_config_digest_ignores_the_attestation_table(tmp_path: Path) -> None:
    base = '[model]\nversion = "v1"\n'
    (tmp_path / "a.toml").write_text(base)
    table = f'[attestation]\nmeasurement = "{"a" * 64}"\nmodel_sha256 = "{"b" * 64}"\n'
    table += f'config_sha256 = "{"c" * 64}"\n'
    (tmp_path / "b.toml").write_text(base + table)
    (tmp_path / "c.toml").write_text('[model]\nversion = "v2"\n')
    digests = [config_digest(load_config(tmp_path / f"{n}.toml")) for n in "abc"]
    assert digests[0] == digests[1] != digests[2]
    assert len(code_measurement()) == 64


def _setup(tmp_path: Path, iris_model: Any, port: int = 8000, **override: str) -> tuple[Path, Path]:
    model = iris_onnx(tmp_path / "iris.onnx", iris_model)
    generate_signing_keypair(tmp_path / "platform.key", tmp_path / "platform.pub", curve="ed25519")
    # the port is part of the attested config: set it in the file, not with --port
    base = f'port = {port}\n[audit]\nledger = "audit.db"\n'
    (tmp_path / "serve.toml").write_text(base)
    values = measure(load_config(tmp_path / "serve.toml"), model) | override
    (tmp_path / "serve.toml").write_text(
        base
        + '[attestation]\nprovider = "software"\nsoftware_key = "platform.key"\n'
        + 'trusted_key = "platform.pub"\n'
        + f'measurement = "{values["code_measurement"]}"\n'
        + f'model_sha256 = "{values["model_sha256"]}"\n'
        + f'config_sha256 = "{values["config_sha256"]}"\n'
    )
    return model, tmp_path / "serve.toml"


def test_attest_before_keys_passes_with_the_measured_values(
    tmp_path: Path, iris_model: Any
) -> None:
    model, config = _setup(tmp_path, iris_model)
    result = attest_before_keys(load_config(config), model)
    assert result is not None and result.secure is False
    assert result.claims["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    assert attest_before_keys(load_config(None), model) is None  # not configured


def test_attestation_config_needs_its_keys(tmp_path: Path, iris_model: Any) -> None:
    model, config = _setup(tmp_path, iris_model)
    text = config.read_text().replace('software_key = "platform.key"\n', "")
    config.write_text(text)
    with pytest.raises(ConfigError, match="software_key"):
        attest_before_keys(load_config(config), model)


def test_serve_refuses_to_start_on_a_model_mismatch_before_any_key(
    tmp_path: Path, iris_model: Any
) -> None:
    model, config = _setup(tmp_path, iris_model, model_sha256="0" * 64)
    store = tmp_path / "keys.json"
    store.write_text("not a key store")  # would be an error of its own if it were opened
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    proc = _run(["serve", "--model", str(model), "--sha256", digest, "--keys", str(store),
                 "--config", str(config), "--port", str(_free_port())], tmp_path)  # fmt: skip
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "model_sha256" in lines[0] and "attestation refused" in lines[0]
    assert not (tmp_path / "audit.db").exists()


def test_attest_measure_cli_prints_the_three_values(tmp_path: Path, iris_model: Any) -> None:
    import subprocess
    import sys

    model, config = _setup(tmp_path, iris_model)
    out = subprocess.run([sys.executable, "-m", "hauberk", "attest", "measure", "--model",
                          str(model), "--config", str(config)], capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == measure(load_config(config), model)


def test_serve_starts_when_attested_and_says_it_is_a_test_double(
    tmp_path: Path, iris_model: Any
) -> None:
    import signal

    import httpx

    port = _free_port()
    model, config = _setup(tmp_path, iris_model, port=port)
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    store = tmp_path / "keys.json"
    _key(store, "predict")
    proc = _run(["serve", "--model", str(model), "--sha256", digest, "--config", str(config),
                 "--keys", str(store)], tmp_path)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert r.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert "attested by software-test-double (software test double, NOT a secure" in err
