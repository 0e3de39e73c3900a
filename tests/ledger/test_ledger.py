"""The ledger on both stores: appends, group commit, heads, proofs, checkpoints, audits."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.ledger import (
    EMPTY_ROOT,
    Entry,
    Ledger,
    LedgerStore,
    PostgresStore,
    SQLiteStore,
    leaf_hash,
    open_ledger,
    verify_checkpoint,
    verify_consistency,
    verify_inclusion,
)

from ._reference import ref_mth

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def ledger(db: str) -> Iterator[Ledger]:
    with open_ledger(db, create=True, origin="test.example/ledger") as opened:
        yield opened


def _entry(i: int) -> Entry:
    return Entry.create(
        "test.entry",
        {"i": i, "pi": 3.14159},
        principal="tester",
        timestamp="2025-01-01T00:00:00.000000Z",
    )


def test_open_ledger_picks_the_store(ledger: Ledger, db: str) -> None:
    assert isinstance(ledger.store, LedgerStore)
    expected = PostgresStore if db.startswith("postgresql://") else SQLiteStore
    assert isinstance(ledger.store, expected)
    assert ledger.origin() == "test.example/ledger"
    assert ledger.head().size == 0
    assert ledger.head().root == EMPTY_ROOT


def test_appends_build_the_rfc9162_tree(ledger: Ledger) -> None:
    entries = [_entry(i) for i in range(37)]
    leaves = []
    for i, entry in enumerate(entries):
        assert ledger.append(entry) == i
        leaves.append(entry.leaf())
        assert ledger.head().root == ref_mth(leaves)
    assert ledger.entry(5) == entries[5]
    for size in (1, 2, 13, 37):
        assert ledger.head(size).root == ref_mth(leaves[:size])


def test_proofs_from_the_store_verify(ledger: Ledger) -> None:
    for i in range(21):
        ledger.append(_entry(i))
    head = ledger.head()
    for index in range(21):
        proof = ledger.inclusion_proof(index)
        assert proof.leaf_hash == leaf_hash(_entry(index).leaf())
        verify_inclusion(proof.leaf_hash, index, 21, proof.path, head.root)
        old = ledger.inclusion_proof(index, size=index + 1)
        old.verify()
    for old_size in range(22):
        cons = ledger.consistency_proof(old_size)
        verify_consistency(old_size, 21, cons.path, ledger.head(old_size).root, head.root)
        assert type(cons).from_json(cons.to_json()) == cons
    with pytest.raises(InputError):
        ledger.inclusion_proof(21)
    with pytest.raises(InputError):
        ledger.consistency_proof(22)


def test_group_commit_many_threads_share_commits(ledger: Ledger) -> None:
    results: list[int] = []
    lock = threading.Lock()

    def writer(w: int) -> None:
        for i in range(25):
            index = ledger.append(Entry.create("test.thread", {"w": w, "i": i}, principal="t"))
            with lock:
                results.append(index)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(200))
    assert ledger.head().size == 200
    assert ledger.batches < 200  # appends shared commits
    assert ledger.verify().ok


def test_submit_returns_futures_in_order(ledger: Ledger) -> None:
    futures = [ledger.submit(_entry(i)) for i in range(50)]
    assert [f.result() for f in futures] == list(range(50))


def test_checkpoint_signs_the_head_and_verify_accepts_it(ledger: Ledger) -> None:
    key = Ed25519PrivateKey.generate()
    for i in range(10):
        ledger.append(_entry(i))
    note = ledger.checkpoint(key)
    cp = verify_checkpoint(note, key.public_key())
    assert (cp.origin, cp.size, cp.root) == ("test.example/ledger", 10, ledger.head().root)
    for i in range(10, 15):
        ledger.append(_entry(i))
    report = ledger.verify(checkpoint=note, public_key=key.public_key())
    assert report.ok, report.problems
    assert report.entries_checked == 15
    with pytest.raises(VerificationError):
        ledger.verify(checkpoint=note, public_key=Ed25519PrivateKey.generate().public_key())
    other = note.replace("test.example/ledger", "other.example/ledger")
    with pytest.raises((InputError, VerificationError)):
        ledger.verify(checkpoint=other, public_key=key.public_key(), key_name="test.example/ledger")


def test_reopen_keeps_everything(db: str) -> None:
    with open_ledger(db, create=True, origin="test.example/ledger") as first:
        for i in range(9):
            first.append(_entry(i))
        head = first.head()
    with open_ledger(db) as again:
        assert again.head() == head
        assert again.append(_entry(9)) == 9
        assert again.verify().ok
    with open_ledger(db, create=True, origin="ignored.example/x") as third:
        assert third.origin() == "test.example/ledger"


def test_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ledger init"):
        open_ledger(tmp_path / "missing.db")
    with pytest.raises(ConfigError):
        open_ledger(tmp_path / "a.db", create=True, max_batch=0)
    with pytest.raises(InputError):
        open_ledger(tmp_path / "b.db", create=True, origin="has space")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError):
        open_ledger(tmp_path / "junk.db")
    with open_ledger(tmp_path / "c.db", create=True) as ledger, pytest.raises(InputError):
        ledger.append({"kind": "x"})  # type: ignore[arg-type]


def test_sqlite_runs_in_wal_with_full_sync(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "w.db", create=True, origin="o.example/x")
    try:
        conn = store._writer
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        store.close()


def test_find_cites_the_newest_matching_entry(ledger: Ledger) -> None:
    for i in range(30):
        ledger.record("model.sign", {"sha256": f"{i % 3:02x}", "i": i}, principal="ci")
    ledger.record("model.verify", {"sha256": "01"}, principal="ci")
    assert ledger.find("model.sign", sha256="01") == [28]
    assert ledger.find("model.sign", sha256="01", limit=3) == [28, 25, 22]
    assert ledger.find(sha256="01") == [30]
    assert ledger.find("model.sign", sha256="ff") == []
    assert ledger.find("model.sign", sha256="00", scan=2) == []


def test_commit_delay_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="commit_delay"):
        open_ledger(tmp_path / "d.db", create=True, commit_delay=1.0)
