"""Shared by the ledger red-team regressions: backends, an attacker's SQL, the CLI as a process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from hauberk.ledger import Entry, open_ledger

from ..ledger.conftest import postgres_server, postgres_url

__all__ = ["postgres_server", "postgres_url"]  # fixtures, imported by the tests that need them

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

Sql = Callable[..., None]


def backend_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


def attacker_sql(db: str) -> Sql:
    """One statement straight at the database, outside hauberk."""

    def run(statement: str, *params: object) -> None:
        if db.startswith("postgresql://"):
            import psycopg

            with psycopg.connect(db, autocommit=True) as conn:
                conn.execute(statement.replace("?", "%s"), params)  # type: ignore[arg-type]
        else:
            with sqlite3.connect(db) as conn:
                conn.execute(statement, params)

    return run


def entry(i: int) -> Entry:
    return Entry.create("model.sign", {"n": i}, principal="ci")


def fill(db: str, size: int, origin: str = "redteam.example/log") -> None:
    with open_ledger(db, create=True, origin=origin) as ledger:
        for i in range(size):
            ledger.append(entry(i))


def hauberk(
    *args: str, pre: Sequence[str] = (), stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``hauberk ARGS`` in a fresh process (``pre``: a command prefix such as setpriv)."""
    return subprocess.run(
        [*pre, sys.executable, "-m", "hauberk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
