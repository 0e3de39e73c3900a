"""The capture store: sampled requests and answers, encrypted at rest, in append-only segments.

A store is a directory of segment files ``seg-<start µs>-<random>.hbcap``. Each segment is::

    magic "HBCAP" | version u8 (2; 1 is still read) | salt 32 bytes | start time u64 (µs)
    then records: length u32 BE | AES-256-GCM sealed record

- Key: per segment ``HKDF-SHA256(master key, salt, "hauberk/capture/v1")``; the master key is
  the 32-byte AES key of ``hauberk keygen --type aes256`` (``load_encryption_key``).
- Record ``i`` has nonce ``i`` (u32 zero | u64 BE) and associated data ``header | i | last``:
  a changed header, a reordered, dropped, duplicated or inserted record all fail
  authentication. Rotation seals the segment with an empty *last* record, so cutting records
  off a closed segment is detected too; only the segment being written may end early (a
  crash), and the reader reports how many such tails it saw.
- A version-2 record's plaintext is columnar and binary where it can be, so that the writer
  thread holds the interpreter lock for a memory copy rather than for float formatting (JSON
  encoding of a 2,000-row record took ~25 ms, long enough to show in the gateway's p99)::

      header length u32 BE | header JSON {"rows": n, "columns": [[name, kind, bytes]...]}
      | times: n little-endian float64 | each column's payload in header order

  ``kind`` is ``f8`` (n little-endian float64) or ``json`` (a JSON list of n values: strings,
  masked ``null`` values, anything that is not a plain numeric array). A version-1 record is
  ``{"t": [epoch seconds...], "columns": {name: [values...]}}`` as JSON.

Rotation by size and age; retention by total size (oldest closed segments go first). The
writer is synchronous; :class:`hauberk.gateway` runs it in a writer process fed by its tap
thread (``hauberk.gateway._capture_proc``) so that serving never waits on the disk and the
gateway's interpreter lock is not held for encryption.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.monitor._frame import Batch

MAGIC = b"HBCAP"
VERSION = 2
#: Segment versions the reader accepts.
READ_VERSIONS = (1, 2)
SUFFIX = ".hbcap"
_HEADER = struct.Struct(f">{len(MAGIC)}sB32sQ")
HEADER_BYTES = _HEADER.size
_LEN = struct.Struct(">I")
_F8 = np.dtype("<f8")
#: Most columns one record may declare (a limit on untrusted headers).
MAX_COLUMNS = 100_000
_INFO = b"hauberk/capture/v1"
#: Largest sealed record read back (a size limit on untrusted input).
MAX_RECORD_BYTES = 64 * 1024 * 1024
#: Most rows one read returns unless the caller says otherwise.
MAX_ROWS = 5_000_000


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) != 32:
        raise ConfigError("the capture key must be exactly 32 bytes (hauberk keygen --type aes256)")


def _numeric(values: Any) -> bool:
    return isinstance(values, np.ndarray) and values.ndim == 1 and values.dtype.kind in "fiub"


def encode_record(times: Sequence[float] | NDArray[Any], columns: Mapping[str, Any]) -> bytes:
    """One version-2 record: numeric arrays as raw float64, everything else as a JSON list."""
    spec: list[list[Any]] = []
    # numeric payloads join as buffers: one copy into the record, none before it
    parts: list[Any] = [np.ascontiguousarray(times, dtype=_F8).data]
    for name, values in columns.items():
        if _numeric(values):
            payload: Any = np.ascontiguousarray(values, dtype=_F8).data
            kind, size = "f8", payload.nbytes
        else:
            payload = json.dumps(list(values), separators=(",", ":"), allow_nan=True).encode()
            kind, size = "json", len(payload)
        spec.append([name, kind, size])
        parts.append(payload)
    header = json.dumps({"rows": len(times), "columns": spec}, separators=(",", ":")).encode()
    return b"".join([_LEN.pack(len(header)), header, *parts])


def _decode_v1(plain: bytes) -> tuple[NDArray[np.float64], dict[str, Any]]:
    body = json.loads(plain)
    return np.asarray(body["t"], dtype=np.float64), dict(body["columns"])


def _decode_v2(plain: bytes) -> tuple[NDArray[np.float64], dict[str, Any]]:
    """Parse a version-2 record; every length is checked against the bytes actually there."""
    (hlen,) = _LEN.unpack_from(plain)
    header = json.loads(plain[_LEN.size : _LEN.size + hlen])
    rows, spec = int(header["rows"]), header["columns"]
    if rows < 0 or not isinstance(spec, list) or len(spec) > MAX_COLUMNS:
        raise ValueError("bad record header")
    at = _LEN.size + hlen
    if at + 8 * rows > len(plain):
        raise ValueError("record shorter than its times")
    times = np.frombuffer(plain, dtype=_F8, count=rows, offset=at).astype(np.float64)
    at += 8 * rows
    columns: dict[str, Any] = {}
    for name, kind, size in spec:
        if not isinstance(name, str) or not isinstance(size, int) or at + size > len(plain):
            raise ValueError(f"column {name!r} runs past the record")
        if kind == "f8" and size == 8 * rows:
            columns[name] = np.frombuffer(plain, dtype=_F8, count=rows, offset=at).copy()
        elif kind == "json":
            values = json.loads(plain[at : at + size])
            if not isinstance(values, list) or len(values) != rows:
                raise ValueError(f"column {name!r} does not hold {rows} values")
            columns[name] = values
        else:
            raise ValueError(f"column {name!r}: unknown kind {kind!r} or wrong size")
        at += size
    if at != len(plain):
        raise ValueError("bytes after the last column")
    return times, columns


def _segment_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(bytes(key))
    return AESGCM(derived)


def _nonce_aad(header: bytes, index: int, last: bool) -> tuple[bytes, bytes]:
    counter = struct.pack(">Q", index)
    return b"\x00\x00\x00\x00" + counter, header + counter + (b"\x01" if last else b"\x00")


def is_capture_store(path: str | Path) -> bool:
    """True when ``path`` is a directory holding capture segments."""
    p = Path(path)
    return p.is_dir() and any(p.glob(f"seg-*{SUFFIX}"))


def check_writer_settings(
    key: bytes, max_segment_bytes: int, max_segment_seconds: float, max_store_bytes: int
) -> None:
    """The checks of :class:`CaptureWriter`'s constructor, without creating the store."""
    _check_key(key)
    if max_segment_bytes < 1024 or max_store_bytes < max_segment_bytes:
        raise ConfigError(
            "capture sizes: max_segment_bytes must be >= 1024 and max_store_bytes >= "
            f"max_segment_bytes (got {max_segment_bytes} and {max_store_bytes})"
        )
    if max_segment_seconds <= 0:
        raise ConfigError("capture max_segment_seconds must be > 0")


