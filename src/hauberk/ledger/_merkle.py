"""RFC 9162 (Certificate Transparency 2.0) Merkle tree: hashes, proofs and their verifiers.

Section 2.1 of RFC 9162 defines the tree over an ordered list of entries ``D[0:n]``:
``MTH({}) = SHA-256()``, ``MTH({d}) = SHA-256(0x00 || d)`` and, for ``n > 1`` with ``k`` the
largest power of two smaller than ``n``, ``MTH(D[0:n]) = SHA-256(0x01 || MTH(D[0:k]) ||
MTH(D[k:n]))``. The same tree is used by RFC 6962, sigstore's Rekor and Go's checksum database.

Storage keeps the hash of every *complete* subtree, keyed by ``(level, index)``: level 0 holds
the leaf hashes, node ``(l, i)`` covers entries ``[i * 2**l, (i + 1) * 2**l)``. Every subtree the
RFC's recursion visits starts at a multiple of its own size rounded up to a power of two, so its
hash is a right fold over at most ``log2(n)`` stored complete subtrees: a proof needs
``O(log n)`` stored hashes and never a rebuild of the tree.

The two verifiers implement RFC 9162 sections 2.1.3.2 and 2.1.4.2 literally and need nothing
but the proof, the hashes and the sizes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

from hauberk.core import InputError, VerificationError

HASH_SIZE = 32
#: Root of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()

#: A node key: ``(level, index)`` of a complete subtree.
NodeKey = tuple[int, int]
#: Reads stored complete-subtree hashes; returns the ones it has.
NodeReader = Callable[[Sequence[NodeKey]], Mapping[NodeKey, bytes]]


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 || data)``."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """Largest power of two strictly smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtrees(start: int, end: int) -> list[NodeKey]:
    """The complete subtrees, largest first, whose right fold is ``MTH(D[start:end])``.

    ``start`` must be a multiple of ``end - start`` rounded up to a power of two, which holds
    for the whole tree (``start == 0``) and for every subtree the RFC's recursion visits.
    """
    if not 0 <= start < end:
        raise InputError(f"subtree range [{start}, {end}) is empty or negative")
    keys: list[NodeKey] = []
    pos, remaining = start, end - start
    while remaining:
        level = remaining.bit_length() - 1
        width = 1 << level
        if pos % width:
            raise InputError(f"range [{start}, {end}) is not a subtree of an RFC 9162 tree")
        keys.append((level, pos >> level))
        pos += width
        remaining -= width
    return keys


def fold(hashes: Sequence[bytes]) -> bytes:
    """Right fold of complete-subtree hashes (largest first) into one subtree hash."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for h in reversed(hashes[:-1]):
        result = node_hash(h, result)
    return result


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Entry ranges whose subtree hashes form ``PATH(index, D[0:size])``, leaf side first."""
    _check_index(index, size)
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """Entry ranges whose subtree hashes form ``PROOF(old_size, D[0:new_size])``."""
    _check_sizes(old_size, new_size)
    if old_size in (0, new_size):
        return []
    ranges: list[tuple[int, int]] = []
    start, end, m, whole = 0, new_size, old_size, True
    while True:
        n = end - start
        if m == n:
            if not whole:
                ranges.append((start, end))
            break
        k = _split(n)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            m -= k
            whole = False
    ranges.reverse()
    return ranges


def _check_index(index: int, size: int) -> None:
    if not 0 <= index < size:
        raise InputError(f"entry index {index} is outside a tree of size {size}")


def _check_sizes(old_size: int, new_size: int) -> None:
    if not 0 <= old_size <= new_size:
        raise InputError(f"need 0 <= old size <= new size, got {old_size} and {new_size}")


