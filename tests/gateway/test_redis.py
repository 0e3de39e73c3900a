"""The Redis limiter against a real redis-server on 127.0.0.1: shared buckets, fail closed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hauberk.gateway import GatewayError, Penalties, RedisLimiter, create_app
from hauberk.models import SklearnModel

from ._support import bearer, config, live_server, make_keys

pytestmark = pytest.mark.redis
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(REDIS).is_file():
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("redis-server did not start") from None
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def test_two_replicas_share_one_bucket(redis_url: str) -> None:
    a = RedisLimiter(redis_url, prefix="t1:", penalties=Penalties(after=100, base=0))
    b = RedisLimiter(redis_url, prefix="t1:", penalties=Penalties(after=100, base=0))
    results = [(a if i % 2 else b).take("k", rate=0.01, burst=6).allowed for i in range(12)]
    assert results == [True] * 6 + [False] * 6


def test_penalties_and_block_are_shared(redis_url: str) -> None:
    p = Penalties(after=2, base=20, max=60)
    a = RedisLimiter(redis_url, prefix="t2:", penalties=p)
    b = RedisLimiter(redis_url, prefix="t2:", penalties=p)
    a.take("k", rate=0.01, burst=1)
    b.take("k", rate=0.01, burst=1)
    d = a.take("k", rate=0.01, burst=1)  # second strike: blocked
    assert not d.allowed and d.retry_after >= 20
    assert b.take("k", rate=1000, burst=1000).retry_after >= 19  # even with a generous bucket
    a.block("x", 30)
    assert b.take("x", rate=1000, burst=1000).retry_after == pytest.approx(30, abs=1)


def test_refill_rate_is_accurate(redis_url: str) -> None:
    lim = RedisLimiter(redis_url, prefix="t3:", penalties=Penalties(after=10**6, base=0))
    start = time.monotonic()
    admitted = 0
    while time.monotonic() - start < 1.5:
        admitted += lim.take("k", rate=40, burst=3).allowed
        time.sleep(0.002)
    elapsed = time.monotonic() - start
    assert abs(admitted - (3 + 40 * elapsed)) <= 3


def test_unreachable_redis_fails_closed_or_open_as_configured() -> None:
    url = f"redis://127.0.0.1:{_free_port()}/0"
    with pytest.raises(GatewayError) as err:
        RedisLimiter(url, timeout=0.2).take("k", rate=1, burst=1)
    assert err.value.code == "rate_limiter_unavailable" and err.value.status == 503
    assert RedisLimiter(url, timeout=0.2, fail_open=True).take("k", rate=1, burst=1).allowed


def test_gateway_with_redis(tmp_path: Path, redis_url: str, iris_clf: SklearnModel) -> None:
    keys = make_keys(tmp_path)
    cfg = config(tmp_path, rate={"backend": "redis", "redis_url": redis_url, "principal_rate": 0.01,
                                 "principal_burst": 3})  # fmt: skip
    app1 = create_app(cfg, iris_clf, keys=keys.store)
    app2 = create_app(
        config(tmp_path / "r2", rate=cfg.rate.model_dump()), iris_clf, keys=keys.store
    )
    with live_server(app1) as one, live_server(app2) as two:
        codes = [(one if i % 2 else two).predict(keys.predict, [[1, 2, 3, 4]]).status_code
                 for i in range(6)]  # fmt: skip
        assert one.client.get(one.url + "/readyz").status_code == 200
    assert codes == [200, 200, 200, 429, 429, 429]


def test_token_budget_is_shared_between_replicas(redis_url: str) -> None:
    from hauberk.gateway._redislimit import RedisTokenBudget

    a = RedisTokenBudget(redis_url, 100, 0.5, prefix="tb1:")
    b = RedisTokenBudget(redis_url, 100, 0.5, prefix="tb1:")
    a.reserve("alice", 60)
    assert a.spend("alice", 60) == 60
    assert b.spend("alice", 30) == 90  # the other replica books on the same budget
    with pytest.raises(GatewayError) as info:
        b.reserve("alice", 20)
    assert info.value.code == "token_budget_exceeded"
    assert info.value.retry_after is not None and info.value.retry_after >= 1.0
    a.reserve("bob", 100)  # per principal
    time.sleep(0.6)
    b.reserve("alice", 100)  # the window has reset


def test_token_budget_unreachable_redis_fails_closed() -> None:
    from hauberk.gateway._redislimit import RedisTokenBudget

    url = f"redis://127.0.0.1:{_free_port()}/0"
    with pytest.raises(GatewayError) as info:
        RedisTokenBudget(url, 10, 60).reserve("p", 1)
    assert info.value.code == "rate_limiter_unavailable"
    RedisTokenBudget(url, 10, 60, fail_open=True).reserve("p", 1)


def test_chat_token_budget_across_two_gateways(
    tmp_path: Path, redis_url: str, iris_clf: SklearnModel
) -> None:
    keys = make_keys(tmp_path)
    _, key = keys.store.create("chat")
    chat = {"python": "hauberk.llm:vulnerable", "system_prompt": "You are HelpBot. Be brief.",
            "token_budget": 60, "token_window": 3600}  # fmt: skip
    rate = {"backend": "redis", "redis_url": redis_url}
    cfg1 = config(tmp_path, rate=rate, chat=chat)
    cfg2 = config(tmp_path / "r2", rate=rate, chat=chat)
    body = {"model": "x", "messages": [{"role": "user", "content": "What does ACME sell?"}]}
    route = "/v1/chat/completions"
    app1 = create_app(cfg1, iris_clf, keys=keys.store)
    app2 = create_app(cfg2, iris_clf, keys=keys.store)
    with live_server(app1) as s1, live_server(app2) as s2:
        both = [
            (s1, s2)[i % 2].client.post((s1, s2)[i % 2].url + route, json=body,
                                        headers=bearer(key)).status_code
            for i in range(8)
        ]  # fmt: skip
        alone = [
            s1.client.post(s1.url + route, json=body, headers=bearer(keys.admin)).status_code
            for _ in range(8)
        ]
    assert both[0] == 200 and 429 in both
    # one budget across the replicas: alternating between them buys no more answers than
    # talking to one (per-process budgets would answer about twice as many)
    assert both.count(200) == alone.count(200)


def test_streamed_tokens_are_booked_in_redis(
    tmp_path: Path, redis_url: str, iris_clf: SklearnModel
) -> None:
    """A streamed answer books its prompt and completion tokens in the shared budget."""
    import json

    from hauberk.gateway._redislimit import RedisTokenBudget

    keys = make_keys(tmp_path)
    rec, key = keys.store.create("chat")
    chat = {"python": "tests.gateway.test_chat_stream:pieces", "token_budget": 10_000,
            "token_window": 3600, "stream_hold": 0}  # fmt: skip
    rate = {"backend": "redis", "redis_url": redis_url}
    body = {"stream": True, "stream_options": {"include_usage": True},
            "messages": [{"role": "user", "content": "What does ACME sell?"}]}  # fmt: skip
    app = create_app(config(tmp_path, rate=rate, chat=chat), iris_clf, keys=keys.store)
    with live_server(app) as s1:
        r = s1.client.post(s1.url + "/v1/chat/completions", json=body, headers=bearer(key))
    events = [json.loads(b[6:]) for b in r.text.split("\n\n") if b.startswith("data: {")]
    usage = events[-1]["usage"]
    assert usage["completion_tokens"] > 50
    budget = RedisTokenBudget(redis_url, 10_000, 3600)  # the route's default key prefix
    assert budget.spend(f"key:{rec.id}", 0) == usage["total_tokens"]
