"""Traffic capture and windowed drift statistics, off the request path.

The request path does one ``put_nowait`` per answered request (and per guard refusal) into a
bounded queue; one thread (``hauberk-tap``) takes from it and

- feeds every answered row to the per-feature :class:`~hauberk.monitor.WindowedPSI` and every
  request to a :class:`~hauberk.monitor.WindowedRate` per guard (``[drift]``);
- keeps a ``sample_rate`` share of requests, masks them, and writes them in records of
  ``flush_rows`` rows (or every ``flush_seconds``) to the encrypted capture store
  (``[capture]``);
- every ``check_every`` seconds sets the gauges on ``/metrics`` and raises alerts (drift of a
  feature, a guard-flag rate whose interval is above its level) through the
  :class:`~hauberk.monitor.Alerter`.

A full queue drops the request's sample and counts it (``hauberk_tap_dropped``): serving
never waits for the disk or the statistics. Masking is a callable from ``{column: values}``
to ``{column: values}``, where values are a list, or a 1-D numeric array for features and
probabilities: by default the ``mask`` columns are blanked (``null``); ``masker`` names a
replacement (the data issue's PII recognizers plug in here).
"""

from __future__ import annotations

import importlib
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, Severity
from hauberk.gateway._config import CaptureConfig, DriftWindowConfig, GatewayConfig
from hauberk.gateway._metrics import GatewayMetrics
from hauberk.monitor import Alert, Alerter
from hauberk.monitor._capture import CaptureWriter, join_column
from hauberk.monitor._window import WindowedPSI, WindowedRate

log = logging.getLogger("hauberk.gateway")

#: column name -> a list of values, or a 1-D numeric array (features, probabilities)
Columns = dict[str, Any]
#: Most queued samples the tap thread takes in one batch.
MAX_BATCH = 4096
#: Pause of the tap thread between batches, seconds.
BATCH_SECONDS = 0.025
Masker = Callable[[Columns], Columns]


