"""Streamed chat answers: a bounded Server-Sent-Events decoder, and one async stream of text
pieces from any chat model (an OpenAI-compatible endpoint that streams or not, a Python
callable that returns a string, an iterator, a generator or an async generator of pieces).

The decoder is our own, about sixty lines, because what a gateway needs from it is the limits:
httpx-sse reads lines with httpx's line iterator, which buffers a line of any length, and the
OpenAI SDK's decoder has no cap either. This one caps the line length and the total bytes,
decodes UTF-8 incrementally and strictly (a stream cut inside a character is a cut, not a
``UnicodeDecodeError`` somewhere else), dispatches events at blank lines as the SSE
specification says (several ``data:`` lines join with newlines, ``:`` comments and other
fields are ignored), and tells a stream that ended properly (``[DONE]`` or a
``finish_reason``) from one that was cut. Everything the other side can do wrong is a
:class:`StreamError` with a short reason; nothing else escapes.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import json
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hauberk.llm._chat import (
    MAX_ANSWER_BYTES,
    MAX_ANSWER_CHARS,
    CallableChat,
    ChatError,
    ChatReply,
    HttpChat,
    Message,
    _answer_of,
)

MAX_LINE_BYTES = 64 * 1024


class StreamError(ChatError):
    """A streamed answer broke: cut, malformed, too large, not UTF-8, or stalled.

    ``code`` is stable (``stream_cut``, ``stream_malformed``, ``stream_too_large``,
    ``stream_timeout``, ``upstream_error``); the message says what happened, without the
    other side's bytes.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Delta:
    """One piece of a streamed answer: text, and the finish reason when the model gave one."""

    text: str = ""
    finish_reason: str | None = None


class SseDecoder:
    """Bytes of a ``text/event-stream`` in, :class:`Delta` s of chat completion chunks out.

    ``max_line`` caps one line (characters), ``max_bytes`` the whole stream.
    ``feed`` takes any chunking of the bytes; ``close`` says whether the stream ended properly
    and raises :class:`StreamError` if it did not. ``done`` is set by ``data: [DONE]``.
    """

    def __init__(self, *, max_line: int = MAX_LINE_BYTES, max_bytes: int = MAX_ANSWER_BYTES):
        if max_line < 256 or max_bytes < 1024:
            raise ValueError("max_line must be >= 256 and max_bytes >= 1024")
        self.max_line = max_line
        self.max_bytes = max_bytes
        self.size = 0
        self.done = False
        self.finish_reason: str | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._line = ""
        self._data: list[str] = []
        self._cr = False  # the last chunk ended in "\r": a following "\n" belongs to it

    def feed(self, chunk: bytes) -> list[Delta]:
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise StreamError("stream_too_large", f"the stream passed {self.max_bytes} bytes")
        try:
            text = self._decoder.decode(chunk)
        except UnicodeDecodeError:
            raise StreamError("stream_malformed", "the stream is not UTF-8") from None
        if not text:
            return []
        if self._cr and text.startswith("\n"):
            text = text[1:]
        self._cr = text.endswith("\r")
        out: list[Delta] = []
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        *complete, rest = lines
        for line in complete:
            self._take(self._line + line, out)
            self._line = ""
        self._line += rest
        if len(self._line) > self.max_line:
            raise StreamError("stream_malformed", f"an event line passed {self.max_line} bytes")
        return out

    def _take(self, line: str, out: list[Delta]) -> None:
        if len(line) > self.max_line:
            raise StreamError("stream_malformed", f"an event line passed {self.max_line} bytes")
        if not line:  # a blank line dispatches the event
            if self._data:
                data, self._data = "\n".join(self._data), []
                delta = self._event(data)
                if delta is not None:
                    out.append(delta)
            return
        if line.startswith(":"):
            return  # a comment (keep-alive)
        name, _, value = line.partition(":")
        if name == "data":
            self._data.append(value[1:] if value.startswith(" ") else value)

    def _event(self, data: str) -> Delta | None:
        if self.done:
            raise StreamError("stream_malformed", "an event after [DONE]")
        if data.strip() == "[DONE]":
            self.done = True
            return None
        try:
            event = json.loads(data)
        except (json.JSONDecodeError, RecursionError):
            raise StreamError("stream_malformed", "an event that is not JSON") from None
        if isinstance(event, Mapping) and "error" in event:
            raise StreamError("upstream_error", "the upstream sent an error event")
        try:
            choice = event["choices"][0] if event["choices"] else {}
            delta = choice.get("delta") or {}
            piece = delta.get("content") or ""
            reason = choice.get("finish_reason")
        except (KeyError, IndexError, TypeError, AttributeError):
            raise StreamError("stream_malformed", "an event that is not a chat chunk") from None
        if not isinstance(piece, str) or not (reason is None or isinstance(reason, str)):
            raise StreamError("stream_malformed", "an event that is not a chat chunk")
        if reason is not None:
            self.finish_reason = reason
        if not piece and reason is None:
            return None  # a role or usage chunk
        return Delta(piece, reason)

    def close(self) -> None:
        """The stream ended: fine after ``[DONE]`` or a finish reason with nothing pending."""
        try:
            self._decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise StreamError("stream_cut", "the stream was cut inside a character") from None
        pending = self._line.strip() or self._data
        if self._line.strip() == "data: [DONE]" or (
            not self.done and self._data == ["[DONE]"] and not self._line
        ):
            self.done = True  # "[DONE]" without its blank line: accepted
            return
        if pending:
            raise StreamError("stream_cut", "the stream was cut inside an event")
        if not self.done and self.finish_reason is None:
            raise StreamError("stream_cut", "the stream ended before a finish_reason")


