"""Traffic capture and windowed drift statistics, off the request path.

The request path appends one tuple of references (the request's arrays, its model version and
principal, whether it is sampled, the time) to a deque: no lock, no copy, no numpy. A guard
refusal appends the guard's name. When ``queue_size`` samples are waiting the sample is
dropped and counted (``hauberk_tap_dropped``): serving never waits for the disk or the
statistics. One thread (``hauberk-tap``) wakes every ``BATCH_SECONDS`` and takes what waits,
at most ``MAX_BATCH`` items per step, so that it holds the interpreter lock in short slices:

- guard-flag rates: every request is an event for each guard's
  :class:`~hauberk.monitor.WindowedRate`, added per batch (``[drift]``);
- drift: the answered rows wait, at most ``window`` of them, and are binned into the
  per-feature :class:`~hauberk.monitor.WindowedPSI` only when the statistics are read (every
  ``check_every`` seconds, or on ``sync``) in slices of ``BIN_ROWS`` rows. Rows that the
  window would have pushed out before the read are never binned, so the cost no longer grows
  with traffic above ``window`` rows per check;
- capture: each batch's sampled requests become one row-major array of inputs and one of
  probabilities; every ``flush_rows`` rows (or ``flush_seconds``) they are cut into records
  of at most ``RECORD_ROWS`` rows whose raw arrays go to the capture writer process
  (:mod:`hauberk.gateway._capture_proc`), which builds the columns, masks, encrypts and
  writes them, so that neither sealing nor the disk holds this process's interpreter lock
  (``[capture]``);
- every ``check_every`` seconds the gauges on ``/metrics`` are set and alerts raised (drift of
  a feature, a guard-flag rate whose interval is above its level) through the
  :class:`~hauberk.monitor.Alerter`.

Masking is a callable from ``{column: values}`` to ``{column: values}``, where values are a
list, or a 1-D numeric array for features and probabilities: by default the ``mask`` columns
are blanked (``null``); ``masker`` names a replacement (the data issue's PII recognizers plug
in here). It is called once per record (at most ``RECORD_ROWS`` rows), in the writer
process, which builds it from the config; a masker passed to :class:`TrafficTap` as an object
runs on the tap thread instead.
"""

from __future__ import annotations

import importlib
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, Severity
from hauberk.gateway._capture_proc import CaptureProcess, Layout, record_columns
from hauberk.gateway._config import CaptureConfig, DriftWindowConfig, GatewayConfig
from hauberk.gateway._metrics import GatewayMetrics
from hauberk.monitor import Alert, Alerter
from hauberk.monitor._capture import check_writer_settings, encode_record
from hauberk.monitor._window import WindowedPSI, WindowedRate

log = logging.getLogger("hauberk.gateway")

#: column name -> a list of values, or a 1-D numeric array (features, probabilities)
Columns = dict[str, Any]
#: Most waiting items the tap thread handles in one step (one slice of the interpreter lock).
MAX_BATCH = 1024
#: Pause of the tap thread between steps, seconds. Each wake costs ~50-100 µs of CPU on a
#: small VM (a timed futex wait and the context switches), so it is not shorter than it must be:
#: at 2,000 requests/s a step still takes only ~200 items.
BATCH_SECONDS = 0.1
#: The tap thread lets go of the interpreter lock (``sleep(0)``) once it has run this long
#: since it last did; a yield is itself ~0.1 ms on a loaded VM, so not after every slice.
YIELD_SECONDS = 0.0002
#: Rows binned into the drift window per slice.
BIN_ROWS = 256
#: Most rows per capture record: a flush of ``flush_rows`` rows is written as records of
#: whole tap batches, a new record once this many rows are in one, and a large batch cut into
#: records of this many (~0.3 MB at 76 columns); each is masked, encoded and sealed in its own
#: short slices rather than one multi-millisecond hold of the interpreter lock.
RECORD_ROWS = 512
#: At most this many feature values wait unbinned (drift with a very large window bins early).
MAX_PENDING_VALUES = 4_000_000
Masker = Callable[[Columns], Columns]
#: Longest wait of ``sync`` for the capture writer process to confirm its writes.
SYNC_SECONDS = 10.0


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


class _Sync(threading.Event):
    """A sync request riding in the queue; ``confirmed`` is false when the capture writer
    process could not confirm its writes."""

    confirmed = True


