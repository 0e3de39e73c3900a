"""The keygen / sign / verify / encrypt / decrypt commands, exit codes and outputs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hauberk.cli._sign import register
from hauberk.core import HauberkError

MODEL_SIGNING = Path(sys.executable).parent / "model_signing"


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test shell."""

    register(app)
    return app


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Invoke like hauberk.cli.main: a HauberkError becomes one stderr line and its exit code."""
    runner = CliRunner()
    result = runner.invoke(make_app(), [str(a) for a in args], env=env)
    if isinstance(result.exception, HauberkError):
        return result.exception.exit_code, result.stdout, f"hauberk: error: {result.exception}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def model(tmp_path: Path) -> Path:
    root = tmp_path / "model"
    root.mkdir()
    (root / "weights.safetensors").write_bytes(os.urandom(50_000))
    (root / "config.json").write_text("{}")
    return root


def test_keygen_sign_verify_round_trip(model: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "keys" / "release"
    (tmp_path / "keys").mkdir()
    code, out, _ = run("keygen", prefix)
    assert code == 0, out
    key, pub = prefix.with_suffix(".key"), prefix.with_suffix(".pub")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert run("keygen", prefix)[0] == 2  # refuses to overwrite
    sig = tmp_path / "model.sig"
    code, out, _ = run("sign", model, "--key", key, "--signature", sig, "--format", "json")
    assert code == 0
    signed = json.loads(out)
    assert signed["files"] == 2
    assert signed["method"] == "files"
    code, out, _ = run("verify", model, "--key", pub, "--signature", sig)
    assert code == 0
    assert "verified 2 file(s)" in out
    # model_signing's own command accepts what hauberk signed.
    done = subprocess.run(
        [MODEL_SIGNING, "verify", "key", model, "--signature", sig, "--public_key", pub],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_verify_failure_exits_1_and_names_files(model: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "k"
    run("keygen", prefix)
    sig = tmp_path / "model.sig"
    run("sign", model, "--key", prefix.with_suffix(".key"), "--signature", sig)
    (model / "config.json").write_text('{"changed": true}')
    (model / "dropper.pkl").write_bytes(b"\x80\x04N.")
    report = tmp_path / "result.json"
    code, _out, err = run(
        "verify", model, "--key", prefix.with_suffix(".pub"), "--signature", sig,
        "--format", "json", "--output", report,
    )  # fmt: skip
    assert code == 1
    assert "config.json" in err
    assert "dropper.pkl" in err
    result = json.loads(report.read_text())
    assert result["verified"] is False
    assert {(p["path"], p["kind"]) for p in result["problems"]} == {
        ("config.json", "changed"),
        ("dropper.pkl", "added"),
    }


def test_sign_sharded_blake3_and_usage_errors(model: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "k"
    run("keygen", prefix, "--type", "ecdsa-p384")
    key, pub = prefix.with_suffix(".key"), prefix.with_suffix(".pub")
    sig = tmp_path / "s.sig"
    code, out, _ = run(
        "sign", model, "--key", key, "--signature", sig, "--shard-size", "8192", "-f", "json"
    )
    assert code == 0
    assert json.loads(out)["method"] == "shards"
    assert run("verify", model, "--key", pub, "--signature", sig, "--quiet") == (0, "", "")
    code, _, err = run("sign", model, "--key", key, "--signature", sig, "--shard-size", "1")
    assert code == 2
    assert "shard_size" in err
    code, _, err = run("sign", tmp_path / "nope", "--key", key, "--signature", sig)
    assert code == 2
    assert "does not exist" in err


def test_password_protected_key_from_environment(model: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "k"
    env = {"HAUBERK_KEY_PASSWORD": "hunter22"}
    assert run("keygen", prefix, "--password")[0] == 2  # no password in the environment
    assert run("keygen", prefix, "--password", env=env)[0] == 0
    sig = tmp_path / "s.sig"
    key = prefix.with_suffix(".key")
    assert run("sign", model, "--key", key, "--signature", sig)[0] == 2
    assert run("sign", model, "--key", key, "--signature", sig, env=env)[0] == 0


def test_encrypt_decrypt_with_key_file_and_env(model: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "secret"
    assert run("keygen", prefix, "--type", "aes256")[0] == 0
    key_file = prefix.with_suffix(".aes")
    plain = model / "weights.safetensors"
    enc, out = tmp_path / "w.enc", tmp_path / "w.out"
    assert run("encrypt", plain, enc, "--key-file", key_file, "--chunk-size", "4096")[0] == 0
    assert run("decrypt", enc, out, "--key-file", key_file)[0] == 0
    assert out.read_bytes() == plain.read_bytes()
    env = {"MODEL_KEY": key_file.read_text().strip()}
    out2 = tmp_path / "w2.out"
    assert run("decrypt", enc, out2, "--key-env", "MODEL_KEY", env=env)[0] == 0
    assert out2.read_bytes() == plain.read_bytes()
    # Tampered: exit 1, one line, nothing written.
    data = bytearray(enc.read_bytes())
    data[len(data) // 2] ^= 0x40
    enc.write_bytes(bytes(data))
    out3 = tmp_path / "w3.out"
    code, _, err = run("decrypt", enc, out3, "--key-file", key_file)
    assert code == 1
    assert "failed authentication" in err
    assert not out3.exists()
    code, _, err = run("decrypt", enc, tmp_path / "w4", env={"HAUBERK_ENCRYPTION_KEY": ""})
    assert code == 2
    assert "HAUBERK_ENCRYPTION_KEY" in err


def test_sign_and_verify_record_to_the_ledger(model: Path, tmp_path: Path) -> None:
    from hauberk.ledger import open_ledger

    prefix = tmp_path / "k"
    run("keygen", prefix)
    sig, db = tmp_path / "s.sig", tmp_path / "ledger.db"
    key, pub = prefix.with_suffix(".key"), prefix.with_suffix(".pub")
    code, out, _ = run(
        "sign", model, "--key", key, "--signature", sig, "--ledger", db,
        "--principal", "release-bot", "-f", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["ledger_index"] == 0
    (model / "config.json").write_text("tampered")
    assert run("verify", model, "--key", pub, "--signature", sig, "--ledger", db)[0] == 1
    with open_ledger(db) as ledger:
        assert ledger.head().size == 2
        signed, failed = ledger.entry(0), ledger.entry(1)
    assert (signed.kind, signed.principal) == ("model.sign", "release-bot")
    assert failed.kind == "model.verify"
    body = json.loads(failed.body_json)
    assert body["verified"] is False
    assert body["problems"] == [
        {
            "path": "config.json",
            "kind": "changed",
            "detail": "content differs from the signed digest",
        }
    ]


def test_sign_under_a_ledger_role_policy_needs_a_ledger_key_of_a_sign_holder(
    model: Path, tmp_path: Path
) -> None:
    """A ledger with a role policy refuses unsigned records: ``sign --ledger`` must say so
    before it writes a signature, and sign its record with ``--ledger-key``."""
    from hauberk.governance import load_roles
    from hauberk.ledger import Signer, load_private_key, open_ledger
    from hauberk.supplychain import generate_signing_keypair

    for name in ("root", "rel", "eve"):
        generate_signing_keypair(tmp_path / f"{name}.pem", tmp_path / f"{name}.pub",
                                 curve="ed25519")  # fmt: skip
    (tmp_path / "roles.toml").write_text(
        '[principals.root]\nkeys = ["root.pub"]\nroles = ["ledger-admin"]\n'
        '[principals.rel]\nkeys = ["rel.pub"]\nroles = ["sign"]\n'
        '[principals.eve]\nkeys = ["eve.pub"]\nroles = ["read-audit"]\n'
    )
    db = tmp_path / "ledger.db"
    with open_ledger(str(db), create=True) as ledger:
        root = Signer(load_private_key(tmp_path / "root.pem"), principal="root")
        ledger.set_policy(load_roles(tmp_path / "roles.toml").ledger_policy(), root)
    prefix = tmp_path / "k"
    run("keygen", prefix)
    key, sig = prefix.with_suffix(".key"), tmp_path / "s.sig"
    signing = ("sign", model, "--key", key, "--signature", sig, "--ledger", db)

    # The last: rel's key may sign, but not as eve, the name the entry would carry.
    for extra in ((), ("--ledger-key", tmp_path / "eve.pem"),
                  ("--ledger-key", tmp_path / "rel.pem", "--principal", "eve")):  # fmt: skip
        code, _, err = run(*signing, *extra)
        assert code == 2 and "model.sign" in err, err
        assert not sig.exists()  # refused before any signature was written
    assert run("sign", model, "--key", key, "--signature", sig,
               "--ledger-key", tmp_path / "rel.pem")[0] == 2  # fmt: skip
    code, out, err = run(*signing, "--ledger-key", tmp_path / "rel.pem", "-f", "json")
    assert code == 0, err
    with open_ledger(str(db)) as ledger:
        entry = ledger.entry(json.loads(out)["ledger_index"])
    assert (entry.kind, entry.principal) == ("model.sign", "rel")
