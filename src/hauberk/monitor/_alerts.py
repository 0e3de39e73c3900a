"""Alerts: events with cooldown and deduplication, sent to a log, a signed webhook, Prometheus
and the ledger.

An :class:`Alert` says *what kind* of thing happened (``drift``, ``ood_rate``...), *how bad*
(a :class:`~hauberk.core.Severity`), *about what* (``subject``: a feature, a model version, a
principal) and the numbers behind it (``details``, plain JSON). An :class:`Alerter` decides
whether an alert goes out (cooldown, deduplication) and hands it to every :class:`AlertSink`::

    alerter = Alerter([LogSink("alerts.jsonl"), LedgerSink(ledger)], cooldown=300)
    alerter.emit(Alert("drift", Severity.HIGH, "feature:age", {"psi": 0.31}))

Sinks never block the caller for long: the log sink appends one line, the ledger sink queues
an entry (group commit), and the webhook sink hands the alert to its own delivery thread, which
retries with exponential backoff and keeps what it could not deliver.

Webhook signature (for receivers; :func:`verify_signature` checks it): the headers
``X-Hauberk-Timestamp`` (Unix seconds), ``X-Hauberk-Delivery`` (the alert id) and
``X-Hauberk-Signature: sha256=HEX`` where ``HEX`` is HMAC-SHA256 with the shared secret over
``f"{timestamp}.".encode() + body``. A receiver refuses a timestamp outside its replay window
(300 s by default) and remembers delivery ids inside it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from hauberk.core import ConfigError, InputError, Severity

log = logging.getLogger("hauberk.monitor")

#: Header names of a signed webhook delivery.
TIMESTAMP_HEADER = "X-Hauberk-Timestamp"
SIGNATURE_HEADER = "X-Hauberk-Signature"
DELIVERY_HEADER = "X-Hauberk-Delivery"
#: Fields an :class:`Alerter` may build its deduplication key from.
DEDUP_FIELDS = ("kind", "subject", "severity", "details")
#: Ledger entry kind of an alert.
LEDGER_KIND = "monitor.alert"
#: Most bytes of a webhook spool read back on start (its newest lines).
MAX_SPOOL_BYTES = 64 * 1024 * 1024


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert. ``details`` must be JSON-able (it goes to the log, the webhook and the ledger)."""

    kind: str
    severity: Severity
    subject: str
    details: Mapping[str, Any] = field(default_factory=dict)
    timestamp: str = field(default_factory=_now)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if not self.kind or not self.kind.replace("_", "").replace(".", "").isalnum():
            raise InputError(f"alert kind {self.kind!r} must be a word like 'drift' or 'ood_rate'")
        object.__setattr__(self, "severity", Severity.parse(self.severity))
        try:
            json.dumps(dict(self.details), allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InputError(f"alert details of {self.kind!r} are not plain JSON: {exc}") from exc

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "timestamp": self.timestamp,
            "kind": self.kind,
            "severity": self.severity.label,
            "subject": self.subject,
            "details": dict(self.details),
        }

    def body(self) -> bytes:
        """The JSON bytes sent to a webhook and written to the log (sorted keys, one line)."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")).encode()


@runtime_checkable
class AlertSink(Protocol):
    """Where alerts go. ``send`` must return quickly; ``close`` flushes what it can."""

    name: str

    def send(self, alert: Alert) -> None: ...

    def close(self) -> None: ...


class Alerter:
    """Send alerts to ``sinks``, at most one per deduplication key every ``cooldown`` seconds.

    The key is built from the fields named in ``dedup`` (default kind and subject). Within the
    cooldown an alert with the same key is suppressed and counted, unless it is more severe than
    the one that went out (an escalation always goes out). The next alert with that key carries
    ``suppressed`` (how many were held back) in its details. A sink that raises does not stop
    the others; its failures are counted in :attr:`sink_errors`.
    """

    def __init__(
        self,
        sinks: Iterable[AlertSink],
        *,
        cooldown: float = 300.0,
        dedup: Sequence[str] = ("kind", "subject"),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if cooldown < 0:
            raise ConfigError(f"alert cooldown must be >= 0 seconds, got {cooldown}")
        unknown = [f for f in dedup if f not in DEDUP_FIELDS]
        if unknown:
            raise ConfigError(
                f"alert dedup fields {unknown} unknown; use some of {', '.join(DEDUP_FIELDS)}"
            )
        self.sinks = list(sinks)
        self.cooldown = float(cooldown)
        self.dedup = tuple(dedup)
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, tuple[float, Severity]] = {}
        self._held: dict[str, int] = {}
        self.sent = 0
        self.suppressed = 0
        self.sink_errors: dict[str, int] = {}

    def key(self, alert: Alert) -> str:
        parts: dict[str, Any] = {}
        for name in self.dedup:
            value = getattr(alert, name)
            parts[name] = (
                dict(value) if name == "details" else str(value) if name == "severity" else value
            )
        return json.dumps(parts, sort_keys=True, default=str)

    def emit(self, alert: Alert) -> bool:
        """Send ``alert`` unless the cooldown holds it back; True when it went out."""
        key = self.key(alert)
        now = self._clock()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last[0] < self.cooldown and alert.severity <= last[1]:
                self._held[key] = self._held.get(key, 0) + 1
                self.suppressed += 1
                return False
            held = self._held.pop(key, 0)
            self._last[key] = (now, alert.severity)
            self.sent += 1
        if held:
            alert = Alert(
                alert.kind,
                alert.severity,
                alert.subject,
                {**alert.details, "suppressed": held},
                timestamp=alert.timestamp,
                id=alert.id,
            )
        for sink in self.sinks:
            try:
                sink.send(alert)
            except Exception:  # a broken sink must not silence the others
                with self._lock:
                    self.sink_errors[sink.name] = self.sink_errors.get(sink.name, 0) + 1
        return True

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()

    def __enter__(self) -> Alerter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LogSink:
    """Append each alert as one JSON line to ``path`` (flushed; fsync with ``fsync=True``)."""

    name = "log"

    def __init__(self, path: str | Path, *, fsync: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fsync = fsync
        self._lock = threading.Lock()
        self._file = self.path.open("ab")

    def send(self, alert: Alert) -> None:
        with self._lock:
            self._file.write(alert.body() + b"\n")
            self._file.flush()
            if self._fsync:
                os.fsync(self._file.fileno())

    def close(self) -> None:
        with self._lock:
            if not self._file.closed:
                self._file.close()


class _Ledger(Protocol):
    def submit(self, entry: Any) -> Any: ...


class LedgerSink:
    """Record each alert as a ``monitor.alert`` ledger entry (queued; group-committed)."""

    name = "ledger"

    def __init__(self, ledger: _Ledger, *, principal: str = "hauberk-monitor") -> None:
        self.ledger = ledger
        self.principal = principal
        self._pending: list[Any] = []
        self._lock = threading.Lock()

    def send(self, alert: Alert) -> None:
        from hauberk.ledger import Entry

        entry = Entry.create(
            LEDGER_KIND, alert.to_json(), principal=self.principal, timestamp=alert.timestamp
        )
        future = self.ledger.submit(entry)
        with self._lock:
            self._pending = [f for f in self._pending if not f.done()]
            self._pending.append(future)

    def close(self) -> None:
        """Wait until every queued alert is durable in the ledger."""
        with self._lock:
            pending, self._pending = self._pending, []
        for future in pending:
            future.result()


class PrometheusSink:
    """Count alerts in ``hauberk_alerts_total{kind,severity}`` of a Prometheus registry."""

    name = "prometheus"

    def __init__(self, registry: Any) -> None:
        from prometheus_client import Counter

        self.counter = Counter(
            "hauberk_alerts",
            "Alerts sent, by kind and severity",
            ["kind", "severity"],
            registry=registry,
        )

    def send(self, alert: Alert) -> None:
        self.counter.labels(kind=alert.kind, severity=alert.severity.label).inc()

    def close(self) -> None:
        return None


def sign(body: bytes, secret: bytes, timestamp: int) -> str:
    """The ``X-Hauberk-Signature`` value for ``body`` sent at ``timestamp`` (Unix seconds)."""
    mac = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(
    body: bytes, secret: bytes, *, delivery: str, now: float | None = None
) -> dict[str, str]:
    timestamp = int(time.time() if now is None else now)
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        DELIVERY_HEADER: delivery,
        SIGNATURE_HEADER: sign(body, secret, timestamp),
    }


def verify_signature(
    body: bytes,
    headers: Mapping[str, str],
    secret: bytes,
    *,
    tolerance: float = 300.0,
    now: float | None = None,
) -> bool:
    """True when ``headers`` carry a valid signature of ``body`` inside the replay window.

    ``headers`` lookups are case-insensitive. A receiver should also refuse a
    ``X-Hauberk-Delivery`` id it has already seen within ``tolerance`` seconds.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    stamp = lower.get(TIMESTAMP_HEADER.lower(), "")
    given = lower.get(SIGNATURE_HEADER.lower(), "")
    if not stamp.isdigit() or not given:
        return False
    current = time.time() if now is None else now
    if abs(current - int(stamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(body, secret, int(stamp)), given)


class WebhookSink:
    """POST each alert, signed, to ``url`` from a background thread.

    A failed delivery (connection refused, timeout, non-2xx answer) is retried with exponential
    backoff (``backoff`` seconds doubling up to ``max_backoff``) for as long as the sink runs;
    undelivered alerts are kept (at most ``max_pending``, oldest dropped and counted in
    :attr:`dropped`) and, with ``spool`` set, written there as JSON lines on :meth:`close` and
    read back on start, so a restart does not lose them. An alert older than ``max_age``
    seconds is no longer news: it is dropped from the queue and counted in :attr:`expired`
    (it stays in the audit ledger). A spool line that cannot be read is skipped and counted in
    :attr:`unreadable`, never a reason for the gateway not to start. :meth:`send` never waits
    on the network.
    """

    name = "webhook"

    def __init__(
        self,
        url: str,
        secret: bytes,
        *,
        timeout: float = 5.0,
        backoff: float = 1.0,
        max_backoff: float = 300.0,
        max_pending: int = 10_000,
        spool: str | Path | None = None,
        max_age: float = 7 * 86400.0,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"webhook url {url!r} must start with http:// or https://")
        if len(secret) < 16:
            raise ConfigError("webhook secret must be at least 16 bytes; generate 32 random bytes")
        if backoff <= 0 or max_backoff < backoff:
            raise ConfigError("webhook backoff must be > 0 and max_backoff >= backoff")
        if max_age <= 0:
            raise ConfigError(f"webhook max_age must be > 0 seconds, got {max_age}")
        self.url = url
        self._secret = secret
        self.timeout = timeout
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_pending = max_pending
        self.spool = Path(spool) if spool is not None else None
        self.max_age = max_age
        self._pending: deque[Alert] = deque()
        self._cond = threading.Condition()
        self._stop = False
        self.delivered = 0
        self.failures = 0
        self.dropped = 0
        self.expired = 0
        self.unreadable = 0
        if self.spool is not None and self.spool.exists():
            self._load_spool(self.spool)
        self._thread = threading.Thread(target=self._run, name="hauberk-webhook", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    def send(self, alert: Alert) -> None:
        with self._cond:
            if len(self._pending) >= self.max_pending:
                self._pending.popleft()
                self.dropped += 1
            self._pending.append(alert)
            self._cond.notify()

    def _load_spool(self, path: Path) -> None:
        """Queue the spooled alerts: the newest ``max_pending`` lines, each one checked."""
        size = path.stat().st_size
        if size > MAX_SPOOL_BYTES:
            log.warning("webhook spool %s is %d bytes; reading its last %d", path, size,
                        MAX_SPOOL_BYTES)  # fmt: skip
        with path.open("rb") as fh:
            fh.seek(max(0, size - MAX_SPOOL_BYTES))
            lines = fh.read().splitlines()[-self.max_pending :]
        for line in lines:
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                alert = Alert(
                    raw["kind"],
                    Severity.parse(raw["severity"]),
                    str(raw["subject"]),
                    raw["details"],
                    timestamp=str(raw["timestamp"]),
                    id=str(raw["id"]),
                )
            except (ValueError, KeyError, TypeError, InputError):
                self.unreadable += 1
                continue
            if self._is_expired(alert):
                self.expired += 1
            else:
                self._pending.append(alert)
        if self.unreadable:
            log.warning("webhook spool %s: %d unreadable line(s) skipped", path, self.unreadable)
        path.unlink()

    def _is_expired(self, alert: Alert) -> bool:
        try:
            made = datetime.fromisoformat(alert.timestamp.replace("Z", "+00:00"))
        except ValueError:
            return True  # no readable time: cannot tell it is fresh
        if made.tzinfo is None:
            made = made.replace(tzinfo=UTC)
        return (datetime.now(UTC) - made).total_seconds() > self.max_age

    def _deliver(self, alert: Alert) -> bool:
        import httpx

        body = alert.body()
        headers = signed_headers(body, self._secret, delivery=alert.id)
        try:
            answer = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout)
        except httpx.HTTPError:
            return False
        return 200 <= answer.status_code < 300

    def _run(self) -> None:
        delay = self.backoff
        while True:
            with self._cond:
                while not self._pending and not self._stop:
                    self._cond.wait()
                if self._stop:
                    return
                alert = self._pending[0]
                if self._is_expired(alert):
                    self._pending.popleft()
                    self.expired += 1
                    self._cond.notify_all()
                    continue
            if self._deliver(alert):
                delay = self.backoff
                with self._cond:
                    if self._pending and self._pending[0] is alert:
                        self._pending.popleft()
                    self.delivered += 1
                    self._cond.notify_all()
                continue
            with self._cond:
                self.failures += 1
                if self._cond.wait_for(lambda: self._stop, timeout=delay):
                    return
            delay = min(delay * 2, self.max_backoff)

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds until nothing is pending; True when all went out."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending, timeout=timeout)

    def close(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join(timeout=self.timeout + 1)
        with self._cond:
            pending = list(self._pending)
        if self.spool is not None and pending:
            tmp = self.spool.with_suffix(self.spool.suffix + ".tmp")
            tmp.write_bytes(b"".join(a.body() + b"\n" for a in pending))
            os.replace(tmp, self.spool)
