"""Token buckets in Redis, shared by several gateway replicas: one atomic Lua script per call.

The script reads the bucket, refills it from the Redis server clock (``TIME``, so replicas'
clocks do not matter), spends a token or records a strike and a block, and writes it back,
all atomically, with the arithmetic of :class:`~hauberk.gateway.MemoryLimiter` (strikes are
forgiven ``window`` seconds after the later of the last strike and the end of the block). Keys
expire once nothing about them matters any more. When Redis cannot be reached the limiter
fails closed (503 ``rate_limiter_unavailable``) unless ``fail_open`` is set.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._ratelimit import Decision, Penalties

log = logging.getLogger("hauberk.gateway")

BUCKET_SCRIPT = """
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local after = tonumber(ARGV[3])
local base = tonumber(ARGV[4])
local maxp = tonumber(ARGV[5])
local window = tonumber(ARGV[6])
local block = tonumber(ARGV[7])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local s = redis.call('HMGET', key, 'tokens', 'stamp', 'strikes', 'last', 'until')
local tokens = tonumber(s[1]) or burst
local stamp = tonumber(s[2]) or now
local strikes = tonumber(s[3]) or 0
local last = tonumber(s[4]) or -1e18
local untl = tonumber(s[5]) or 0
local ttl = math.ceil(math.max(burst / rate, maxp + window, block + window) * 2 + 1)
local f = '%.6f'
if block > 0 then
  untl = math.max(untl, now + block)
  redis.call('HSET', key, 'until', string.format(f, untl))
  redis.call('EXPIRE', key, ttl)
  return {0, 0}
end
if untl > now then
  return {0, math.ceil((untl - now) * 1000)}
end
tokens = math.min(burst, tokens + (now - stamp) * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  if now - math.max(last, untl) > window then strikes = 0 end
  strikes = strikes + 1
  last = now
  retry = (1 - tokens) / rate
  if strikes >= after and base > 0 then
    local b = math.min(maxp, base * 2 ^ (strikes - after))
    untl = now + b
    retry = math.max(retry, b)
  end
end
redis.call('HSET', key, 'tokens', string.format(f, tokens), 'stamp', string.format(f, now),
  'strikes', strikes, 'last', string.format(f, last), 'until', string.format(f, untl))
redis.call('EXPIRE', key, ttl)
return {allowed, math.ceil(retry * 1000)}
"""


class RedisLimiter:
    """Buckets in Redis at ``url``; keys are prefixed with ``prefix``."""

    def __init__(
        self,
        url: str,
        *,
        penalties: Penalties | None = None,
        fail_open: bool = False,
        prefix: str = "hauberk:rl:",
        timeout: float = 0.25,
    ) -> None:
        import redis

        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError(f"redis_url must start with redis://, rediss:// or unix://: {url!r}")
        if not 0 < timeout <= 10:
            raise ConfigError(f"timeout must be in (0, 10] seconds, got {timeout}")
        self.penalties = penalties or Penalties()
        self.fail_open = fail_open
        self.prefix = prefix
        self._client: Any = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._script = self._client.register_script(BUCKET_SCRIPT)

    def _call(self, key: str, rate: float, burst: float, block: float) -> list[int]:
        import redis

        p = self.penalties
        args = [rate, burst, p.after, p.base, p.max, p.window, block]
        try:
            result = self._script(keys=[self.prefix + key], args=args)
        except redis.RedisError as exc:
            if self.fail_open:
                log.warning(
                    "rate limiter: Redis unreachable (%s); failing open", type(exc).__name__
                )
                return [1, 0]
            raise GatewayError(
                "rate_limiter_unavailable",
                "the rate limiter is unavailable; retry shortly",
                reason=f"redis: {type(exc).__name__}",
                retry_after=1.0,
            ) from None
        return [int(result[0]), int(result[1])]

    def take(self, key: str, *, rate: float, burst: float) -> Decision:
        allowed, retry_ms = self._call(key, rate, burst, 0.0)
        return Decision(bool(allowed), retry_ms / 1000.0)

    def block(self, key: str, seconds: float) -> None:
        self._call(key, 1.0, 1.0, max(math.ceil(seconds * 1000) / 1000, 0.001))

    def ping(self) -> bool:
        import redis

        try:
            return bool(self._client.ping())
        except redis.RedisError:
            return False


# Token budget per principal in a fixed window (the chat route's ``[chat] token_budget``):
# ARGV[1] = tokens, ARGV[2] = limit, ARGV[3] = window (s), ARGV[4] = 1 to book, 0 to check.
# Returns {allowed, used after, milliseconds until the window resets}.
BUDGET_SCRIPT = """
local key = KEYS[1]
local tokens = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local book = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local s = redis.call('HMGET', key, 'start', 'used')
local start = tonumber(s[1]) or now
local used = tonumber(s[2]) or 0
if now - start >= window then
  start = now
  used = 0
end
local reset = math.ceil((start + window - now) * 1000)
if book == 0 then
  if used + tokens > limit then return {0, used, reset} end
  return {1, used, reset}
end
used = used + tokens
redis.call('HSET', key, 'start', string.format('%.6f', start), 'used', used)
redis.call('EXPIRE', key, math.ceil(window) + 1)
return {1, used, reset}
"""


class RedisTokenBudget:
    """:class:`~hauberk.gateway._chat.TokenBudget` kept in Redis, so that every gateway
    replica draws on one budget per principal. Same fixed-window arithmetic, on the Redis
    server clock; fails closed (503 ``rate_limiter_unavailable``) when Redis cannot be reached
    unless ``fail_open`` is set."""

    def __init__(
        self,
        url: str,
        limit: int,
        window: float,
        *,
        fail_open: bool = False,
        prefix: str = "hauberk:tok:",
        timeout: float = 0.25,
    ) -> None:
        import redis

        if limit < 1 or window <= 0:
            raise ConfigError("token budget: limit must be >= 1 and window > 0")
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError(f"redis_url must start with redis://, rediss:// or unix://: {url!r}")
        self.limit = limit
        self.window = window
        self.fail_open = fail_open
        self.prefix = prefix
        self._client: Any = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._script = self._client.register_script(BUDGET_SCRIPT)

    def _call(self, key: str, tokens: int, book: bool) -> list[int]:
        import redis

        args = [int(tokens), self.limit, self.window, int(book)]
        try:
            result = self._script(keys=[self.prefix + key], args=args)
        except redis.RedisError as exc:
            if self.fail_open:
                log.warning(
                    "token budget: Redis unreachable (%s); failing open", type(exc).__name__
                )
                return [1, 0, 0]
            raise GatewayError(
                "rate_limiter_unavailable",
                "the rate limiter is unavailable; retry shortly",
                reason=f"redis: {type(exc).__name__}",
                retry_after=1.0,
            ) from None
        return [int(result[0]), int(result[1]), int(result[2])]

    def reserve(self, key: str, tokens: int) -> None:
        allowed, used, reset_ms = self._call(key, tokens, False)
        if not allowed:
            raise GatewayError(
                "token_budget_exceeded",
                f"token budget of {self.limit} per {self.window:g} s spent",
                reason=f"tokens {used}+{tokens} > {self.limit}",
                retry_after=max(reset_ms / 1000.0, 1.0),
            )

    def spend(self, key: str, tokens: int) -> int:
        return self._call(key, tokens, True)[1]
