"""Audit a stored ledger: recompute every leaf and subtree hash from the entry rows.

The scan streams entries in index order and rebuilds the tree with a :class:`Frontier`; every
stored hash is compared with the recomputed one as soon as its subtree completes. The first
row that does not match is named by its entry index. Recomputation continues from the entry
rows alone (stored hashes are never trusted), so a signed checkpoint is compared with what the
entries really hash to: an attacker who rewrote rows *and* recomputed every stored hash is still
caught by a checkpoint signed before the rewrite.

The entry rows must be exactly the indices ``0 .. size-1``: a row stored at a negative index or
past the tree head is named too. The stored origin is compared with the checkpoint's; without a
checkpoint nothing commits to the origin (entries and tree hashes do not include it), so a
changed origin can only be seen against a checkpoint signed earlier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hauberk.core import InputError
from hauberk.ledger._checkpoint import Checkpoint
from hauberk.ledger._merkle import Frontier
from hauberk.ledger._store import LedgerStore


@dataclass(frozen=True)
class Problem:
    """One mismatch; ``index`` is the first entry it concerns (``None``: the log as a whole)."""

    index: int | None
    message: str

    def __str__(self) -> str:
        where = "log" if self.index is None else f"entry {self.index}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class AuditReport:
    """What :meth:`Ledger.verify` found. ``ok`` when there is no problem."""

    size: int
    root: bytes
    entries_checked: int
    checkpoint: Checkpoint | None
    problems: tuple[Problem, ...] = field(default=())
    origin: str | None = None
    roles_checked: int = 0  # entries checked against a role policy
    roles_unchecked: int = 0  # entries appended before the first policy (or with none)
    policy_index: int | None = None  # the ledger.policy entry in force

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "size": self.size,
            "root": self.root.hex(),
            "entries_checked": self.entries_checked,
            "origin": self.origin,
            "checkpoint": None
            if self.checkpoint is None
            else {"size": self.checkpoint.size, "root": self.checkpoint.root.hex()},
            "problems": [{"index": p.index, "message": p.message} for p in self.problems],
            "roles": {
                "policy_entry": self.policy_index,
                "checked": self.roles_checked,
                "unchecked": self.roles_unchecked,
            },
        }


def _range(level: int, idx: int) -> str:
    return f"[{idx << level}, {(idx + 1) << level})"


def audit(
    store: LedgerStore, *, checkpoint: Checkpoint | None = None, chunk: int = 4096
) -> AuditReport:
    """Recompute the whole tree from ``store`` and compare it with everything stored."""
    if not 1 <= chunk <= 1_000_000:
        raise InputError(f"chunk must be in [1, 1000000], got {chunk}")
    head = store.head()
    problems: list[Problem] = []
    meta: list[Problem] = []  # about the log as a whole, listed after the first entry problem
    try:
        origin: str | None = store.origin()
    except InputError:
        origin = None
        meta.append(Problem(None, "the origin row is missing (removed outside hauberk)"))
    if checkpoint is not None and origin is not None and checkpoint.origin != origin:
        meta.append(
            Problem(
                None,
                f"stored origin {origin!r:.80} does not match the signed checkpoint's origin "
                f"{checkpoint.origin!r:.80}: the origin was changed, or the checkpoint is of "
                "another log",
            )
        )
    first: Problem | None = None
    frontier = Frontier()
    checkpoint_root: bytes | None = None
    if checkpoint is not None and checkpoint.size == 0:
        checkpoint_root = frontier.root()
    levels = max(head.size.bit_length(), 1)
    done = 0
    stopped = False
    for start in range(0, head.size, chunk):
        end = min(start + chunk, head.size)
        rows = store.read_entries(start, end)
        stored = [store.read_level(level, start >> level, end >> level) for level in range(levels)]
        expected = start
        for row in rows:
            if row.index != expected:
                first = first or Problem(
                    expected, "is missing (a row was deleted or renumbered outside hauberk)"
                )
                stopped = True
                break
            try:
                leaf = row.entry().leaf_hash()
            except InputError as exc:
                first = first or Problem(row.index, f"row is malformed ({exc})")
                stopped = True
                break
            for level, idx, value in frontier.append([leaf]):
                if first is not None:
                    continue
                have = stored[level].get(idx)
                if have is None:
                    first = Problem(
                        idx << level, f"stored hash of entries {_range(level, idx)} is missing"
                    )
                elif have != value:
                    if level == 0:
                        first = Problem(
                            idx,
                            f"content does not match its stored leaf hash (kind {row.kind!r}, "
                            f"principal {row.principal!r:.60}): the row was changed or moved",
                        )
                    else:
                        first = Problem(
                            idx << level,
                            f"stored hash of entries {_range(level, idx)} does not match "
                            "the entries",
                        )
            expected += 1
            done = expected
            if checkpoint is not None and done == checkpoint.size:
                checkpoint_root = frontier.root()
        if stopped:
            break
        if expected != end:
            first = first or Problem(expected, "is missing (rows were deleted outside hauberk)")
            stopped = True
            break
    if first is not None:
        problems.append(first)
    problems += meta
    root = frontier.root()
    if not stopped:
        if root != head.root and first is None:  # else a consequence of the first problem
            problems.append(
                Problem(None, f"stored tree head (size {head.size}) does not match the entries")
            )
        stats = store.stats()
        if stats.max_index is not None and stats.max_index >= head.size:
            extra = store.read_entries(head.size, stats.max_index + 1)
            where = extra[0].index if extra else head.size
            problems.append(
                Problem(
                    where,
                    f"is stored but not in the tree head of size {head.size} "
                    "(inserted outside hauberk)",
                )
            )
        if stats.min_index is not None and stats.min_index < 0:
            problems.append(
                Problem(
                    stats.min_index,
                    "is stored at a negative index, outside the tree 0..size-1 "
                    "(inserted outside hauberk)",
                )
            )
        elif stats.entries != head.size and (stats.max_index or 0) < head.size:
            problems.append(
                Problem(
                    None,
                    f"{stats.entries} entry rows stored, expected exactly the indices "
                    f"0..{head.size - 1}",
                )
            )
        for level, count in sorted(stats.nodes_per_level.items()):
            if level < 0 or count > head.size >> level:
                problems.append(
                    Problem(
                        None,
                        f"{count} stored hashes at level {level}, expected "
                        f"{head.size >> level} (rows inserted outside hauberk)",
                    )
                )
    if checkpoint is not None:
        if checkpoint.size > done:
            if not stopped:
                problems.append(
                    Problem(
                        None,
                        f"checkpoint is for size {checkpoint.size} but the log has "
                        f"{head.size} entries: entries were removed (rollback)",
                    )
                )
            else:
                problems.append(
                    Problem(
                        None,
                        f"checkpoint (size {checkpoint.size}) could not be checked: "
                        f"the entries stop matching at entry {done}",
                    )
                )
        elif checkpoint_root != checkpoint.root:
            problems.append(
                Problem(
                    None,
                    f"signed checkpoint (size {checkpoint.size}) no longer matches the "
                    "entries: history before it was rewritten",
                )
            )
    return AuditReport(
        size=head.size,
        root=root,
        entries_checked=done,
        checkpoint=checkpoint,
        problems=tuple(problems),
        origin=origin,
    )
