"""``hauberk ledger`` commands, through typer's CliRunner on an app built from register()."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
import typer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from hauberk.cli._ledger import register
from hauberk.core import ConfigError, InputError
from hauberk.ledger import (
    ConsistencyProof,
    InclusionProof,
    open_ledger,
    parse_verifier_key,
    verify_checkpoint,
)


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()
    register(root)

    @root.callback()
    def _root() -> None:  # keep "ledger" a sub-command even with one group
        pass

    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    priv, pub = tmp_path / "ledger.key", tmp_path / "ledger.pub"
    priv.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(priv, 0o600)
    pub.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return priv, pub


def _ok(runner: CliRunner, app: typer.Typer, *args: str, stdin: str | None = None) -> str:
    result = runner.invoke(app, ["ledger", *args], input=stdin)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_full_workflow(
    runner: CliRunner, app: typer.Typer, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    db = str(tmp_path / "audit.db")
    priv, pub = keys
    assert _ok(runner, app, "init", db, "--origin", "cli.example/log").strip() == "cli.example/log"
    body = tmp_path / "body.json"
    body.write_text('{"model": "m.pt", "sha256": "ab"}')
    assert _ok(runner, app, "append", db, "--kind", "model.sign", str(body)).strip() == "0"
    out = _ok(runner, app, "append", db, "--kind", "data.ingest", "-", stdin='{"rows": 10}')
    assert out.strip() == "1"
    for i in range(2, 7):
        _ok(runner, app, "append", db, "--kind", "serve.request", "--principal", "gw", "-",
            stdin=json.dumps({"i": i}))  # fmt: skip

    head = json.loads(_ok(runner, app, "head", db, "--format", "json"))
    assert set(head) == {"size", "root"} and head["size"] == 7
    with open_ledger(db) as ledger:
        assert head["root"] == ledger.head().root.hex()
        assert ledger.entry(1).body == {"rows": 10}
        assert ledger.entry(3).principal == "gw"
    assert _ok(runner, app, "head", db).startswith("size 7\nroot ")

    proof = InclusionProof.from_json(json.loads(_ok(runner, app, "prove", db, "3")))
    proof.verify()
    assert (proof.index, proof.size, proof.root.hex()) == (3, 7, head["root"])
    cons = ConsistencyProof.from_json(json.loads(_ok(runner, app, "consistency", db, "4")))
    cons.verify()
    assert (cons.old_size, cons.new_size) == (4, 7)

    cp_file = tmp_path / "cp.txt"
    _ok(runner, app, "checkpoint", db, "--key", str(priv), "--output", str(cp_file))
    note = cp_file.read_text()
    assert note.startswith("cli.example/log\n7\n")
    from hauberk.ledger import load_public_key

    assert verify_checkpoint(note, load_public_key(pub)).size == 7
    vkey = _ok(runner, app, "vkey", db, "--key", str(pub)).strip()
    assert parse_verifier_key(vkey)[0] == "cli.example/log"

    out = _ok(runner, app, "verify", db, "--checkpoint", str(cp_file), "--key", str(pub))
    assert "ok: 7 entries verified" in out and "checkpoint of size 7" in out
    report = json.loads(_ok(runner, app, "verify", db, "--format", "json"))
    assert report["ok"] is True and report["size"] == 7

    # tamper with entry 5 directly in SQLite: verify exits 1 and names it
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ledger_entries SET body = '{\"i\":50}' WHERE idx = 5")
    result = runner.invoke(
        app, ["ledger", "verify", db, "--checkpoint", str(cp_file), "--key", str(pub)]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("FAIL entry 5: content does not match")
    assert any("signed checkpoint (size 7) no longer matches" in line for line in lines)


def test_usage_errors_are_hauberk_errors(
    runner: CliRunner, app: typer.Typer, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    db = str(tmp_path / "l.db")
    result = runner.invoke(app, ["ledger", "head", db])
    assert isinstance(result.exception, InputError)
    assert "ledger init" in str(result.exception)
    _ok(runner, app, "init", db)
    result = runner.invoke(app, ["ledger", "append", db, "--kind", "Bad Kind", "-"], input="{}")
    assert isinstance(result.exception, InputError)
    result = runner.invoke(app, ["ledger", "append", db, "--kind", "a.b", "-"], input="{bad")
    assert isinstance(result.exception, InputError)
    result = runner.invoke(app, ["ledger", "prove", db, "0"])
    assert isinstance(result.exception, InputError)
    result = runner.invoke(app, ["ledger", "verify", db, "--checkpoint", str(keys[1])])
    assert isinstance(result.exception, ConfigError)
    result = runner.invoke(app, ["ledger", "append", db, "--kind", "a.b", str(tmp_path / "no")])
    assert isinstance(result.exception, InputError)


@pytest.mark.postgres
def test_cli_on_postgres(runner: CliRunner, app: typer.Typer, postgres_url: str) -> None:
    _ok(runner, app, "init", postgres_url, "--origin", "pg.example/log")
    for i in range(5):
        assert _ok(runner, app, "append", postgres_url, "--kind", "x.y", "-", stdin=str(i)) == (
            f"{i}\n"
        )
    assert json.loads(_ok(runner, app, "head", postgres_url, "--format", "json"))["size"] == 5
    InclusionProof.from_json(json.loads(_ok(runner, app, "prove", postgres_url, "4"))).verify()
    assert "ok: 5 entries" in _ok(runner, app, "verify", postgres_url)
