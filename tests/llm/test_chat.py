"""The chat client against real HTTP servers on 127.0.0.1: answers, streams (whole, cut
mid-character, cut before the end), HTTP errors, timeouts, size limits, and callables."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError
from hauberk.llm import (
    CallableChat,
    ChatError,
    ChatReply,
    HttpChat,
    as_chat,
    check_messages,
    serve_chat,
    vulnerable,
)
from hauberk.llm._assistants import sse_chunks

HI = [{"role": "user", "content": "hi"}]


def test_http_answer_and_usage() -> None:
    with serve_chat(lambda m: "hello there") as url:
        reply = HttpChat(url).chat(HI)
    assert reply == ChatReply("hello there", True, "stop", 1, 3, "")


def test_streamed_answer_is_whole() -> None:
    with serve_chat(lambda m: "añswer ü" * 5) as url:
        reply = HttpChat(url, stream=True).chat(HI)
    assert reply.complete and reply.text == "añswer ü" * 5


def _cut_inside_character(text: str) -> int:
    data = b"".join(sse_chunks(text, "assistant"))
    return data.index("ü".encode()) + 1  # between the two bytes of ü


def test_stream_cut_mid_character_is_incomplete_not_a_crash() -> None:
    text = "abcdefgh" + "ü" * 10
    with serve_chat(lambda m: text, cut_stream_at=_cut_inside_character(text)) as url:
        reply = HttpChat(url, stream=True).chat(HI)
    assert not reply.complete
    assert reply.text == "abcdefgh"
    assert "cut" in reply.note or "ended" in reply.note


def test_stream_cut_before_the_end_is_incomplete() -> None:
    with serve_chat(lambda m: "x" * 100, cut_stream_at=300) as url:
        reply = HttpChat(url, stream=True).chat(HI)
    assert not reply.complete and reply.finish_reason is None
    assert 0 < len(reply.text) < 100


def test_http_error_and_wrong_route_raise_chat_error() -> None:
    with serve_chat(vulnerable) as url:
        with pytest.raises(ChatError, match="HTTP 404"):
            HttpChat(url.replace("completions", "nope")).chat(HI)
        with pytest.raises(ChatError, match="HTTP 400"):
            HttpChat(url).chat([{"role": "robot", "content": "x"}])


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    conns: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conns.append(sock.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1/chat/completions"
    finally:
        stop.set()
        t.join(2)
        for c in conns:
            c.close()
        sock.close()


@contextmanager
def answering(status: int, body: bytes) -> Iterator[str]:
    """A server that answers every POST with ``status`` and ``body``."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return None

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/chat/completions"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("status", "code"),
    [(422, "input_rejected"), (400, "content_policy_violation"), (400, "content_filter")],
)
def test_a_content_refusal_is_an_answer_not_an_error(status: int, code: str) -> None:
    body = json.dumps({"error": {"code": code, "message": "no"}}).encode()
    with answering(status, body) as url:
        reply = HttpChat(url).chat(HI)
    assert reply.text == "" and reply.complete and reply.finish_reason == "content_filter"
    assert code in reply.note


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, b'{"error": {"code": "input_rejected"}}'),  # refusal code, wrong status
        (429, b'{"error": {"code": "rate_limited"}}'),
        (422, b'{"error": {"code": "invalid_inputs"}}'),
        (422, b'{"error": "input_rejected"}'),
        (400, b"not json"),
        (500, b'{"error": {"code": "content_filter"}}'),
    ],
)
def test_other_http_errors_stay_chat_errors(status: int, body: bytes) -> None:
    with answering(status, body) as url, pytest.raises(ChatError, match=f"HTTP {status}"):
        HttpChat(url).chat(HI)


def test_timeout_is_a_chat_error() -> None:
    with silent_server() as url, pytest.raises(ChatError, match="no answer within"):
        HttpChat(url, timeout=0.3).chat(HI)


def test_refused_connection_is_a_chat_error() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(ChatError):
        HttpChat(f"http://127.0.0.1:{port}/v1/chat/completions", timeout=2).chat(HI)


def test_oversized_answer_is_cut_and_incomplete() -> None:
    with serve_chat(lambda m: "y" * 5000) as url:
        reply = HttpChat(url, max_bytes=2048).chat(HI)
        streamed = HttpChat(url, max_bytes=2048, stream=True).chat(HI)
    assert not reply.complete and reply.note == "answer too large"
    assert not streamed.complete and len(streamed.text) < 5000


def test_bad_settings_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="http"):
        HttpChat("ftp://example")
    with pytest.raises(ConfigError, match="timeout"):
        HttpChat("http://127.0.0.1:1/", timeout=0)


def test_callable_errors_and_non_text() -> None:
    def boom(messages: list[dict[str, str]]) -> str:
        raise RuntimeError("model crashed")

    with pytest.raises(ChatError, match="model crashed"):
        CallableChat(boom).chat(HI)
    with pytest.raises(ChatError, match="not text"):
        CallableChat(lambda m: 42).chat(HI)
    cut = CallableChat(lambda m: "z" * 50, max_chars=10).chat(HI)
    assert not cut.complete and cut.text == "z" * 10
    openai = {"choices": [{"message": {"content": "hey"}, "finish_reason": "length"}]}
    assert not CallableChat(lambda m: openai).chat(HI).complete
    assert as_chat("hauberk.llm:hardened").chat(HI).complete


def test_check_messages_names_the_bad_message() -> None:
    with pytest.raises(ValueError, match=r"messages\[1\]\.role"):
        check_messages([{"role": "user", "content": "a"}, {"role": "x", "content": "b"}])
    with pytest.raises(ValueError, match=r"messages\[0\]\.content"):
        check_messages([{"role": "user", "content": 3}])
    with pytest.raises(ValueError, match="non-empty list"):
        check_messages([])
    with pytest.raises(
        ValueError, match=r"messages\[0\]\.content holds a lone surrogate at character 3"
    ):
        check_messages([{"role": "user", "content": "hi \udc80 there"}])
    parts = [
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}
    ]
    assert check_messages(parts) == [{"role": "user", "content": "a\nb"}]


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.text() | st.integers(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)
    )
)
def test_check_messages_never_crashes(value: object) -> None:
    """Any JSON value: a clean list of messages or a ValueError, nothing else."""
    try:
        out = check_messages(value)
    except ValueError:
        return
    assert all(set(m) == {"role", "content"} for m in out)
    json.dumps(out)


def test_an_answer_nested_deeper_than_json_goes_is_a_chat_error() -> None:
    # round 28: an upstream's answer of "[" escaped as a RecursionError
    deep = b"[" * 200_000 + b"]" * 200_000
    with answering(200, deep) as url, pytest.raises(ChatError, match="nested too deeply"):
        HttpChat(url).chat(HI)


def test_the_test_server_answers_a_body_nested_deeper_than_json_goes_with_400() -> None:
    import httpx  # round 28: the handler died on a RecursionError and sent nothing

    with serve_chat(lambda m: "hello") as url:
        answer = httpx.post(url, content=b"[" * 200_000 + b"]" * 200_000, timeout=10)
    assert answer.status_code == 400