class TrafficTap:
    """The pending deque, the thread and the state behind ``[capture]`` and ``[drift]``."""

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
        self._size = max(
            self.capture.queue_size if self.capture else 1,
            self.drift.queue_size if self.drift else 1,
        )
        # request path -> tap thread: deque.append and popleft are atomic, so no lock is taken
        # per request; control items (sync events, the stop marker) ride in order with them
        self._pending: deque[Any] = deque()
        self._wake = threading.Event()
        self.dropped = 0
        self.cpu_seconds = 0.0  # CPU time of the tap thread so far (benchmarks)
        # longest CPU time of the tap thread between two yields (benchmarks): an upper bound on
        # how long it held the interpreter lock in one go
        self.max_slice_seconds = 0.0
        self._slice = self._slice_cpu = 0.0
        self._writer: CaptureProcess | None = None
        self._layout: Layout | None = None
        self._seen = (0, 0, 0)  # rows written, rows lost, failures of the writer counted so far
        self._lost_sends = 0
        self._random = random.Random(self.capture.seed if self.capture else None).random  # noqa: S311
        self._rate = self.capture.sample_rate if self.capture else 0.0
        self._kept: list[tuple[Any, ...]] = []  # sampled requests since the last flush
        self._kept_rows = 0
        self._flushed = time.monotonic()
        self._inputs: list[int] | None = None
        self._captured: Sequence[str] = ()
        self.masker: Masker | None = None
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
            self._captured = [self.names[j] for j in self._inputs] if self._inputs else self.names
            if c.masker is not None:
                load_masker(c.masker, c.mask)  # a bad spec is a config error here, not later
            # masking from the config runs in the writer process; a masker handed in here (an
            # object, not a config entry) runs on the tap thread before the record is sent
            self.masker = masker
            check_writer_settings(
                capture_key, c.max_segment_bytes, c.max_segment_seconds, c.max_store_bytes
            )
            store = config.resolve(c.store)
            store.mkdir(parents=True, exist_ok=True)
            self._layout = Layout(
                names=list(self._captured),
                inputs=self._inputs,
                classes=self.classes,
                label="label" in c.outputs,
                proba="proba" in c.outputs,
            )
            self._writer = CaptureProcess(
                {
                    "store": str(store),
                    "max_segment_bytes": c.max_segment_bytes,
                    "max_segment_seconds": c.max_segment_seconds,
                    "max_store_bytes": c.max_store_bytes,
                    "mask": list(c.mask),
                    "masker": c.masker,
                    "layout": self._layout.to_dict(),
                },
                capture_key,
            )
        self.window: WindowedPSI | None = None
        self.rates: dict[str, WindowedRate] = {}
        # answered rows not yet binned into the window (newest last), and how many
        self._rows: deque[NDArray[Any]] = deque()
        self._rows_n = 0
        self._rows_cap = 0
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
            self._rows_cap = max(BIN_ROWS, MAX_PENDING_VALUES // max(features, 1))
        self._checked = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="hauberk-tap", daemon=True)
        self._thread.start()

    # -- the request path ----------------------------------------------------------------------

    def offer(self, x: NDArray[Any], proba: NDArray[Any], version: str, principal: str) -> None:
        """Hand an answered request to the tap; never blocks, copies nothing."""
        rate = self._rate
        keep = rate >= 1 or (rate > 0 and self._random() < rate)
        if not keep and self.window is None:
            return
        if len(self._pending) >= self._size:
            self._drop()
            return
        self._pending.append((x, proba, version, principal, keep, time.time() if keep else 0.0))

    def flag(self, guard: str) -> None:
        """A guard refused a request."""
        if not self.rates:
            return
        if len(self._pending) >= self._size:
            self._drop()
            return
        self._pending.append(guard)

    def _drop(self) -> None:
        self.dropped += 1
        self.metrics.tap_dropped.inc()

    # -- the tap thread ------------------------------------------------------------------------

    def _yield(self, end: bool = False) -> None:
        """Between two pieces of work: let the serving thread take the interpreter lock if
        this thread has held it for ``YIELD_SECONDS`` (or at the ``end`` of a step)."""
        if time.perf_counter() - self._slice >= YIELD_SECONDS or end:
            cpu = time.thread_time()
            self.max_slice_seconds = max(self.max_slice_seconds, cpu - self._slice_cpu)
            if not end:
                time.sleep(0)
            self._slice, self._slice_cpu = time.perf_counter(), time.thread_time()

    def _take(self) -> list[Any]:
        pending = self._pending
        return [pending.popleft() for _ in range(min(len(pending), MAX_BATCH))]

    def _run(self) -> None:
        start = time.thread_time()
        stop = False
        while not stop:
            self._wake.wait(BATCH_SECONDS)
            self._wake.clear()
            self._slice, self._slice_cpu = time.perf_counter(), time.thread_time()
            while True:
                items = self._take()
                syncs: list[_Sync] = []
                try:
                    stop = self._process(items, syncs) or stop
                except Exception:  # a bad sample must not stop monitoring
                    log.exception("traffic tap failed on a batch of samples")
                    stop = stop or any(item is None for item in items)
                    syncs = [i for i in items if isinstance(i, _Sync)]
                try:
                    if syncs or stop:
                        self._flush()
                        if syncs and self._writer is not None:
                            confirmed = self._writer.sync(SYNC_SECONDS)
                            self._acknowledged()
                            for event in syncs:
                                event.confirmed = confirmed
                        self._check()
                    else:
                        self._tick()
                except Exception:
                    log.exception("traffic tap failed to write or update its statistics")
                for event in syncs:
                    event.set()
                if len(items) < MAX_BATCH or stop:
                    self._yield(end=True)
                    break
                self._yield()
            self.cpu_seconds = time.thread_time() - start

    def _process(self, items: list[Any], syncs: list[_Sync]) -> bool:
        """Handle a batch in order; True when it holds the stop marker."""
        rows: list[NDArray[Any]] = []
        events: list[str | None] = []  # per request: None answered, else the refusing guard
        kept: list[tuple[Any, ...]] = []
        rates = bool(self.rates)
        stop = False
        for item in items:
            if type(item) is tuple:
                rows.append(item[0])
                if rates:
                    events.append(None)
                if item[4]:
                    kept.append(item)
            elif type(item) is str:
                events.append(item)
            elif item is None:
                stop = True
            else:
                syncs.append(item)
        if events:
            for name, counter in self.rates.items():
                counter.extend([e == name for e in events])
        if rows and self.window is not None:
            arr = rows[0] if len(rows) == 1 else np.concatenate(rows)
            self._wait_rows(arr.reshape(len(arr), -1))
        if kept and self._writer is not None:
            self._keep(kept)
        return stop

    def _keep(self, kept: list[tuple[Any, ...]]) -> None:
        """This batch's sampled requests as one row-major array of inputs and one of
        probabilities (a copy: one ``concatenate`` each), their times, versions, principals."""
        c = self.capture
        assert c is not None
        counts = [len(k[0]) for k in kept]
        total = sum(counts)
        single = total == len(kept)  # one row per request, the usual case

        def per_row(values: list[Any]) -> list[Any]:
            return values if single else [v for v, n in zip(values, counts, strict=True)
                                          for _ in range(n)]  # fmt: skip

        self._kept.append(
            (
                np.concatenate([k[0] for k in kept]).reshape(total, -1),
                np.concatenate([k[1] for k in kept]),
                per_row([k[5] for k in kept]),
                per_row([k[2] for k in kept]) if "version" in c.outputs else None,
                per_row([k[3] for k in kept]) if c.principal else None,
            )
        )
        self._kept_rows += total
        if self._kept_rows >= c.flush_rows:
            self._flush()

    def _wait_rows(self, arr: NDArray[Any]) -> None:
        """Keep answered rows for the next read of the window; forget those it would not hold."""
        assert self.window is not None
        self._rows.append(arr)
        self._rows_n += len(arr)
        window = self.window.window
        while self._rows and self._rows_n - len(self._rows[0]) >= window:
            self._rows_n -= len(self._rows.popleft())  # pushed out before anyone reads it
        if self._rows_n > self._rows_cap:  # a very large window: bin early, memory stays bounded
            self._bin()

    def _bin(self) -> None:
        """Bin the waiting rows (the newest ``window`` of them) in slices of ``BIN_ROWS``."""
        window = self.window
        assert window is not None
        skip = max(self._rows_n - window.window, 0)
        while self._rows:
            chunk = self._rows.popleft()
            self._rows_n -= len(chunk)
            if skip >= len(chunk):
                skip -= len(chunk)
                continue
            chunk, skip = chunk[skip:], 0
            for lo in range(0, len(chunk), BIN_ROWS):
                window.update(chunk[lo : lo + BIN_ROWS])
                self._yield()

    def _flush(self) -> None:
        """Write the sampled rows as records of at most ``RECORD_ROWS`` rows, each joined,
        masked, encoded and sealed in its own short slices of the interpreter lock."""
        self._flushed = time.monotonic()
        kept, self._kept, self._kept_rows = self._kept, [], 0
        if self._writer is None or not kept:
            return
        group: list[tuple[Any, ...]] = []
        rows = 0
        for batch in kept:
            group.append(batch)
            rows += len(batch[2])
            if rows >= RECORD_ROWS:
                self._record(group)
                group, rows = [], 0
        if group:
            self._record(group)

    def _record(self, group: list[tuple[Any, ...]]) -> None:
        """Hand the group's rows to the writer process in records of at most ``RECORD_ROWS``:
        raw row-major arrays (it builds the columns, masks and seals), or, with a masker
        object, columns masked here and encoded."""
        one = len(group) == 1
        x = group[0][0] if one else np.concatenate([k[0] for k in group])
        proba = group[0][1] if one else np.concatenate([k[1] for k in group])
        times = np.asarray([t for k in group for t in k[2]], dtype=np.float64)
        versions = None if group[0][3] is None else [v for k in group for v in k[3]]
        principals = None if group[0][4] is None else [p for k in group for p in k[4]]
        for lo in range(0, len(times), RECORD_ROWS):  # a large batch: several records
            hi = lo + RECORD_ROWS
            part = (
                times[lo:hi],
                x[lo:hi],
                proba[lo:hi],
                None if versions is None else versions[lo:hi],
                None if principals is None else principals[lo:hi],
            )
            self._yield()
            self._write(*part)
            self._yield()

    def _write(
        self,
        times: NDArray[np.float64],
        x: NDArray[Any],
        proba: NDArray[Any],
        versions: list[str] | None,
        principals: list[str] | None,
    ) -> None:
        """Send one record to the writer process; a record it has no room for is lost."""
        assert self._writer is not None and self._layout is not None
        if self.masker is None:
            sent = self._writer.send_rows(times, x, proba, versions, principals)
        else:
            cols = self.masker(record_columns(self._layout, x, proba, versions, principals))
            self._yield()
            sent = self._writer.send(encode_record(times, cols), len(times))
        if not sent:
            self.metrics.capture_lost.inc(len(times))
            self._lost_sends += len(times)

    def _acknowledged(self) -> None:
        """Count what the writer process wrote (or lost) since the last look."""
        w = self._writer
        if w is None:
            return
        w.check()
        w.pump()
        w.poll()
        written, lost, failures = w.rows_written, w.rows_lost, w.failures
        if written > self._seen[0]:
            self.metrics.captured.inc(written - self._seen[0])
        if lost > self._seen[1]:
            self.metrics.capture_lost.inc(lost - self._seen[1])
        if failures > self._seen[2]:
            self.metrics.capture_writer_failures.inc(failures - self._seen[2])
        self._seen = (written, lost, failures)
        self.metrics.capture_degraded.set(1 if w.degraded else 0)

    @property
    def records_written(self) -> int:
        """Records the writer process acknowledged as written."""
        return self._writer.records_written if self._writer is not None else 0

    @property
    def writer_pid(self) -> int | None:
        """Process id of the capture writer process (benchmarks, tests)."""
        return self._writer.pid if self._writer is not None else None

    def _tick(self) -> None:
        self._acknowledged()
        now = time.monotonic()
        if self.capture is not None and now - self._flushed >= self.capture.flush_seconds:
            self._flush()
        if self.drift is not None and now - self._checked >= self.drift.check_every:
            self._check()

    def _check(self) -> None:
        """Bin the waiting rows, set the gauges and raise alerts for what passed its level."""
        self._checked = time.monotonic()
        d = self.drift
        if d is None or self.window is None:
            return
        self._bin()
        values = self.window.psi()
        self.metrics.drift_rows.set(self.window.rows)
        drifted = []
        for name, value in zip(self.window.names, values, strict=True):
            self.metrics.drift_psi.labels(name).set(float(value))  # a few µs each
            self._yield()
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
        now; True when done within ``timeout`` seconds and the capture writer process confirmed
        every record (tests and shutdown)."""
        done = _Sync()
        self._pending.append(done)
        self._wake.set()
        return done.wait(timeout) and done.confirmed

    def close(self) -> None:
        self._pending.append(None)
        self._wake.set()
        self._thread.join(timeout=30)
        if self._writer is not None:
            self._writer.close()
            self._acknowledged()
