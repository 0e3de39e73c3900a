"""The capture writer process: masking, sealing (AES-256-GCM) and writing of capture records
in a child process, so that the gateway's interpreter lock is never held for them.

The gateway's tap thread encodes each record of at most 512 rows as a version-2 plaintext
(:func:`hauberk.monitor._capture.encode_record`: numeric columns are a memory copy) and writes
it to a pipe; the child decodes it, masks it (the ``[capture]`` ``mask`` list or ``masker``,
rebuilt in the child from the config), and appends it to the store with
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
- **Child death** is found on the next write (a broken pipe) or poll: logged, counted in
  ``hauberk_capture_writer_failures``, ``hauberk_capture_degraded`` set to 1, the rows in
  flight counted lost; a new child is started after ``RESTART_SECONDS`` (a new segment; the
  dead child's segment stays an open tail, which the reader reports).

The key reaches the child through the pipe, never its command line or environment.

Frames parent -> child: ``type u8 | length u32 BE | payload``; ``I`` init (JSON settings),
``R`` record (v2 plaintext), ``S`` sync, ``C`` close. Child -> parent: ``type u8 | rows u32 |
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
from pathlib import Path
from typing import Any

log = logging.getLogger("hauberk.gateway")

_FRAME = struct.Struct(">BI")
_ACK = struct.Struct(">BII")
#: Pipe buffer asked for, largest first (Linux ``F_SETPIPE_SZ``).
PIPE_BYTES = (4 << 20, 1 << 20)
#: Seconds after a child died before another is started.
RESTART_SECONDS = 5.0
_F_SETPIPE_SZ = 1031
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: Encoded records waiting in the gateway for room in the pipe, at most (then dropped).
WAITING_BYTES = 16 << 20
_ENTRY = "import sys; from hauberk.gateway._capture_proc import main; sys.exit(main(sys.argv[1:]))"


def _grow_pipe(fd: int) -> int:
    """Make the pipe's buffer as large as allowed; its size in bytes."""
    import fcntl

    for size in PIPE_BYTES:
        try:
            return int(fcntl.fcntl(fd, _F_SETPIPE_SZ, size))
        except OSError:
            continue
    try:
        return int(fcntl.fcntl(fd, 1032))  # F_GETPIPE_SZ
    except OSError:
        return 65536


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
        self._waiting: deque[tuple[bytes, int]] = deque()  # encoded, not yet sent
        self._waiting_bytes = 0
        self.max_waiting_bytes = WAITING_BYTES
        self._acks = b""
        self._synced = 0
        self._died_at: float | None = None
        # totals since start, read by the tap after each poll
        self.rows_written = self.rows_lost = self.records_written = self.failures = 0
        self.degraded = False
        self._start()

    # -- lifecycle -----------------------------------------------------------------------------

    def _start(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self.capacity = _grow_pipe(to_child_w)
        env = dict(os.environ)
        src = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _ENTRY, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w),
                stdin=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )  # fmt: skip
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._out, self._in = to_child_w, from_child_r
        os.set_blocking(self._in, False)
        self._inflight, self._inflight_bytes, self._acks = [], 0, b""
        init = json.dumps({**self._settings, "key": self._key.hex()}).encode()
        self._frame(b"I", init)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _frame(self, kind: bytes, payload: bytes) -> None:
        data = memoryview(_FRAME.pack(kind[0], len(payload)) + payload)
        while data:
            n = os.write(self._out, data)
            data = data[n:]

    def _dead(self, why: str) -> None:
        """The child is gone: count and report it once, and forget what was in flight."""
        if self._proc is None:
            return
        code = self._proc.poll()
        if code is None:
            self._proc.kill()
            code = self._proc.wait()
        lost = sum(rows for rows, _ in self._inflight) + sum(r for _, r in self._waiting)
        log.error(
            "capture writer process %d died (%s, exit %s); %d rows in flight lost; capture is "
            "degraded until a new writer starts in %.0f s",
            self._proc.pid, why, code, lost, RESTART_SECONDS,
        )  # fmt: skip
        self.rows_lost += lost
        self.failures += 1
        self.degraded = True
        self._died_at = time.monotonic()
        for fd in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._proc = None
        self._out = self._in = -1
        self._inflight, self._inflight_bytes = [], 0
        self._waiting.clear()
        self._waiting_bytes = 0

    def _alive(self) -> bool:
        if self._proc is None:
            if self._died_at is not None and time.monotonic() - self._died_at >= RESTART_SECONDS:
                self._died_at = None
                try:
                    self._start()
                except OSError:
                    log.exception("capture writer process could not be restarted")
                    self._died_at = time.monotonic()
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

    def send(self, record: bytes, rows: int) -> bool:
        """Hand one encoded record to the child, or keep it until the pipe has room; False
        when it was dropped (no child, or ``max_waiting_bytes`` already wait). Never waits."""
        self.poll()
        if not self._alive():
            return False
        if self._waiting and self._waiting_bytes + len(record) > self.max_waiting_bytes:
            self.pump()
            if self._waiting and self._waiting_bytes + len(record) > self.max_waiting_bytes:
                return False
        self._waiting.append((record, rows))
        self._waiting_bytes += len(record)
        self.pump()
        return True

    def pump(self) -> None:
        """Write waiting records while the pipe has room for them."""
        while self._waiting and self._proc is not None:
            record, rows = self._waiting[0]
            # a pipe holds whole pages, and a write fills the last page only with its own
            # tail: count each frame as its pages plus one more, an upper bound on its room
            size = (-(-(_FRAME.size + len(record)) // _PAGE) + 1) * _PAGE
            if self._inflight_bytes + size > self.capacity and self._inflight:
                self.poll()
                if self._inflight_bytes + size > self.capacity and self._inflight:
                    return
            try:
                self._frame(b"R", record)
            except OSError as exc:  # BrokenPipeError: the child is gone
                self._dead(f"write failed: {exc}")
                return
            self._waiting.popleft()
            self._waiting_bytes -= len(record)
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
            elif kind == ord("E"):
                log.error("capture writer process could not start; see its log above")
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
    except Exception:
        log.exception("capture writer process: bad settings")
        ack(b"E")
        return 2
    try:
        while True:
            head = _read_exactly(fd_in, _FRAME.size)
            if head is None:  # the gateway is gone: seal what we have
                break
            kind, length = _FRAME.unpack(head)
            body = _read_exactly(fd_in, length) if length else b""
            if body is None:
                break
            if kind == ord("R"):
                times, columns = _decode_v2(body)
                try:
                    writer.write(times, masker(columns))
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


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the gateway closes us in order
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    return _child(int(argv[0]), int(argv[1]))
