"""The capture writer process: masking, sealing (AES-256-GCM) and writing of capture records
in a child process, so that the gateway's interpreter lock is never held for them.

The gateway's tap thread writes the raw rows of each record of at most 512 rows to a pipe
(the inputs and probabilities as they were answered, row-major); the child builds the columns,
masks them (the ``[capture]`` ``mask`` list or ``masker``, rebuilt in the child from the
config), and appends the record to the store with
:class:`~hauberk.monitor.CaptureWriter`: the store format (version 2), the records and the
encryption at rest are those of the in-process writer.

- **Never blocks serving.** The parent writes a record only while the bytes the child has not
  acknowledged, with it, fit in the pipe's buffer (counted in whole pages, as the pipe holds
  them; ``F_SETPIPE_SZ`` asks for 4 MiB, else 1 MiB), so a write never waits for a busy or
  stopped child. Records that do not fit yet wait in the gateway (at most ``WAITING_BYTES``)
  and go on the tap thread's next step; beyond that they are dropped and counted
  (``hauberk_capture_lost_rows``). Only the
  tap thread ever writes; the request path only appends to the tap's deque.
- **Acknowledged.** The child answers every record with the rows it wrote (or lost to an
  ``OSError``); the parent counts them in ``hauberk_captured_rows`` /
  ``hauberk_capture_lost_rows``. ``sync`` waits until the child has written everything sent.
- **Clean shutdown.** ``close`` sends a close frame and waits for the child to seal its open
  segment. A gateway killed outright closes the pipe: the child reads end-of-file, writes what
  it has, seals the segment and exits. The child ignores SIGINT and SIGTERM (a Ctrl-C to the
  process group stops the gateway, which then closes the child in order).
- **Child death** is found on the tap thread's next step (every 0.1 s) or write: logged,
  counted in ``hauberk_capture_writer_failures``, ``hauberk_capture_degraded`` set to 1, the
  rows in flight counted lost; a new child is started after ``RESTART_SECONDS`` (a new
  segment; the dead child's segment stays an open tail, which the reader reports). A child
  that keeps failing (a store it cannot write, say) is retried with exponential backoff,
  ``RESTART_SECONDS`` doubling up to ``RESTART_MAX_SECONDS``: one error, then a warning per
  retry, not an error every few seconds. The first acknowledgement of a new child resets it.
- **Minimal environment.** The child gets ``PATH``, the locale and time-zone variables,
  ``TMPDIR`` and a ``PYTHONPATH`` that finds this hauberk (and the gateway's own
  ``PYTHONPATH``, for a configured masker), not the gateway's whole environment (which may
  hold credentials the writer has no use for).
- **Lower priority.** The child runs at nice +10 under ``SCHED_BATCH``, so that its bursts of
  sealing (about a millisecond of CPU per 512-row record) do not preempt the gateway when a
  record wakes it. Against one busy thread it still gets about a tenth of a core: some
  40,000 rows a second at the ~2.5 µs a row bench/gateway_capture.py measured; starved
  harder, its pipe fills and records are dropped and counted, never waited for. Between the
  stages of a record (parse, mask, encode, seal and write) it yields the CPU
  (``YIELD_STAGES``), so a gateway thread on the same core waits out ~0.1 ms, not ~0.5 ms.

The key reaches the child through the pipe, never its command line or environment.

Frames parent -> child: ``type u8 | length u32 BE | payload``; ``I`` init (JSON settings),
``X`` raw rows (a small header, then times, inputs and probabilities as row-major float64 and
the versions and principals as JSON: the arrays' own buffers go to ``writev``, and the child
builds the record's columns), ``R`` a record masked in the gateway (v2 plaintext), ``S`` sync,
``C`` close. Child -> parent: ``type u8 | rows u32 |
bytes u32``; ``W`` written, ``L`` lost, ``S`` synced, ``E`` failed to start.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import struct
import subprocess
import sys
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

log = logging.getLogger("hauberk.gateway")

_FRAME = struct.Struct(">BI")
_ROWS = struct.Struct(">IIIII")  # rows, input columns, classes, versions bytes, principals bytes
_F8 = np.dtype("<f8")
_ACK = struct.Struct(">BII")
#: Pipe buffer asked for, largest first (Linux ``F_SETPIPE_SZ``); between the two, the
#: system's ``/proc/sys/fs/pipe-max-size`` (the most an unprivileged process may ask for) is
#: tried too, and a refusal falls through to the next size.
PIPE_BYTES = (4 << 20, 1 << 20)
#: The child runs at this nice value and under ``SCHED_BATCH`` (where the system allows): its
#: bursts of sealing (~1 ms of CPU per 512-row record) wait for a core the gateway leaves
#: idle instead of preempting the gateway's threads when its pipe wakes it.
CHILD_NICE = 10
#: Whether new children step aside (``CHILD_NICE``, ``SCHED_BATCH``); off only to measure
#: what it is worth (bench/gateway_capture_lag.py).
STEP_ASIDE = True
#: Whether new children give up the CPU (``sched_yield``) between the stages of a record
#: (parse, mask, encode, seal and write), so that a record is several short bursts rather
#: than one long one that a gateway thread sharing the core waits out; off only to measure
#: what it is worth (the lag bench's "writer in one burst a record" setup).
YIELD_STAGES = True
#: Seconds after a child died before another is started; doubled after each child in a row
#: that fails before it acknowledged anything, up to ``RESTART_MAX_SECONDS``.
RESTART_SECONDS = 5.0
RESTART_MAX_SECONDS = 300.0
#: The only variables of the gateway's environment the child is given (``PYTHONPATH`` is
#: built: this hauberk's source first).
CHILD_ENV = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "SYSTEMROOT")
_F_SETPIPE_SZ = 1031
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: Encoded records waiting in the gateway for room in the pipe, at most (then dropped).
WAITING_BYTES = 16 << 20
_ENTRY = "import sys; from hauberk.gateway._capture_proc import main; sys.exit(main(sys.argv[1:]))"


def restart_delay(failures: int) -> float:
    """Seconds to wait before the next child after ``failures`` children in a row failed."""
    return float(min(RESTART_SECONDS * 2.0 ** max(failures - 1, 0), RESTART_MAX_SECONDS))


def child_env() -> dict[str, str]:
    """The writer child's environment: a few variables of ours, and a ``PYTHONPATH`` on which
    it imports the same hauberk (and a masker the gateway can import)."""
    env = {k: os.environ[k] for k in CHILD_ENV if k in os.environ}
    env.setdefault("PATH", os.defpath)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)
    return env


def _grow_pipe(fd: int) -> int:
    """Make the pipe's buffer as large as allowed; its size in bytes."""
    import fcntl

    try:
        limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    except (OSError, ValueError):
        limit = PIPE_BYTES[-1]
    sizes = sorted({*PIPE_BYTES, min(limit, PIPE_BYTES[0])}, reverse=True)
    for size in sizes:
        try:
            return int(fcntl.fcntl(fd, _F_SETPIPE_SZ, size))
        except OSError:
            continue
    try:
        return int(fcntl.fcntl(fd, 1032))  # F_GETPIPE_SZ
    except OSError:
        return 65536


