"""PostgreSQL storage (psycopg 3): the SQLite schema and behaviour for many writers.

:meth:`PostgresStore.write_batch` locks the single ``ledger_head`` row with ``SELECT ... FOR
UPDATE`` inside its transaction, so writers in any number of processes and hosts append one
batch at a time: the log can neither fork nor gap. Rows go in with ``COPY`` and the commit is
durable when it returns (the server's ``synchronous_commit`` must stay ``on``, the default).
psycopg is imported lazily: SQLite users need not install it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from hauberk.core import ConfigError, InputError
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

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ledger_entries (idx BIGINT PRIMARY KEY, kind TEXT NOT NULL, "
    "ts TEXT NOT NULL, principal TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS ledger_nodes (level INTEGER NOT NULL, idx BIGINT NOT NULL, "
    "hash BYTEA NOT NULL, PRIMARY KEY (level, idx))",
    "CREATE TABLE IF NOT EXISTS ledger_head (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "size BIGINT NOT NULL, root BYTEA NOT NULL)",
]
LEDGER_TABLES = frozenset({"ledger_meta", "ledger_entries", "ledger_nodes", "ledger_head"})
# Serialises concurrent `init`s: CREATE TABLE IF NOT EXISTS races on the catalog otherwise.
_INIT_LOCK = 0x68617562  # "haub"


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ConfigError(
            "PostgreSQL ledgers need psycopg 3: pip install 'hauberk[serve]'"
        ) from exc
    return psycopg


class PostgresStore:
    """A ledger in a PostgreSQL database given by a ``postgresql://`` URL."""

    def __init__(
        self,
        url: str,
        *,
        create: bool = False,
        origin: str | None = None,
        connect_timeout: int = 10,
        read_only: bool = False,
        allow_foreign_tables: bool = False,
    ) -> None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise ConfigError(f"PostgreSQL URL must start with postgresql://, got {url[:30]!r}")
        if not 1 <= connect_timeout <= 600:
            raise ConfigError(f"connect_timeout must be in [1, 600] seconds, got {connect_timeout}")
        if create and read_only:
            raise InputError("a ledger cannot be created read-only")
        psycopg = _psycopg()
        self._url = url
        self._read_only = read_only
        self._timeout = connect_timeout
        self._wlock = threading.Lock()
        self._rlock = threading.Lock()
        self._frontier = FrontierCache()
        try:
            self._writer = psycopg.connect(url, connect_timeout=connect_timeout, autocommit=True)
            self._reader = psycopg.connect(url, connect_timeout=connect_timeout, autocommit=True)
            if read_only:  # every statement of these sessions is refused if it would write
                for conn in (self._writer, self._reader):
                    conn.execute("SET default_transaction_read_only = on")
        except psycopg.Error as exc:
            raise InputError(f"cannot connect to the PostgreSQL ledger: {exc}") from exc
        try:
            if create:
                self._create(origin, allow_foreign_tables)
            self._check_schema()
        except BaseException:
            self.close()
            raise

    def _create(self, origin: str | None, allow_foreign_tables: bool) -> None:
        with self._writer.transaction(), self._writer.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            cur.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                "ORDER BY c.relname"
            )
            foreign = [str(r[0]) for r in cur.fetchall() if r[0] not in LEDGER_TABLES]
            if foreign and not allow_foreign_tables:
                shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
                raise InputError(
                    f"the PostgreSQL schema already holds other tables ({shown}); a ledger wants "
                    "a database (or schema) of its own: pick another, or pass "
                    "--allow-foreign-tables (allow_foreign_tables=True) to add the ledger "
                    "tables anyway"
                )
            for statement in _SCHEMA:
                cur.execute(statement)
            cur.execute(
                "INSERT INTO ledger_meta VALUES ('schema', %s) ON CONFLICT DO NOTHING",
                (SCHEMA_VERSION,),
            )
            if origin is not None:
                cur.execute(
                    "INSERT INTO ledger_meta VALUES ('origin', %s) ON CONFLICT DO NOTHING",
                    (origin,),
                )
            cur.execute(
                "INSERT INTO ledger_head VALUES (1, 0, %s) ON CONFLICT DO NOTHING", (EMPTY_ROOT,)
            )

    def create_roles(self, prefix: str = "hauberk_ledger") -> dict[str, str]:
        """Create (or refresh) the database roles ``<prefix>_appender`` and ``<prefix>_reader``
        and make the ledger tables append-only; return the role names.

        - ``<prefix>_reader``: SELECT on the four ledger tables, nothing else.
        - ``<prefix>_appender``: the reader's SELECT, INSERT on ``ledger_entries`` and
          ``ledger_nodes``, UPDATE of ``size`` and ``root`` of ``ledger_head`` (the writer lock
          is a ``SELECT ... FOR UPDATE`` of that row); no UPDATE, DELETE or TRUNCATE of
          entries or hashes, no write to ``ledger_meta`` (the role policy).
        - triggers refuse UPDATE, DELETE and TRUNCATE of ``ledger_entries`` and
          ``ledger_nodes`` and a ``ledger_head`` that shrinks, for every role, the owner too,
          until the owner drops or disables them (which it can: see docs/ledger.md).

        The roles are NOLOGIN groups: ``GRANT <prefix>_appender TO <login role>``. Roles are
        cluster-wide; the grants are on this database's tables. Run as the tables' owner.
        """
        import re

        if not re.match(r"^[a-z_][a-z0-9_]{0,40}$", prefix):
            raise InputError(f"role prefix {prefix!r} must be lower-case letters, digits and _")
        if self._read_only:
            raise InputError("the PostgreSQL ledger is open read-only; open it to set up roles")
        psycopg = _psycopg()
        appender, reader = f"{prefix}_appender", f"{prefix}_reader"
        tables = "ledger_meta, ledger_entries, ledger_nodes, ledger_head"
        statements = [
            *(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
                for role in (appender, reader)
            ),
            f"REVOKE ALL ON {tables} FROM PUBLIC",
            f"REVOKE ALL ON {tables} FROM {appender}, {reader}",
            f"GRANT SELECT ON {tables} TO {appender}, {reader}",
            f"GRANT INSERT ON ledger_entries, ledger_nodes TO {appender}",
            f"GRANT UPDATE (size, root) ON ledger_head TO {appender}",
            "CREATE OR REPLACE FUNCTION hauberk_ledger_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
            "'hauberk ledger: % of % is refused: the ledger is append-only', "
            "TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$",
            "CREATE OR REPLACE FUNCTION hauberk_ledger_head_grows() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN IF NEW.size < OLD.size OR NEW.id <> OLD.id THEN "
            "RAISE EXCEPTION 'hauberk ledger: the tree head may only grow (% -> %)', "
            "OLD.size, NEW.size USING ERRCODE = 'insufficient_privilege'; END IF; "
            "RETURN NEW; END $$",
        ]
        for table in ("ledger_entries", "ledger_nodes"):
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION hauberk_ledger_append_only()",
            ]
        statements += [
            "DROP TRIGGER IF EXISTS ledger_head_grows ON ledger_head",
            "CREATE TRIGGER ledger_head_grows BEFORE UPDATE ON ledger_head "
            "FOR EACH ROW EXECUTE FUNCTION hauberk_ledger_head_grows()",
            "DROP TRIGGER IF EXISTS ledger_head_append_only ON ledger_head",
            "CREATE TRIGGER ledger_head_append_only BEFORE DELETE OR TRUNCATE ON ledger_head "
            "FOR EACH STATEMENT EXECUTE FUNCTION hauberk_ledger_append_only()",
        ]
        with self._wlock:
            try:
                with self._writer.transaction(), self._writer.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
                    for statement in statements:
                        cur.execute(statement)
            except psycopg.Error as exc:
                raise InputError(
                    f"cannot set up the ledger's database roles ({exc}); connect as the owner "
                    "of the ledger tables with the right to create roles"
                ) from None
        return {"appender": appender, "reader": reader}

    def _check_schema(self) -> None:
        psycopg = _psycopg()
        try:
            row = self._reader.execute(
                "SELECT value FROM ledger_meta WHERE key = 'schema'"
            ).fetchone()
        except psycopg.Error as exc:
            raise InputError(
                "the PostgreSQL database holds no hauberk ledger; create it with "
                f"`hauberk ledger init`: {exc}"
            ) from exc
        if row is None or row[0] != SCHEMA_VERSION:
            raise InputError(f"the PostgreSQL database is not a ledger of schema {SCHEMA_VERSION}")

    @property
    def url(self) -> str:
        return self._url

    def origin(self) -> str:
        with self._rlock:
            row = self._reader.execute(
                "SELECT value FROM ledger_meta WHERE key = 'origin'"
            ).fetchone()
        if row is None:
            raise InputError("the PostgreSQL ledger has no origin; it was created incompletely")
        return str(row[0])

    def meta(self, key: str) -> str | None:
        with self._rlock:
            row = self._reader.execute(
                "SELECT value FROM ledger_meta WHERE key = %s", (key,)
            ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, values: Mapping[str, str]) -> None:
        if self._read_only:
            raise InputError("the PostgreSQL ledger is open read-only; open it to write")
        psycopg = _psycopg()
        with self._wlock:
            try:
                with self._writer.transaction(), self._writer.cursor() as cur:
                    for key, value in values.items():
                        cur.execute(
                            "INSERT INTO ledger_meta VALUES (%s, %s) "
                            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                            (key, value),
                        )
            except psycopg.errors.InsufficientPrivilege as exc:
                raise InputError(
                    f"this database role may not change the ledger's settings: {exc}; "
                    "connect as the ledger's owner (or its admin role)"
                ) from None

    def head(self) -> TreeHead:
        with self._rlock:
            row = self._reader.execute("SELECT size, root FROM ledger_head WHERE id = 1").fetchone()
        if row is None:
            raise InputError("the PostgreSQL ledger has no tree head row; it was altered")
        return TreeHead(size=int(row[0]), root=bytes(row[1]))

    def write_batch(self, entries: Sequence[Entry]) -> int:
        if not entries:
            raise InputError("write_batch needs at least one entry")
        if self._read_only:
            raise InputError("the PostgreSQL ledger is open read-only; open it to append")
        batch = prepare(entries)
        with self._wlock:
            conn = self._writer
            try:
                with conn.transaction(), conn.cursor() as cur:
                    cur.execute("SELECT size FROM ledger_head WHERE id = 1 FOR UPDATE")
                    row = cur.fetchone()
                    size = int(row[0])
                    frontier = self._frontier.get(size, lambda keys: _read_nodes(cur, keys))
                    nodes = frontier.append(batch.leaves)
                    with cur.copy(
                        "COPY ledger_entries (idx, kind, ts, principal, body) FROM STDIN"
                    ) as copy:
                        for offset, values in enumerate(batch.rows):
                            copy.write_row((size + offset, *values))
                    with cur.copy("COPY ledger_nodes (level, idx, hash) FROM STDIN") as copy:
                        for node in nodes:
                            copy.write_row(node)
                    cur.execute(
                        "UPDATE ledger_head SET size = %s, root = %s WHERE id = 1",
                        (frontier.size, frontier.root()),
                    )
            except BaseException:
                self._frontier.clear()
                raise
            self._frontier.put(frontier)
            return size

    def read_nodes(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        with self._rlock, self._reader.cursor() as cur:
            return _read_nodes(cur, keys)

    def read_level(self, level: int, start: int, end: int) -> dict[int, bytes]:
        with self._rlock:
            rows = self._reader.execute(
                "SELECT idx, hash FROM ledger_nodes WHERE level = %s AND idx >= %s AND idx < %s",
                (level, start, end),
            ).fetchall()
        return {int(i): bytes(h) for i, h in rows}

    def read_entries(self, start: int, end: int) -> list[EntryRow]:
        with self._rlock:
            rows = self._reader.execute(
                "SELECT idx, kind, ts, principal, body FROM ledger_entries "
                "WHERE idx >= %s AND idx < %s ORDER BY idx",
                (start, end),
            ).fetchall()
        return [EntryRow(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def stats(self) -> StoreStats:
        with self._rlock:
            return read_stats(self._reader)

    def close(self) -> None:
        with self._wlock, self._rlock:
            self._writer.close()
            self._reader.close()


def _read_nodes(cur: Any, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
    if not keys:
        return {}
    cur.execute(
        "SELECT n.level, n.idx, n.hash FROM unnest(%s::int[], %s::bigint[]) AS q(level, idx) "
        "JOIN ledger_nodes n ON n.level = q.level AND n.idx = q.idx",
        ([k[0] for k in keys], [k[1] for k in keys]),
    )
    return {(int(lvl), int(idx)): bytes(h) for lvl, idx, h in cur.fetchall()}
