"""A small neural text encoder for the prompt guard, run with numpy only.

Each token of a reading (lower-cased words, numbers and single symbols, the first
``MAX_TOKENS``) is the mean of the hashed embeddings of the word and of its character
3-grams (fastText's subwords: a misspelt or half-decoded word still lands near the word),
plus the embedding of the bigram it ends. A one-layer ReLU projection of every token is
pooled over the text by maximum (one planted sentence in a long page still fires) and by
mean, and a linear layer gives the logit:

    v_t = mean(E[word_t], E[3-grams of word_t]) + E[bigram_t] (+ mean(Q[pieces of word_t]))
    h_t = relu(v_t W1 + b1)
    p   = sigmoid([max_t h_t, mean_t h_t] w2 + b2)

The optional last term is pretrained word knowledge (``PieceVocab``): ``Q = P A``, with ``P``
token embeddings distilled from Llama-2 models (the ``wordllama`` wheel's
``l2_supercat_256``, read at build time) frozen and ``A`` learnt; a word's pieces are a greedy
longest match of ``PIECE_MARK + word`` over the Llama-2 vocabulary, so that a word no training
text used still lands near the words it means.

It is trained at build time with torch by ``tools/train_prompt_guard.py`` (fixed seed) and
stored as plain arrays in ``prompt_guard.npz`` (read with ``allow_pickle=False``); nothing
here imports torch. The hashing is CRC-32 (``zlib``), the same on every platform.
Written here rather than taken from a library: the libraries that run such models
(onnxruntime, torch) are optional extras of hauberk and cost tens of milliseconds to
import, while this needs table lookups per reading (the first projection is folded into the
table once, ``Encoder.projected``).
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hauberk.llm._memo import short_memo

MAX_TOKENS = 400
MEAN_CACHE_TOKENS = 20_000  # tokens whose mean vector (768 bytes) is kept between calls
TRAIN_TOKENS = 256  # readings are cut here in training (pooling does not depend on length)
_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")


def _h(text: str, buckets: int) -> int:
    return zlib.crc32(text.encode("utf-8")) % buckets


# tokens up to this long are kept in the memos below; a token may run to 40 x MAX_TOKENS
# characters, and kept, 200,000 such tokens would hold gigabytes (round 23: the resident size
# grew by about 1 MB a request of one unbroken 100k-letter word, without end)
CACHED_TOKEN_CHARS = 64


@short_memo(200_000, CACHED_TOKEN_CHARS)
def token_ids(token: str, buckets: int) -> tuple[int, ...]:
    """Hash ids of a token: the word first, then its character 3-grams (words of 3+
    letters, at most 12 grams)."""
    ids = [_h(f"w:{token}", buckets)]
    if len(token) >= 3 and token.isalpha():
        padded = f"<{token}>"
        ids += [_h(f"c:{padded[i : i + 3]}", buckets) for i in range(min(12, len(padded) - 2))]
    return tuple(ids)


@short_memo(200_000, 2 * CACHED_TOKEN_CHARS)
def _bigram_id(prev: str, token: str, buckets: int) -> int:
    return _h(f"b:{prev} {token}", buckets)


def tokenize(text: str, limit: int = MAX_TOKENS) -> list[str]:
    return _TOKEN.findall(text.lower(), 0, 40 * limit)[:limit]


def encode(
    text: str, buckets: int, limit: int = MAX_TOKENS
) -> tuple[list[int], list[int], list[int]]:
    """Flat subword ids, the number of ids of each token, and each token's bigram id."""
    tokens = tokenize(text, limit) or ["<empty>"]
    flat: list[int] = []
    counts: list[int] = []
    bigrams: list[int] = []
    prev = "<s>"
    for tok in tokens:
        ids = token_ids(tok, buckets)
        flat.extend(ids)
        counts.append(len(ids))
        bigrams.append(_bigram_id(prev, tok, buckets))
        prev = tok
    return flat, counts, bigrams


PIECE_MARK = "\u2581"  # the Llama-2 vocabulary's word-start mark