@dataclass(frozen=True)
class Layout:
    """How a record's columns come from the raw rows: the captured input names and their
    indices among the model's inputs (``None``: all), the class names, and which outputs."""

    names: list[str]
    inputs: list[int] | None
    classes: list[str]
    label: bool
    proba: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def record_columns(
    layout: Layout,
    x: NDArray[Any],
    proba: NDArray[Any],
    versions: Sequence[str] | None,
    principals: Sequence[str] | None,
) -> dict[str, Any]:
    """The record's columns in store order: inputs, ``label``, ``p_<class>``,
    ``model_version``, ``principal``."""
    if layout.inputs is not None:
        x = x[:, layout.inputs]
    xt = np.array(x.T, dtype=np.float64, order="C")  # one contiguous row per column
    cols: dict[str, Any] = {name: xt[j] for j, name in enumerate(layout.names)}
    if layout.label:
        labels = np.asarray(layout.classes, dtype=object)
        cols["label"] = labels[proba.argmax(axis=1)].tolist()
    if layout.proba:
        pt = np.array(proba.T, dtype=np.float64, order="C")
        for k, name in enumerate(layout.classes):
            cols[f"p_{name}"] = pt[k]
    if versions is not None:
        cols["model_version"] = list(versions)
    if principals is not None:
        cols["principal"] = list(principals)
    return cols


def _rows_frame(
    times: NDArray[Any],
    x: NDArray[Any],
    proba: NDArray[Any],
    versions: Sequence[str] | None,
    principals: Sequence[str] | None,
) -> list[Any]:
    """A raw record: a small header, then the arrays' own buffers (no copy when they are
    contiguous little-endian float64), then the version and principal lists as JSON."""
    v = b"" if versions is None else json.dumps(list(versions), separators=(",", ":")).encode()
    p = b"" if principals is None else json.dumps(list(principals), separators=(",", ":")).encode()
    n = len(times)
    arrays = [np.ascontiguousarray(a, dtype=_F8) for a in (times, x, proba)]
    head = _ROWS.pack(n, arrays[1].shape[1], arrays[2].shape[1], len(v), len(p))
    return [head, *(a.reshape(-1).view(np.uint8).data for a in arrays), v, p]


