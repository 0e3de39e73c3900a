"""SQLite storage: one file, WAL journal, ``synchronous=FULL``, writers serialised by the lock.

Each :meth:`SQLiteStore.write_batch` is one ``BEGIN IMMEDIATE`` transaction: the reserved lock
serialises writers across threads and processes, the tree size is read inside the transaction,
and the commit fsyncs the WAL once for the whole batch. Group commit (many appenders, one
transaction) lives in :class:`hauberk.ledger.Ledger`; this class is the single-transaction
primitive it calls.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from hauberk.core import InputError
from hauberk.ledger._entry import Entry
from hauberk.ledger._merkle import EMPTY_ROOT, NodeKey
from hauberk.ledger._store import (
    SCHEMA_VERSION,
    EntryRow,
    FrontierCache,
    StoreStats,
    TreeHead,
    prepare,
    read_stats,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_entries (
    idx INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ts TEXT NOT NULL,
    principal TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    root BLOB NOT NULL
);
"""


LEDGER_TABLES = frozenset({"ledger_meta", "ledger_entries", "ledger_nodes", "ledger_head"})


class SQLiteStore:
    """A ledger in one SQLite file. ``busy_timeout`` bounds how long a writer waits for the lock.

    ``read_only=True`` opens the file with SQLite's ``mode=ro`` (no journal switch, nothing
    written), so a read-only copy or a file that is not a ledger is never modified. A WAL
    ledger in a directory the reader cannot write (SQLite cannot create its ``-shm`` file
    there) is read as immutable, but only when no ``-wal`` file holds commits it would miss.
    ``create=True`` refuses a database that holds tables other than the ledger's unless
    ``allow_foreign_tables``: the ledger wants a file of its own.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = False,
        origin: str | None = None,
        busy_timeout: float = 60.0,
        read_only: bool = False,
        allow_foreign_tables: bool = False,
    ) -> None:
        if not 0 < busy_timeout <= 3600:
            raise InputError(f"busy_timeout must be in (0, 3600] seconds, got {busy_timeout}")
        if create and read_only:
            raise InputError("a ledger cannot be created read-only")
        self._path = Path(path)
        self._busy_ms = int(busy_timeout * 1000)
        self._read_only = read_only
        if not create and not self._path.is_file():
            raise InputError(f"no ledger at {self._path}; create it with `hauberk ledger init`")
        self._wlock = threading.Lock()
        self._rlock = threading.Lock()
        self._frontier = FrontierCache()
        if read_only:
            self._reader = self._connect_read_only()
            self._writer = self._reader
            try:
                self._check_schema()
            except BaseException:
                self._reader.close()
                raise
            return
        self._writer = self._open("rwc" if create else "rw")
        try:
            # Look before switching the journal: a file that is not a ledger stays as it was.
            if create:
                self._refuse_foreign_tables(allow_foreign_tables)
            else:
                self._check_schema()
            self._use_wal(self._writer)
            if create:
                self._create(origin)
                self._check_schema()
            self._reader = self._open("rw")
            self._use_wal(self._reader)
        except BaseException:
            self._writer.close()
            raise

    def _open(self, mode: str) -> sqlite3.Connection:
        uri = f"{self._path.resolve().as_uri()}?mode={mode}"
        try:
            conn = sqlite3.connect(
                uri, uri=True, isolation_level=None, check_same_thread=False, timeout=0
            )
            conn.execute(f"PRAGMA busy_timeout = {self._busy_ms}")
        except sqlite3.Error as exc:
            raise InputError(f"cannot open ledger {self._path}: {exc}") from exc
        return conn

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise InputError(f"cannot open ledger {self._path}: {exc}") from exc
        if str(mode).lower() != "wal":
            raise InputError(f"{self._path} cannot use a WAL journal (got {mode})")

    def _connect_read_only(self) -> sqlite3.Connection:
        conn = self._open("ro")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as exc:
            conn.close()
            wal = self._path.with_name(self._path.name + "-wal")
            readonly = isinstance(exc, sqlite3.OperationalError) and (
                "readonly" in str(exc) or "unable to open" in str(exc)
            )
            if not readonly or (wal.exists() and wal.stat().st_size > 0):
                raise InputError(f"cannot read ledger {self._path}: {exc}") from exc
        # No -wal file with commits: the database file alone is the whole ledger.
        uri = f"{self._path.resolve().as_uri()}?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise InputError(f"cannot read ledger {self._path}: {exc}") from exc
        return conn

    def _refuse_foreign_tables(self, allowed: bool) -> None:
        try:
            rows = self._writer.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            ).fetchall()
        except sqlite3.Error as exc:
            raise InputError(f"cannot create a ledger in {self._path}: {exc}") from exc
        foreign = sorted(str(r[0]) for r in rows if r[0] not in LEDGER_TABLES)
        if foreign and not allowed:
            shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
            raise InputError(
                f"{self._path} already holds other tables ({shown}); a ledger wants a database "
                "of its own: pick a new file, or pass --allow-foreign-tables "
                "(allow_foreign_tables=True) to add the ledger tables anyway"
            )

    def _create(self, origin: str | None) -> None:
        conn = self._writer
        try:
            conn.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise InputError(f"cannot create a ledger in {self._path}: {exc}") from exc
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT OR IGNORE INTO ledger_meta VALUES ('schema', ?)", (SCHEMA_VERSION,)
            )
            if origin is not None:
                conn.execute("INSERT OR IGNORE INTO ledger_meta VALUES ('origin', ?)", (origin,))
            conn.execute("INSERT OR IGNORE INTO ledger_head VALUES (1, 0, ?)", (EMPTY_ROOT,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _check_schema(self) -> None:
        try:
            row = self._writer.execute(
                "SELECT value FROM ledger_meta WHERE key = 'schema'"
            ).fetchone()
        except sqlite3.Error as exc:
            raise InputError(f"{self._path} is not a hauberk ledger: {exc}") from exc
        if row is None or row[0] != SCHEMA_VERSION:
            raise InputError(f"{self._path} is not a hauberk ledger of schema {SCHEMA_VERSION}")

    @property
    def url(self) -> str:
        return str(self._path)

    def origin(self) -> str:
        with self._rlock:
            row = self._reader.execute(
                "SELECT value FROM ledger_meta WHERE key = 'origin'"
            ).fetchone()
        if row is None:
            raise InputError(f"ledger {self._path} has no origin; it was created incompletely")
        return str(row[0])

    def meta(self, key: str) -> str | None:
        with self._rlock:
            row = self._reader.execute(
                "SELECT value FROM ledger_meta WHERE key = ?", (key,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, values: Mapping[str, str]) -> None:
        if self._read_only:
            raise InputError(f"ledger {self._path} is open read-only; open it to write")
        with self._wlock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR REPLACE INTO ledger_meta VALUES (?, ?)", list(values.items())
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def head(self) -> TreeHead:
        with self._rlock:
            row = self._reader.execute("SELECT size, root FROM ledger_head WHERE id = 1").fetchone()
        if row is None:
            raise InputError(f"ledger {self._path} has no tree head row; it was altered")
        return TreeHead(size=int(row[0]), root=bytes(row[1]))

    def write_batch(self, entries: Sequence[Entry]) -> int:
        if not entries:
            raise InputError("write_batch needs at least one entry")
        if self._read_only:
            raise InputError(f"ledger {self._path} is open read-only; open it to append")
        batch = prepare(entries)
        with self._wlock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT size FROM ledger_head WHERE id = 1").fetchone()
                size = int(row[0])
                frontier = self._frontier.get(size, self._writer_nodes)
                nodes = frontier.append(batch.leaves)
                conn.executemany(
                    "INSERT INTO ledger_entries VALUES (?, ?, ?, ?, ?)",
                    [(size + i, *r) for i, r in enumerate(batch.rows)],
                )
                conn.executemany("INSERT INTO ledger_nodes VALUES (?, ?, ?)", nodes)
                conn.execute(
                    "UPDATE ledger_head SET size = ?, root = ? WHERE id = 1",
                    (frontier.size, frontier.root()),
                )
                conn.execute("COMMIT")
            except BaseException:
                self._frontier.clear()
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._frontier.put(frontier)
            return size

    def _writer_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        return _read_nodes(self._writer, keys)

    def read_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        with self._rlock:
            return _read_nodes(self._reader, keys)

    def read_level(self, level: int, start: int, end: int) -> dict[int, bytes]:
        with self._rlock:
            rows = self._reader.execute(
                "SELECT idx, hash FROM ledger_nodes WHERE level = ? AND idx >= ? AND idx < ?",
                (level, start, end),
            ).fetchall()
        return {int(i): bytes(h) for i, h in rows}

    def read_entries(self, start: int, end: int) -> list[EntryRow]:
        with self._rlock:
            rows = self._reader.execute(
                "SELECT idx, kind, ts, principal, body FROM ledger_entries "
                "WHERE idx >= ? AND idx < ? ORDER BY idx",
                (start, end),
            ).fetchall()
        return [EntryRow(int(r[0]), *(_text(v) for v in r[1:])) for r in rows]

    def stats(self) -> StoreStats:
        with self._rlock:
            return read_stats(self._reader)

    def close(self) -> None:
        with self._wlock, self._rlock:
            self._writer.close()
            self._reader.close()  # the same connection when read-only: closing twice is fine


def _text(value: object) -> str:
    # A tampered row may hold a number or a blob; keep it as text so the audit names it.
    return value if isinstance(value, str) else repr(value)


def _read_nodes(conn: sqlite3.Connection, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
    found: dict[NodeKey, bytes] = {}
    for level, idx in keys:
        row = conn.execute(
            "SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?", (level, idx)
        ).fetchone()
        if row is not None:
            found[(level, idx)] = bytes(row[0])
    return found