def _hashes_for(ranges: Sequence[tuple[int, int]], read: NodeReader) -> list[bytes]:
    plans = [subtrees(start, end) for start, end in ranges]
    wanted = sorted({key for plan in plans for key in plan})
    found = read(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        level, idx = missing[0]
        raise VerificationError(
            f"stored hash of entries [{idx << level}, {(idx + 1) << level}) is missing; "
            "the database was altered: run `hauberk ledger verify`"
        )
    return [fold([found[key] for key in plan]) for plan in plans]


def tree_root(size: int, read: NodeReader) -> bytes:
    """``MTH(D[0:size])`` from stored complete-subtree hashes (``O(log size)`` reads)."""
    if size < 0:
        raise InputError(f"tree size must be >= 0, got {size}")
    if size == 0:
        return EMPTY_ROOT
    return _hashes_for([(0, size)], read)[0]


def inclusion_proof(index: int, size: int, read: NodeReader) -> list[bytes]:
    """The RFC 9162 inclusion path for entry ``index`` in the tree of ``size`` entries."""
    return _hashes_for(inclusion_ranges(index, size), read)


def consistency_proof(old_size: int, new_size: int, read: NodeReader) -> list[bytes]:
    """The RFC 9162 consistency path between tree sizes ``old_size`` and ``new_size``."""
    return _hashes_for(consistency_ranges(old_size, new_size), read)


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise VerificationError(f"{what} is {len(value)} bytes, a SHA-256 hash has {HASH_SIZE}")


def root_from_inclusion(leaf: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes:
    """RFC 9162 section 2.1.3.2 steps 1-4: the root that ``path`` implies for ``leaf``."""
    if not 0 <= index < size:
        raise VerificationError(f"leaf index {index} is not below the tree size {size}")
    _check_hash(leaf, "leaf hash")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        _check_hash(p, "inclusion path element")
        if sn == 0:
            raise VerificationError("inclusion path is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise VerificationError("inclusion path is shorter than the tree is deep")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> None:
    """Raise :class:`VerificationError` unless ``path`` proves ``leaf`` at ``index`` in ``root``."""
    _check_hash(root, "root hash")
    if root_from_inclusion(leaf, index, size, path) != root:
        raise VerificationError(
            f"inclusion proof for entry {index} does not lead to the root of the tree of size "
            f"{size}: the entry, the proof or the root was altered"
        )


def verify_consistency(
    old_size: int, new_size: int, path: Sequence[bytes], old_root: bytes, new_root: bytes
) -> None:
    """RFC 9162 section 2.1.4.2: raise unless ``new_root`` extends ``old_root``."""
    _check_hash(old_root, "old root hash")
    _check_hash(new_root, "new root hash")
    if not 0 <= old_size <= new_size:
        raise VerificationError(f"old size {old_size} must be between 0 and new size {new_size}")
    if old_size == new_size:
        if path:
            raise VerificationError("equal tree sizes need an empty consistency proof")
        if old_root != new_root:
            raise VerificationError(f"two different roots for the same tree size {old_size}")
        return
    if old_size == 0:
        if path:
            raise VerificationError("a consistency proof from the empty tree must be empty")
        return
    if not path:
        raise VerificationError("consistency proof is empty")
    proof = list(path)
    for p in proof:
        _check_hash(p, "consistency path element")
    if old_size & (old_size - 1) == 0:
        proof.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            raise VerificationError("consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0 or fr != old_root or sr != new_root:
        raise VerificationError(
            f"consistency proof does not show that the tree of size {new_size} extends the "
            f"tree of size {old_size}: the log was rewritten or the proof altered"
        )


class Frontier:
    """The compact range of a tree: the hashes of the complete subtrees that make up ``D[0:n]``.

    Appending leaves returns every complete-subtree node that became complete, which is exactly
    what storage persists; :meth:`root` folds the frontier into the tree head.
    """

    __slots__ = ("_nodes", "_size")

    def __init__(self, size: int = 0, nodes: Iterable[tuple[int, int, bytes]] = ()) -> None:
        self._size = size
        self._nodes = list(nodes)
        expected = [key for key in subtrees(0, size)] if size else []
        if [(lvl, idx) for lvl, idx, _ in self._nodes] != expected:
            raise InputError(f"frontier nodes do not match a tree of size {size}")

    @classmethod
    def load(cls, size: int, read: NodeReader) -> Frontier:
        keys = subtrees(0, size) if size else []
        found = read(keys)
        if len(found) != len(keys):
            raise VerificationError(
                f"stored hashes of the tree of size {size} are incomplete; the database was "
                "altered: run `hauberk ledger verify`"
            )
        return cls(size, [(lvl, idx, found[(lvl, idx)]) for lvl, idx in keys])

    @property
    def size(self) -> int:
        return self._size

    def copy(self) -> Frontier:
        clone = Frontier.__new__(Frontier)
        clone._size = self._size
        clone._nodes = list(self._nodes)
        return clone

    def append(self, leaf_hashes: Iterable[bytes]) -> list[tuple[int, int, bytes]]:
        """Append leaves; return the new complete-subtree nodes ``(level, index, hash)``."""
        created: list[tuple[int, int, bytes]] = []
        stack = self._nodes
        index = self._size
        for h in leaf_hashes:
            level, idx, value = 0, index, h
            created.append((0, idx, value))
            while stack and stack[-1][0] == level:
                _, left_idx, left = stack.pop()
                level, idx, value = level + 1, left_idx >> 1, node_hash(left, value)
                created.append((level, idx, value))
            stack.append((level, idx, value))
            index += 1
        self._size = index
        return created

    def root(self) -> bytes:
        return fold([h for _, _, h in self._nodes])
