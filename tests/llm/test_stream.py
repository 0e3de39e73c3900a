"""Streamed answers: the bounded SSE decoder (any chunking reads back whole, any cut is a
``StreamError``, any bytes never crash), the stream guard (a leak split at any points never
leaves in part; a clean answer leaves whole), and callables as streams."""

from __future__ import annotations

import asyncio
import random
import string
import threading
import zlib
from collections.abc import AsyncIterator, Iterator
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.llm import CallableChat, ChatError, OutputGuard
from hauberk.llm._assistants import DEFAULT_SYSTEM_PROMPT, sse_chunks
from hauberk.llm._secrets import _base62
from hauberk.llm._stream import Delta, SseDecoder, StreamError, astream
from hauberk.llm._stream_guard import StreamGuard, default_hold

CANARY = "CANARY-51F0-AB29"
GUARD = OutputGuard(system_prompt=DEFAULT_SYSTEM_PROMPT, canaries=(CANARY,))
WORDS = ("the", "shop", "opens", "at", "nine", "and", "ACME", "sells", "widgets,", "blue",
         "red", "gadgets.", "Thanks", "for", "asking!", "Our", "prices", "are", "fair")  # fmt: skip


def split(data: Any, cuts: list[int]) -> list[Any]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in pairwise(edges) if b > a]


def decode(chunks: list[bytes]) -> tuple[str, SseDecoder]:
    dec = SseDecoder()
    text = "".join(d.text for c in chunks for d in dec.feed(c))
    dec.close()
    return text, dec


# -- the decoder ----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.lists(st.integers(0, 10_000), max_size=10),
       st.sampled_from(["\n", "\r\n", "\r"]))  # fmt: skip
def test_any_chunking_and_line_ending_reads_back_whole(
    text: str, cuts: list[int], newline: str
) -> None:
    data = b"".join(sse_chunks(text, "m", piece=7)).replace(b"\n", newline.encode())
    got, dec = decode(split(data, cuts))
    assert got == text and dec.done and dec.finish_reason == "stop"


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=200), st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_cut_is_a_stream_error_after_a_prefix(text: str, at: int, chunk: int) -> None:
    data = b"".join(sse_chunks(text, "m", piece=5))
    cut = at % data.rindex(b'data: {"object"')  # anywhere before the finish event
    dec = SseDecoder()
    got = "".join(d.text for piece in split(data[:cut], [chunk]) for d in dec.feed(piece))
    with pytest.raises(StreamError) as err:
        dec.close()
    assert err.value.code == "stream_cut"
    assert text.startswith(got)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=12))
def test_any_bytes_are_deltas_or_a_stream_error(chunks: list[bytes]) -> None:
    dec = SseDecoder(max_line=256, max_bytes=2048)
    codes = {"stream_cut", "stream_malformed", "stream_too_large", "upstream_error"}
    deltas: list[Delta] = []
    code = None
    try:
        for c in chunks:
            deltas += dec.feed(c)
        dec.close()
    except StreamError as exc:
        code = exc.code
    assert code is None or code in codes
    assert all(isinstance(d.text, str) for d in deltas)


def test_the_sse_details() -> None:
    data = (
        b": keep-alive comment\n\n"
        b"event: message\nid: 1\nretry: 10\n"
        b'data: {"choices": [{"delta": {"role": "assistant"}}]}\n\n'
        b'data: {"choices": [{"delta":\ndata: {"content": "a\\u00e9"}}]}\n\n'
        b'data:{"choices": [{"delta": {"content": "b"}, "finish_reason": "stop"}]}\n\n'
        b'data: {"choices": [], "usage": {"total_tokens": 3}}\n\n'
        b"data: [DONE]"  # no blank line after [DONE]: accepted
    )
    got, dec = decode([data])
    assert got == "a\u00e9b" and dec.done


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"data: " + b"x" * 5000, "stream_malformed"),
        (b"data: " + b"x" * 5000 + b"\n", "stream_malformed"),
        (b'data: {"choices": [{"delta": {"content": "a"}}]}\n\ndata: {"cho', "stream_cut"),
        (b'data: {"choices": [{"delta": {"content": "\xc3', "stream_cut"),
        (b'data: {"choices": [{"delta": {"content": "a"}}]}\n\n', "stream_cut"),
        (b"data: [DONE]\n\ndata: {}\n\n", "stream_malformed"),
        (b'data: {"error": {"message": "overloaded"}}\n\n', "upstream_error"),
        (b"data: [[[[[[[[[[[[[[[[[[[[\n\n", "stream_malformed"),
    ],
    ids=["long-line", "long-line-ended", "cut-event", "cut-utf8", "no-finish", "after-done",
         "error-event", "not-json"],
)  # fmt: skip
def test_faults_have_codes(data: bytes, code: str) -> None:
    dec = SseDecoder(max_line=4096)

    def run() -> None:
        dec.feed(data)
        dec.close()

    with pytest.raises(StreamError) as err:
        run()
    assert err.value.code == code


def test_too_many_bytes() -> None:
    dec = SseDecoder(max_bytes=2048)
    with pytest.raises(StreamError) as err:
        dec.feed(b"".join(sse_chunks("x" * 5000, "m")))
    assert err.value.code == "stream_too_large"


# -- the stream guard ---------------------------------------------------------------------------


def github_token(rng: random.Random) -> str:
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    return f"ghp_{body}{_base62(zlib.crc32(body.encode()))}"


