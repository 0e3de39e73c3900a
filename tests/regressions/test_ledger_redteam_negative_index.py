"""Red team (issue 13, item 7): a row inserted at a negative index passed ``verify``.

The audit walked the indices 0..size-1 and looked for rows past the head only; a forged
entry stored at index -1 sat in the table unseen. ``verify`` now checks that the entry rows
are exactly the indices 0..size-1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hauberk.ledger import open_ledger

from ._ledger_support import (  # noqa: F401
    BACKENDS,
    attacker_sql,
    backend_db,
    entry,
    fill,
    hauberk,
    postgres_server,
    postgres_url,
)


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return backend_db(request, tmp_path)


@pytest.mark.parametrize("index", [-1, -(2**40)])
def test_row_at_a_negative_index_fails_verify(db: str, index: int) -> None:
    fill(db, 5)
    e = entry(99)
    attacker_sql(db)(
        "INSERT INTO ledger_entries VALUES (?, ?, ?, ?, ?)",
        index, e.kind, e.timestamp, e.principal, e.body_json,
    )  # fmt: skip
    with open_ledger(db, read_only=True) as ledger:
        report = ledger.verify()
    assert not report.ok
    assert str(report.problems[0]).startswith(f"entry {index}: is stored at a negative index")
    result = hauberk("ledger", "verify", db)
    assert result.returncode == 1, result.stderr
    assert f"FAIL entry {index}" in result.stdout


def test_untouched_ledger_still_verifies(db: str) -> None:
    fill(db, 5)
    assert hauberk("ledger", "verify", db).returncode == 0
