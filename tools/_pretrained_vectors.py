"""Pretrained word vectors for the prompt guard's encoder, read from the ``wordllama`` wheel.

Build time only. The wheel (``wordllama==0.4.0.post1``, MIT) is opened as a zip; nothing
from it is imported or executed. It holds ``l2_supercat_256``: 32,000 x 256 float16 token
embeddings of the Llama-2 vocabulary, distilled from the input embeddings of several Llama-2
family models (its RESULTS.md/README: "supercat", trained so that a mean of token vectors
embeds a sentence). Being derived from Llama-2 weights, the vectors (and the table folded
from them into ``prompt_guard.npz``) are under the Llama 2 Community License as well as MIT.

The safetensors file is parsed by hand (an 8-byte little-endian header length, a JSON header,
raw little-endian data), as is the tokenizer JSON (``model.vocab``, ``model.merges``).
"""

from __future__ import annotations

import itertools
import json
import re
import zipfile
from pathlib import Path

import numpy as np

WHEEL = "wordllama==0.4.0.post1"
WEIGHTS = "wordllama/weights/l2_supercat_256.safetensors"
TOKENIZER = "wordllama/tokenizers/l2_supercat_tokenizer_config.json"
LICENCES = ["MIT (wordllama)", "Llama 2 Community License (Llama-2 derived weights)"]
MARK = "\u2581"
# the pieces that a token of hauberk.llm._encoder.tokenize can reach: lower-case letters and
# digits, one symbol, the bare word-start mark, each with or without the mark
_REACHABLE = re.compile(rf"{MARK}?[a-z0-9]+|{MARK}?[^\sA-Z]")


def _safetensor(data: bytes, key: str) -> np.ndarray:
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    entry = header[key]
    dtypes = {"F16": "<f2", "F32": "<f4", "BF16": None}
    dtype = dtypes[entry["dtype"]]
    if dtype is None:
        raise SystemExit(f"{key}: bfloat16 is not read here")
    start, end = entry["data_offsets"]
    raw = data[8 + size + start : 8 + size + end]
    return np.frombuffer(raw, dtype=dtype).reshape(entry["shape"])


def read_vocab(wheel: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The Llama-2 vocabulary (piece -> id) and its BPE merges in rank order."""
    with zipfile.ZipFile(wheel) as zf:
        model = json.loads(zf.read(TOKENIZER))["model"]
    merges = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    return dict(model["vocab"]), [(a, b) for a, b in merges]


def read_pieces(wheel: Path) -> tuple[list[str], np.ndarray]:
    """The reachable pieces (in vocabulary id order) and their vectors (float32, scaled so
    that the entries have unit standard deviation)."""
    vocab, _ = read_vocab(wheel)
    with zipfile.ZipFile(wheel) as zf:
        table = _safetensor(zf.read(WEIGHTS), "embedding.weight").astype(np.float32)
    if table.shape[0] != len(vocab):
        raise SystemExit(f"{WEIGHTS}: {table.shape[0]} rows for {len(vocab)} pieces")
    keep = sorted((i, p) for p, i in vocab.items() if _REACHABLE.fullmatch(p))
    rows = table[[i for i, _ in keep]]
    return [p for _, p in keep], rows / float(rows.std())


def bpe_split(word: str, vocab: dict[str, int], ranks: dict[tuple[str, str], int]) -> list[str]:
    """The pieces real BPE (lowest-rank merge first, as the HF tokenizer) gives
    ``MARK + word``; characters outside the vocabulary are dropped (byte fallback)."""
    parts = list(MARK + word)
    while len(parts) > 1:
        pairs = [
            (ranks.get((a, b), 1 << 30), k) for k, (a, b) in enumerate(itertools.pairwise(parts))
        ]
        rank, k = min(pairs)
        if rank == 1 << 30:
            break
        parts[k : k + 2] = [parts[k] + parts[k + 1]]
    return [p for p in parts if p in vocab]


def main() -> None:
    """Print how often the encoder's greedy split agrees with real BPE merges, over the words
    of ``src/hauberk/llm/_words.txt`` (the training texts' words, most frequent first)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("wheel", type=Path, help="The wordllama wheel.")
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "src"))
    from hauberk.llm._encoder import PieceVocab

    vocab, merges = read_vocab(args.wheel)
    ranks = {m: i for i, m in enumerate(merges)}
    greedy = PieceVocab(read_pieces(args.wheel)[0])
    words = (root / "src" / "hauberk" / "llm" / "_words.txt").read_text("utf-8").split()
    print("| words (most frequent first) | n | greedy split = BPE merges |")
    print("|---|---|---|")
    for size in sorted({min(n, len(words)) for n in (1000, 5000, len(words))}):
        same = sum(greedy.split(w) == bpe_split(w, vocab, ranks) for w in words[:size])
        print(f"| top {size} | {size} | {same / size:.3f} |")


if __name__ == "__main__":
    main()
