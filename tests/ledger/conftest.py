"""Fixtures for the ledger tests: a real PostgreSQL server on 127.0.0.1 (never a mock)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from hauberk.ledger._pgserver import LocalPostgres, find_postgres_bin

_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    if find_postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    server = LocalPostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: LocalPostgres) -> str:
    """A fresh empty database on the session's server."""
    return postgres_server.database(f"ledger_test_{next(_counter)}")
