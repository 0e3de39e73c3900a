"""DAWN: dynamic adversarial watermarking of API answers (Szyller, Atli, Marchal, Asokan 2021,
"DAWN: Dynamic Adversarial Watermarking of Neural Networks", ACM Multimedia).

The API answers a small, secret, keyed fraction ``rate`` of queries with a wrong label. The
choice is a keyed hash (HMAC-SHA256) of the query's bytes, so asking the same input twice
gets the same answer and the attacker cannot average it away. A model extracted from those
answers learns the wrong labels; the owner keeps, per client, the watermarked inputs and the
labels it gave, and later tests a suspect on them: an independent model agrees with a given
wrong label about ``1/k`` of the time or less, so agreement well above that (binomial test,
``p_value``) says the suspect was trained on this client's answers.

With probability outputs, the wrong class swaps scores with the true top-1, so the top-1
label is the watermark and the rest of the vector is unchanged. Cost: the top-1 accuracy the
API serves drops by about ``rate``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Hashable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, QueryCounter
from hauberk.models import InputSpec, Model
from hauberk.theft._watermark import WatermarkVerdict, binomial_verdict


class Dawn:
    """A ``Model`` that watermarks a keyed fraction of one client's answers."""

    def __init__(
        self, model: Model, *, key: bytes, rate: float = 0.005, client: Hashable = "default"
    ) -> None:
        if len(key) < 16:
            raise ConfigError("key must be at least 16 secret bytes")
        if not 0 < rate <= 0.5:
            raise ConfigError(f"rate must be within (0, 0.5], got {rate}")
        self.model = model
        self._key = bytes(key)
        self.rate = rate
        self.client = client
        self._marked_x: list[NDArray[Any]] = []
        self._marked_y: list[int] = []
        self._seen: set[bytes] = set()

    @property
    def classes(self) -> tuple[Any, ...]:
        return self.model.classes

    @property
    def input_spec(self) -> InputSpec:
        return self.model.input_spec

    @property
    def counter(self) -> QueryCounter:
        return self.model.counter

    def _digest(self, row: NDArray[Any]) -> bytes:
        data = np.ascontiguousarray(row, dtype=np.float64).tobytes()
        message = repr(self.client).encode() + b"\x00" + data
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        arr = self.input_spec.check(x)
        p = self.model.predict_proba(arr).copy()
        k = p.shape[1]
        for i, row in enumerate(arr):
            digest = self._digest(row)
            if int.from_bytes(digest[:8], "big") / 2**64 >= self.rate:
                continue
            top = int(p[i].argmax())
            wrong = (top + 1 + int.from_bytes(digest[8:12], "big") % (k - 1)) % k
            p[i, [top, wrong]] = p[i, [wrong, top]]
            if p[i, wrong] <= p[i, top]:  # a tie: make the watermark the strict top-1
                p[i] = 0.0
                p[i, wrong] = 1.0
            if digest not in self._seen:
                self._seen.add(digest)
                self._marked_x.append(row.copy())
                self._marked_y.append(wrong)
        return p

    def watermarks(self) -> tuple[NDArray[Any], NDArray[np.int64]]:
        """The watermarked inputs this client received and the label column each was given."""
        if not self._marked_x:
            return np.zeros((0, *self.input_spec.shape)), np.zeros(0, dtype=np.int64)
        return np.stack(self._marked_x), np.asarray(self._marked_y, dtype=np.int64)

    def verify(self, suspect: Model) -> WatermarkVerdict:
        """Test whether ``suspect`` learned this client's watermarked answers."""
        x, y = self.watermarks()
        if len(x) == 0:
            return binomial_verdict(0, 0, 1.0 / len(self.classes))
        pred = suspect.predict_proba(x).argmax(axis=1)
        return binomial_verdict(int(np.sum(pred == y)), len(y), 1.0 / len(self.classes))
