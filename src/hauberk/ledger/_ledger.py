"""The ledger: group-committed appends, tree heads, proofs, checkpoints and audits on a store."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey, MLDSA65PublicKey

from hauberk.core import InputError
from hauberk.ledger._audit import AuditReport, audit
from hauberk.ledger._checkpoint import (
    Checkpoint,
    check_key_name,
    parse_checkpoint_text,
    parse_note,
    sign_checkpoint,
    verify_checkpoint,
)
from hauberk.ledger._entry import Entry
from hauberk.ledger._group import GroupCommitter
from hauberk.ledger._merkle import (
    NodeKey,
    consistency_proof,
    inclusion_proof,
    tree_root,
)
from hauberk.ledger._mldsa import sign_hybrid_checkpoint, verify_hybrid_checkpoint
from hauberk.ledger._postgres import PostgresStore
from hauberk.ledger._proof import ConsistencyProof, InclusionProof
from hauberk.ledger._sqlite import SQLiteStore
from hauberk.ledger._store import LedgerStore, TreeHead


class Ledger:
    """An append-only, tamper-evident log on a :class:`LedgerStore`.

    :meth:`append` may be called from many threads at once: appends are group-committed (one
    transaction and one fsync per batch) and each returns its index only once durable.
    """

    def __init__(
        self, store: LedgerStore, *, max_batch: int = 1024, commit_delay: float = 0.001
    ) -> None:
        self._store = store
        self._committer = GroupCommitter(
            store.write_batch, max_batch=max_batch, commit_delay=commit_delay
        )

    @property
    def store(self) -> LedgerStore:
        return self._store

    @property
    def batches(self) -> int:
        """How many group commits this process has made (for tests and benchmarks)."""
        return self._committer.batches

    def origin(self) -> str:
        return self._store.origin()

    # -- writing -------------------------------------------------------------------------------

    def submit(self, entry: Entry) -> Future[int]:
        """Queue ``entry``; the future gives its index once its batch is durable."""
        return self._committer.submit(entry)

    def append(self, entry: Entry) -> int:
        """Append ``entry``; return its index after the commit that holds it is durable."""
        return self.submit(entry).result()

    def record(
        self,
        kind: str,
        body: Any,
        *,
        principal: str,
        timestamp: datetime | str | None = None,
    ) -> int:
        """Build an :class:`Entry` and :meth:`append` it."""
        return self.append(Entry.create(kind, body, principal=principal, timestamp=timestamp))

    # -- reading -------------------------------------------------------------------------------

    def _read(self, keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
        return self._store.read_nodes(keys)

    def head(self, size: int | None = None) -> TreeHead:
        """The committed tree head, or the head of the first ``size`` entries."""
        current = self._store.head()
        if size is None or size == current.size:
            return current
        if not 0 <= size <= current.size:
            raise InputError(f"tree size {size} is not between 0 and the log size {current.size}")
        return TreeHead(size=size, root=tree_root(size, self._read))

    def entry(self, index: int) -> Entry:
        rows = self._store.read_entries(index, index + 1)
        if not rows:
            raise InputError(f"no entry {index}; the log has {self._store.head().size} entries")
        return rows[0].entry()

    def find(
        self, kind: str | None = None, *, limit: int = 1, scan: int = 100_000, **fields: Any
    ) -> list[int]:
        """Indices of the newest entries of ``kind`` whose body has all of ``fields``.

        For citing a record, e.g. ``ledger.find("model.sign", sha256=digest)``; scans at most
        the newest ``scan`` entries (a linear scan: keep ``scan`` modest on large logs).
        """
        if not 1 <= limit <= 10_000 or not 1 <= scan <= 10_000_000:
            raise InputError("find needs 1 <= limit <= 10000 and 1 <= scan <= 10000000")
        found: list[int] = []
        end = self._store.head().size
        stop = max(0, end - scan)
        while end > stop and len(found) < limit:
            start = max(stop, end - 1024)
            for row in reversed(self._store.read_entries(start, end)):
                if kind is not None and row.kind != kind:
                    continue
                body = row.entry().body
                if isinstance(body, dict) and all(body.get(k) == v for k, v in fields.items()):
                    found.append(row.index)
                    if len(found) == limit:
                        break
            end = start
        return found

    def inclusion_proof(self, index: int, *, size: int | None = None) -> InclusionProof:
        """Prove that entry ``index`` is in the tree of ``size`` entries (default: current)."""
        head = self.head(size)
        if not 0 <= index < head.size:
            raise InputError(f"entry {index} is not in a tree of {head.size} entries")
        cache: dict[NodeKey, bytes] = {}

        def read(keys: Sequence[NodeKey]) -> dict[NodeKey, bytes]:
            # One store read for the path and the leaf: one round trip on PostgreSQL.
            cache.update(self._read([*keys, (0, index)]))
            return {k: cache[k] for k in keys if k in cache}

        path = inclusion_proof(index, head.size, read)
        leaf = cache.get((0, index)) or self._read([(0, index)]).get((0, index))
        if leaf is None:
            raise InputError(f"stored leaf hash of entry {index} is missing; run verify")
        return InclusionProof(
            index=index, size=head.size, leaf_hash=leaf, path=tuple(path), root=head.root
        )

    def consistency_proof(self, old_size: int, *, new_size: int | None = None) -> ConsistencyProof:
        """Prove that the tree of ``new_size`` (default: current) extends ``old_size``."""
        new = self.head(new_size)
        if not 0 <= old_size <= new.size:
            raise InputError(f"old size {old_size} must be between 0 and {new.size}")
        old = self.head(old_size)
        path = consistency_proof(old_size, new.size, self._read)
        return ConsistencyProof(
            old_size=old_size,
            new_size=new.size,
            old_root=old.root,
            new_root=new.root,
            path=tuple(path),
        )

    # -- checkpoints and audit -----------------------------------------------------------------

    def checkpoint(
        self,
        key: Ed25519PrivateKey,
        *,
        name: str | None = None,
        size: int | None = None,
        pq_key: MLDSA65PrivateKey | None = None,
    ) -> str:
        """A C2SP signed checkpoint of the current (or ``size``) tree head.

        With ``pq_key`` the note carries a second, ML-DSA-65 signature line (hybrid).
        """
        head = self.head(size)
        cp = Checkpoint(origin=self.origin(), size=head.size, root=head.root)
        if pq_key is not None:
            return sign_hybrid_checkpoint(cp, key, pq_key, name=name or cp.origin)
        return sign_checkpoint(cp, key, name=name or cp.origin)

    def verify(
        self,
        *,
        checkpoint: str | None = None,
        public_key: Ed25519PublicKey | None = None,
        key_name: str | None = None,
        pq_keys: Sequence[MLDSA65PublicKey] = (),
        require: str | None = None,
    ) -> AuditReport:
        """Recompute every hash; compare with the stored tree and an optional signed checkpoint.

        A checkpoint is only trusted once its signature verifies with ``public_key``; pass
        ``public_key=None`` only for a checkpoint you obtained over a trusted channel. A stored
        origin that differs from the checkpoint's is a problem in the report (tampering), not
        an error. ``require`` (``hybrid``, ``ed25519`` or ``ml-dsa-65``) names the signature
        lines that must verify; with ``pq_keys`` it defaults to ``hybrid``.
        """
        cp: Checkpoint | None = None
        if checkpoint is not None:
            if require is not None or pq_keys:
                cp = verify_hybrid_checkpoint(
                    checkpoint, public_key, pq_keys, name=key_name, require=require or "hybrid"
                )
            elif public_key is not None:
                cp = verify_checkpoint(checkpoint, public_key, name=key_name)
            else:
                cp = parse_checkpoint_text(parse_note(checkpoint)[0])
        return audit(self._store, checkpoint=cp)

    def close(self) -> None:
        """Commit what is queued and close the store."""
        self._committer.close()
        self._store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def is_postgres_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def default_origin() -> str:
    """A fresh origin line for a new log: ``hauberk.local/ledger/<random>``."""
    return f"hauberk.local/ledger/{secrets.token_hex(8)}"


def open_store(
    db: str | Path,
    *,
    create: bool = False,
    origin: str | None = None,
    read_only: bool = False,
    allow_foreign_tables: bool = False,
) -> LedgerStore:
    """SQLite for a path, PostgreSQL for a ``postgresql://`` URL (see :func:`open_ledger`)."""
    if create:
        origin = check_key_name(origin or default_origin())
    text = str(db)
    options = {"read_only": read_only, "allow_foreign_tables": allow_foreign_tables}
    if is_postgres_url(text):
        return PostgresStore(text, create=create, origin=origin, **options)
    return SQLiteStore(Path(text), create=create, origin=origin, **options)


def open_ledger(
    db: str | Path,
    *,
    create: bool = False,
    origin: str | None = None,
    max_batch: int = 1024,
    commit_delay: float = 0.001,
    read_only: bool = False,
    allow_foreign_tables: bool = False,
) -> Ledger:
    """Open (or with ``create=True`` create) the ledger at ``db``.

    ``db`` is a SQLite file path or a ``postgresql://`` URL. ``origin`` names a new log in its
    checkpoints; an existing log keeps the origin it was created with. ``max_batch`` caps the
    entries per group commit; ``commit_delay`` (seconds) is how long the committer waits for
    writers it just acknowledged to come back (see :mod:`hauberk.ledger._group`).

    ``read_only=True`` opens the database without writing anything (SQLite ``mode=ro``, a
    read-only PostgreSQL session): for ``verify``, ``head`` and proofs, on a read-only copy
    too. ``create=True`` refuses a database that already holds other tables unless
    ``allow_foreign_tables=True``.
    """
    store = open_store(
        db,
        create=create,
        origin=origin,
        read_only=read_only,
        allow_foreign_tables=allow_foreign_tables,
    )
    try:
        return Ledger(store, max_batch=max_batch, commit_delay=commit_delay)
    except BaseException:
        store.close()
        raise
