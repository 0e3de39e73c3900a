"""``POST /v1/chat/completions``: a chat model behind the gateway's pipeline and both LLM guards.

Order: address bucket → body-size cap → JSON parse (depth cap) → authentication →
authorisation → principal bucket → message schema → size and binary checks → token budget
(prompt estimate) → input guard on every user and tool message (with the earlier user turns as
history, tool messages as documents) → the chat model (an upstream OpenAI-compatible URL or a
Python callable, in a worker thread) → output guard on the answer → token budget (prompt +
completion) → audit → response. A guard that cannot read a message refuses it: the guard's
crash is a refusal, never a pass.

``stream: true`` answers with Server-Sent Events in OpenAI's chunk format. Everything up to and
including the input guard runs first; then the route waits for the model's first piece, so a
model that cannot be asked is still a ``502``. From the ``200`` on, the answer goes through
:class:`~hauberk.llm._stream_guard.StreamGuard`: a piece leaves only after the output guard
has read it with what came before, and a tail is held back so that a leak split across
pieces never leaves in part; a finding ends the stream with ``finish_reason``
``content_filter``. A model stream that breaks (cut mid-token, mid-character or mid-event,
malformed, too large, stalled past ``stream_idle_timeout`` or past ``timeout`` in all) ends
with an ``error`` event and no ``[DONE]``; the held tail, never fully checked, is dropped.
Completion tokens are booked against the budget as they leave, and a spent budget ends the
stream with ``finish_reason`` ``length``. The audit record is written when the stream ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from hauberk.core import ConfigError
from hauberk.gateway._body import JsonParser
from hauberk.gateway._config import CHAT, ChatConfig, GatewayConfig
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._pipeline import Gateway, Incoming, Reply

log = logging.getLogger("hauberk.gateway")

#: Characters that do not occur in text: a message holding them is binary, not a prompt.
_BINARY = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\ufffe", "\uffff"}
ALLOWED_KEYS = frozenset(
    {"model", "messages", "temperature", "max_tokens", "top_p", "stream", "stream_options",
     "user", "n", "stop"}
)  # fmt: skip
#: Streaming: check at least this many new characters at a time, but no sooner than PACE times
#: the last check's duration after it (the guard's CPU stays a fraction of the stream's time),
#: and no later than FLUSH_AFTER seconds after a piece arrived if the model pauses.
MIN_CHECK_CHARS = 16
PACE = 4.0
FLUSH_AFTER = 0.05
BOOK_TOKENS = 32  # book completion tokens against the budget in steps of this many


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


def _guards(cfg: ChatConfig, base_dir: Path = Path()) -> tuple[Any, Any]:
    from hauberk.llm import InputGuard, OutputGuard

    inp = None
    if cfg.input_guard and cfg.guard_calibration is not None:
        path = cfg.guard_calibration
        inp = InputGuard.load(calibration=path if path.is_absolute() else base_dir / path)
    elif cfg.input_guard:
        inp = InputGuard.load(fpr=cfg.guard_fpr)
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
            input_guard, output_guard = _guards(cfg, gateway.config.base_dir)
        self.input_guard = input_guard
        self.output_guard = output_guard
        # First checks compile and load lazily (seconds): pay that before traffic, and fail
        # at startup rather than on the first request if a guard cannot run at all.
        if input_guard is not None:
            input_guard.check("When does the shop open?")
        if output_guard is not None:
            output_guard.check("It opens at nine.")
        self.parser = JsonParser(max_depth=8, literals=True)
        self.recorder: Any = None  # the AuditRecorder: a stream writes its record at its end
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
        stream = payload.get("stream", False)
        if not isinstance(stream, bool):
            raise GatewayError("invalid_inputs", "stream must be true or false")
        if stream and not self.cfg.stream:
            raise GatewayError("invalid_inputs", "stream is not offered here: send stream=false")
        options = payload.get("stream_options")
        if options is not None and (
            not isinstance(options, dict)
            or set(options) - {"include_usage"}
            or not isinstance(options.get("include_usage", False), bool)
        ):
            raise GatewayError("invalid_inputs", 'stream_options must be {"include_usage": bool}')
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
            if payload.get("stream"):
                usage = bool((payload.get("stream_options") or {}).get("include_usage"))
                return await self._open_stream(req, messages, prompt, principal, usage)
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

    # -- stream=true ------------------------------------------------------------------------------

    async def _open_stream(
        self,
        req: Incoming,
        messages: list[dict[str, str]],
        prompt: int,
        principal: str,
        usage: bool,
    ) -> Reply:
        """Input guard, the model's first piece, then a ``200`` whose body is the stream."""
        from hauberk.llm import ChatError
        from hauberk.llm._stream import astream
        from hauberk.llm._stream_guard import StreamGuard

        await asyncio.to_thread(self._screen, messages)
        note = req.note
        note.fields["stream"] = True
        deadline = time.monotonic() + self.cfg.timeout
        source = astream(self.model, messages)
        try:
            wait = min(self.cfg.timeout, self.cfg.stream_idle_timeout)
            first: Any = await asyncio.wait_for(anext(source), timeout=wait)
        except StopAsyncIteration:
            first = None
        except (ChatError, TimeoutError) as exc:
            await source.aclose()
            raise GatewayError(
                "upstream_unavailable", "the chat model did not answer",
                reason=f"chat model error: {getattr(exc, 'code', type(exc).__name__)}",
            ) from None  # fmt: skip
        guard = (
            StreamGuard(self.output_guard, hold=self.cfg.stream_hold)
            if self.output_guard is not None
            else None
        )
        used = self.budget.spend(principal, prompt)  # the prompt is spent once the model ran
        note.fields["tokens"] = prompt
        note.deferred = True
        left = max(0, self.cfg.token_budget - used)
        stream = _Stream(self, req, source, first, guard, principal, prompt, used, usage, deadline)
        return Reply(
            200,
            b"",
            headers={"x-token-budget-remaining": str(left)},
            media_type="text/event-stream",
            stream=stream.events(),
        )


