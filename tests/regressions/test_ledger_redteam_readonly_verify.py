"""Red team (issue 13, item 7): read-only commands wrote to the database they read.

``verify`` and ``head`` opened the file read-write and switched it to WAL: they could not read
a read-only copy, they turned a foreign SQLite file into WAL mode, and they wrote a 4 KB
database into an empty file. Read-only commands now open the file with SQLite's ``mode=ro``
(PostgreSQL: a read-only session) and leave every file as they found it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from hauberk.ledger import open_ledger

from ._ledger_support import entry, fill, hauberk, postgres_server, postgres_url  # noqa: F401

READ_ONLY_COMMANDS = [["head"], ["verify"], ["prove", "0"], ["consistency", "1"]]


def _unprivileged() -> list[str]:
    """A prefix that makes file permissions bind: root bypasses them unless it drops its caps."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return [setpriv, "--bounding-set=-all", "--inh-caps=-all"]


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_read_only_copy_in_a_read_only_folder(tmp_path: Path) -> None:
    fill(str(tmp_path / "ledger.db"), 3)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(tmp_path / "ledger.db", copy / "ledger.db")
    before = _snapshot(copy)
    (copy / "ledger.db").chmod(0o444)
    copy.chmod(0o555)
    try:
        for command in READ_ONLY_COMMANDS:
            result = hauberk("ledger", command[0], str(copy / "ledger.db"), *command[1:],
                             pre=_unprivileged())  # fmt: skip
            assert result.returncode == 0, (command, result.stderr)
        assert "ok: 3 entries verified" in result.stdout or command != ["verify"]
    finally:
        copy.chmod(0o755)
    assert _snapshot(copy) == before


def test_verify_sees_commits_still_in_the_wal_of_a_live_ledger(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    with open_ledger(db, create=True) as writer:
        for i in range(4):
            writer.append(entry(i))
        assert (tmp_path / "ledger.db-wal").stat().st_size > 0  # commits not yet checkpointed
        result = hauberk("ledger", "verify", db)
        assert result.returncode == 0, result.stderr
        assert "ok: 4 entries verified" in result.stdout


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:  # an application database, rollback journal
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO users VALUES (1, 'alice')")
    conn.close()


@pytest.mark.parametrize("command", [*READ_ONLY_COMMANDS, ["append", "-", "--kind", "a.b"]])
def test_foreign_sqlite_file_is_left_alone(tmp_path: Path, command: list[str]) -> None:
    app = tmp_path / "app.db"
    _foreign(app)
    before = _snapshot(tmp_path)
    result = hauberk("ledger", command[0], str(app), *command[1:], stdin='{"a": 1}')
    assert result.returncode == 2, result.stdout
    assert "not a hauberk ledger" in result.stderr
    assert _snapshot(tmp_path) == before  # no WAL switch, no -wal or -shm file
    with sqlite3.connect(f"file:{app}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS)
def test_empty_file_stays_empty(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = hauberk("ledger", command[0], str(empty), *command[1:])
    assert result.returncode == 2
    assert [p.name for p in tmp_path.iterdir()] == ["empty.db"]
    assert empty.stat().st_size == 0


@pytest.mark.postgres
def test_postgres_read_only_session_refuses_writes(postgres_url: str) -> None:  # noqa: F811
    from hauberk.core import InputError

    fill(postgres_url, 2)
    with open_ledger(postgres_url, read_only=True) as ledger:
        assert ledger.verify().ok
        with pytest.raises(InputError, match="read-only"):
            ledger.append(entry(9))
        store = ledger.store
        with pytest.raises(Exception, match="read-only"):
            store._writer.execute("DELETE FROM ledger_entries")  # type: ignore[attr-defined]
    assert hauberk("ledger", "head", postgres_url).returncode == 0