class CaptureWriter:
    """Append batches of rows to a capture store; rotate and enforce retention.

    Not thread-safe: one writer thread owns it. ``max_segment_bytes`` and
    ``max_segment_seconds`` rotate; ``max_store_bytes`` deletes the oldest closed segments
    when the store grows past it (counted in :attr:`deleted_segments`).
    """

    def __init__(
        self,
        path: str | Path,
        key: bytes,
        *,
        max_segment_bytes: int = 64 << 20,
        max_segment_seconds: float = 3600.0,
        max_store_bytes: int = 1 << 30,
        fsync: bool = False,
    ) -> None:
        check_writer_settings(key, max_segment_bytes, max_segment_seconds, max_store_bytes)
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o700)
        self._key = bytes(key)
        self.max_segment_bytes = max_segment_bytes
        self.max_segment_seconds = max_segment_seconds
        self.max_store_bytes = max_store_bytes
        self.fsync = fsync
        self._file: Any = None
        self._aead: AESGCM | None = None
        self._header = b""
        self._index = 0
        self._size = 0
        self._opened = 0.0
        self.rows_written = 0
        self.records_written = 0
        self.deleted_segments = 0

    def _open(self) -> None:
        start_us = time.time_ns() // 1000
        salt = secrets.token_bytes(32)
        self._header = _HEADER.pack(MAGIC, VERSION, salt, start_us)
        self._aead = _segment_key(self._key, salt)
        name = f"seg-{start_us:017d}-{secrets.token_hex(4)}{SUFFIX}"
        fd = os.open(self.path / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        self._file = os.fdopen(fd, "ab")
        self._file.write(self._header)
        self._file.flush()
        self._index = 0
        self._size = HEADER_BYTES
        self._opened = time.monotonic()

    def _seal(self, plaintext: bytes, last: bool) -> None:
        assert self._aead is not None and self._file is not None
        nonce, aad = _nonce_aad(self._header, self._index, last)
        sealed = self._aead.encrypt(nonce, plaintext, aad)
        self._file.write(_LEN.pack(len(sealed)))
        self._file.write(sealed)  # no joined copy of a large record
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())
        self._index += 1
        self._size += _LEN.size + len(sealed)

    def _close_segment(self) -> None:
        if self._file is None:
            return
        self._seal(b"", last=True)
        self._file.close()
        self._file = None
        self._aead = None

    def write(
        self,
        times: Sequence[float] | NDArray[Any],
        columns: Mapping[str, Any],
        *,
        pause: Callable[[], None] | None = None,
    ) -> None:
        """Append one record of ``len(times)`` rows (each column as long as ``times``).

        ``pause`` is called between encoding and sealing (the gateway's tap lets go of the
        interpreter lock there, so a large record is not one long hold of it).
        """
        if not len(times):
            return
        for name, values in columns.items():
            if len(values) != len(times):
                raise InputError(
                    f"capture column {name!r} has {len(values)} values for {len(times)} rows"
                )
        if self._file is not None and (
            self._size >= self.max_segment_bytes
            or time.monotonic() - self._opened >= self.max_segment_seconds
        ):
            self._close_segment()
            self._retain()
        record = encode_record(times, columns)
        if pause is not None:
            pause()
        if self._file is None:
            self._open()
        self._seal(record, last=False)
        self.rows_written += len(times)
        self.records_written += 1

    def _retain(self) -> None:
        segments = sorted(self.path.glob(f"seg-*{SUFFIX}"))
        sizes = [p.stat().st_size for p in segments]
        total = sum(sizes)
        current = self._file.name if self._file is not None else None
        for seg, size in zip(segments, sizes, strict=True):
            if total <= self.max_store_bytes:
                break
            if current is not None and str(seg) == current:
                continue
            seg.unlink()
            total -= size
            self.deleted_segments += 1

    def rotate(self) -> None:
        """Seal the open segment now (the next write opens a new one)."""
        self._close_segment()
        self._retain()

    def close(self) -> None:
        self.rotate()