def _sse(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n"


class _Stream:
    """One streamed answer: the model's pieces through the stream guard to the client."""

    def __init__(
        self,
        route: ChatRoute,
        req: Incoming,
        source: Any,
        first: Any,
        guard: Any,
        principal: str,
        prompt: int,
        used: int,
        usage: bool,
        deadline: float,
    ) -> None:
        self.route = route
        self.note = req.note
        self.source = source
        self.first = first
        self.guard = guard
        self.principal = principal
        self.prompt = prompt
        self.used = used  # the budget used after the last booking
        self.usage = usage
        self.deadline = deadline
        self.id = f"chatcmpl-{req.note.request_id}"
        self.created = int(time.time())
        self.sent: list[str] = []  # what left, for the token count
        self.booked = 0  # completion tokens booked
        self.ended = False

    def chunk(self, delta: dict[str, Any], reason: str | None = None) -> bytes:
        return _sse({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created,
            "model": self.route.cfg.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": reason}],
        })  # fmt: skip

    def book(self, final: bool = False) -> bool:
        """Book the completion tokens sent so far; False once the budget is spent."""
        from hauberk.llm import count_tokens

        tokens = count_tokens("".join(self.sent))
        if tokens - self.booked >= (1 if final else BOOK_TOKENS):
            self.used = self.route.budget.spend(self.principal, tokens - self.booked)
            self.booked = tokens
        return self.used < self.route.cfg.token_budget or final

    async def next_piece(self, task: asyncio.Task[Any] | None, wait: float) -> tuple[Any, Any]:
        """(``task`` for the next piece, its result or ``None`` if not yet there)."""
        if task is None:
            task = asyncio.ensure_future(anext(self.source))
        done, _ = await asyncio.wait({task}, timeout=max(wait, 0.0))
        if not done:
            return task, None
        return None, task.result()

    def due(self, now: float, next_check: float, arrived: float) -> float:
        """When the stream guard should next check: ``now`` or later (``inf``: nothing to)."""
        guard = self.guard
        if guard is None or not guard.unchecked:
            return float("inf")
        flush = arrived + FLUSH_AFTER
        return min(flush, next_check) if guard.unchecked >= MIN_CHECK_CHARS else flush

    async def events(self) -> AsyncIterator[bytes]:
        try:
            async for event in self._events():
                yield event
        finally:
            if not self.ended:  # the client left (or the server is stopping) mid-stream
                self.ended = True
                self.note.refuse("client_disconnected", "the stream stopped early", force=True)
                with contextlib.suppress(Exception):
                    self.book(final=True)
                self.note.fields["tokens"] = self.prompt + self.booked
                self.note.fields["released_chars"] = sum(len(p) for p in self.sent)

    async def _events(self) -> AsyncIterator[bytes]:
        import anyio

        from hauberk.llm import ChatError

        route, note, guard = self.route, self.note, self.guard
        cfg = route.cfg
        reason: str | None = None
        error: tuple[str, str] | None = None
        task: asyncio.Task[Any] | None = None
        yield self.chunk({"role": "assistant", "content": ""})
        try:
            pending, arrived = self.first, time.monotonic()
            next_check, over = 0.0, False
            while True:
                out = ""
                if pending is not None:
                    if guard is None:
                        out = pending.text
                    else:
                        guard.push(pending.text)
                    if pending.finish_reason is not None:
                        reason = pending.finish_reason
                    pending = None
                now = time.monotonic()
                if reason is None and self.due(now, next_check, arrived) <= now:
                    start = time.perf_counter()
                    out = await asyncio.to_thread(guard.release)
                    next_check = time.monotonic() + PACE * (time.perf_counter() - start)
                if guard is not None and guard.blocked is not None:
                    break
                if out:
                    self.sent.append(out)
                    yield self.chunk({"content": out})
                    if not self.book():
                        over, reason = True, "length"
                        break
                if reason is not None:
                    break
                now = time.monotonic()
                if now >= self.deadline or now - arrived >= cfg.stream_idle_timeout:
                    raise TimeoutError
                until = min(self.deadline, arrived + cfg.stream_idle_timeout)
                until = min(until, self.due(now, next_check, arrived))
                task, result = await self.next_piece(task, until - now)
                if result is not None:
                    pending, arrived = result, time.monotonic()
            if guard is not None and guard.blocked is None and not over:
                rest = await asyncio.to_thread(guard.finish)
                if rest:
                    self.sent.append(rest)
                    yield self.chunk({"content": rest})
        except StopAsyncIteration:  # the model ended without a finish reason: a cut
            error = ("upstream_unavailable", "the chat model's stream ended early")
        except TimeoutError:
            error = ("upstream_unavailable", "the chat model stalled")
        except ChatError as exc:
            code = getattr(exc, "code", "error")
            error = ("upstream_unavailable", f"the chat model's stream broke ({code})")
        except Exception as exc:
            log.error("chat stream failed: %s", type(exc).__name__)
            error = ("internal", "internal error")
        finally:
            # Shielded: a client that left cancels this generator (anyio cancels every
            # further await too), and the model's stream must still be closed, in order.
            with anyio.CancelScope(shield=True):
                if task is not None and not task.done():
                    task.cancel()
                    with contextlib.suppress(BaseException):
                        await task
                with contextlib.suppress(BaseException):
                    await self.source.aclose()
        # -- the end: one verdict, booked and audited before the client hears it ---------------
        record = note.fields
        if guard is not None and guard.blocked is not None:
            route.gateway.metrics.guard_triggers.labels("llm-output").inc()
            record["output_guard"] = list(guard.blocked.signals)
            reason = "content_filter"
        self.book(final=True)
        completion = self.booked
        record["tokens"] = self.prompt + completion
        record["released_chars"] = sum(len(p) for p in self.sent)
        if guard is not None:
            record["guard_checks"] = guard.checks
        if error is not None:
            note.refuse(error[0], error[1], force=True)
        self.ended = True
        failure = await route.recorder.write(note, 200) if route.recorder is not None else None
        if failure is not None:
            error = (failure.code, failure.message)
        if error is not None:
            yield _sse({"error": {"code": error[0], "message": error[1]}})
            return
        yield self.chunk({}, reason or "stop")
        if self.usage:
            yield _sse({
                "id": self.id, "object": "chat.completion.chunk", "created": self.created,
                "model": cfg.model, "choices": [],
                "usage": {"prompt_tokens": self.prompt, "completion_tokens": completion,
                          "total_tokens": self.prompt + completion},
            })  # fmt: skip
        yield b"data: [DONE]\n\n"