def reply_of(stream: Iterable[bytes], *, max_bytes: int = MAX_ANSWER_BYTES) -> ChatReply:
    """A whole :class:`ChatReply` from the bytes of a streamed answer (the red team's reader):
    what arrived before a fault, marked incomplete with the fault as its note."""
    from hauberk.llm._chat import count_tokens

    decoder = SseDecoder(max_bytes=max_bytes)
    parts: list[str] = []
    note = ""
    try:
        for chunk in stream:
            for delta in decoder.feed(chunk):
                parts.append(delta.text)
        decoder.close()
    except StreamError as exc:
        note = "answer too large" if exc.code == "stream_too_large" else str(exc)
    except Exception as exc:  # the connection dropped mid-stream
        note = f"the stream broke: {type(exc).__name__}"
    text = "".join(parts)
    reason = decoder.finish_reason
    complete = not note and reason in ("stop", "content_filter", None)
    if not note and not complete:
        note = f"finish_reason {reason!r}"
    return ChatReply(
        text[:MAX_ANSWER_CHARS],
        complete=complete and len(text) <= MAX_ANSWER_CHARS,
        finish_reason=reason,
        completion_tokens=count_tokens(text),
        note=note,
    )


# -- one async stream from any chat model ------------------------------------------------------


async def astream(
    model: Any, messages: Sequence[Message], *, max_chars: int = MAX_ANSWER_CHARS
) -> AsyncGenerator[Delta, None]:
    """The answer of ``model`` as :class:`Delta` s; faults raise :class:`ChatError` (before
    the first piece: the model could not be asked) or :class:`StreamError` (during it).

    An :class:`~hauberk.llm.HttpChat` is asked with ``stream: true``; an upstream that answers
    with one JSON completion instead streams it as one piece. A callable's string, reply or
    completion dict is one piece; its iterator or generator is read on a worker thread (its
    pieces must be strings); its async iterator is read on the event loop. More than
    ``max_chars`` characters is :class:`StreamError` ``stream_too_large``. Timeouts are the
    caller's: wrap each step in ``asyncio.wait_for``; leaving the loop closes the source.
    """
    source = (
        _http_stream(model, messages)
        if isinstance(model, HttpChat)
        else _callable_stream(model, messages)
    )
    total = 0
    try:
        async for delta in source:
            total += len(delta.text)
            if total > max_chars:
                raise StreamError("stream_too_large", f"the answer passed {max_chars} characters")
            yield delta
    finally:
        await source.aclose()