@dataclass
class CaptureRead:
    """What a read found: the rows, and how many segment tails ended early (a crash)."""

    times: NDArray[np.float64]
    #: numeric columns as float64 arrays; text and masked columns as lists
    columns: dict[str, Any]
    segments: int
    open_tails: int

    def batch(self, source: str) -> Batch:
        """The rows as a :class:`Batch`; masked values (``null``) become NaN or ``""``."""
        out: dict[str, NDArray[Any]] = {}
        for name, values in self.columns.items():
            if isinstance(values, np.ndarray):
                out[name] = values
                continue
            if any(v is None for v in values):
                numeric = all(v is None or isinstance(v, int | float) for v in values)
                fill: Any = float("nan") if numeric else ""
                values = [fill if v is None else v for v in values]
            out[name] = np.asarray(values)
        return Batch(out, source=source)


def join_column(parts: list[Any]) -> Any:
    """A column's pieces as one float64 array when every piece is one, else as one list."""
    if all(isinstance(p, np.ndarray) for p in parts):
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float64)
    return [v for p in parts for v in (p.tolist() if isinstance(p, np.ndarray) else p)]


def _segments(path: Path) -> list[tuple[int, Path]]:
    out = []
    for seg in path.glob(f"seg-*{SUFFIX}"):
        parts = seg.name.split("-")
        if len(parts) != 3 or not parts[1].isdigit():
            raise InputError(f"{seg}: not a capture segment name; remove foreign files")
        out.append((int(parts[1]), seg))
    return sorted(out)


