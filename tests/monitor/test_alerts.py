"""Alerts: cooldown and deduplication, the JSON-lines log, the ledger, and a signed webhook
delivered to a real HTTP server on 127.0.0.1 (down, then up: retried, nothing lost)."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from hauberk.core import ConfigError, InputError, Severity
from hauberk.ledger import open_ledger
from hauberk.monitor import (
    Alert,
    Alerter,
    AlertSink,
    LedgerSink,
    LogSink,
    WebhookSink,
    verify_signature,
)
from hauberk.monitor._alerts import sign

SECRET = b"0123456789abcdef0123456789abcdef"


class Recorder:
    name = "recorder"

    def __init__(self) -> None:
        self.alerts: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.alerts.append(alert)

    def close(self) -> None:
        return None


class Broken:
    name = "broken"

    def send(self, alert: Alert) -> None:
        raise RuntimeError("down")

    def close(self) -> None:
        return None


def test_sinks_satisfy_the_protocol() -> None:
    assert isinstance(Recorder(), AlertSink)


def test_cooldown_suppresses_repeats_counts_them_and_lets_escalations_through() -> None:
    now = [0.0]
    rec = Recorder()
    alerter = Alerter([Broken(), rec], cooldown=60, clock=lambda: now[0])
    a = Alert("drift", Severity.MEDIUM, "feature:f1", {"psi": 0.3})
    assert alerter.emit(a)
    assert not alerter.emit(Alert("drift", Severity.MEDIUM, "feature:f1", {"psi": 0.4}))
    assert not alerter.emit(Alert("drift", Severity.LOW, "feature:f1"))
    # another subject is another key
    assert alerter.emit(Alert("drift", Severity.MEDIUM, "feature:f2"))
    # an escalation goes out inside the cooldown
    assert alerter.emit(Alert("drift", Severity.HIGH, "feature:f1"))
    now[0] = 61.0
    assert alerter.emit(Alert("drift", Severity.MEDIUM, "feature:f1"))
    expected = ["feature:f1", "feature:f2", "feature:f1", "feature:f1"]
    assert [x.subject for x in rec.alerts] == expected
    assert rec.alerts[2].details["suppressed"] == 2
    assert "suppressed" not in rec.alerts[3].details
    assert alerter.sent == 4 and alerter.suppressed == 2
    assert alerter.sink_errors == {"broken": 4}


def test_dedup_on_details_separates_different_numbers() -> None:
    rec = Recorder()
    alerter = Alerter([rec], cooldown=60, dedup=("kind", "details"))
    assert alerter.emit(Alert("ood_rate", Severity.HIGH, "m", {"rate": 0.2}))
    assert alerter.emit(Alert("ood_rate", Severity.HIGH, "m", {"rate": 0.3}))
    assert not alerter.emit(Alert("ood_rate", Severity.HIGH, "other", {"rate": 0.3}))


def test_bad_settings_and_alerts_are_refused() -> None:
    with pytest.raises(ConfigError, match="cooldown"):
        Alerter([], cooldown=-1)
    with pytest.raises(ConfigError, match="dedup"):
        Alerter([], dedup=("colour",))
    with pytest.raises(InputError, match="kind"):
        Alert("no spaces!", Severity.LOW, "x")
    with pytest.raises(InputError, match="JSON"):
        Alert("drift", Severity.LOW, "x", {"v": float("nan")})
    with pytest.raises(ConfigError, match="secret"):
        WebhookSink("http://127.0.0.1:1/", b"short")
    with pytest.raises(ConfigError, match="http"):
        WebhookSink("file:///etc/passwd", SECRET)


def test_log_sink_writes_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    with Alerter([LogSink(path)], cooldown=0) as alerter:
        alerter.emit(Alert("drift", Severity.HIGH, "feature:f1", {"psi": 0.5}))
        alerter.emit(Alert("ood_rate", "medium", "model", {"rate": 0.1}))  # type: ignore[arg-type]
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert [(x["kind"], x["severity"]) for x in lines] == [
        ("drift", "high"),
        ("ood_rate", "medium"),
    ]
    assert lines[0]["details"] == {"psi": 0.5}


def test_every_alert_is_a_ledger_entry(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "ledger.db", create=True) as ledger:
        sink = LedgerSink(ledger)
        alerter = Alerter([sink], cooldown=0)
        alert = Alert("drift", Severity.HIGH, "feature:f1", {"psi": 0.5})
        alerter.emit(alert)
        alerter.close()
        entry = ledger.entry(0)
        assert entry.kind == "monitor.alert"
        assert json.loads(entry.body_json)["id"] == alert.id
        assert ledger.verify().ok


def test_signature_round_trip_and_replay_window() -> None:
    body = b'{"a":1}'
    now = 1_700_000_000
    headers = {
        "x-hauberk-timestamp": str(now),
        "X-Hauberk-Signature": sign(body, SECRET, now),
    }
    assert verify_signature(body, headers, SECRET, now=now + 10)
    assert not verify_signature(body + b" ", headers, SECRET, now=now)
    assert not verify_signature(body, headers, b"x" * 32, now=now)
    assert not verify_signature(body, headers, SECRET, now=now + 301)  # replayed too late
    assert not verify_signature(body, {}, SECRET, now=now)


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[bytes, dict[str, str]]]] = []
    fail_first: ClassVar[int] = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
            self.end_headers()
            return
        type(self).received.append((body, dict(self.headers)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def receiver_class() -> type[_Receiver]:
    return type("Receiver", (_Receiver,), {"received": [], "fail_first": 0})


def _serve(port: int, cls: type[_Receiver]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), cls)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_webhook_down_then_up_retries_and_delivers_signed(
    tmp_path: Path, receiver_class: type[_Receiver]
) -> None:
    port = _free_port()
    sink = WebhookSink(f"http://127.0.0.1:{port}/alerts", SECRET, backoff=0.05, max_backoff=0.2)
    alerter = Alerter([sink], cooldown=0)
    started = time.perf_counter()
    for i in range(3):
        alerter.emit(Alert("drift", Severity.HIGH, f"feature:f{i}", {"i": i}))
    assert time.perf_counter() - started < 0.1  # the webhook being down never blocks emit
    deadline = time.monotonic() + 10  # the sender's first attempt imports httpx: slow when loaded
    while sink.failures == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sink.pending == 3 and sink.failures >= 1 and sink.delivered == 0
    receiver_class.fail_first = 1  # comes up answering 503 once, then 204
    server = _serve(port, receiver_class)
    try:
        assert sink.flush(timeout=10)
    finally:
        server.shutdown()
        server.server_close()
        alerter.close()
    bodies = [json.loads(b) for b, _ in receiver_class.received]
    assert [b["subject"] for b in bodies] == ["feature:f0", "feature:f1", "feature:f2"]
    for body, headers in receiver_class.received:
        assert verify_signature(body, headers, SECRET)
        assert headers["X-Hauberk-Delivery"] == json.loads(body)["id"]


def test_undelivered_alerts_are_spooled_and_sent_after_restart(
    tmp_path: Path, receiver_class: type[_Receiver]
) -> None:
    port = _free_port()
    spool = tmp_path / "webhook-spool.jsonl"
    url = f"http://127.0.0.1:{port}/"
    sink = WebhookSink(url, SECRET, backoff=0.05, max_backoff=0.1, spool=spool, timeout=1)
    sink.send(Alert("drift", Severity.HIGH, "feature:f0"))
    time.sleep(0.2)
    sink.close()
    assert spool.exists() and len(spool.read_text().splitlines()) == 1
    server = _serve(port, receiver_class)
    try:
        again = WebhookSink(url, SECRET, backoff=0.05, spool=spool)
        assert again.flush(timeout=10)
        again.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not spool.exists()
    assert json.loads(receiver_class.received[0][0])["subject"] == "feature:f0"


def test_stale_and_unreadable_spooled_alerts_are_skipped_not_fatal(
    tmp_path: Path, receiver_class: type[_Receiver]
) -> None:
    """A spool from a gateway that was down for weeks, with a cut line and a foreign one:
    the fresh alert goes out, the stale one expires (the ledger still holds it), the gateway
    starts."""
    spool = tmp_path / "webhook-spool.jsonl"
    fresh = Alert("drift", Severity.HIGH, "feature:fresh")
    stale = Alert("drift", Severity.HIGH, "feature:stale", timestamp="2020-01-01T00:00:00.000000Z")
    spool.write_bytes(stale.body() + b"\n" + fresh.body()[:20] + b"\n[1, 2]\n" + fresh.body())
    port = _free_port()
    server = _serve(port, receiver_class)
    try:
        sink = WebhookSink(f"http://127.0.0.1:{port}/", SECRET, backoff=0.05, spool=spool)
        assert sink.flush(timeout=10)
        sink.close()
    finally:
        server.shutdown()
        server.server_close()
    assert (sink.expired, sink.unreadable, sink.delivered) == (1, 2, 1)
    assert [json.loads(b)["subject"] for b, _ in receiver_class.received] == ["feature:fresh"]
    # an alert that aged in the queue while the receiver was down expires there too
    late = WebhookSink(f"http://127.0.0.1:{_free_port()}/", SECRET, backoff=0.05, max_age=0.2)
    late.send(Alert("drift", Severity.LOW, "s"))
    assert late.flush(timeout=10) and late.expired == 1 and late.delivered == 0
    late.close()
    with pytest.raises(ConfigError, match="max_age"):
        WebhookSink("http://127.0.0.1:1/", SECRET, max_age=0)


def test_a_full_webhook_queue_drops_the_oldest_and_counts(tmp_path: Path) -> None:
    sink = WebhookSink(f"http://127.0.0.1:{_free_port()}/", SECRET, max_pending=2, backoff=5)
    for i in range(4):
        sink.send(Alert("drift", Severity.LOW, f"s{i}"))
    assert sink.dropped == 2 and sink.pending == 2
    sink.close()
