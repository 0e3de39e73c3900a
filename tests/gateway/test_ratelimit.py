"""Token buckets with progressive penalties (in-process); the Redis twin is in test_redis."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError
from hauberk.gateway import GatewayError, MemoryLimiter, Penalties, RateLimit


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
        lim.take(f"k{i}", rate=1, burst=1)
    assert len(lim._state) == 10


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
