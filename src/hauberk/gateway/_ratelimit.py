"""Stage 4: rate limiting. Token buckets with progressive penalties; in-process by default.

A bucket of ``burst`` tokens refills at ``rate`` tokens per second; a request takes one. A
denial is a strike; ``penalty_after`` strikes within ``penalty_window`` seconds block the key
for ``penalty_base`` seconds, doubling with each further strike up to ``penalty_max``
(repeat offenders wait longer, polite clients that honour ``Retry-After`` never get there).
Strikes are forgiven ``penalty_window`` seconds after the later of the last strike and the end
of the last block, so a client that resumes right after each block climbs to ``penalty_max``.
The same arithmetic runs in Redis as one Lua script (``_redislimit``) for several replicas.
"""

from __future__ import annotations

import ipaddress
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


ADDRESS_PREFIX = "addr:"


def client_address(host: str) -> str:
    """What a client's address counts as: the IPv4 address, or the /64 of an IPv6 address
    (what one host or subscriber gets; counting single IPv6 addresses would give an attacker
    2**64 of them)."""
    if ":" not in host:  # IPv4 as the socket gives it (already canonical): the hot path
        return host[:64]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def address_key(client: str) -> str:
    """The bucket key of a client address (see :func:`client_address`)."""
    return ADDRESS_PREFIX + client_address(client)


class _Slot:
    """One bucket: tokens at ``stamp``, strikes (the last at ``last``) and a block."""

    __slots__ = ("burst", "last", "rate", "stamp", "strikes", "tokens", "until")

    def __init__(self, burst: float, now: float) -> None:
        self.tokens = burst
        self.stamp = now
        self.strikes = 0.0
        self.last = -math.inf
        self.until = -math.inf
        self.rate = math.inf
        self.burst = burst

    def at_rest(self, now: float, window: float) -> bool:
        """Forgetting it changes nothing: bucket full, no block, strikes forgiven."""
        return (
            self.until <= now
            and now - max(self.last, self.until) > window
            and self.tokens + (now - self.stamp) * self.rate >= self.burst
        )


class MemoryLimiter:
    """Buckets in this process (thread-safe), in two tables that cannot evict each other.

    Address buckets (keys that start with ``addr:``: what unauthenticated traffic creates, as
    many as an attacker has addresses) live in a table of at most ``max_keys``; beyond that
    the least recently used address goes. Principal buckets (API keys, JWT subjects) and their
    strikes, blocks and extraction throttles live in a table of their own that address traffic
    never touches, so no amount of anonymous traffic can free a blocked key. Principals exist
    only with a valid credential; once that table passes ``max_keys``, the entries at rest
    (bucket full, no block, strikes forgiven) are swept, which forgets nothing, and it may grow
    past ``max_keys`` only by principals whose state is live.
    """

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
        self._addresses: OrderedDict[str, _Slot] = OrderedDict()
        self._principals: dict[str, _Slot] = {}
        self._sweep_at = max_keys

    def __len__(self) -> int:
        return len(self._addresses) + len(self._principals)

    def _slot(self, key: str, burst: float, now: float) -> _Slot:
        if key.startswith(ADDRESS_PREFIX):
            slot = self._addresses.get(key)
            if slot is None:
                slot = self._addresses[key] = _Slot(burst, now)
                if len(self._addresses) > self.max_keys:
                    self._addresses.popitem(last=False)
            else:
                self._addresses.move_to_end(key)
            return slot
        slot = self._principals.get(key)
        if slot is None:
            slot = self._principals[key] = _Slot(burst, now)
            if len(self._principals) > self._sweep_at:
                self._sweep(now)
        return slot

    def _sweep(self, now: float) -> None:
        window = self.penalties.window
        resting = [k for k, s in self._principals.items() if s.at_rest(now, window)]
        for k in resting:
            del self._principals[k]
        # Amortised: the next sweep waits until the table has doubled past what is live.
        self._sweep_at = max(self.max_keys, 2 * len(self._principals))

    def take(self, key: str, *, rate: float, burst: float) -> Decision:
        p = self.penalties
        with self._lock:
            now = self._clock()
            s = self._slot(key, burst, now)
            if s.until > now:
                return Decision(False, s.until - now)
            s.rate, s.burst = rate, burst
            s.tokens = min(burst, s.tokens + (now - s.stamp) * rate)
            s.stamp = now
            if s.tokens >= 1.0:
                s.tokens -= 1.0
                return Decision(True, 0.0)
            # Strikes are forgiven ``window`` seconds after the last strike or the end of the
            # last block, whichever is later: measured from the strike alone, any block longer
            # than the window would reset the count and ``penalty_max`` could not be reached.
            if now - max(s.last, s.until) > p.window:
                s.strikes = 0.0
            s.strikes += 1.0
            s.last = now
            retry = (1.0 - s.tokens) / rate
            if s.strikes >= p.after and p.base > 0:
                block = min(p.max, p.base * 2.0 ** min(s.strikes - p.after, 64.0))
                s.until = now + block
                retry = max(retry, block)
            return Decision(False, retry)

    def block(self, key: str, seconds: float) -> None:
        with self._lock:
            now = self._clock()
            s = self._slot(key, 0.0, now)
            s.until = max(s.until, now + seconds)


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