class PieceVocab:
    """Greedy longest-match splitting of a word into pieces of a subword vocabulary: the first
    piece carries ``PIECE_MARK`` (a word start), the rest do not; a character that no piece
    covers is skipped (the vocabulary's byte fallback has no vectors here)."""

    def __init__(self, pieces: Sequence[str]) -> None:
        self.index = {p: i for i, p in enumerate(pieces)}
        self.longest = max((len(p) for p in pieces), default=1)
        self._cache: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self.index)

    def split(self, word: str) -> list[str]:
        """The pieces of ``word``, longest first at each position."""
        text = PIECE_MARK + word
        out: list[str] = []
        i = 0
        while i < len(text):
            for j in range(min(len(text), i + self.longest), i, -1):
                if text[i:j] in self.index:
                    out.append(text[i:j])
                    i = j
                    break
            else:  # no piece starts here (at 0: not even the bare mark): skip the character
                i += 1
        return out

    def ids(self, word: str) -> tuple[int, ...]:
        """Row ids of ``word``'s pieces, cached (tokens repeat across readings)."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            found = tuple(self.index[p] for p in self.split(word))
            self._cache[word] = found
        return found


@dataclass(frozen=True)
class Encoder:
    """The arrays of a trained encoder (shapes: ``embed`` (B, D), ``w1`` (D, H), ``b1`` (H,),
    ``w2`` (2H,), ``b2`` a float); with pretrained word knowledge also ``pieces`` (V,) and
    ``piece_embed`` (V, D), the folded table ``P A``)."""

    embed: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    pieces: PieceVocab | None = None
    piece_embed: np.ndarray | None = None

    @property
    def buckets(self) -> int:
        return int(self.embed.shape[0])

    def validate(self) -> str | None:
        """What is wrong with the shapes, or None."""
        b, d = self.embed.shape if self.embed.ndim == 2 else (0, 0)
        h = self.w1.shape[1] if self.w1.ndim == 2 else 0
        if not b or self.w1.shape != (d, h) or self.b1.shape != (h,) or self.w2.shape != (2 * h,):
            return (
                f"encoder arrays of shapes {self.embed.shape}, {self.w1.shape}, "
                f"{self.b1.shape}, {self.w2.shape} do not fit together"
            )
        if (self.pieces is None) != (self.piece_embed is None):
            return "encoder has a piece vocabulary without its table, or a table without one"
        table = self.piece_embed
        if self.pieces is not None and table is not None and table.shape != (len(self.pieces), d):
            return (
                f"piece table of shape {table.shape} does not fit "
                f"{len(self.pieces)} pieces of width {d}"
            )
        return None

    @functools.cached_property
    def projected(self) -> np.ndarray:
        """``embed @ w1``, computed once: the projection is linear, so projecting every
        table row ahead replaces the per-call matrix product (whose BLAS threads cost more
        than the product on a busy machine) by a lookup. 16 MB for the shipped sizes."""
        out: np.ndarray = np.ascontiguousarray(self.embed @ self.w1, dtype=np.float32)
        return out

    @functools.cached_property
    def projected_pieces(self) -> np.ndarray:
        """``piece_embed @ w1`` and a zero row last (the vector of a word without pieces)."""
        assert self.piece_embed is not None
        rows = np.ascontiguousarray(self.piece_embed @ self.w1, dtype=np.float32)
        out: np.ndarray = np.vstack([rows, np.zeros((1, rows.shape[1]), np.float32)])
        return out

    def _piece_means(self, tokens: Sequence[str]) -> np.ndarray:
        """Per token, the mean projected pretrained vector of its pieces."""
        assert self.pieces is not None
        table = self.projected_pieces
        empty = (len(table) - 1,)
        flat: list[int] = []
        counts: list[int] = []
        for tok in tokens:
            ids = self.pieces.ids(tok) or empty
            flat += ids
            counts.append(len(ids))
        return _segment_means(table, flat, counts)

    @functools.cached_property
    def _mean_cache(self) -> dict[str, np.ndarray]:
        return {}

    def _token_means(self, distinct: list[str]) -> np.ndarray:
        """Per token, ``mean(P[ids])`` (plus its pieces' mean): computed once for the tokens
        a call has not seen and kept (up to ``MEAN_CACHE_TOKENS``, then emptied, as the
        n-gram model's word cache); each row is the same float32 numbers as computed alone
        (a segment's mean reads only its own rows)."""
        cache = self._mean_cache
        # a local copy of the entries: another thread may empty the cache meanwhile
        found: dict[str, np.ndarray | None] = {tok: cache.get(tok) for tok in distinct}
        missing = [tok for tok, row in found.items() if row is None]
        if missing:
            if len(cache) + len(missing) > MEAN_CACHE_TOKENS:
                cache.clear()
            flat: list[int] = []
            counts: list[int] = []
            for tok in missing:
                ids = token_ids(tok, self.buckets)
                flat += ids
                counts.append(len(ids))
            means = _segment_means(self.projected, flat, counts)
            if self.pieces is not None:
                means += self._piece_means(missing)
            room = max(0, MEAN_CACHE_TOKENS - len(cache))
            for i, (tok, row) in enumerate(zip(missing, means, strict=True)):
                found[tok] = row
                if i < room and len(tok) <= CACHED_TOKEN_CHARS:
                    cache[tok] = row
        rows = [row for row in found.values() if row is not None]
        # one concatenation of the rows, not np.stack (a Python step per row: 160 us for the
        # 500 tokens of a prompt's readings, this 50 us); the same array
        return np.concatenate(rows).reshape(len(rows), -1)

    @functools.cached_property
    def _pair_cache(self) -> dict[tuple[str, str], int]:
        return {}

    def _bigram_ids(self, names: list[str], prev: list[int], tok: list[int]) -> list[int]:
        """``_bigram_id`` of each pair ``(names[prev[i]], names[tok[i]])``: a plain dict
        lookup (a third of the ``lru_cache`` call's time), bounded as the token cache."""
        cache = self._pair_cache
        pairs = list(zip(map(names.__getitem__, prev), map(names.__getitem__, tok), strict=True))
        ids = list(map(cache.get, pairs))
        if None in ids:
            if len(cache) > 10 * MEAN_CACHE_TOKENS:
                cache.clear()
            for i, found in enumerate(ids):
                if found is None:
                    ids[i] = new = _bigram_id(*pairs[i], self.buckets)
                    if len(pairs[i][0]) + len(pairs[i][1]) <= 2 * CACHED_TOKEN_CHARS:
                        cache[pairs[i]] = new
        return ids  # type: ignore[return-value]

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """One batch: every token of every text through the projected table at once,
        then pooled text by text. ``relu(mean(E[ids]) W1 + E[bigram] W1 + b1)`` is
        ``relu(mean(P[ids]) + P[bigram] + b1)`` with ``P = E W1``; scores agree with the
        matrix-product form to float32 rounding (below 1e-6). A token's hidden vector
        depends only on it and the token before it: each distinct pair is computed once
        (the same float32 operations in the same order as ``logits_by_token``, so the
        same bits) and placed at its positions."""
        if not texts:
            return np.zeros(0)
        tokens: list[str] = []
        lengths: list[int] = []
        for text in texts:
            found = tokenize(text) or ["<empty>"]
            tokens += found
            lengths.append(len(found))
        # The readings of one prompt share most tokens: distinct tokens in order of first use
        index = {tok: i for i, tok in enumerate(dict.fromkeys(tokens))}
        names = [*index, "<s>"]
        width = len(names)
        pos = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        first = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1], out=first[1:])
        prev = np.empty_like(pos)
        prev[1:] = pos[:-1]
        prev[first] = width - 1  # "<s>" before each text's first token
        pairs, where = np.unique(prev * width + pos, return_inverse=True)
        pair_prev, pair_tok = np.divmod(pairs, width)
        bigrams = self._bigram_ids(names, pair_prev.tolist(), pair_tok.tolist())
        hidden = self._token_means(names[:-1])[pair_tok]
        hidden += self.projected[bigrams]
        hidden += self.b1
        np.maximum(hidden, 0.0, out=hidden)
        return self._pooled(hidden[where.ravel()], first, lengths)

    def _pooled(self, hidden: np.ndarray, first: np.ndarray, lengths: list[int]) -> np.ndarray:
        """``[max_t h_t, mean_t h_t] w2 + b2`` of each text (rows ``first[i]`` on)."""
        size = np.asarray(lengths, dtype=np.float32)[:, None]
        half = self.w2.shape[0] // 2
        # a maximum is exact in any order, and numpy's reduction of a block along its rows
        # is a quarter of ``maximum.reduceat``'s time; the sum keeps ``add.reduceat``, whose
        # order of additions (not the block's) the scores were calibrated with
        ends = [*first[1:].tolist(), len(hidden)]
        top = np.empty((len(lengths), hidden.shape[1]), dtype=hidden.dtype)
        for i, (a, b) in enumerate(zip(first.tolist(), ends, strict=True)):
            np.maximum.reduce(hidden[a:b], axis=0, out=top[i])  # the ufunc: no wrapper, no stack
        mean = np.add.reduceat(hidden, first, axis=0) / size
        # elementwise products, not a matrix product: no BLAS threads for 128 numbers a row
        out: np.ndarray = (top * self.w2[:half]).sum(axis=1, dtype=np.float64)
        out += (mean * self.w2[half:]).sum(axis=1, dtype=np.float64) + self.b2
        return out

    def logits_by_token(self, texts: Sequence[str]) -> np.ndarray:
        """``logits`` as it was up to round 11 (each token's hidden vector computed at its
        position, no cache): the reference the tests compare ``logits`` with, bit for bit."""
        if not texts:
            return np.zeros(0)
        distinct: dict[str, int] = {}
        positions: list[int] = []
        lengths: list[int] = []
        for text in texts:
            tokens = tokenize(text) or ["<empty>"]
            positions += [distinct.setdefault(tok, len(distinct)) for tok in tokens]
            lengths.append(len(tokens))
        buckets = self.buckets
        names = [*distinct, "<s>"]
        width = len(names)
        pos = np.asarray(positions, dtype=np.int64)
        first = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1], out=first[1:])
        prev = np.empty_like(pos)
        prev[1:] = pos[:-1]
        prev[first] = width - 1
        pairs, where = np.unique(prev * width + pos, return_inverse=True)
        pair_ids = [
            _bigram_id(names[k // width], names[k % width], buckets) for k in pairs.tolist()
        ]
        bigrams = np.asarray(pair_ids, dtype=np.int64)[where.ravel()]
        flat: list[int] = []
        counts: list[int] = []
        for tok in distinct:
            ids = token_ids(tok, buckets)
            flat += ids
            counts.append(len(ids))
        table = self.projected
        means = _segment_means(table, flat, counts)
        if self.pieces is not None:
            means += self._piece_means(list(distinct))
        hidden = means[positions]
        hidden += table[bigrams]
        hidden += self.b1
        np.maximum(hidden, 0.0, out=hidden)
        size = np.asarray(lengths, dtype=np.float32)[:, None]
        half = self.w2.shape[0] // 2
        top = np.maximum.reduceat(hidden, first, axis=0)
        mean = np.add.reduceat(hidden, first, axis=0) / size
        out: np.ndarray = (top * self.w2[:half]).sum(axis=1, dtype=np.float64)
        out += (mean * self.w2[half:]).sum(axis=1, dtype=np.float64) + self.b2
        return out

    def logit(self, text: str) -> float:
        return float(self.logits([text])[0])

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        z = self.logits(texts)
        out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
        return out


def _segment_means(table: np.ndarray, flat: list[int], counts: list[int]) -> np.ndarray:
    """Mean of ``table``'s rows ``flat`` taken ``counts[i]`` at a time (every count >= 1)."""
    starts = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    sums = np.add.reduceat(table[flat], starts, axis=0)
    out: np.ndarray = sums / np.asarray(counts, dtype=np.float32)[:, None]
    return out
