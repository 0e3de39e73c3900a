"""Token buckets with progressive penalties (in-process); the Redis twin is in test_redis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError
from hauberk.gateway import GatewayError, MemoryLimiter, Penalties, RateLimit
from hauberk.gateway._ratelimit import address_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill() -> None:
    clock = Clock()
    lim = MemoryLimiter(penalties=Penalties(after=100, base=0), clock=clock)
    assert all(lim.take("k", rate=2, burst=5).allowed for _ in range(5))
    denied = lim.take("k", rate=2, burst=5)
    assert not denied.allowed and denied.retry_after == pytest.approx(0.5)
    clock.now += 0.5
    assert lim.take("k", rate=2, burst=5).allowed
    assert lim.take("other", rate=2, burst=5).allowed  # buckets are per key


def test_penalties_grow_for_repeat_offenders() -> None:
    clock = Clock()
    lim = MemoryLimiter(penalties=Penalties(after=2, base=1.0, max=8.0, window=60), clock=clock)
    lim.take("k", rate=1, burst=1)
    assert lim.take("k", rate=1, burst=1).retry_after == pytest.approx(1.0)  # strike 1
    blocks = []
    for _ in range(6):
        clock.now += 0.01
        d = lim.take("k", rate=1, burst=1)
        assert not d.allowed
        blocks.append(d.retry_after)
        clock.now += d.retry_after  # wait exactly as told, then misbehave again
        lim.take("k", rate=1, burst=1)  # the one token that refilled
    assert blocks[0] == pytest.approx(1.0, abs=0.02)
    assert blocks[-1] == pytest.approx(8.0, abs=0.02)  # capped at penalty_max
    assert blocks == sorted(blocks)


def test_strikes_are_forgiven_after_the_window() -> None:
    clock = Clock()
    lim = MemoryLimiter(penalties=Penalties(after=2, base=10.0, max=10.0, window=5), clock=clock)
    lim.take("k", rate=1, burst=1)
    assert lim.take("k", rate=1, burst=1).retry_after < 2  # strike 1
    clock.now += 6  # window passes; bucket refilled
    lim.take("k", rate=1, burst=1)
    assert lim.take("k", rate=1, burst=1).retry_after < 2  # strike 1 again, no block


def test_block_and_stage_error() -> None:
    clock = Clock()
    lim = MemoryLimiter(clock=clock)
    lim.block("k", 30)
    with pytest.raises(GatewayError) as err:
        RateLimit(lim).admit("k", rate=100, burst=100)
    assert err.value.code == "rate_limited" and err.value.retry_after == pytest.approx(30)


def test_memory_is_bounded() -> None:
    lim = MemoryLimiter(max_keys=10)
    for i in range(100):
        lim.take(f"addr:10.0.0.{i}", rate=1, burst=1)
    assert len(lim) == 10


def test_principals_at_rest_are_swept_past_max_keys() -> None:
    clock = Clock()
    lim = MemoryLimiter(penalties=Penalties(window=5), max_keys=10, clock=clock)
    lim.block("blocked", 1000)
    for i in range(50):
        lim.take(f"p{i}", rate=1, burst=1)
        clock.now += 10  # each earlier one is at rest again
    assert len(lim) <= 12
    assert not lim.take("blocked", rate=1, burst=1).allowed  # live state is never swept


def test_address_floods_cannot_evict_a_principal() -> None:
    lim = MemoryLimiter(max_keys=100)
    lim.block("key1", 60)
    for i in range(1000):
        lim.take(f"addr:10.0.{i // 256}.{i % 256}", rate=1, burst=1)
    assert not lim.take("key1", rate=1, burst=1).allowed


def test_default_penalties_reach_penalty_max() -> None:
    """A client that resumes right after each block climbs to ``penalty_max`` (300 s), even
    though that is longer than ``penalty_window`` (60 s)."""
    clock = Clock()
    p = Penalties()
    lim = MemoryLimiter(penalties=p, clock=clock)
    longest = 0.0
    for _ in range(1000):  # 40 admitted after each block, then a denial
        d = lim.take("k", rate=20, burst=40)
        if not d.allowed:
            longest = max(longest, d.retry_after)
            clock.now += d.retry_after
        else:
            clock.now += 0.001
    assert longest == pytest.approx(p.max)


@pytest.mark.parametrize(
    ("client", "key"),
    [
        ("203.0.113.7", "addr:203.0.113.7"),
        ("2001:db8::1", "addr:2001:db8::/64"),
        ("2001:db8::ffff:1", "addr:2001:db8::/64"),
        ("::ffff:203.0.113.7", "addr:203.0.113.7"),
        ("unknown", "addr:unknown"),
    ],
)
def test_address_keys(client: str, key: str) -> None:
    assert address_key(client) == key


@pytest.mark.parametrize("kw", [{"after": 0}, {"base": 5.0, "max": 1.0}, {"window": 0}])
def test_penalty_settings_are_checked(kw: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        Penalties(**kw)  # type: ignore[arg-type]


@given(
    rate=st.floats(0.5, 50),
    burst=st.integers(1, 20),
    gaps=st.lists(st.floats(0, 0.5), min_size=1, max_size=300),
)
@settings(max_examples=150, deadline=None)
def test_admitted_never_exceeds_burst_plus_rate_times_time(
    rate: float, burst: int, gaps: list[float]
) -> None:
    clock = Clock()
    lim = MemoryLimiter(penalties=Penalties(after=1000, base=0), clock=clock)
    start = clock.now
    admitted = 0
    for gap in gaps:
        clock.now += gap
        admitted += lim.take("k", rate=rate, burst=burst).allowed
    assert admitted <= burst + rate * (clock.now - start) + 1e-9
