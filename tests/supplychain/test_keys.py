"""Key generation and loading: PEM ECDSA pairs, AES-256 keys from files or variables."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from hauberk.core import ConfigError, InputError
from hauberk.supplychain import (
    generate_encryption_key,
    generate_signing_keypair,
    load_encryption_key,
    sign_model,
    verify_model,
)
from hauberk.supplychain._keys import load_password, load_private_key, load_public_key


@pytest.mark.parametrize(("curve", "name"), [("p256", "secp256r1"), ("p384", "secp384r1")])
def test_keypair_is_pem_ecdsa_with_private_mode_0600(tmp_path: Path, curve: str, name: str) -> None:
    priv, pub = tmp_path / "a.key", tmp_path / "a.pub"
    generate_signing_keypair(priv, pub, curve=curve)  # type: ignore[arg-type]
    assert stat.S_IMODE(priv.stat().st_mode) == 0o600
    assert priv.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert pub.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----")
    key = load_private_key(priv)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert key.curve.name == name
    assert load_public_key(pub).public_numbers() == key.public_key().public_numbers()


def test_keygen_refuses_to_overwrite(tmp_path: Path) -> None:
    priv, pub = tmp_path / "a.key", tmp_path / "a.pub"
    generate_signing_keypair(priv, pub)
    before = priv.read_bytes()
    with pytest.raises(ConfigError, match="already exists"):
        generate_signing_keypair(priv, pub)
    assert priv.read_bytes() == before
    generate_signing_keypair(priv, pub, overwrite=True)
    assert priv.read_bytes() != before
    with pytest.raises(ConfigError, match="curve"):
        generate_signing_keypair(tmp_path / "b", tmp_path / "c", curve="p999")  # type: ignore[arg-type]


def test_ed25519_pair_for_ledger_checkpoints_is_refused_for_model_signing(tmp_path: Path) -> None:
    from hauberk.ledger import load_private_key as ledger_private_key

    priv, pub = tmp_path / "ed.key", tmp_path / "ed.pub"
    generate_signing_keypair(priv, pub, curve="ed25519")
    assert ledger_private_key(priv) is not None  # the ledger's checkpoint signer reads it
    model = tmp_path / "m.bin"
    model.write_bytes(b"weights")
    with pytest.raises(InputError, match="ECDSA"):
        sign_model(model, private_key=priv, signature=tmp_path / "s.sig")


def test_password_protected_key_signs(tmp_path: Path) -> None:
    priv, pub = tmp_path / "a.key", tmp_path / "a.pub"
    generate_signing_keypair(priv, pub, password=b"correct horse")
    assert b"ENCRYPTED" in priv.read_bytes()
    model = tmp_path / "m.bin"
    model.write_bytes(b"weights")
    with pytest.raises(ConfigError, match="password"):
        sign_model(model, private_key=priv, signature=tmp_path / "s.sig")
    sign_model(model, private_key=priv, signature=tmp_path / "s.sig", password=b"correct horse")
    verify_model(model, public_key=pub, signature=tmp_path / "s.sig")


def test_group_readable_private_key_is_refused(tmp_path: Path) -> None:
    priv, pub = tmp_path / "a.key", tmp_path / "a.pub"
    generate_signing_keypair(priv, pub)
    priv.chmod(0o640)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_private_key(priv)


def test_encryption_key_file_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "aes.key"
    generate_encryption_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = load_encryption_key(key_file=path)
    assert len(key) == 32
    assert path.read_text().strip() == key.hex()
    monkeypatch.setenv("MY_MODEL_KEY", key.hex())
    assert load_encryption_key(env="MY_MODEL_KEY") == key
    import base64

    monkeypatch.setenv("HAUBERK_ENCRYPTION_KEY", base64.b64encode(key).decode())
    assert load_encryption_key() == key
    raw = tmp_path / "raw.key"
    raw.write_bytes(key)
    raw.chmod(0o600)
    assert load_encryption_key(key_file=raw) == key


@pytest.mark.parametrize("value", ["", "abcd", "zz" * 32, "00" * 31])
def test_bad_encryption_keys_are_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BAD_KEY", value)
    with pytest.raises(ConfigError):
        load_encryption_key(env="BAD_KEY")


def test_key_sources_are_exclusive_and_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not both"):
        load_encryption_key(key_file=tmp_path / "k", env="X")
    with pytest.raises(InputError, match="does not exist"):
        load_encryption_key(key_file=tmp_path / "missing")
    loose = tmp_path / "loose.key"
    loose.write_text("00" * 32)
    loose.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_encryption_key(key_file=loose)


def test_password_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_password() is None
    monkeypatch.setenv("PW", "s3cret")
    assert load_password(env="PW") == b"s3cret"
    pw = tmp_path / "pw"
    pw.write_text("line1\nline2\n")
    pw.chmod(0o600)
    assert load_password(password_file=pw) == b"line1"
    with pytest.raises(ConfigError, match="not set"):
        load_password(env="NOPE_NOT_SET_ANYWHERE")