def stream_through(guard: StreamGuard, pieces: list[str]) -> str:
    out = []
    for p in pieces:
        guard.push(p)
        out.append(guard.release())
    out.append(guard.finish())
    return "".join(out)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=60),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=20),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=12),
    st.sampled_from(["canary", "token", "prompt", "spaced"]),
    st.integers(0, 2**32),
    st.sampled_from([None, 0, 16]),
)
def test_a_leak_split_anywhere_never_leaves_in_part(
    before: list[str], after: list[str], cuts: list[int], kind: str, seed: int, hold: int | None
) -> None:
    rng = random.Random(seed)
    leak = {
        "canary": f"the reference is {CANARY}.",
        "token": f"your token: {github_token(rng)} ok",
        "prompt": DEFAULT_SYSTEM_PROMPT,
        "spaced": " ".join(CANARY),
    }[kind]
    if kind == "spaced":  # only a tail of 31+ characters can hold a spaced-out canary
        hold = None
    head = " ".join(before) + (" " if before else "")
    text = head + leak + " " + " ".join(after)
    guard = StreamGuard(GUARD, hold=hold)
    released = stream_through(guard, split(text, cuts))
    assert guard.blocked is not None
    assert text.startswith(released)
    secret = {"canary": CANARY, "token": leak.split()[2], "spaced": " ".join(CANARY)}.get(kind)
    if secret is not None:  # not a single character of the secret left
        assert len(released) <= text.index(secret)
    else:  # an echo is caught within its first twelve words
        assert len(released) <= len(head) + len(" ".join(DEFAULT_SYSTEM_PROMPT.split()[:12]))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=120),
    st.lists(st.integers(0, 10_000), max_size=20),
    st.sampled_from([None, 0, 16]),
)
def test_a_clean_answer_leaves_whole_in_order(
    words: list[str], cuts: list[int], hold: int | None
) -> None:
    text = " ".join(words)
    guard = StreamGuard(GUARD, hold=hold)
    out: list[str] = []
    for p in split(text, cuts):
        guard.push(p)
        out.append(guard.release())
        assert text.startswith("".join(out))
        assert guard.received - guard.released >= 0
    out.append(guard.finish())
    assert "".join(out) == text and guard.blocked is None


def test_hold_defaults_cover_canaries_and_the_prompt() -> None:
    assert default_hold(OutputGuard()) == 128
    assert default_hold(OutputGuard(canaries=("X" * 100,))) == 308
    assert default_hold(GUARD) > len(" ".join(DEFAULT_SYSTEM_PROMPT.split()[:12]))


def test_a_private_key_block_is_held_until_it_closes() -> None:
    rng = random.Random(1)
    body = "".join(rng.choice(string.ascii_letters) for _ in range(64 * 8))
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    pem = f"-----BEGIN PRIVATE KEY-----\n{lines}\n-----END PRIVATE KEY-----"
    text = "Here you go:\n" + pem + "\nbye"
    guard = StreamGuard(GUARD, hold=16)
    released = stream_through(guard, split(text, list(range(0, len(text), 10))))
    assert guard.blocked is not None and "BEGIN" not in released and body[:64] not in released


def test_a_guard_that_raises_blocks() -> None:
    class Broken:
        def check(self, text: str) -> Any:
            raise RecursionError

    guard = StreamGuard(Broken(), hold=0)
    assert stream_through(guard, ["hello ", "world "]) == ""
    assert guard.blocked is not None and guard.blocked.signals == ("error:RecursionError",)


def test_bad_settings() -> None:
    from hauberk.core import ConfigError

    for kw in ({"hold": -1}, {"context": -1}, {"max_run": 2_000_000}):
        with pytest.raises(ConfigError):
            StreamGuard(GUARD, **kw)


# -- callables as streams -----------------------------------------------------------------------


async def collect(model: Any, **kw: Any) -> list[Delta]:
    return [d async for d in astream(model, [{"role": "user", "content": "hi"}], **kw)]


def test_callables_of_every_shape_stream() -> None:
    async def agen(m: Any) -> AsyncIterator[str]:
        yield "a"
        yield "b"

    shapes: list[Any] = [lambda m: "ab", lambda m: iter(["a", "b"]), agen,
                         lambda m: {"choices": [{"message": {"content": "ab"}}]}]  # fmt: skip
    for fn in shapes:
        deltas = asyncio.run(collect(CallableChat(fn)))
        assert "".join(d.text for d in deltas) == "ab" and deltas[-1].finish_reason == "stop"


def test_callable_faults_are_chat_errors() -> None:
    def boom(m: Any) -> str:
        raise ValueError("no")

    def yields_bytes(m: Any) -> Iterator[Any]:
        yield b"raw"

    def dies(m: Any) -> Iterator[str]:
        yield "a"
        raise KeyError("x")

    for fn, code in ((yields_bytes, "stream_malformed"), (dies, "upstream_error")):
        with pytest.raises(StreamError) as err:
            asyncio.run(collect(CallableChat(fn)))
        assert err.value.code == code
    with pytest.raises(ChatError):
        asyncio.run(collect(CallableChat(boom)))
    with pytest.raises(StreamError, match="characters"):
        asyncio.run(collect(CallableChat(lambda m: iter(["x" * 600] * 3)), max_chars=1000))


def test_leaving_a_stream_early_stops_the_generator() -> None:
    closed = threading.Event()

    def endless(m: Any) -> Iterator[str]:
        try:
            while True:
                yield "more "
        finally:
            closed.set()

    async def first_two() -> list[str]:
        source = astream(CallableChat(endless), [{"role": "user", "content": "hi"}])
        out = [(await anext(source)).text, (await anext(source)).text]
        await source.aclose()
        return out

    assert asyncio.run(first_two()) == ["more ", "more "]
    assert closed.wait(5)


def test_chat_joins_a_generator() -> None:
    reply = CallableChat(lambda m: iter(["a", "b", "c"])).chat([{"role": "user", "content": "x"}])
    assert reply.text == "abc" and reply.complete