def _parse_rows(body: bytes, layout: Layout) -> tuple[NDArray[np.float64], dict[str, Any]]:
    """The inverse of :func:`_rows_frame`, each length checked against the bytes there."""
    n, nx, nk, lv, lp = _ROWS.unpack_from(body)
    at = _ROWS.size
    need = at + 8 * n * (1 + nx + nk) + lv + lp
    if need != len(body):
        raise ValueError(f"raw record of {len(body)} bytes, its header says {need}")
    times = np.frombuffer(body, dtype=_F8, count=n, offset=at)
    at += 8 * n
    x = np.frombuffer(body, dtype=_F8, count=n * nx, offset=at).reshape(n, nx)
    at += 8 * n * nx
    proba = np.frombuffer(body, dtype=_F8, count=n * nk, offset=at).reshape(n, nk)
    at += 8 * n * nk
    versions = json.loads(body[at : at + lv]) if lv else None
    principals = json.loads(body[at + lv : at + lv + lp]) if lp else None
    return times.astype(np.float64), record_columns(layout, x, proba, versions, principals)


class CaptureProcess:
    """The gateway's side of the writer process. Not thread-safe: the tap thread owns it."""

    def __init__(self, settings: dict[str, Any], key: bytes) -> None:
        self._settings = settings
        self._key = bytes(key)
        self._proc: subprocess.Popen[bytes] | None = None
        self._out = self._in = -1
        self.capacity = 0
        self._inflight: list[tuple[int, int]] = []  # (rows, bytes) sent, not yet acknowledged
        self._inflight_bytes = 0
        # (kind, buffers, bytes), rows: encoded, not yet sent
        self._waiting: deque[tuple[tuple[bytes, list[Any], int], int]] = deque()
        self._waiting_bytes = 0
        self.max_waiting_bytes = WAITING_BYTES
        self._acks = b""
        self._synced = 0
        self._died_at: float | None = None
        self.failing = 0  # children in a row that died before they acknowledged anything
        self.retry_in = 0.0  # seconds from the last death to the next start
        # totals since start, read by the tap after each poll
        self.rows_written = self.rows_lost = self.records_written = self.failures = 0
        self.degraded = False
        self._start()

    # -- lifecycle -----------------------------------------------------------------------------

    def _start(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self.capacity = _grow_pipe(to_child_w)
        env = child_env()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _ENTRY, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )  # fmt: skip
        except BaseException:
            os.close(to_child_w)
            os.close(from_child_r)
            raise
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._out, self._in = to_child_w, from_child_r
        os.set_blocking(self._in, False)
        self._inflight, self._inflight_bytes, self._acks = [], 0, b""
        init = json.dumps(
            {
                **self._settings,
                "key": self._key.hex(),
                "step_aside": STEP_ASIDE,
                "yield_stages": YIELD_STAGES,
            }
        ).encode()
        self._frame(b"I", init)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _frame(self, kind: bytes, payload: bytes | list[Any]) -> None:
        parts = [payload] if isinstance(payload, bytes) else payload
        size = sum(memoryview(b).nbytes for b in parts)
        buffers = [_FRAME.pack(kind[0], size), *parts]
        n = os.writev(self._out, buffers)  # the payload's own buffers, no joined copy
        total = _FRAME.size + size
        if n < total:  # interrupted part-way (a signal): write the rest
            rest = memoryview(b"".join(bytes(b) for b in buffers))[n:]
            while rest:
                rest = rest[os.write(self._out, rest) :]

    def _dead(self, why: str) -> None:
        """The child is gone: count and report it once, and forget what was in flight."""
        if self._proc is None:
            return
        code = self._proc.poll()
        if code is None:
            self._proc.kill()
            code = self._proc.wait()
        lost = sum(rows for rows, _ in self._inflight) + sum(r for _, r in self._waiting)
        self._failed()
        (log.error if self.failing == 1 else log.warning)(
            "capture writer process %d died (%s, exit %s); %d rows in flight lost; capture is "
            "degraded until a new writer starts in %.0f s%s",
            self._proc.pid, why, code, lost, self.retry_in,
            f" ({self.failing} writers in a row failed)" if self.failing > 1 else "",
        )  # fmt: skip
        self.rows_lost += lost
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._proc = None
        self._out = self._in = -1
        self._inflight, self._inflight_bytes = [], 0
        self._waiting.clear()
        self._waiting_bytes = 0

    def _failed(self) -> None:
        """Count a child that died or could not be started; schedule the next one."""
        self.failures += 1
        self.failing += 1
        self.degraded = True
        self.retry_in = restart_delay(self.failing)
        self._died_at = time.monotonic()

    def _alive(self) -> bool:
        if self._proc is None:
            if self._died_at is not None and time.monotonic() - self._died_at >= self.retry_in:
                self._died_at = None
                try:
                    self._start()
                except OSError:
                    self._failed()
                    log.exception("capture writer process could not be restarted; next try "
                                  "in %.0f s", self.retry_in)  # fmt: skip
                    return False
                self.degraded = False
                log.warning("capture writer process restarted (pid %s)", self.pid)
            return self._proc is not None
        if self._proc.poll() is not None:
            self.poll()  # what it acknowledged before it went
            self._dead("exited")
            return False
        return True

    # -- the tap thread ------------------------------------------------------------------------

    def check(self) -> None:
        """Notice a child that exited (and start a new one once ``RESTART_SECONDS`` passed)."""
        self._alive()

    def send_rows(
        self,
        times: NDArray[Any],
        x: NDArray[Any],
        proba: NDArray[Any],
        versions: Sequence[str] | None,
        principals: Sequence[str] | None,
    ) -> bool:
        """Hand one record's raw rows to the child (it builds the columns with the
        :class:`Layout` of its settings, masks, seals); as :meth:`send`."""
        parts = _rows_frame(times, x, proba, versions, principals)
        return self._send(b"X", parts, len(times))

    def send(self, record: bytes, rows: int) -> bool:
        """Hand one encoded record (masked already) to the child, or keep it until the pipe
        has room; False when it was dropped (no child, or ``max_waiting_bytes`` already wait).
        Never waits."""
        return self._send(b"R", [record], rows)

    def _send(self, kind: bytes, parts: list[Any], rows: int) -> bool:
        record = (kind, parts, sum(memoryview(b).nbytes for b in parts))
        self.poll()
        if not self._alive():
            return False
        if self._waiting and self._waiting_bytes + record[2] > self.max_waiting_bytes:
            self.pump()
            if self._waiting and self._waiting_bytes + record[2] > self.max_waiting_bytes:
                return False
        self._waiting.append((record, rows))
        self._waiting_bytes += record[2]
        self.pump()
        return True

    def pump(self) -> None:
        """Write waiting records while the pipe has room for them."""
        while self._waiting and self._proc is not None:
            (kind, parts, nbytes), rows = self._waiting[0]
            # a pipe holds whole pages, and a write fills the last page only with its own
            # tail: count each frame as its pages plus one more, an upper bound on its room
            size = (-(-(_FRAME.size + nbytes) // _PAGE) + 1) * _PAGE
            if self._inflight_bytes + size > self.capacity and self._inflight:
                self.poll()
                if self._inflight_bytes + size > self.capacity and self._inflight:
                    return
            try:
                self._frame(kind, parts)
            except OSError as exc:  # BrokenPipeError: the child is gone
                self._dead(f"write failed: {exc}")
                return
            self._waiting.popleft()
            self._waiting_bytes -= nbytes
            self._inflight.append((rows, size))
            self._inflight_bytes += size

    def poll(self) -> None:
        """Read the child's acknowledgements that have arrived (does not wait)."""
        if self._in < 0:
            return
        while True:
            try:
                chunk = os.read(self._in, 65536)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                break
            self._acks += chunk
        n = len(self._acks) // _ACK.size
        for i in range(n):
            kind, rows, _size = _ACK.unpack_from(self._acks, i * _ACK.size)
            if kind != ord("E"):
                self.failing = 0  # this child works: the next failure waits RESTART_SECONDS
            if kind in (ord("W"), ord("L")):
                if self._inflight:
                    _, sent = self._inflight.pop(0)
                    self._inflight_bytes -= sent
                if kind == ord("W"):
                    self.rows_written += rows
                    self.records_written += 1
                else:
                    self.rows_lost += rows
            elif kind == ord("S"):
                self._synced += 1
            elif kind == ord("E"):  # an error the first time, then a warning per retry
                (log.error if self.failing == 0 else log.warning)(
                    "capture writer process could not start; see its log above"
                )
        self._acks = self._acks[n * _ACK.size :]

    def sync(self, timeout: float) -> bool:
        """Wait until the child has written everything sent so far."""
        if not self._alive():
            return False
        deadline = time.monotonic() + timeout
        while self._waiting and self._proc is not None:
            if time.monotonic() > deadline:
                return False
            self.pump()
            if self._waiting and self._in >= 0:
                select.select([self._in], [], [], 0.05)
        if not self._alive():
            return False
        want = self._synced + 1
        try:
            self._frame(b"S", b"")
        except OSError as exc:
            self._dead(f"write failed: {exc}")
            return False
        while self._synced < want:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            select.select([self._in], [], [], min(left, 0.5))
            self.poll()
            if self._synced < want and self._proc is not None and self._proc.poll() is not None:
                self.poll()
                self._dead("exited")
                return False
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Ask the child to seal its segment and exit; wait for it."""
        if self._proc is None:
            return
        deadline = time.monotonic() + timeout
        while self._waiting and self._proc is not None and time.monotonic() < deadline:
            self.pump()
            if self._waiting and self._in >= 0:
                select.select([self._in], [], [], 0.05)
        if self._proc is None:
            return
        with contextlib.suppress(OSError):
            self._frame(b"C", b"")
        os.close(self._out)
        while self._proc.poll() is None and time.monotonic() < deadline:
            select.select([self._in], [], [], 0.2)
            self.poll()
        if self._proc.poll() is None:
            log.error("capture writer process %d did not finish in %.0f s; killed",
                      self._proc.pid, timeout)  # fmt: skip
            self._proc.kill()
            self._proc.wait()
        self.poll()
        self.rows_lost += sum(rows for rows, _ in self._inflight) + sum(r for _, r in self._waiting)
        self._inflight, self._inflight_bytes = [], 0
        self._waiting.clear()
        os.close(self._in)
        self._proc = None
        self._out = self._in = -1


# -- the child ---------------------------------------------------------------------------------


def _read_exactly(fd: int, n: int) -> bytes | None:
    parts, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _child(fd_in: int, fd_out: int) -> int:
    from hauberk.gateway._tap import ColumnMasker, Masker, load_masker
    from hauberk.monitor._capture import CaptureWriter, _decode_v2

    def ack(kind: bytes, rows: int = 0, size: int = 0) -> None:
        os.write(fd_out, _ACK.pack(kind[0], rows, size))

    head = _read_exactly(fd_in, _FRAME.size)
    if head is None:
        return 0
    kind, length = _FRAME.unpack(head)
    body = _read_exactly(fd_in, length)
    if kind != ord("I") or body is None:
        ack(b"E")
        return 2
    try:
        s = json.loads(body)
        writer = CaptureWriter(
            s["store"],
            bytes.fromhex(s["key"]),
            max_segment_bytes=s["max_segment_bytes"],
            max_segment_seconds=s["max_segment_seconds"],
            max_store_bytes=s["max_store_bytes"],
        )
        masker: Masker = (
            load_masker(s["masker"], s["mask"]) if s["masker"] else ColumnMasker(s["mask"])
        )
        layout = Layout(**s["layout"])
    except Exception:
        log.exception("capture writer process: bad settings")
        ack(b"E")
        return 2
    if s.get("step_aside", True):
        _step_aside()
    pause = _pause if s.get("yield_stages", True) and hasattr(os, "sched_yield") else None
    try:
        while True:
            head = _read_exactly(fd_in, _FRAME.size)
            if head is None:  # the gateway is gone: seal what we have
                break
            kind, length = _FRAME.unpack(head)
            body = _read_exactly(fd_in, length) if length else b""
            if body is None:
                break
            if kind in (ord("R"), ord("X")):
                if kind == ord("R"):
                    times, columns = _decode_v2(body)
                else:
                    times, columns = _parse_rows(body, layout)
                if pause is not None:
                    pause()
                columns = masker(columns)
                if pause is not None:
                    pause()
                try:
                    writer.write(times, columns, pause=pause)
                except OSError:
                    log.exception("capture store write failed; %d rows lost", len(times))
                    ack(b"L", len(times), length)
                    continue
                ack(b"W", len(times), length)
            elif kind == ord("S"):
                ack(b"S")
            elif kind == ord("C"):
                break
    finally:
        writer.close()
    return 0


def _pause() -> None:
    """Between two stages of a record: let a thread waiting for this core run first."""
    os.sched_yield()


def _step_aside() -> None:
    """Lower this process's CPU priority (``CHILD_NICE``, ``SCHED_BATCH``): the gateway
    serves first; a child starved of CPU fills its pipe, and the gateway drops and counts
    records rather than wait."""
    if hasattr(os, "SCHED_BATCH"):
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    with contextlib.suppress(OSError):
        os.nice(CHILD_NICE)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the gateway closes us in order
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    return _child(int(argv[0]), int(argv[1]))
