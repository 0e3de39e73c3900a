"""Round 23: the guard's memos kept every word and token a request sent, whatever its length.

A prompt of one unbroken 100,000-letter word left about 1 MB behind in the n-gram model's word
cache, the encoder's token, mean and pair caches and the gloss's word memos; the resident
size of a long-running gateway grew by that much per such request, up to caps of 20,000 to
200,000 entries each (gigabytes). Long words and tokens are now judged afresh, not kept.
"""

from __future__ import annotations

import random
import string

from hauberk.llm import InputGuard, _encoder
from hauberk.llm._input_guard import CHAR_CACHE_WORD_CHARS


def test_a_long_unbroken_word_leaves_nothing_long_in_the_memos() -> None:
    guard = InputGuard.load(fpr=0.01)
    rng = random.Random(23)
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(100_000))
    verdict = guard.check("Please summarise " + word)
    again = guard.check("Please summarise " + word)
    assert (verdict.flagged, verdict.score) == (again.flagged, again.score)
    featurizer = guard.model.featurizer
    assert all(len(w) <= CHAR_CACHE_WORD_CHARS for w in featurizer._char_cache)
    encoder = guard.model.encoder
    if encoder is not None:
        assert all(len(t) <= _encoder.CACHED_TOKEN_CHARS for t in encoder._mean_cache)
        assert all(
            len(a) + len(b) <= 2 * _encoder.CACHED_TOKEN_CHARS for a, b in encoder._pair_cache
        )
