"""``POST /v1/chat/completions``: a chat model behind the gateway's pipeline and both LLM guards.

Order: address bucket → body-size cap → JSON parse (depth cap) → authentication →
authorisation → principal bucket → message schema → size and binary checks → token budget
(prompt estimate) → input guard on every user and tool message (with the earlier user turns as
history, tool messages as documents) → the chat model (an upstream OpenAI-compatible URL or a
Python callable, in a worker thread) → output guard on the answer → token budget (prompt +
completion) → audit → response. A guard that cannot read a message refuses it: the guard's
crash is a refusal, never a pass. Streaming is not offered (the output guard needs the whole
answer before any of it leaves).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from typing import Any

from hauberk.core import ConfigError
from hauberk.gateway._body import JsonParser
from hauberk.gateway._config import CHAT, ChatConfig, GatewayConfig
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._pipeline import Gateway, Incoming, Reply

#: Characters that do not occur in text: a message holding them is binary, not a prompt.
_BINARY = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\ufffe", "\uffff"}
ALLOWED_KEYS = frozenset(
    {"model", "messages", "temperature", "max_tokens", "top_p", "stream", "user", "n", "stop"}
)


class TokenBudget:
    """Tokens (prompt + completion) per principal per fixed window, in process.

    ``reserve`` refuses a request whose prompt alone would pass the budget; ``spend`` books
    what the answer really cost. Bounded: the least recently seen principals are forgotten
    past ``max_keys``.
    """

    def __init__(self, limit: int, window: float, *, max_keys: int = 100_000) -> None:
        if limit < 1 or window <= 0:
            raise ConfigError("token budget: limit must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._used: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._lock = threading.Lock()

    def _current(self, key: str, now: float) -> tuple[float, int]:
        start, used = self._used.get(key, (now, 0))
        if now - start >= self.window:
            start, used = now, 0
        return start, used

    def reserve(self, key: str, tokens: int) -> None:
        now = time.monotonic()
        with self._lock:
            start, used = self._current(key, now)
            if used + tokens > self.limit:
                retry = start + self.window - now
                raise GatewayError(
                    "token_budget_exceeded",
                    f"token budget of {self.limit} per {self.window:g} s spent",
                    reason=f"tokens {used}+{tokens} > {self.limit}",
                    retry_after=max(retry, 1.0),
                )

    def spend(self, key: str, tokens: int) -> int:
        now = time.monotonic()
        with self._lock:
            start, used = self._current(key, now)
            self._used[key] = (start, used + tokens)
            self._used.move_to_end(key)
            while len(self._used) > self.max_keys:
                self._used.popitem(last=False)
            return used + tokens


def _guards(cfg: ChatConfig) -> tuple[Any, Any]:
    from hauberk.llm import InputGuard, OutputGuard

    inp = InputGuard.load(fpr=cfg.guard_fpr) if cfg.input_guard else None
    out = OutputGuard(system_prompt=cfg.system_prompt, canaries=tuple(cfg.canaries))
    return inp, out if cfg.output_guard else None


def chat_model(cfg: ChatConfig, config: GatewayConfig) -> Any:
    """The model behind the route, from ``[chat] upstream`` or ``python``."""
    from hauberk.llm import CallableChat, HttpChat

    if cfg.python is not None:
        return CallableChat.from_spec(cfg.python, key="[chat] python", search=config.base_dir)
    assert cfg.upstream is not None
    import os

    token = None
    if cfg.upstream_token_env is not None:
        token = os.environ.get(cfg.upstream_token_env)
        if token is None:
            raise ConfigError(f"[chat] upstream_token_env: {cfg.upstream_token_env} is unset")
    return HttpChat(
        cfg.upstream,
        model=cfg.model,
        token=token,
        timeout=cfg.timeout,
        temperature=None,
        max_tokens=None,
    )


class ChatRoute:
    """The chat route's stages, built once from ``[chat]``."""

    def __init__(
        self,
        gateway: Gateway,
        cfg: ChatConfig,
        model: Any,
        *,
        input_guard: Any = None,
        output_guard: Any = None,
    ) -> None:
        self.gateway = gateway
        self.cfg = cfg
        self.model = model
        if input_guard is None and output_guard is None:
            input_guard, output_guard = _guards(cfg)
        self.input_guard = input_guard
        self.output_guard = output_guard
        # First checks compile and load lazily (seconds): pay that before traffic, and fail
        # at startup rather than on the first request if a guard cannot run at all.
        if input_guard is not None:
            input_guard.check("When does the shop open?")
        if output_guard is not None:
            output_guard.check("It opens at nine.")
        self.parser = JsonParser(max_depth=8, literals=True)
        rate = gateway.config.rate
        self.budget: TokenBudget | Any
        if rate.backend == "redis" and rate.redis_url is not None:
            # one budget per principal across replicas, like the rate limits
            from hauberk.gateway._redislimit import RedisTokenBudget

            self.budget = RedisTokenBudget(
                rate.redis_url, cfg.token_budget, cfg.token_window, fail_open=rate.fail_open
            )
        else:
            self.budget = TokenBudget(cfg.token_budget, cfg.token_window)

    def _messages(self, payload: Any) -> list[dict[str, str]]:
        from hauberk.llm import check_messages

        if not isinstance(payload, dict):
            raise GatewayError("invalid_inputs", 'send {"messages": [{"role", "content"}, ...]}')
        extra = sorted(set(payload) - ALLOWED_KEYS)
        if extra:
            raise GatewayError("invalid_inputs", f"unknown field {extra[0]!r}")
        if payload.get("stream"):
            raise GatewayError("invalid_inputs", "stream is not offered: send stream=false")
        if payload.get("n", 1) != 1:
            raise GatewayError("invalid_inputs", "n must be 1")
        try:
            messages = check_messages(payload.get("messages"))
        except ValueError as exc:
            raise GatewayError("invalid_inputs", str(exc)) from None
        if len(messages) > self.cfg.max_messages:
            raise GatewayError("invalid_inputs", f"at most {self.cfg.max_messages} messages")
        total = sum(len(m["content"]) for m in messages)
        if total > self.cfg.max_chars:
            raise GatewayError(
                "body_too_large", f"the messages hold {total} characters; at most "
                f"{self.cfg.max_chars}"
            )  # fmt: skip
        for i, m in enumerate(messages):
            if not m["content"].strip() and m["role"] == "user":
                raise GatewayError("invalid_inputs", f"messages[{i}].content is empty")
            if _BINARY.intersection(m["content"]):
                raise GatewayError("invalid_inputs", f"messages[{i}].content holds binary data")
        return messages

    def _screen(self, messages: list[dict[str, str]]) -> None:
        """Refuse a conversation the input guard flags, or one it could not read."""
        from hauberk.llm._chat import screen_messages

        if self.input_guard is None:
            return
        try:
            verdict = screen_messages(self.input_guard, messages)
        except Exception as exc:
            raise GatewayError(
                "input_rejected", "the input guard could not read a message",
                reason=f"llm input guard failed: {type(exc).__name__}",
            ) from None  # fmt: skip
        if verdict is not None:
            self.gateway.metrics.guard_triggers.labels("llm-input").inc()
            raise GatewayError(
                "input_rejected", "the input was refused by the prompt-injection guard",
                reason="llm input guard: " + ",".join(verdict.signals)[:200],
            )  # fmt: skip

    def _answer(self, messages: list[dict[str, str]]) -> tuple[str, str, list[str] | None]:
        """Input guard, model, output guard: the answer, its finish reason, and the output
        guard's signals when it withheld the answer (a guard that fails withholds it)."""
        from hauberk.llm import ChatError

        self._screen(messages)
        try:
            reply = self.model.chat(messages)
        except ChatError:
            raise GatewayError(
                "upstream_unavailable", "the chat model did not answer",
                reason="chat model error",
            ) from None  # fmt: skip
        text, reason = reply.text, reply.finish_reason or "stop"
        if not reply.complete and reason == "stop":
            reason = "length"
        if self.output_guard is None:
            return text, reason, None
        try:
            verdict = self.output_guard.check(text)
        except Exception as exc:
            return "", "content_filter", [f"error:{type(exc).__name__}"]
        if verdict.flagged:
            return "", "content_filter", list(verdict.signals)
        return text, reason, None

    async def handle(self, req: Incoming) -> Reply:
        from hauberk.llm import count_tokens

        gw = self.gateway

        async def work(payload: Any, record: dict[str, Any], principal: str) -> Reply:
            messages = self._messages(payload)
            prompt = sum(count_tokens(m["content"]) for m in messages)
            self.budget.reserve(principal, prompt)
            record["messages"] = len(messages)
            # The guards are CPU work and the model may block: both off the event loop.
            text, reason, leaked = await asyncio.to_thread(self._answer, messages)
            if leaked is not None:
                gw.metrics.guard_triggers.labels("llm-output").inc()
                record["output_guard"] = leaked
            completion = count_tokens(text)
            used = self.budget.spend(principal, prompt + completion)
            record["tokens"] = prompt + completion
            body = {
                "id": f"chatcmpl-{req.note.request_id}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self.cfg.model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
            left = max(0, self.cfg.token_budget - used)
            return Reply(200, body, headers={"x-token-budget-remaining": str(left)})

        return await gw._handle(req, CHAT, "serve.chat", work, parser=self.parser)