class ColumnMasker:
    """Blank (``None``) every value of the named columns."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = tuple(columns)

    def __call__(self, columns: Columns) -> Columns:
        for name in self.columns:
            if name in columns:
                columns[name] = [None] * len(columns[name])
        return columns


def load_masker(spec: str, mask: Sequence[str]) -> Masker:
    """``module:callable`` from the (trusted) config; called as ``callable(columns)``.

    A factory that takes ``mask`` may be named instead: ``module:factory`` is called with the
    mask list when its attribute ``hauberk_masker_factory`` is true.
    """
    module, _, attr = spec.partition(":")
    if not module or not attr:
        raise ConfigError(f"[capture] masker {spec!r} must look like 'package.module:callable'")
    try:
        target = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"[capture] masker {spec!r} cannot be imported: {exc}") from None
    if getattr(target, "hauberk_masker_factory", False):
        target = target(tuple(mask))
    if not callable(target):
        raise ConfigError(f"[capture] masker {spec!r} is not callable")
    return target  # type: ignore[no-any-return]


def _load_x(path: Any, what: str) -> NDArray[Any]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            return np.asarray(npz["x"])
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"{what} {path}: need an .npz with 'x' ({exc})") from None


class TrafficTap:
    """The queue, the thread and the state behind ``[capture]`` and ``[drift]``."""

    def __init__(
        self,
        config: GatewayConfig,
        metrics: GatewayMetrics,
        *,
        features: int,
        classes: Sequence[Any],
        guards: Sequence[str],
        alerter: Alerter | None,
        capture_key: bytes | None = None,
        masker: Masker | None = None,
    ) -> None:
        self.capture: CaptureConfig | None = config.capture
        self.drift: DriftWindowConfig | None = (
            config.drift if config.drift is not None and config.drift.enabled else None
        )
        if self.capture is None and self.drift is None:
            raise ConfigError("the traffic tap needs [capture] or [drift]")
        self.metrics = metrics
        self.alerter = alerter
        self.names = tuple(f"f{i}" for i in range(features))
        self.classes = [str(c) for c in classes]
        self.guards = tuple(guards)
        size = max(
            self.capture.queue_size if self.capture else 1,
            self.drift.queue_size if self.drift else 1,
        )
        self._queue: queue.Queue[tuple[Any, ...] | None] = queue.Queue(maxsize=size)
        self.dropped = 0
        self.cpu_seconds = 0.0  # CPU time of the tap thread so far (benchmarks)
        self._writer: CaptureWriter | None = None
        self._rng = random.Random(self.capture.seed if self.capture else None)  # noqa: S311
        self._rate = self.capture.sample_rate if self.capture else 0.0
        self._buffer_t: list[NDArray[np.float64]] = []
        self._buffer: dict[str, list[Any]] = {}  # per column, the pieces of each batch
        self._buffered = 0
        self._flushed = time.monotonic()
        if self.capture is not None:
            c = self.capture
            if capture_key is None:
                from hauberk.supplychain import load_encryption_key

                capture_key = load_encryption_key(key_file=config.resolve(c.key_file))
            unknown = [n for n in (c.inputs or ()) if n not in self.names]
            if unknown:
                raise ConfigError(
                    f"[capture] inputs {unknown} are not features of the model "
                    f"(f0..f{features - 1})"
                )
            self._inputs = [self.names.index(n) for n in c.inputs] if c.inputs else None
            if masker is None:
                masker = (
                    load_masker(c.masker, c.mask) if c.masker is not None else ColumnMasker(c.mask)
                )
            self.masker: Masker | None = masker
            self._writer = CaptureWriter(
                config.resolve(c.store),
                capture_key,
                max_segment_bytes=c.max_segment_bytes,
                max_segment_seconds=c.max_segment_seconds,
                max_store_bytes=c.max_store_bytes,
            )
        self.window: WindowedPSI | None = None
        self.rates: dict[str, WindowedRate] = {}
        if self.drift is not None:
            d = self.drift
            ref_path = d.reference
            if ref_path is None and config.guards.anomaly is not None:
                ref_path = config.guards.anomaly.reference
            if ref_path is None:
                raise ConfigError(
                    "[drift] needs reference = '<file>.npz' (or an [guards.anomaly] reference)"
                )
            ref = _load_x(config.resolve(ref_path), "[drift] reference")
            self.window = WindowedPSI(
                ref.reshape(len(ref), -1),
                self.names,
                bins=d.bins,
                window=d.window,
                min_rows=d.min_rows,
            )
            self.rates = {g: WindowedRate(window=d.rate_window) for g in self.guards}
        self._checked = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hauberk-tap", daemon=True)
        self._thread.start()

    # -- the request path ----------------------------------------------------------------------

    def offer(self, x: NDArray[Any], proba: NDArray[Any], version: str, principal: str) -> None:
        """Hand an answered request to the tap; never blocks."""
        keep = self._rate > 0 and (self._rate >= 1 or self._rng.random() < self._rate)
        if self.window is None and not keep:
            return
        try:
            self._queue.put_nowait(("row", time.time(), x, proba, version, principal, keep))
        except queue.Full:
            self.dropped += 1
            self.metrics.tap_dropped.inc()

    def flag(self, guard: str) -> None:
        """A guard refused a request."""
        if not self.rates:
            return
        try:
            self._queue.put_nowait(("flag", guard))
        except queue.Full:
            self.dropped += 1
            self.metrics.tap_dropped.inc()

    # -- the tap thread ------------------------------------------------------------------------

    def _run(self) -> None:
        start = time.thread_time()
        while True:
            timeout = self.drift.check_every if self.drift else 1.0
            if self.capture is not None:
                timeout = min(timeout, self.capture.flush_seconds)
            try:
                items: list[Any] = [self._queue.get(timeout=timeout)]
            except queue.Empty:
                items = []
            # everything queued meanwhile, in one go: one numpy update per batch, not per request
            while len(items) < MAX_BATCH:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                stop = self._process(items)
                self._tick()
            except Exception:  # a bad sample must not stop monitoring
                log.exception("traffic tap failed on a batch of samples")
                stop = None in items
            self.cpu_seconds = time.thread_time() - start
            if stop:
                return
            # Let requests gather: the thread wakes about every BATCH_SECONDS under load, so it
            # takes the interpreter lock from the serving thread rarely and briefly.
            time.sleep(BATCH_SECONDS)

    def _process(self, items: list[Any]) -> bool:
        """Handle a batch in order; True when it holds the stop marker."""
        rows: list[NDArray[Any]] = []
        kept: list[tuple[float, NDArray[Any], NDArray[Any], str, str]] = []
        syncs: list[threading.Event] = []
        stop = False
        for item in items:
            if item is None:
                stop = True
            elif item[0] == "row":
                _, t, x, proba, version, principal, keep = item
                r = x.reshape(len(x), -1)
                rows.append(r)
                for rate in self.rates.values():
                    rate.add(False)
                if keep:
                    kept.append((t, r, proba, version, principal))
            elif item[0] == "flag":
                for name, rate in self.rates.items():
                    rate.add(name == item[1])
            elif item[0] == "sync":
                syncs.append(item[1])
        if rows and self.window is not None:
            self.window.update(rows[0] if len(rows) == 1 else np.concatenate(rows))
        if kept and self._writer is not None:
            self._keep(kept)
        if syncs or stop:
            self._flush()
            self._check()
        for event in syncs:
            event.set()
        return stop

    def _keep(self, kept: list[tuple[float, NDArray[Any], NDArray[Any], str, str]]) -> None:
        c = self.capture
        assert c is not None and self.masker is not None
        counts = [len(r) for _, r, _, _, _ in kept]
        rows = np.concatenate([r for _, r, _, _, _ in kept])
        proba = np.concatenate([p for _, _, p, _, _ in kept])

        def per_row(values: list[Any]) -> list[Any]:
            return [v for v, n in zip(values, counts, strict=True) for _ in range(n)]

        # numeric columns stay arrays: the store writes them as raw float64 (see _capture)
        cols: dict[str, Any] = {}
        chosen = self._inputs if self._inputs is not None else range(rows.shape[1])
        for j in chosen:
            cols[self.names[j]] = rows[:, j].astype(np.float64)
        if "label" in c.outputs:
            cols["label"] = [self.classes[i] for i in proba.argmax(axis=1)]
        if "proba" in c.outputs:
            for k, name in enumerate(self.classes):
                cols[f"p_{name}"] = proba[:, k].astype(np.float64)
        if "version" in c.outputs:
            cols["model_version"] = per_row([v for _, _, _, v, _ in kept])
        if c.principal:
            cols["principal"] = per_row([p for _, _, _, _, p in kept])
        cols = self.masker(cols)
        if self._buffer and set(cols) != set(self._buffer):
            self._flush()
        for name, values in cols.items():
            self._buffer.setdefault(name, []).append(values)
        self._buffer_t.append(np.repeat([t for t, *_ in kept], counts))
        self._buffered += len(rows)
        if self._buffered >= c.flush_rows:
            self._flush()

    def _flush(self) -> None:
        self._flushed = time.monotonic()
        if self._writer is None or not self._buffered:
            return
        times = np.concatenate(self._buffer_t)
        cols = {name: join_column(parts) for name, parts in self._buffer.items()}
        self._buffer_t, self._buffer, self._buffered = [], {}, 0
        try:
            self._writer.write(times, cols)
        except OSError:
            log.exception("capture store write failed; %d rows lost", len(times))
            self.metrics.capture_lost.inc(len(times))
            return
        self.metrics.captured.inc(len(times))

    def _tick(self) -> None:
        now = time.monotonic()
        if self.capture is not None and now - self._flushed >= self.capture.flush_seconds:
            self._flush()
        if self.drift is not None and now - self._checked >= self.drift.check_every:
            self._check()

    def _check(self, force: bool = False) -> None:
        """Set the gauges and raise alerts for what passed its level."""
        self._checked = time.monotonic()
        d = self.drift
        if d is None or self.window is None:
            return
        values = self.window.psi()
        self.metrics.drift_rows.set(self.window.rows)
        drifted = []
        for name, value in zip(self.window.names, values, strict=True):
            self.metrics.drift_psi.labels(name).set(float(value))
            if np.isfinite(value) and value > d.threshold:
                drifted.append((name, float(value)))
        for name, value in drifted:
            severity = Severity.HIGH if value > 2 * d.threshold else Severity.MEDIUM
            self._alert(
                "drift", severity, f"feature:{name}",
                {"statistic": "psi", "value": round(value, 6), "threshold": d.threshold,
                 "window_rows": self.window.rows, "bins": d.bins},
            )  # fmt: skip
        for guard, counter in self.rates.items():
            rate = counter.rate()
            if rate is None:
                continue
            self.metrics.guard_flag_rate.labels(guard).set(rate.value)
            if rate.low > d.flag_threshold:
                self._alert(
                    "guard_rate", Severity.HIGH, f"guard:{guard}",
                    {"rate": rate.to_dict(), "threshold": d.flag_threshold},
                )  # fmt: skip

    def _alert(self, kind: str, severity: Severity, subject: str, details: dict[str, Any]) -> None:
        if self.alerter is not None:
            self.alerter.emit(Alert(kind, severity, subject, details))

    # -- lifecycle -----------------------------------------------------------------------------

    def sync(self, timeout: float = 10.0) -> bool:
        """Process everything queued so far, flush the capture buffer and update the gauges
        now; True when done within ``timeout`` seconds (tests and shutdown)."""
        done = threading.Event()
        try:
            self._queue.put(("sync", done), timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)
        if self._writer is not None:
            self._writer.close()
