"""RFC 9162 Merkle tree: CT test vectors, a naive reference, exhaustive and property tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import InputError, VerificationError
from hauberk.ledger import EMPTY_ROOT, Frontier, leaf_hash, node_hash
from hauberk.ledger._merkle import (
    consistency_proof,
    inclusion_proof,
    root_from_inclusion,
    subtrees,
    tree_root,
    verify_consistency,
    verify_inclusion,
)

from ._reference import ref_mth, ref_path, ref_proof

# Certificate Transparency reference vectors (transparency-dev/merkle testonly, the same set
# as the C++ CT merkle_tree_test): leaf inputs and the roots of every prefix.
LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
LEVEL0 = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]
LEVEL1 = [
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
]
LEVEL2 = [
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
]
INCLUSION = [  # (index, size, path)
    (0, 1, []),
    (0, 2, [LEVEL0[1]]),
    (1, 2, [LEVEL0[0]]),
    (2, 3, [LEVEL1[0]]),
    (1, 5, [LEVEL0[0], LEVEL1[1], LEVEL0[4]]),
    (0, 8, [LEVEL0[1], LEVEL1[1], LEVEL2[1]]),
    (5, 8, [LEVEL0[4], LEVEL1[3], LEVEL2[0]]),
]
CONSISTENCY = [  # (old, new, path)
    (1, 1, []),
    (1, 8, [LEVEL0[1], LEVEL1[1], LEVEL2[1]]),
    (2, 5, [LEVEL1[1], LEVEL0[4]]),
    (6, 8, [LEVEL1[2], LEVEL1[3], LEVEL2[0]]),
]


# --- helpers ------------------------------------------------------------------------------------


class MemoryNodes:
    """Complete-subtree hashes of a tree built with Frontier (what storage holds)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.frontier = Frontier()
        self.nodes = {
            (lvl, idx): h for lvl, idx, h in self.frontier.append(leaf_hash(x) for x in leaves)
        }

    def read(self, keys: Sequence[tuple[int, int]]) -> Mapping[tuple[int, int], bytes]:
        return {k: self.nodes[k] for k in keys if k in self.nodes}


def _leaves(n: int) -> list[bytes]:
    return [i.to_bytes(4, "big") + b"leaf" for i in range(n)]


_TREES: dict[int, tuple[list[bytes], MemoryNodes]] = {}


def _tree(n: int) -> tuple[list[bytes], MemoryNodes]:
    if n not in _TREES:
        leaves = _leaves(n)
        _TREES[n] = (leaves, MemoryNodes(leaves))
    return _TREES[n]


# --- CT vectors ---------------------------------------------------------------------------------


def test_leaf_and_node_hash_domain_separation() -> None:
    assert leaf_hash(b"") == bytes.fromhex(LEVEL0[0])
    assert node_hash(bytes.fromhex(LEVEL0[0]), bytes.fromhex(LEVEL0[1])) == bytes.fromhex(LEVEL1[0])
    assert bytes.fromhex(ROOTS[0]) == EMPTY_ROOT


@pytest.mark.parametrize("size", range(9))
def test_roots_match_ct_vectors(size: int) -> None:
    tree = MemoryNodes(LEAVES[:size])
    assert tree_root(size, tree.read).hex() == ROOTS[size]
    assert tree.frontier.root().hex() == ROOTS[size]
    assert ref_mth(LEAVES[:size]).hex() == ROOTS[size]  # the reference agrees with CT too


def test_stored_nodes_match_ct_node_hashes() -> None:
    tree = MemoryNodes(LEAVES)
    for level, row in enumerate([LEVEL0, LEVEL1, LEVEL2, [ROOTS[8]]]):
        assert [tree.nodes[(level, i)].hex() for i in range(len(row))] == row


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_ct_vectors(index: int, size: int, path: list[str]) -> None:
    tree = MemoryNodes(LEAVES[:size])
    proof = inclusion_proof(index, size, tree.read)
    assert [p.hex() for p in proof] == path
    verify_inclusion(leaf_hash(LEAVES[index]), index, size, proof, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_consistency_proofs_match_ct_vectors(old: int, new: int, path: list[str]) -> None:
    tree = MemoryNodes(LEAVES[:new])
    proof = consistency_proof(old, new, tree.read)
    assert [p.hex() for p in proof] == path
    verify_consistency(old, new, proof, bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new]))


# --- exhaustive against the reference -----------------------------------------------------------


def test_every_proof_up_to_64_equals_the_reference() -> None:
    for size in range(1, 65):
        leaves, tree = _tree(size)
        assert tree_root(size, tree.read) == ref_mth(leaves)
        for index in range(size):
            assert inclusion_proof(index, size, tree.read) == ref_path(index, leaves)
        for old in range(0, size + 1):
            assert consistency_proof(old, size, tree.read) == ref_proof(old, leaves)


def test_every_inclusion_and_consistency_proof_up_to_300_verifies() -> None:
    leaves, tree = _tree(300)
    roots = [tree_root(n, tree.read) for n in range(301)]
    for size in range(1, 301):
        for index in range(size):
            path = inclusion_proof(index, size, tree.read)
            verify_inclusion(leaf_hash(leaves[index]), index, size, path, roots[size])
        for old in range(0, size + 1):
            path = consistency_proof(old, size, tree.read)
            verify_consistency(old, size, path, roots[old], roots[size])


# --- properties ---------------------------------------------------------------------------------


