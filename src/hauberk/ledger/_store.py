"""The storage contract both backends meet, and the batch logic they share.

Schema (the same tables on SQLite and PostgreSQL):

``ledger_meta(key, value)``
    ``origin`` (the checkpoint origin line), ``schema``, and once a role policy is set
    ``policy`` (its canonical JSON) and ``policy_index`` (its ``ledger.policy`` entry).
``ledger_entries(idx, kind, ts, principal, body)``
    one row per entry; ``body`` is canonical JSON text.
``ledger_nodes(level, idx, hash)``
    the hash of every complete subtree; level 0 holds the leaf hashes.
``ledger_head(id = 1, size, root)``
    the committed tree head. Writers lock this row (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
    ``SELECT ... FOR UPDATE``), so appends from any number of processes are serialised and the
    log can neither fork nor gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from hauberk.ledger._entry import Entry
from hauberk.ledger._merkle import Frontier, NodeKey

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class TreeHead:
    """A tree size and its RFC 9162 root hash."""

    size: int
    root: bytes

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "root": self.root.hex()}


@dataclass(frozen=True)
class EntryRow:
    """An ``ledger_entries`` row as stored, not yet checked."""

    index: int
    kind: str
    timestamp: str
    principal: str
    body: str

    def entry(self) -> Entry:
        return Entry(
            kind=self.kind, timestamp=self.timestamp, principal=self.principal, body_json=self.body
        )


@dataclass(frozen=True)
class StoreStats:
    """Counts an audit compares with the tree head."""

    entries: int
    max_index: int | None
    nodes_per_level: dict[int, int]
    min_index: int | None = None


def read_stats(cursor: Any) -> StoreStats:
    """The counts both stores report, read with the same two queries (DB-API cursor)."""
    count, low, top = cursor.execute(
        "SELECT count(*), min(idx), max(idx) FROM ledger_entries"
    ).fetchone()
    levels = cursor.execute("SELECT level, count(*) FROM ledger_nodes GROUP BY level").fetchall()
    return StoreStats(
        entries=int(count),
        max_index=None if top is None else int(top),
        nodes_per_level={int(lvl): int(n) for lvl, n in levels},
        min_index=None if low is None else int(low),
    )


@runtime_checkable
class LedgerStore(Protocol):
    """Append-only storage of entries and complete-subtree hashes.

    ``write_batch`` is the only writer: it appends the entries in one transaction that is
    durable when it returns, and returns the index of the first one.
    """

    @property
    def url(self) -> str: ...

    def origin(self) -> str: ...

    def head(self) -> TreeHead: ...

    def meta(self, key: str) -> str | None: ...

    def set_meta(self, values: Mapping[str, str]) -> None: ...

    def write_batch(self, entries: Sequence[Entry]) -> int: ...

    def read_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]: ...

    def read_level(self, level: int, start: int, end: int) -> dict[int, bytes]: ...

    def read_entries(self, start: int, end: int) -> list[EntryRow]: ...

    def stats(self) -> StoreStats: ...

    def close(self) -> None: ...


@dataclass
class PreparedBatch:
    """Entry rows and leaf hashes, computed before the write lock is taken."""

    rows: list[tuple[str, str, str, str]]
    leaves: list[bytes]


def prepare(entries: Sequence[Entry]) -> PreparedBatch:
    rows = [(e.kind, e.timestamp, e.principal, e.body_json) for e in entries]
    return PreparedBatch(rows=rows, leaves=[e.leaf_hash() for e in entries])


class FrontierCache:
    """The writer's frontier for the size it last wrote; reloaded when another writer moved on."""

    def __init__(self) -> None:
        self._frontier: Frontier | None = None

    def get(self, size: int, load: Any) -> Frontier:
        if self._frontier is None or self._frontier.size != size:
            self._frontier = Frontier.load(size, load)
        return self._frontier.copy()

    def put(self, frontier: Frontier) -> None:
        self._frontier = frontier

    def clear(self) -> None:
        self._frontier = None
