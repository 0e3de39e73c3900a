"""Red team (issue 13, item 7): ``ledger init`` silently added its tables to an existing
application database. It now refuses a database that holds other tables unless told
``--allow-foreign-tables`` (``allow_foreign_tables=True``); the same on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hauberk.core import InputError
from hauberk.ledger import open_ledger

from ._ledger_support import (  # noqa: F401
    BACKENDS,
    attacker_sql,
    backend_db,
    hauberk,
    postgres_server,
    postgres_url,
)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return backend_db(request, tmp_path)


def _tables(db: str) -> set[str]:
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db) as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
    else:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        conn.close()
    return {str(r[0]) for r in rows}


def test_init_refuses_an_application_database(db: str) -> None:
    if not db.startswith("postgresql://"):
        sqlite3.connect(db).close()
    attacker_sql(db)("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    result = hauberk("ledger", "init", db)
    assert result.returncode == 2
    assert "already holds other tables (users)" in result.stderr
    assert _tables(db) == {"users"}
    with pytest.raises(InputError, match="other tables"):
        open_ledger(db, create=True)
    assert _tables(db) == {"users"}


def test_init_adds_the_tables_when_told(db: str) -> None:
    if not db.startswith("postgresql://"):
        sqlite3.connect(db).close()
    attacker_sql(db)("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    result = hauberk("ledger", "init", db, "--allow-foreign-tables", "--origin", "x.example/l")
    assert result.returncode == 0, result.stderr
    assert {"users", "ledger_entries", "ledger_head"} <= _tables(db)
    assert hauberk("ledger", "init", db).returncode == 2  # still refused without the flag
    with open_ledger(db, allow_foreign_tables=True, create=True) as ledger:
        assert ledger.origin() == "x.example/l"


def test_init_on_a_new_or_existing_ledger_is_unchanged(db: str) -> None:
    assert hauberk("ledger", "init", db, "--origin", "x.example/l").returncode == 0
    result = hauberk("ledger", "init", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "x.example/l"