@st.composite
def size_index(draw: st.DrawFn, top: int = 400) -> tuple[int, int]:
    size = draw(st.integers(1, top))
    return size, draw(st.integers(0, size - 1))


@settings(max_examples=300, deadline=None)
@given(si=size_index(), data=st.data())
def test_any_bit_flip_breaks_an_inclusion_proof(si: tuple[int, int], data: st.DataObject) -> None:
    size, index = si
    leaves, tree = _tree(400)
    nodes = MemoryNodes(leaves[:size]) if size < 400 else tree
    path = inclusion_proof(index, size, nodes.read)
    root = tree_root(size, nodes.read)
    leaf = leaf_hash(leaves[index])
    verify_inclusion(leaf, index, size, path, root)
    parts = [leaf, root, *path]
    which = data.draw(st.integers(0, len(parts) - 1))
    bit = data.draw(st.integers(0, 255))
    flipped = bytearray(parts[which])
    flipped[bit // 8] ^= 1 << (bit % 8)
    parts[which] = bytes(flipped)
    with pytest.raises(VerificationError):
        verify_inclusion(parts[0], index, size, parts[2:], parts[1])


@settings(max_examples=300, deadline=None)
@given(si=size_index(), data=st.data())
def test_any_bit_flip_breaks_a_consistency_proof(si: tuple[int, int], data: st.DataObject) -> None:
    new, old = si[0], si[1] + 1  # 1 <= old <= new
    leaves, _ = _tree(400)
    nodes = MemoryNodes(leaves[:new])
    path = consistency_proof(old, new, nodes.read)
    old_root, new_root = tree_root(old, nodes.read), tree_root(new, nodes.read)
    verify_consistency(old, new, path, old_root, new_root)
    parts = [old_root, new_root, *path]
    which = data.draw(st.integers(0, len(parts) - 1))
    bit = data.draw(st.integers(0, 255))
    flipped = bytearray(parts[which])
    flipped[bit // 8] ^= 1 << (bit % 8)
    parts[which] = bytes(flipped)
    with pytest.raises(VerificationError):
        verify_consistency(old, new, parts[2:], parts[0], parts[1])


@settings(max_examples=200, deadline=None)
@given(si=size_index(), other=st.integers(0, 399))
def test_a_proof_does_not_verify_for_another_index(si: tuple[int, int], other: int) -> None:
    size, index = si
    leaves, _ = _tree(400)
    nodes = MemoryNodes(leaves[:size])
    path = inclusion_proof(index, size, nodes.read)
    root = tree_root(size, nodes.read)
    if other != index:
        with pytest.raises(VerificationError):
            verify_inclusion(leaf_hash(leaves[index]), other, size, path, root)
        with pytest.raises(VerificationError):
            verify_inclusion(leaf_hash(leaves[other % size] + b"x"), index, size, path, root)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=8), max_size=40), st.integers(1, 5))
def test_frontier_appends_in_batches_equal_the_reference(leaves: list[bytes], batches: int) -> None:
    frontier = Frontier()
    step = max(1, len(leaves) // batches)
    for i in range(0, len(leaves), step):
        frontier.append(leaf_hash(x) for x in leaves[i : i + step])
        assert frontier.root() == ref_mth(leaves[: frontier.size])
    assert frontier.root() == ref_mth(leaves)


def test_truncated_and_extended_paths_fail() -> None:
    leaves, tree = _tree(100)
    path = inclusion_proof(37, 100, tree.read)
    root = tree_root(100, tree.read)
    leaf = leaf_hash(leaves[37])
    with pytest.raises(VerificationError, match="shorter"):
        verify_inclusion(leaf, 37, 100, path[:-1], root)
    with pytest.raises(VerificationError, match="longer"):
        verify_inclusion(leaf, 37, 100, [*path, path[0]], root)
    with pytest.raises(VerificationError):
        verify_inclusion(leaf, 100, 100, path, root)
    with pytest.raises(VerificationError, match="bytes"):
        verify_inclusion(leaf, 37, 100, [path[0][:31], *path[1:]], root)
    assert root_from_inclusion(leaf, 37, 100, path) == root


def test_consistency_edge_cases() -> None:
    _, tree = _tree(10)
    r10 = tree_root(10, tree.read)
    r4 = tree_root(4, tree.read)
    verify_consistency(0, 10, [], EMPTY_ROOT, r10)
    verify_consistency(10, 10, [], r10, r10)
    with pytest.raises(VerificationError):
        verify_consistency(10, 10, [r4], r10, r10)
    with pytest.raises(VerificationError):
        verify_consistency(4, 10, [], r4, r10)
    with pytest.raises(VerificationError):
        verify_consistency(10, 4, [r4], r10, r4)
    with pytest.raises(VerificationError):
        verify_consistency(0, 10, [r4], EMPTY_ROOT, r10)


def test_subtree_decomposition_rejects_unaligned_ranges() -> None:
    assert subtrees(0, 13) == [(3, 0), (2, 2), (0, 12)]
    with pytest.raises(InputError):
        subtrees(1, 5)
    with pytest.raises(InputError):
        subtrees(4, 4)


def test_missing_stored_node_is_a_verification_error() -> None:
    _, tree = _tree(20)
    del tree.nodes[(2, 1)]
    try:
        with pytest.raises(VerificationError, match=r"entries \[4, 8\)"):
            inclusion_proof(0, 20, tree.read)
    finally:
        _TREES.pop(20)
