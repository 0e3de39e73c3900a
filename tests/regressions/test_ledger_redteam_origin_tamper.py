"""Red team (issue 13, item 7): changing the stored origin.

With a signed checkpoint the mismatch was an input error (exit 2) instead of a failed
verification; it is now a problem in the report and exit 1. Without a checkpoint nothing in the
log commits to the origin (entries and tree hashes do not include it): ``verify`` reports the
origin it read so it can be compared, and docs/ledger.md says so. A deleted origin row is a
failure either way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.ledger import open_ledger

from ._ledger_support import (  # noqa: F401
    BACKENDS,
    attacker_sql,
    backend_db,
    fill,
    hauberk,
    postgres_server,
    postgres_url,
)

ORIGIN = "redteam.example/log"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return backend_db(request, tmp_path)


def _checkpoint(db: str, tmp_path: Path) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    pub = tmp_path / "ledger.pub"
    pub.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    note = tmp_path / "checkpoint.txt"
    with open_ledger(db, read_only=True) as ledger:
        note.write_text(ledger.checkpoint(key))
    return note, pub


def test_changed_origin_fails_against_the_checkpoint_with_exit_1(db: str, tmp_path: Path) -> None:
    fill(db, 4, ORIGIN)
    note, pub = _checkpoint(db, tmp_path)
    args = ["ledger", "verify", db, "--checkpoint", str(note), "--key", str(pub)]
    assert hauberk(*args).returncode == 0
    attacker_sql(db)("UPDATE ledger_meta SET value = ? WHERE key = 'origin'", "evil.example/log")
    result = hauberk(*args)
    assert result.returncode == 1, result.stderr
    assert "does not match the signed checkpoint's origin" in result.stdout


def test_without_a_checkpoint_the_origin_read_is_reported(db: str) -> None:
    fill(db, 2, ORIGIN)
    attacker_sql(db)("UPDATE ledger_meta SET value = ? WHERE key = 'origin'", "evil.example/log")
    result = hauberk("ledger", "verify", db, "--format", "json")
    # Documented limit: nothing but a checkpoint commits to the origin.
    assert result.returncode == 0
    assert json.loads(result.stdout)["origin"] == "evil.example/log"


def test_deleted_origin_row_fails(db: str, tmp_path: Path) -> None:
    fill(db, 3, ORIGIN)
    note, pub = _checkpoint(db, tmp_path)
    attacker_sql(db)("DELETE FROM ledger_meta WHERE key = 'origin'")
    for extra in ([], ["--checkpoint", str(note), "--key", str(pub)]):
        result = hauberk("ledger", "verify", db, *extra)
        assert result.returncode == 1, result.stderr
        assert "origin row is missing" in result.stdout