def _records(seg: Path, key: bytes) -> Iterator[tuple[bytes, bool, int]]:
    """Yield each record's plaintext, whether the segment was sealed with a last record, and
    the segment's format version."""
    with seg.open("rb") as fh:
        header = fh.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES:
            yield b"", False, VERSION
            return
        magic, version, salt, _start = _HEADER.unpack(header)
        if magic != MAGIC or version not in READ_VERSIONS:
            raise InputError(
                f"{seg}: not a hauberk capture segment of version {READ_VERSIONS} (upgrade "
                "hauberk to read newer ones)"
            )
        aead = _segment_key(key, salt)
        index = 0
        while True:
            raw_len = fh.read(_LEN.size)
            if len(raw_len) < _LEN.size:
                yield (
                    b"",
                    False,
                    version,
                )  # ended without its last record: the open or crashed segment
                return
            (size,) = _LEN.unpack(raw_len)
            if size > MAX_RECORD_BYTES:
                raise InputError(f"{seg}: record {index} of {size} bytes is over the limit")
            sealed = fh.read(size)
            if len(sealed) < size:
                yield b"", False, version
                return
            for last in (False, True):
                nonce, aad = _nonce_aad(header, index, last)
                try:
                    plain = aead.decrypt(nonce, sealed, aad)
                except InvalidTag:
                    continue
                break
            else:
                raise VerificationError(
                    f"{seg}: record {index} failed authentication: wrong key, or the segment "
                    "was modified, reordered or spliced"
                )
            if last:
                if fh.read(1):
                    raise VerificationError(f"{seg}: data after the last record (appended to)")
                yield b"", True, version
                return
            yield plain, False, version
            index += 1


def read_capture(
    path: str | Path,
    key: bytes,
    *,
    since: float | None = None,
    until: float | None = None,
    columns: Sequence[str] | None = None,
    max_rows: int = MAX_ROWS,
) -> CaptureRead:
    """Decrypt and read the rows of the store at ``path`` captured in ``[since, until)``.

    Raises :class:`VerificationError` on any record that fails authentication and
    :class:`InputError` when the store has no segments or its records disagree on columns.
    More than ``max_rows`` rows is an error (narrow the window), never a silent cut.
    """
    _check_key(key)
    root = Path(path)
    segments = _segments(root) if root.is_dir() else []
    if not segments:
        raise InputError(f"{root}: no capture segments (seg-*{SUFFIX}) here")
    times: list[NDArray[np.float64]] = []
    chunks: dict[str, list[Any]] | None = None
    rows = open_tails = used = 0
    for i, (_start_us, seg) in enumerate(segments):
        # rows are written after they are taken, so a segment may hold rows older than its
        # start; it holds none newer than the next segment's start
        next_start = segments[i + 1][0] / 1e6 if i + 1 < len(segments) else None
        if since is not None and next_start is not None and next_start < since:
            continue  # every row of this segment is older than the window
        used += 1
        for plain, closed, version in _records(seg, key):
            if not plain:
                open_tails += 0 if closed else 1
                continue
            try:
                t, record_cols = (_decode_v1 if version == 1 else _decode_v2)(plain)
            except (ValueError, KeyError, TypeError, struct.error) as exc:
                raise InputError(f"{seg}: a record is not a capture record ({exc})") from None
            keep = np.ones(len(t), dtype=bool)
            if since is not None:
                keep &= t >= since
            if until is not None:
                keep &= t < until
            if not keep.any():
                continue
            wanted = list(columns) if columns is not None else sorted(record_cols)
            missing = [c for c in wanted if c not in record_cols]
            if missing:
                raise InputError(f"{seg}: capture has no column(s) {missing}")
            if chunks is None:
                chunks = {c: [] for c in wanted}
            elif set(wanted) != set(chunks):
                raise InputError(
                    f"{seg}: captured columns changed ({sorted(chunks)} before, "
                    f"{sorted(wanted)} here); read a window with one column set or name --columns"
                )
            idx = np.flatnonzero(keep)
            rows += len(idx)
            if rows > max_rows:
                raise InputError(
                    f"{root}: more than {max_rows} captured rows in the window; narrow it "
                    "with --since/--until"
                )
            times.append(t[idx])
            for c in wanted:
                values = record_cols[c]
                chunks[c].append(values[idx] if isinstance(values, np.ndarray) else
                                 [values[j] for j in idx])  # fmt: skip
    return CaptureRead(
        times=np.concatenate(times) if times else np.zeros(0, dtype=np.float64),
        columns={c: join_column(parts) for c, parts in (chunks or {}).items()},
        segments=used,
        open_tails=open_tails,
    )
