"""Red team, issue 13 item 3: escaping a block by flooding the limiter.

The in-process limiter kept every bucket in one table and forgot the least recently used
beyond ``max_keys``: 100,100 unauthenticated requests from distinct addresses evicted a
blocked key's entry and the key was served again at once; the extraction throttle (a block
in the same table) could be shed the same way. Now address buckets and principal buckets
live in separate tables: no amount of anonymous traffic evicts a principal's block, strikes
or throttle, and the address table stays bounded.
"""

from __future__ import annotations

from hauberk.gateway import MemoryLimiter, Penalties


def test_a_blocked_key_stays_blocked_through_an_address_flood() -> None:
    now = [1000.0]
    lim = MemoryLimiter(penalties=Penalties(), max_keys=100_000, clock=lambda: now[0])
    lim.block("0123456789abcdef", 600)  # e.g. the extraction throttle of an API key
    # a key that earned a penalty keeps it too: 40 admitted, 3 strikes, a 1 s block
    for _ in range(43):
        lim.take("jwt:mallory", rate=1, burst=40)
    assert not lim.take("jwt:mallory", rate=1, burst=40).allowed
    for i in range(100_100):
        lim.take(f"addr:10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", rate=100, burst=200)
        now[0] += 1e-6  # 0.1 s for the whole flood
    assert len(lim) <= 100_000 + 2
    assert not lim.take("0123456789abcdef", rate=100, burst=200).allowed
    assert not lim.take("jwt:mallory", rate=1, burst=40).allowed
