"""The ledger: group-committed appends, tree heads, proofs, checkpoints and audits on a store."""

from __future__ import annotations

import dataclasses
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
from hauberk.ledger._audit import AuditReport, Problem, audit
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
from hauberk.ledger._policy import (
    POLICY_KIND,
    AccessDenied,
    LedgerPolicy,
    check_policy_entry,
    iter_rows,
    load_stored_policy,
    policy_problems,
)
from hauberk.ledger._postgres import PostgresStore
from hauberk.ledger._proof import ConsistencyProof, InclusionProof
from hauberk.ledger._signed import Signer
from hauberk.ledger._sqlite import SQLiteStore
from hauberk.ledger._store import LedgerStore, TreeHead


class Ledger:
    """An append-only, tamper-evident log on a :class:`LedgerStore`.

    :meth:`append` may be called from many threads at once: appends are group-committed (one
    transaction and one fsync per batch) and each returns its index only once durable.

    When the ledger holds a role policy (:meth:`set_policy`, read once when the ledger is
    opened), every append must be signed by a key whose principal holds a role the entry's
    kind needs (:mod:`hauberk.ledger._policy`), else :class:`AccessDenied` and nothing is
    written; :meth:`read_audit` needs a key of a ``read`` role.
    """

    def __init__(
        self, store: LedgerStore, *, max_batch: int = 1024, commit_delay: float = 0.001
    ) -> None:
        self._store = store
        self._policy = self._load_policy()
        self._committer = GroupCommitter(
            store.write_batch, max_batch=max_batch, commit_delay=commit_delay
        )

    def _load_policy(self) -> LedgerPolicy | None:
        """The stored policy, checked against the signed entry the settings point at."""
        policy = load_stored_policy(self._store)
        if policy is None:
            return None
        pointer = self._store.meta("policy_index")
        try:
            entry = self.entry(int(pointer or ""))
        except (ValueError, InputError):
            entry = None
        if entry is None or entry.kind != POLICY_KIND:
            raise InputError(
                f"the ledger's stored role policy points at entry {pointer!r:.20}, which is not "
                "a ledger.policy entry; run `hauberk ledger verify`"
            )
        body = entry.body
        from hauberk.ledger._signed import check_signature

        stored = LedgerPolicy.from_json(body.get("policy") if isinstance(body, dict) else None)
        if stored.canonical() != policy.canonical() or not check_signature(entry).ok:
            raise InputError(
                f"the ledger's stored role policy does not match its signed entry {pointer}: "
                "it was altered outside hauberk; run `hauberk ledger verify`"
            )
        return policy

    @property
    def policy(self) -> LedgerPolicy | None:
        """The role policy appends are checked against (``None``: they are not)."""
        return self._policy

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
        """Queue ``entry``; the future gives its index once its batch is durable.

        Under a role policy the entry's signature and its signer's roles are checked first
        (:class:`AccessDenied`, nothing queued).
        """
        if not isinstance(entry, Entry):
            raise InputError(f"append needs an Entry, got {type(entry).__name__}")
        if entry.kind == POLICY_KIND:
            raise AccessDenied("a role policy is set with Ledger.set_policy, not appended")
        if self._policy is not None:
            problem = self._policy.entry_problem(entry)
            if problem is not None:
                raise AccessDenied(f"append of a {entry.kind} entry refused: {problem}")
        return self._committer.submit(entry)

    def submit_signed(
        self, signer: Signer, kind: str, body: Any, *, principal: str | None = None
    ) -> Future[int]:
        """Sign ``body`` with ``signer`` and queue it (a gateway's audit records).

        The signer's roles are checked; its fresh signature is not verified again.
        """
        if kind == POLICY_KIND:
            raise AccessDenied("a role policy is set with Ledger.set_policy, not appended")
        who = signer.principal if principal is None else principal
        if self._policy is not None:
            problem = self._policy.authorise(signer.public_raw, kind, who)
            if problem is not None:
                raise AccessDenied(f"append of a {kind} entry refused: {problem}")
        return self._committer.submit(signer.entry(kind, body, principal=who))

    def may_append(
        self, signer: Signer | None, kind: str, *, principal: str | None = None
    ) -> str | None:
        """Why ``signer`` could not append ``kind`` here (``None``: it can), so a service can
        refuse to start instead of failing every request. Without ``principal`` the key is
        judged under its owner's name (a gateway signs on callers' behalf); with it, under the
        name the entry will carry, as :meth:`submit_signed` will judge it."""
        if self._policy is None:
            return None
        if signer is None:
            return (
                f"this ledger has a role policy: {kind} entries must be signed by a key "
                f"holding one of {list(self._policy.roles_for(kind) or ())}"
            )
        if principal is None:
            owner = self._policy.owner(signer.public_raw)
            principal = owner.name if owner else signer.principal
        return self._policy.authorise(signer.public_raw, kind, principal)

    def set_policy(self, policy: LedgerPolicy, signer: Signer) -> int:
        """Append ``policy`` as a ``ledger.policy`` entry signed by ``signer`` and make it the
        one appends are checked against; return its index.

        The signer must hold an admin role of the current policy (of ``policy`` itself when
        the ledger has none yet). The settings (``ledger_meta``) are written after the entry:
        if that fails, ``verify`` names the entry the settings should point at.
        """
        entry = signer.entry(POLICY_KIND, {"policy": policy.to_json()})
        size = self.head().size
        problem = check_policy_entry(entry, size, self._policy)
        if problem is not None:
            raise AccessDenied(problem)
        index = self._committer.submit(entry).result()
        self._store.set_meta({"policy": policy.canonical(), "policy_index": str(index)})
        self._policy = policy
        return index

    def read_audit(
        self,
        key: Ed25519PrivateKey | None,
        start: int = 0,
        end: int | None = None,
        *,
        kind: str | None = None,
    ) -> list[tuple[int, Entry]]:
        """Entries ``start .. end`` (of ``kind``), for a reader that proves with ``key`` a
        ``read`` role of the policy (any caller when the ledger has none).

        This gates reading through hauberk. Whoever can open the database file or connect
        with a role that may SELECT reads it directly: keep the file's permissions tight, or
        use the PostgreSQL roles (``hauberk ledger init --postgres-roles``).
        """
        if self._policy is not None:
            if key is None:
                raise AccessDenied(
                    "this ledger has a role policy: reading its entries needs --key, a key "
                    f"of a principal holding one of {list(self._policy.read)}"
                )
            self._policy.reader(key)
        size = self._store.head().size
        end = size if end is None else min(end, size)
        if not 0 <= start <= end:
            raise InputError(f"entry range {start}..{end} is not within 0..{size}")
        out = []
        for row in self._store.read_entries(start, end):
            if kind is None or row.kind == kind:
                out.append((row.index, row.entry()))
        return out

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
        roles: LedgerPolicy | None = None,
    ) -> AuditReport:
        """Recompute every hash; compare with the stored tree and an optional signed checkpoint.

        A checkpoint is only trusted once its signature verifies with ``public_key``; pass
        ``public_key=None`` only for a checkpoint you obtained over a trusted channel. A stored
        origin that differs from the checkpoint's is a problem in the report (tampering), not
        an error. ``require`` (``hybrid``, ``ed25519`` or ``ml-dsa-65``) names the signature
        lines that must verify; with ``pq_keys`` it defaults to ``hybrid``.

        Every entry after the first ``ledger.policy`` entry is checked against the policy in
        force when it was appended (:func:`~hauberk.ledger._policy.policy_problems`); ``roles``
        is a policy the caller trusts, which the ledger's latest one must equal.
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
        report = audit(self._store, checkpoint=cp)
        scan = policy_problems(
            iter_rows(self._store),
            stored=(self._store.meta("policy"), self._store.meta("policy_index")),
            anchor=roles,
        )
        found = tuple(Problem(index, message) for index, message in scan.problems)
        return dataclasses.replace(
            report,
            problems=report.problems + found,
            roles_checked=scan.checked,
            roles_unchecked=scan.before_policy if scan.last_policy is not None else report.size,
            policy_index=scan.last_policy,
        )

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
