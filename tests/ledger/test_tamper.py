"""Tamper tests: rows changed, deleted, inserted or reordered directly in the database.

``verify`` must name the first entry that no longer matches, and a checkpoint signed before
the tampering must no longer match, even when the attacker recomputed every stored hash.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.ledger import EMPTY_ROOT, Entry, Ledger, open_ledger

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SIZE = 20
ORIGIN = "tamper.example/log"

Sql = Callable[..., None]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


def _sql(db: str) -> Sql:
    """Run one statement as the attacker would: straight at the database, outside hauberk."""

    def run(statement: str, *params: object) -> None:
        if db.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(db, autocommit=True) as conn:
                conn.execute(statement.replace("?", "%s"), params)  # type: ignore[arg-type]
        else:
            with sqlite3.connect(db) as conn:
                conn.execute(statement, params)

    return run


def _entry(i: int) -> Entry:
    return Entry.create(
        "model.sign",
        {"model": f"m{i}.pt", "sha256": f"{i:064x}"},
        principal="ci",
        timestamp=f"2025-01-01T00:{i // 60:02d}:{i % 60:02d}.000000Z",
    )


@pytest.fixture
def signed(db: str) -> Iterator[tuple[Ledger, str, Ed25519PrivateKey, Sql]]:
    key = Ed25519PrivateKey.generate()
    with open_ledger(db, create=True, origin=ORIGIN) as ledger:
        for i in range(SIZE):
            ledger.append(_entry(i))
        note = ledger.checkpoint(key)
        assert ledger.verify(checkpoint=note, public_key=key.public_key()).ok
        yield ledger, note, key, _sql(db)


def _first(ledger: Ledger, note: str, key: Ed25519PrivateKey) -> tuple[str, list[str]]:
    report = ledger.verify(checkpoint=note, public_key=key.public_key())
    assert not report.ok
    return str(report.problems[0]), [str(p) for p in report.problems]


def _checkpoint_fails(problems: list[str]) -> bool:
    return any("checkpoint" in p for p in problems)


@pytest.mark.parametrize("column", ["body", "kind", "principal", "ts"])
def test_changed_column_is_named(
    signed: tuple[Ledger, str, Ed25519PrivateKey, Sql], column: str
) -> None:
    ledger, note, key, sql = signed
    value = {
        "body": '{"model":"evil.pt","sha256":"00"}',
        "kind": "model.verify",
        "principal": "mallory",
        "ts": "2025-01-01T00:00:59.000000Z",
    }[column]
    sql(f"UPDATE ledger_entries SET {column} = ? WHERE idx = 7", value)
    first, problems = _first(ledger, note, key)
    assert first.startswith("entry 7:")
    assert _checkpoint_fails(problems)


def test_non_canonical_body_is_named(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    sql("UPDATE ledger_entries SET body = ? WHERE idx = 3", '{ "model": "m3.pt" }')
    first, _ = _first(ledger, note, key)
    assert first.startswith("entry 3:") and "malformed" in first


def test_deleted_row_is_named(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    sql("DELETE FROM ledger_entries WHERE idx = 12")
    first, problems = _first(ledger, note, key)
    assert first == "entry 12: is missing (a row was deleted or renumbered outside hauberk)"
    assert _checkpoint_fails(problems)


def test_deleted_last_row_is_named(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    sql("DELETE FROM ledger_entries WHERE idx = ?", SIZE - 1)
    first, _ = _first(ledger, note, key)
    assert first.startswith(f"entry {SIZE - 1}: is missing")


def test_inserted_row_is_named(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    e = _entry(99)
    sql(
        "INSERT INTO ledger_entries VALUES (?, ?, ?, ?, ?)",
        SIZE,
        e.kind,
        e.timestamp,
        e.principal,
        e.body_json,
    )
    first, _ = _first(ledger, note, key)
    assert first.startswith(f"entry {SIZE}: is stored but not in the tree head")


def test_reordered_rows_are_named(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    sql("UPDATE ledger_entries SET idx = -1 WHERE idx = 4")
    sql("UPDATE ledger_entries SET idx = 4 WHERE idx = 9")
    sql("UPDATE ledger_entries SET idx = 9 WHERE idx = -1")
    first, problems = _first(ledger, note, key)
    assert first.startswith("entry 4: content does not match its stored leaf hash")
    assert _checkpoint_fails(problems)


def test_renumbered_row_is_named(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    sql("UPDATE ledger_entries SET idx = 1000 WHERE idx = 5")
    first, _ = _first(ledger, note, key)
    assert first.startswith("entry 5: is missing")


def test_changed_interior_hash_is_named(
    signed: tuple[Ledger, str, Ed25519PrivateKey, Sql],
) -> None:
    ledger, note, key, sql = signed
    sql("UPDATE ledger_nodes SET hash = ? WHERE level = 2 AND idx = 1", bytes(32))
    first, problems = _first(ledger, note, key)
    assert first == "entry 4: stored hash of entries [4, 8) does not match the entries"
    assert not _checkpoint_fails(problems)  # the entries themselves are intact


def test_changed_head_is_detected(signed: tuple[Ledger, str, Ed25519PrivateKey, Sql]) -> None:
    ledger, note, key, sql = signed
    sql("UPDATE ledger_head SET root = ? WHERE id = 1", bytes(32))
    first, _ = _first(ledger, note, key)
    assert "stored tree head" in first


def test_full_rewrite_with_recomputed_hashes_is_caught_by_the_old_checkpoint(
    signed: tuple[Ledger, str, Ed25519PrivateKey, Sql],
) -> None:
    """The attacker has database access and hauberk's code: every stored hash is consistent."""
    ledger, note, key, sql = signed
    sql("DELETE FROM ledger_entries")
    sql("DELETE FROM ledger_nodes")
    sql("UPDATE ledger_head SET size = 0, root = ? WHERE id = 1", EMPTY_ROOT)
    forged = [_entry(i) for i in range(SIZE)]
    forged[6] = Entry.create("model.sign", {"model": "backdoored.pt"}, principal="ci")
    ledger.store.write_batch(forged)
    assert ledger.verify().ok  # internally consistent ...
    _, problems = _first(ledger, note, key)  # ... but not what was signed
    assert problems == [
        "log: signed checkpoint (size 20) no longer matches the entries: history before it "
        "was rewritten"
    ]


def test_rollback_is_caught_by_the_old_checkpoint(
    signed: tuple[Ledger, str, Ed25519PrivateKey, Sql],
) -> None:
    ledger, note, key, sql = signed
    sql("DELETE FROM ledger_entries")
    sql("DELETE FROM ledger_nodes")
    sql("UPDATE ledger_head SET size = 0, root = ? WHERE id = 1", EMPTY_ROOT)
    ledger.store.write_batch([_entry(i) for i in range(15)])
    _, problems = _first(ledger, note, key)
    assert any("entries were removed (rollback)" in p for p in problems)
