"""The build-time reader of pretrained word vectors (``tools/_pretrained_vectors.py``): its
hand-written safetensors parser agrees with the safetensors library, the piece filter keeps
exactly what the encoder's tokens can reach, and the reference BPE applies merges by rank."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import _pretrained_vectors as pv  # noqa: E402

from hauberk.llm._encoder import PieceVocab, tokenize  # noqa: E402


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40), st.integers(1, 9), st.sampled_from(["float16", "float32"]))
def test_safetensors_parser_agrees_with_the_library(rows: int, cols: int, dtype: str) -> None:
    numpy_st = pytest.importorskip("safetensors.numpy")
    rng = np.random.default_rng(rows * 10 + cols)
    table = rng.normal(size=(rows, cols)).astype(dtype)
    data = numpy_st.save({"other": np.zeros(3, np.float32), "embedding.weight": table})
    assert np.array_equal(pv._safetensor(data, "embedding.weight"), table)


def _fake_wheel(tmp: Path, vocab: dict[str, int], merges: list[str]) -> Path:
    numpy_st = pytest.importorskip("safetensors.numpy")
    table = np.arange(len(vocab) * 4, dtype=np.float16).reshape(len(vocab), 4)
    wheel = tmp / "wordllama-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(pv.WEIGHTS, numpy_st.save({"embedding.weight": table}))
        zf.writestr(pv.TOKENIZER, json.dumps({"model": {"vocab": vocab, "merges": merges}}))
    return wheel


def test_pieces_are_those_a_token_can_reach(tmp_path: Path) -> None:
    mark = pv.MARK
    names = ["<unk>", "<0x41>", mark, f"{mark}the", "the", "Th", f"{mark}The", "!", f"{mark}!",
             "a b", "ab", "\u00e9", "42"]  # fmt: skip
    vocab = {p: i for i, p in enumerate(names)}
    pieces, rows = pv.read_pieces(_fake_wheel(tmp_path, vocab, []))
    assert pieces == [mark, f"{mark}the", "the", "!", f"{mark}!", "ab", "\u00e9", "42"]
    assert rows.shape == (len(pieces), 4) and abs(float(rows.std()) - 1.0) < 1e-5
    # every token of the encoder's tokenizer splits into kept pieces only
    split = PieceVocab(pieces)
    for token in tokenize("The THE the! ab \u00e9 42"):
        assert all(p in pieces for p in split.split(token))


def test_reference_bpe_merges_lowest_rank_first() -> None:
    mark = pv.MARK
    vocab = {
        p: i for i, p in enumerate([mark, "a", "b", "c", f"{mark}a", "bc", "ab", f"{mark}abc"])
    }
    ranks = {("b", "c"): 0, (mark, "a"): 1, ("a", "b"): 2, (f"{mark}a", "bc"): 3}
    # b+c first (rank 0), so a+b (rank 2) never applies
    assert pv.bpe_split("abc", vocab, ranks) == [f"{mark}abc"]
    assert pv.bpe_split("ab", vocab, ranks) == [f"{mark}a", "b"]
    # greedy longest match gives the same pieces on these words
    greedy = PieceVocab(list(vocab))
    assert greedy.split("ab") == pv.bpe_split("ab", vocab, ranks)
    assert greedy.split("abc") == pv.bpe_split("abc", vocab, ranks)
