"""The Server-Sent-Events reader of the chat client, property-tested: any answer in any
chunking reads back whole; any cut reads as an incomplete prefix; any bytes never crash."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.llm._assistants import sse_chunks
from hauberk.llm._chat import _read_stream


class Bytes:
    """A response body delivered in the given chunks (what httpx's ``iter_raw`` yields)."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks

    def iter_raw(self) -> Iterator[bytes]:
        yield from self.chunks


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in pairwise(edges) if b > a]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.lists(st.integers(0, 10_000), max_size=8))
def test_any_chunking_reads_back_whole(text: str, cuts: list[int]) -> None:
    data = b"".join(sse_chunks(text, "m", piece=7))
    reply = _read_stream(Bytes(split(data, cuts)), 1 << 20)
    assert reply.complete and reply.text == text


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=200), st.integers(0, 10_000))
def test_a_cut_stream_is_an_incomplete_prefix(text: str, at: int) -> None:
    data = b"".join(sse_chunks(text, "m", piece=5))
    last = data.rindex(b"data: {")  # the finish event
    cut = at % last
    reply = _read_stream(Bytes([data[:cut]]), 1 << 20)
    assert not reply.complete
    assert text.startswith(reply.text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=64), max_size=10))
def test_any_bytes_never_crash(chunks: list[bytes]) -> None:
    reply = _read_stream(Bytes(chunks), 4096)
    assert isinstance(reply.text, str)


def test_oversize_stream_is_incomplete() -> None:
    data = b"".join(sse_chunks("x" * 5000, "m"))
    reply = _read_stream(Bytes(split(data, list(range(0, len(data), 100)))), 2048)
    assert not reply.complete and reply.note == "answer too large"