async def _http_stream(chat: HttpChat, messages: Sequence[Message]) -> AsyncGenerator[Delta, None]:
    import httpx

    body: dict[str, Any] = {"model": chat.model, "messages": [dict(m) for m in messages]}
    body["stream"] = True
    if chat.temperature is not None:
        body["temperature"] = chat.temperature
    if chat.max_tokens is not None:
        body["max_tokens"] = chat.max_tokens
    headers = {"accept": "text/event-stream, application/json"}
    if chat.token:
        headers["authorization"] = f"Bearer {chat.token}"
    client = _async_client(chat)
    started = False
    try:
        async with client.stream("POST", chat.url, json=body, headers=headers) as resp:
            if resp.status_code >= 400:
                raise ChatError(f"the upstream answered HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "")
            if "text/event-stream" not in ctype:  # a whole answer: one piece
                raw = bytearray()
                async for chunk in resp.aiter_raw():
                    raw.extend(chunk)
                    if len(raw) > chat.max_bytes:
                        raise ChatError("the upstream's answer is too large")
                try:
                    text, reason, _ = _answer_of(json.loads(raw.decode("utf-8")))
                except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                    raise ChatError("the upstream's answer is not JSON") from None
                yield Delta(text, reason or "stop")
                return
            decoder = SseDecoder(max_bytes=chat.max_bytes)
            async for chunk in resp.aiter_raw():
                for delta in decoder.feed(chunk):
                    started = True
                    yield delta
            decoder.close()
    except httpx.TimeoutException:
        if started:
            raise StreamError("stream_timeout", "the upstream stalled") from None
        raise ChatError("the upstream did not answer in time") from None
    except httpx.HTTPError as exc:
        if started:
            raise StreamError("stream_cut", f"the stream broke: {type(exc).__name__}") from None
        raise ChatError(f"the upstream could not be asked: {type(exc).__name__}") from None


def _async_client(chat: HttpChat) -> Any:
    """One connection pool per chat model and event loop (a client per request would pay
    for a new pool and TLS context every time)."""
    import httpx

    loop = asyncio.get_running_loop()
    cached = getattr(chat, "_aclient", None)
    if cached is not None and cached[0] is loop:
        return cached[1]
    client = httpx.AsyncClient(timeout=httpx.Timeout(chat.timeout), follow_redirects=False)
    chat._aclient = (loop, client)
    return client


async def aclose_clients(chat: Any) -> None:
    """Close the connection pools a chat model holds (the gateway's shutdown calls this, so an
    upstream's keep-alive sockets are not left to the garbage collector)."""
    cached = getattr(chat, "_aclient", None)
    if cached is not None:
        chat._aclient = None
        if cached[0] is asyncio.get_running_loop():
            await cached[1].aclose()
    close = getattr(chat, "close", None)
    if callable(close):
        close()


async def _callable_stream(chat: Any, messages: Sequence[Message]) -> AsyncGenerator[Delta, None]:
    fn = chat.fn if isinstance(chat, CallableChat) else getattr(chat, "chat", chat)
    msgs = [dict(m) for m in messages]
    try:
        out = await asyncio.to_thread(fn, msgs)
    except ChatError:
        raise
    except Exception as exc:
        raise ChatError(f"the chat callable raised {type(exc).__name__}") from None
    if isinstance(out, str):
        yield Delta(out, "stop")
        return
    if isinstance(out, ChatReply):
        yield Delta(out.text, out.finish_reason or "stop")
        return
    if isinstance(out, Mapping):
        text, reason, _ = _answer_of(out)
        yield Delta(text, reason or "stop")
        return
    if hasattr(out, "__aiter__"):
        async for piece in out:
            yield _piece(piece)
        yield Delta("", "stop")
        return
    if not isinstance(out, Iterable) or isinstance(out, bytes | bytearray):
        raise ChatError(f"the chat callable returned {type(out).__name__}, not text")
    async for piece in _threaded(iter(out)):
        yield _piece(piece)
    yield Delta("", "stop")


def _piece(piece: Any) -> Delta:
    if isinstance(piece, Delta):
        return piece
    if not isinstance(piece, str):
        raise StreamError("stream_malformed", f"the chat callable yielded {type(piece).__name__}")
    return Delta(piece)


async def _threaded(it: Any) -> AsyncIterator[Any]:
    """Items of a blocking iterator, read on one worker thread with a small queue between
    (back-pressure: the thread waits while two items wait to be taken). Leaving the loop
    stops the thread at its next item and closes the generator there."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue(maxsize=2)
    stop = threading.Event()

    def put(item: tuple[str, Any]) -> None:
        future = asyncio.run_coroutine_threadsafe(queue.put(item), loop)
        while not stop.is_set():
            try:
                future.result(timeout=0.5)
                return
            except TimeoutError:
                continue
        future.cancel()

    def run() -> None:
        try:
            for item in it:
                if stop.is_set():
                    break
                put(("item", item))
            else:
                put(("end", None))
        except Exception as exc:
            put(("error", exc))
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    close()

    thread = threading.Thread(target=run, name="hauberk-chat-stream", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = await queue.get()
            if kind == "end":
                return
            if kind == "error":
                if isinstance(value, ChatError):
                    raise value
                raise StreamError(
                    "upstream_error", f"the chat callable raised {type(value).__name__}"
                )
            yield value
    finally:
        stop.set()
