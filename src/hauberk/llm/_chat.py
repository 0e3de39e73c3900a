"""A chat client for the red team and the gateway: OpenAI-compatible HTTP, or a Python callable.

One call, ``client.chat(messages) -> ChatReply``. The client never crashes on what the other
side sends: a timeout, a refused connection or an HTTP error raises :class:`ChatError` (the
conversation could not be had), while an answer that arrived only in part (a stream cut
mid-token, a body over the size limit, a ``finish_reason`` of ``length``) comes back as a
reply with ``complete=False``, so a judge can still use what was said but nobody counts it as
a full answer. httpx does the HTTP; the Server-Sent-Events framing of a streamed answer is
read here, line by line, with an incremental UTF-8 decoder (a cut multi-byte character is an
incomplete answer, not a ``UnicodeDecodeError``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from hauberk.core import ConfigError, HauberkError, import_object

#: Roles a message may carry; ``tool`` messages hold retrieved documents and tool outputs.
ROLES = frozenset({"system", "user", "assistant", "tool"})
MAX_ANSWER_BYTES = 1 << 20
MAX_ANSWER_CHARS = 200_000
#: Error codes with which an endpoint refuses a conversation on content grounds (hauberk's
#: gateway, OpenAI, Azure OpenAI): an answer, the refusal, not a failure to ask.
REFUSAL_CODES = frozenset({"input_rejected", "content_policy_violation", "content_filter"})

Message = Mapping[str, str]


class ChatError(HauberkError):
    """A chat model could not be asked: unreachable, timed out, or it answered with an error."""


@dataclass(frozen=True)
class ChatReply:
    """What the model said. ``complete`` is False when only part of the answer arrived."""

    text: str
    complete: bool = True
    finish_reason: str | None = "stop"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    note: str = ""  # why the answer is incomplete


@runtime_checkable
class ChatModel(Protocol):
    """Anything the red team and the gateway can talk to."""

    def chat(self, messages: Sequence[Message]) -> ChatReply: ...


def count_tokens(text: str) -> int:
    """A tokenizer-free token estimate: about four characters per token, at least one per
    word (what budgets need: the same count on both sides, no model download)."""
    if not text:
        return 0
    return max(len(text.split()), (len(text) + 3) // 4)


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> int | None:
    """The position of the first lone surrogate in ``text`` (a JSON ``\\ud800`` escape, or
    bytes decoded with ``surrogateescape``), or None. It is no character and encodes to no
    UTF-8: like invalid UTF-8, text holding one cannot be read."""
    if text.isascii():
        return None
    m = _SURROGATE.search(text)
    return None if m is None else m.start()


def check_messages(messages: Any, *, where: str = "messages") -> list[dict[str, str]]:
    """``messages`` as a list of ``{"role", "content"}`` dicts, or :class:`ValueError` naming
    the first bad one (the gateway answers that with a 422)."""
    if not isinstance(messages, list) or not messages:
        raise ValueError(f"{where} must be a non-empty list of {{role, content}} objects")
    out: list[dict[str, str]] = []
    for i, m in enumerate(messages):
        if not isinstance(m, Mapping):
            raise ValueError(f"{where}[{i}] must be an object with role and content")
        role, content = m.get("role"), m.get("content")
        if role not in ROLES:
            raise ValueError(f"{where}[{i}].role must be one of {sorted(ROLES)}, not {role!r}")
        if isinstance(content, list):  # OpenAI content parts: only text parts are accepted
            parts = []
            for j, part in enumerate(content):
                if not isinstance(part, Mapping) or part.get("type") != "text":
                    raise ValueError(f"{where}[{i}].content[{j}] must be a text part")
                text = part.get("text")
                if not isinstance(text, str):
                    raise ValueError(f"{where}[{i}].content[{j}].text must be a string")
                parts.append(text)
            content = "\n".join(parts)
        if not isinstance(content, str):
            raise ValueError(f"{where}[{i}].content must be a string")
        at = lone_surrogate(content)
        if at is not None:
            raise ValueError(
                f"{where}[{i}].content holds a lone surrogate at character {at} (an unpaired "
                "\\ud800-\\udfff escape): not valid Unicode; send UTF-8 text"
            )
        out.append({"role": str(role), "content": content})
    return out


def _answer_of(payload: Any) -> tuple[str, str | None, Mapping[str, Any]]:
    """Text, finish reason and usage of a non-streamed chat completion."""
    try:
        choice = payload["choices"][0]
        text = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise ChatError("the endpoint's answer has no choices[0].message.content") from None
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise ChatError("choices[0].message.content is not a string")
    usage = payload.get("usage") if isinstance(payload, Mapping) else None
    reason = choice.get("finish_reason") if isinstance(choice, Mapping) else None
    return text, reason if isinstance(reason, str) else None, usage or {}


class HttpChat:
    """An OpenAI-compatible ``/v1/chat/completions`` endpoint.

    ``url`` is the full route. ``stream`` asks for Server-Sent Events. Answers over
    ``max_bytes`` are cut there and marked incomplete.
    """

    def __init__(
        self,
        url: str,
        *,
        model: str = "default",
        token: str | None = None,
        timeout: float = 30.0,
        max_bytes: int = MAX_ANSWER_BYTES,
        stream: bool = False,
        temperature: float | None = 0.0,
        max_tokens: int | None = 512,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"chat url {url!r} must start with http:// or https://")
        if timeout <= 0:
            raise ConfigError(f"chat timeout must be > 0 seconds, got {timeout}")
        if max_bytes < 1024:
            raise ConfigError(f"chat max_bytes must be >= 1024, got {max_bytes}")
        self.url = url
        self.model = model
        self.token = token
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.stream = stream
        self.temperature = temperature
        self.max_tokens = max_tokens
        self._client: Any = None
        self._aclient: Any = None  # (event loop, httpx.AsyncClient) of hauberk.llm._stream

    def _http(self) -> Any:
        import httpx

        if self._client is None:
            headers = {"accept": "application/json, text/event-stream"}
            if self.token:
                headers["authorization"] = f"Bearer {self.token}"
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout), headers=headers, follow_redirects=False
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def chat(self, messages: Sequence[Message]) -> ChatReply:
        import httpx

        body: dict[str, Any] = {"model": self.model, "messages": [dict(m) for m in messages]}
        if self.temperature is not None:
            body["temperature"] = self.temperature
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        if self.stream:
            body["stream"] = True
        try:
            with self._http().stream("POST", self.url, json=body) as resp:
                if resp.status_code >= 400:
                    head = _read_capped(resp, 2048)[0].decode("utf-8", "replace")
                    refusal = _refusal(resp.status_code, head)
                    if refusal is not None:
                        return refusal
                    raise ChatError(
                        f"{self.url} answered HTTP {resp.status_code}: {head[:200].strip()}"
                    )
                ctype = resp.headers.get("content-type", "")
                if "text/event-stream" in ctype:
                    return _read_stream(resp, self.max_bytes)
                raw, cut = _read_capped(resp, self.max_bytes)
        except httpx.TimeoutException as exc:
            raise ChatError(f"{self.url}: no answer within {self.timeout:g} s ({exc})") from None
        except httpx.HTTPError as exc:
            raise ChatError(f"{self.url}: {type(exc).__name__}: {exc}") from None
        if cut:
            return ChatReply("", complete=False, finish_reason=None, note="answer too large")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ChatError(f"{self.url}: the answer is not JSON ({exc})") from None
        except RecursionError:  # an upstream's answer of "[" nests deeper than json goes
            raise ChatError(f"{self.url}: the answer is not JSON (nested too deeply)") from None
        text, reason, usage = _answer_of(payload)
        return _reply(text, reason, usage, messages)


def _refusal(status: int, head: str) -> ChatReply | None:
    """A 400 or 422 whose ``error.code`` is a content refusal, as the empty answer a
    ``content_filter`` finish means; anything else (401, 429, 5xx, other codes) is an error."""
    if status not in (400, 422):
        return None
    try:
        error = json.loads(head).get("error")
        code = error.get("code") if isinstance(error, Mapping) else None
    except (ValueError, AttributeError, RecursionError):
        return None
    if code not in REFUSAL_CODES:
        return None
    return ChatReply("", finish_reason="content_filter", note=f"refused by the endpoint: {code}")


def _read_capped(resp: Any, limit: int) -> tuple[bytes, bool]:
    buf = bytearray()
    for chunk in resp.iter_raw():
        buf.extend(chunk)
        if len(buf) > limit:
            return bytes(buf[:limit]), True
    return bytes(buf), False


def _reply(
    text: str, reason: str | None, usage: Mapping[str, Any], messages: Sequence[Message]
) -> ChatReply:
    def tokens(key: str, default: int) -> int:
        value = usage.get(key) if isinstance(usage, Mapping) else None
        return value if isinstance(value, int) and value >= 0 else default

    prompt = tokens("prompt_tokens", sum(count_tokens(m.get("content", "")) for m in messages))
    complete = reason in ("stop", "content_filter", None)
    return ChatReply(
        text[:MAX_ANSWER_CHARS],
        complete=complete and len(text) <= MAX_ANSWER_CHARS,
        finish_reason=reason,
        prompt_tokens=prompt,
        completion_tokens=tokens("completion_tokens", count_tokens(text)),
        note="" if complete else f"finish_reason {reason!r}",
    )


def _read_stream(resp: Any, limit: int) -> ChatReply:
    """Server-Sent Events of chat completion chunks, read by :mod:`hauberk.llm._stream`'s
    bounded decoder. Complete only with a ``finish_reason`` of ``stop`` (or the ``[DONE]``
    line) and every byte decoded; else what arrived before the fault, incomplete."""
    from hauberk.llm._stream import reply_of

    return reply_of(resp.iter_raw(), max_bytes=limit)


def _join(pieces: Iterator[Any], limit: int) -> str:
    """The pieces of a streaming callable as one text (at most ``limit`` characters)."""
    parts: list[str] = []
    size = 0
    try:
        for piece in pieces:
            if not isinstance(piece, str):
                raise ChatError(f"the chat callable yielded {type(piece).__name__}, not text")
            parts.append(piece)
            size += len(piece)
            if size >= limit:
                break
    except HauberkError:
        raise
    except Exception as exc:
        raise ChatError(f"the chat callable raised {type(exc).__name__}: {exc}") from exc
    finally:
        close = getattr(pieces, "close", None)
        if close is not None:
            close()
    return "".join(parts)


class CallableChat:
    """A Python function ``fn(messages) -> str | ChatReply | dict`` as a chat model; it may
    also return an iterator (a generator) of text pieces, which ``chat`` joins and the gateway
    streams (:func:`hauberk.llm._stream.astream`).

    What it raises becomes :class:`ChatError`; an answer over ``max_chars`` is cut and marked
    incomplete; anything else than text is an error.
    """

    def __init__(
        self, fn: Callable[[list[dict[str, str]]], Any], *, max_chars: int = MAX_ANSWER_CHARS
    ) -> None:
        if not callable(fn):
            raise ConfigError(f"chat: {fn!r} is not callable")
        self.fn = fn
        self.max_chars = max_chars

    @classmethod
    def from_spec(cls, spec: str, *, key: str = "[model] chat", search: Any = None) -> CallableChat:
        obj = import_object(spec, key=key, search=search)
        if isinstance(obj, type):
            obj = obj()
        if isinstance(obj, ChatModel):
            return cls(obj.chat)
        return cls(obj)

    def chat(self, messages: Sequence[Message]) -> ChatReply:
        msgs = [dict(m) for m in messages]
        try:
            out = self.fn(msgs)
        except HauberkError:
            raise
        except Exception as exc:
            raise ChatError(f"the chat callable raised {type(exc).__name__}: {exc}") from exc
        if isinstance(out, ChatReply):
            return out
        if isinstance(out, Mapping):
            text, reason, usage = _answer_of(out)
            return _reply(text, reason, usage, messages)
        if isinstance(out, Iterator):  # a generator of pieces: read up to the cap
            out = _join(out, self.max_chars + 1)
        if not isinstance(out, str):
            raise ChatError(f"the chat callable returned {type(out).__name__}, not text")
        cut = len(out) > self.max_chars
        return ChatReply(
            out[: self.max_chars],
            complete=not cut,
            finish_reason="length" if cut else "stop",
            prompt_tokens=sum(count_tokens(m.get("content", "")) for m in messages),
            completion_tokens=count_tokens(out),
            note="answer too large" if cut else "",
        )


def as_chat(obj: Any) -> ChatModel:
    """A chat model from a :class:`ChatModel`, a URL or a plain callable."""
    if isinstance(obj, ChatModel):
        return obj
    if isinstance(obj, str):
        if obj.startswith(("http://", "https://")):
            return HttpChat(obj)
        return CallableChat.from_spec(obj)
    if callable(obj):
        return CallableChat(obj)
    raise ConfigError(f"cannot talk to {type(obj).__name__}: give a URL, 'mod:fn' or a callable")


# The guard joins a turn with up to 16 earlier ones (``_input_guard.MAX_HISTORY_TURNS``): a
# join every 12 turns back from the last overlaps the next by 4, so a payload split over up to
# 5 consecutive turns lies whole in one join however long the conversation is.
HISTORY_STRIDE = 12


def screen_messages(guard: Any, messages: Sequence[Message]) -> Any:
    """The first flagged verdict of ``guard`` (an input guard) over a conversation, or ``None``.

    Every user turn is checked on its own, and the last one with the earlier user turns as
    history (a payload split across turns: the guard joins the last ``MAX_HISTORY_TURNS``)
    and with every ``tool`` message as context (retrieved documents and tool outputs); in a
    longer conversation the turns ``HISTORY_STRIDE``, twice that... before the last are
    checked with their history too, so that every stretch of the conversation is read
    joined. Without a user turn, each tool message is checked on its own. Whatever the
    guard raises propagates: a caller must refuse what the guard could not read.
    """
    users = [m["content"] for m in messages if m.get("role") == "user"]
    docs = tuple(m["content"] for m in messages if m.get("role") == "tool")
    if not users:
        for doc in docs:
            verdict = guard.check(doc)
            if verdict.flagged:
                return verdict
        return None
    last = len(users) - 1
    for i, text in enumerate(users):
        if (last - i) % HISTORY_STRIDE == 0 and i:
            verdict = guard.check(text, context=docs if i == last else (), history=users[:i])
        else:
            verdict = guard.check(text, context=docs if i == last else ())
        if verdict.flagged:
            return verdict
    return None


class GuardedChat:
    """A chat model with hauberk's input guard in front and output guard behind: a flagged
    conversation or answer gets ``refusal`` instead (what the gateway does, in process)."""

    def __init__(
        self,
        chat: ChatModel,
        *,
        input_guard: Any = None,
        output_guard: Any = None,
        refusal: str = "I can't help with that request.",
    ) -> None:
        self.chat_model = chat
        self.input_guard = input_guard
        self.output_guard = output_guard
        self.refusal = refusal
        self.blocked_inputs = 0
        self.blocked_outputs = 0

    def chat(self, messages: Sequence[Message]) -> ChatReply:
        if self.input_guard is not None and screen_messages(self.input_guard, messages):
            self.blocked_inputs += 1
            return ChatReply(self.refusal, finish_reason="content_filter")
        reply = self.chat_model.chat(messages)
        if self.output_guard is not None and self.output_guard.check(reply.text).flagged:
            self.blocked_outputs += 1
            return ChatReply(self.refusal, finish_reason="content_filter")
        return reply
