"""Stage 4: rate limiting. Token buckets with progressive penalties; in-process by default.

A bucket of ``burst`` tokens refills at ``rate`` tokens per second; a request takes one. A
denial is a strike; ``penalty_after`` strikes within ``penalty_window`` seconds block the key
for ``penalty_base`` seconds, doubling with each further strike up to ``penalty_max``
(repeat offenders wait longer, polite clients that honour ``Retry-After`` never get there).
The same arithmetic runs in Redis as one Lua script (``_redislimit``) for several replicas.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError


class Decision(NamedTuple):
    allowed: bool
    retry_after: float


@dataclass(frozen=True)
class Penalties:
    after: int = 3
    base: float = 1.0
    max: float = 300.0
    window: float = 60.0

    def __post_init__(self) -> None:
        if self.after < 1:
            raise ConfigError(f"penalty_after must be >= 1, got {self.after}")
        if not 0 <= self.base <= self.max:
            raise ConfigError(f"need 0 <= penalty_base ({self.base}) <= penalty_max ({self.max})")
        if self.window <= 0:
            raise ConfigError(f"penalty_window must be > 0, got {self.window}")


class Limiter(Protocol):
    """Where buckets live. ``take`` spends one token; ``block`` bars a key for a while."""

    def take(self, key: str, *, rate: float, burst: float) -> Decision: ...

    def block(self, key: str, seconds: float) -> None: ...


class MemoryLimiter:
    """Buckets in this process (thread-safe); the least recently used beyond ``max_keys`` go."""

    def __init__(
        self,
        *,
        penalties: Penalties | None = None,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_keys < 1:
            raise ConfigError(f"max_keys must be >= 1, got {max_keys}")
        self.penalties = penalties or Penalties()
        self.max_keys = max_keys
        self._clock = clock
        self._lock = threading.Lock()
        # key -> [tokens, stamp, strikes, last strike, blocked until]
        self._state: OrderedDict[str, list[float]] = OrderedDict()

    def _slot(self, key: str, burst: float, now: float) -> list[float]:
        slot = self._state.get(key)
        if slot is None:
            slot = [burst, now, 0.0, -math.inf, -math.inf]
            self._state[key] = slot
            if len(self._state) > self.max_keys:
                self._state.popitem(last=False)
        else:
            self._state.move_to_end(key)
        return slot

    def take(self, key: str, *, rate: float, burst: float) -> Decision:
        p = self.penalties
        with self._lock:
            now = self._clock()
            slot = self._slot(key, burst, now)
            if slot[4] > now:
                return Decision(False, slot[4] - now)
            slot[0] = min(burst, slot[0] + (now - slot[1]) * rate)
            slot[1] = now
            if slot[0] >= 1.0:
                slot[0] -= 1.0
                return Decision(True, 0.0)
            if now - slot[3] > p.window:
                slot[2] = 0.0
            slot[2] += 1.0
            slot[3] = now
            retry = (1.0 - slot[0]) / rate
            if slot[2] >= p.after and p.base > 0:
                block = min(p.max, p.base * 2.0 ** (slot[2] - p.after))
                slot[4] = now + block
                retry = max(retry, block)
            return Decision(False, retry)

    def block(self, key: str, seconds: float) -> None:
        with self._lock:
            now = self._clock()
            slot = self._slot(key, 0.0, now)
            slot[4] = max(slot[4], now + seconds)


class RateLimit:
    """The pipeline stage: one bucket per key (``addr:...`` or a principal id)."""

    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter

    def admit(self, key: str, *, rate: float, burst: float) -> None:
        decision = self.limiter.take(key, rate=rate, burst=burst)
        if not decision.allowed:
            raise GatewayError(
                "rate_limited",
                "too many requests; retry after the time in Retry-After",
                reason=f"bucket {key} empty or blocked",
                retry_after=decision.retry_after,
            )
