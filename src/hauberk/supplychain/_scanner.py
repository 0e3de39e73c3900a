"""``scan()``: walk paths, detect each file's format from its content, run its handler.

Handlers register per format in :data:`HANDLERS` (a registry, not an isinstance chain). A
handler gets a :class:`Source` (the bytes, as ``bytes`` or a read-only ``mmap``, never read in
full unless the handler touches them) and returns the format label and its findings; archive
handlers feed their members back through :meth:`Context.scan_bytes`. A handler that fails on
bad input reports a finding; an unexpected exception becomes an entry in ``errors`` and the
scan goes on with the next file.
"""

from __future__ import annotations

import importlib
import io
import mmap
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeGuard

from hauberk.core import ConfigError, Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._formats import HEAD_BYTES, detect_stream
from hauberk.supplychain._limits import ScanLimits
from hauberk.supplychain._report import FileScan, ScanReport

if TYPE_CHECKING:
    import zipfile

Buffer = Any
SPILL_BYTES = 64 * 1024 * 1024
SMALL_FILE = 1024 * 1024


@dataclass
class Source:
    """One file or archive member to scan."""

    display: str
    data: Buffer
    path: Path | None = None
    depth: int = 0
    root: Path | None = None
    #: The zip that format detection already opened over ``data`` (closed after the handler).
    zip: zipfile.ZipFile | None = None
    #: The open file behind a mapped ``data``: streams read it with ``pread``, so that what
    #: a reader merely sniffs (the first bytes of each tensor) is not mapped into memory.
    fd: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def stream(self) -> IO[bytes]:
        """A seekable binary stream over the content (no copy)."""
        if isinstance(self.data, mmap.mmap):
            return _MapReader(self.data, self.fd)  # type: ignore[return-value]
        return io.BytesIO(self.data)


class _MapReader(io.RawIOBase):
    """A seekable read-only stream over an mmap that never copies more than is read."""

    def __init__(self, data: mmap.mmap, fd: int | None = None) -> None:
        self._data = data
        self._fd = fd
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._data)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        end = (
            len(self._data) if size is None or size < 0 else min(len(self._data), self._pos + size)
        )
        if self._fd is not None and end > self._pos:
            chunk = os.pread(self._fd, end - self._pos, self._pos)
            self._pos += len(chunk)
            return chunk
        chunk = self._data[self._pos : end]
        self._pos = max(self._pos, end)
        return chunk

    def readinto(self, target: Any) -> int:
        chunk = self.read(len(target))
        target[: len(chunk)] = chunk
        return len(chunk)


#: Formats whose handlers already interpret the content as a pickle from byte 0.
_PICKLE_AT_ZERO = frozenset({"pickle", "joblib", "pytorch-legacy"})
#: Opcodes CPython's unpickler accepts as the first of a stream: everything that needs
#: nothing on the stack or in the memo (``PERSID`` needs a ``persistent_load``, which
#: torch's legacy loader has).
START_OPCODES = frozenset(b"(FIJKLMNPSTUVXcG}])BC" + bytes((0x80, 0x82, 0x83, 0x84)) + bytes(
    range(0x88, 0x8C)) + bytes((0x8C, 0x8D, 0x8E, 0x8F, 0x95, 0x96, 0x97)))  # fmt: skip


def parses_as_pickle(analysis: Any) -> bool:
    """Whether a :class:`~hauberk.supplychain._pickle.PickleAnalysis` from byte 0 is a pickle
    that does something: it imports a global or nested payload, and it calls something (which
    runs even if the stream fails later) or reaches STOP cleanly."""
    if not (analysis.globals or analysis.nested):
        return False
    clean_stop = analysis.stopped and not analysis.error
    return bool(analysis.calls or clean_stop or analysis.nested)


def maybe_pickle(head: bytes, size: int, limits: ScanLimits) -> bool:
    """Whether content of ``size`` bytes that starts with ``head`` may parse as a pickle from
    byte 0 (so that it must be read in full and interpreted). Used for members that loaders
    do not normally unpickle (tensor storage), to avoid unpacking every tensor."""
    if not head or head[0] not in START_OPCODES:
        return False
    from hauberk.supplychain._pickle import analyse

    probe = analyse(head, limits=limits)
    if parses_as_pickle(probe) or probe.limit_hit:
        return True
    if len(head) >= size or (probe.stopped and not probe.error):
        return False
    # The stream failed inside the window. If cutting the window shorter changes the failure,
    # the failure was the window's end (a stream running on past it): read it all.
    shorter = analyse(head[: max(1, len(head) - 16)], limits=limits)
    return shorter.error != probe.error or bool(shorter.limit_hit)


Handler = Callable[["Context", Source], tuple[str, list[Finding]]]
HANDLERS: dict[str, Handler] = {}


def register(*formats: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` for each format label in ``formats``."""

    def wrap(handler: Handler) -> Handler:
        for fmt in formats:
            HANDLERS[fmt] = handler
        return handler

    return wrap


#: The module whose import registers each format's handler (imported on first use, so a
#: scan pays only for the handlers its files need).
_HANDLER_MODULES: dict[str, str] = {
    **dict.fromkeys(
        ("pickle", "joblib", "numpy", "pytorch-legacy", "pytorch-zip", "pytorch-legacy-tar"),
        "_pickle_scan",
    ),
    **dict.fromkeys(("zip", "npz", "tar", "gzip", "bz2", "xz", "lzma", "zlib"), "_archive"),
    "gguf": "_gguf",
    "torchscript": "_torchscript",
    "json": "_text",
    "jinja": "_text",
    "keras": "_keras",
    "hdf5": "_keras",
    "onnx": "_onnx",
    "safetensors": "_safetensors",
}


def _handler(fmt: str) -> Handler | None:
    """The handler for ``fmt``, importing the module that registers it on first use."""
    handler = HANDLERS.get(fmt)
    if handler is None and fmt in _HANDLER_MODULES:
        importlib.import_module(f"hauberk.supplychain.{_HANDLER_MODULES[fmt]}")
        handler = HANDLERS.get(fmt)
    return handler


def _load_handlers() -> None:
    """Import every handler module (all formats registered)."""
    for module in sorted(set(_HANDLER_MODULES.values())):
        importlib.import_module(f"hauberk.supplychain.{module}")


class Context:
    """State of one scan run: limits, the report being filled, budgets."""

    def __init__(self, limits: ScanLimits) -> None:
        self.limits = limits
        self.report = ScanReport()
        self._slots: list[FileScan | None] = []
        self.deadline = time.monotonic() + limits.max_seconds
        self.unpacked = 0

    @property
    def expired(self) -> bool:
        return time.monotonic() > self.deadline

    def error(self, message: str) -> None:
        self.report.errors.append(message)

    def unverifiable(self, display: str, why: str, **evidence: Any) -> Finding:
        """A high "could not vouch" finding for ``display``, also listed in ``errors``."""
        self.error(f"{display}: could not vouch for it: {why}")
        return _rules.UNVERIFIABLE.finding(
            display, f"could not vouch for the content: {why}", {"reason": why, **evidence}
        )

    # -- entry points ----------------------------------------------------------------------

    def scan_path(self, path: Path) -> None:
        self.run(plan([path]))

    def run(self, items: Iterable[Item]) -> None:
        """Scan planned items in order (see :func:`plan`)."""
        for item in items:
            if isinstance(item, str):
                self.error(item)
            elif isinstance(item, FileScan):
                self._put(item)
            else:
                path, display, root = item
                self.scan_file(path, display, root=root)

    def scan_file(self, path: Path, display: str, *, root: Path | None) -> None:
        self.deadline = time.monotonic() + self.limits.max_seconds
        self.unpacked = 0
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            self._unreadable(display, exc)
            return
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                self._put(FileScan(display, "empty", ()))
                return
            if size <= SMALL_FILE:  # reading is cheaper than mapping for small files
                self.scan_source(Source(display, _read_all(fd, size), path=path, root=root))
                return
            with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as data:
                self.scan_source(Source(display, data, path=path, depth=0, root=root, fd=fd))
        except OSError as exc:
            self._unreadable(display, exc)
        finally:
            os.close(fd)

    def _unreadable(self, display: str, exc: OSError) -> None:
        why = f"cannot read: {exc.strerror or exc}"
        self._put(FileScan(display, "unreadable", (self.unverifiable(display, why),)))

    def scan_bytes(
        self, display: str, data: Buffer, *, depth: int, root: Path | None = None
    ) -> None:
        """Scan nested content (an archive member, a decompressed stream, an embedded payload)."""
        self.scan_source(Source(display, data, depth=depth, root=root))

    def scan_stream(
        self, display: str, stream: IO[bytes], *, depth: int, declared: int | None = None
    ) -> list[Finding]:
        """Read a member stream within the limits, spilling large members to a temporary file.

        A stream that breaks off is scanned as far as it could be read; the returned findings
        say what could not be read (the caller reports them with the container's).
        """
        budget = min(self.limits.max_read_bytes, self.limits.max_unpacked_bytes - self.unpacked)
        out: list[Finding] = []
        with tempfile.SpooledTemporaryFile(max_size=SPILL_BYTES) as spool:
            total = 0
            while True:
                try:
                    chunk = stream.read(1 << 20)
                except Exception as exc:
                    out.append(
                        self.unverifiable(
                            display,
                            f"member breaks off after {total} bytes: {type(exc).__name__}: "
                            f"{exc}; the bytes before were scanned",
                        )
                    )
                    break
                if not chunk:
                    break
                total += len(chunk)
                if total > budget:
                    self.unpacked += total
                    self._bomb(display, f"member unpacks to more than {budget} bytes")
                    return out
                spool.write(chunk)
            self.unpacked += total
            if total == 0:
                if not out:
                    self._put(FileScan(display, "empty", ()))
                return out
            if total <= SPILL_BYTES:
                spool.seek(0)
                self.scan_bytes(display, spool.read(), depth=depth)
                return out
            spool.flush()
            with mmap.mmap(spool.fileno(), 0, access=mmap.ACCESS_READ) as data:
                self.scan_bytes(display, data, depth=depth)
        return out

    def scan_source(self, source: Source) -> None:
        slot = len(self._slots)
        self._slots.append(None)
        fmt = "unknown"
        findings: list[Finding] = []
        try:
            head = bytes(source.data[:HEAD_BYTES])
            opened: list[zipfile.ZipFile] = []
            fmt = detect_stream(head, source.size, source.stream(), opened=opened)
            source.zip = opened[0] if opened else None
            handler = _handler(fmt)
            try:
                if handler is not None:
                    fmt, found = handler(self, source)
                    findings += found
            finally:
                if source.zip is not None:
                    source.zip.close()
                    source.zip = None
        except MemoryError:
            findings.append(self._limit_finding(source.display, "out of memory"))
        except RecursionError:
            findings.append(self.unverifiable(source.display, f"{fmt} content nests too deeply"))
        except Exception as exc:
            findings.append(
                self.unverifiable(
                    source.display,
                    f"scanner failed on this {fmt} file: {type(exc).__name__}: {exc}",
                )
            )
        try:
            findings += self.polyglot(source, fmt)
            if fmt != "hdf5":
                findings += self._user_block_hdf5(source)
        except MemoryError:
            findings.append(self._limit_finding(source.display, "out of memory"))
        except Exception as exc:
            findings.append(
                self.unverifiable(
                    source.display,
                    f"pickle check failed: {type(exc).__name__}: {exc}",
                )
            )
        self._slots[slot] = FileScan(source.display, fmt, tuple(findings))

    def _user_block_hdf5(self, source: Source) -> list[Finding]:
        """An HDF5 file behind a user block holds anything at its start (another format, a
        pickle): h5py opens it all the same, so its model config is judged as well."""
        from hauberk.supplychain._formats import hdf5_superblock

        if source.size < 520:
            return []
        at = hdf5_superblock(bytes(source.data[:HEAD_BYTES]), source.size, source.stream())
        if at is None:
            return []
        handler = _handler("hdf5")
        assert handler is not None
        _, found = handler(self, source)
        return found

    def polyglot(self, source: Source, fmt: str) -> list[Finding]:
        """Findings for ``source`` read as a pickle from byte 0, when it parses as one."""
        data = source.data
        if fmt in _PICKLE_AT_ZERO or len(data) < 2 or data[0] not in START_OPCODES:
            return []
        if bytes(data[:4]) == b"PK\x03\x04":
            # Loaders that unpickle non-zips (torch.load, numpy.load) read this as a zip, and
            # a plain unpickler stops at its PERSID ('P') for want of a persistent_load.
            return []
        from hauberk.supplychain._pickle import analyse
        from hauberk.supplychain._pickle_scan import pickle_stream_findings

        probe = analyse(data, limits=self.limits, deadline=self.deadline)
        if not parses_as_pickle(probe):
            return []
        found, _ = pickle_stream_findings(self, data, source.display, depth=source.depth)
        names = sorted(probe.globals)[:8]
        head = _rules.POLYGLOT.finding(
            source.display,
            f"this {fmt} file is also a pickle from byte 0 that imports {', '.join(names)}"
            + (f" and makes {probe.calls} call(s)" if probe.calls else ""),
            {"format": fmt, "globals": names, "calls": probe.calls},
        )
        return [head, *found]

    # -- helpers for handlers --------------------------------------------------------------

    def _put(self, scan: FileScan) -> None:
        self._slots.append(scan)

    def _limit_finding(self, display: str, why: str) -> Finding:
        return _rules.LIMIT.finding(display, f"not fully inspected: {why}", {"limit": why})

    def _limit(self, display: str, fmt: str, why: str) -> None:
        self._put(FileScan(display, fmt, (self._limit_finding(display, why),)))

    def _bomb(self, display: str, why: str) -> None:
        finding = _rules.ARCHIVE_BOMB.finding(display, why, {"limit": why})
        self._put(FileScan(display, "archive-member", (finding,)))

    def finish(self) -> ScanReport:
        self.report.files = [s for s in self._slots if s is not None]
        return self.report


#: What :func:`plan` yields: a file to scan (path, display name, root), a verdict already
#: made while walking (a link out of the folder), or an error message (an unreadable folder).
Item = tuple[Path, str, Path | None] | FileScan | str


def plan(paths: Iterable[str | Path]) -> list[Item]:
    """Walk ``paths`` into the ordered list of work a scan does: ``os.walk`` order (top-down,
    sorted, links to folders not followed), so that one process or several give one report."""
    items: list[Item] = []
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            items.append(f"{path}: broken symbolic link")
        elif path.is_dir():
            _walk_folder(os.fspath(path), path.resolve(), items)
        elif path.exists():
            items.append((path, str(path), path.parent))
        else:
            items.append(f"{path}: no such file or folder")
    return items


def _walk_folder(top: str, real_root: Path, items: list[Item]) -> None:
    """``os.walk`` (top-down, links to folders not followed) in sorted order, keeping the
    ``os.scandir`` entries so that telling links from files costs no extra ``lstat``."""
    dirs: list[str] = []
    files: list[os.DirEntry[str]] = []
    try:
        entries = os.scandir(top)
    except OSError as exc:
        items.append(f"{exc.filename}: {exc.strerror}")
        return
    with entries:
        while True:
            try:
                entry = next(entries)
            except StopIteration:
                break
            except OSError as exc:
                items.append(f"{exc.filename}: {exc.strerror}")
                return
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                dirs.append(entry.name)
            else:
                files.append(entry)
    base = Path(top)
    for entry in sorted(files, key=lambda e: e.name):
        path = base / entry.name
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(real_root):
                finding = _rules.ARCHIVE_TRAVERSAL.finding(
                    str(path),
                    f"symbolic link points outside the scanned folder, to {target}",
                    {"link": str(path), "target": str(target)},
                )
                items.append(FileScan(str(path), "symlink", (finding,)))
                continue
        items.append((path, str(path), real_root))
    for name in sorted(dirs):
        folder = os.path.join(top, name)
        if not os.path.islink(folder):
            _walk_folder(folder, real_root, items)


#: Below this many files a scan runs in one process (``jobs="auto"``): starting workers and
#: shipping results back costs more than it saves.
FILES_PER_JOB = 250
MAX_AUTO_JOBS = 8


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def idle_cpus() -> int:
    """Usable CPUs not already busy: the CPU count less the one-minute load average (as
    ``make --load-average`` judges it); all of them where the load cannot be read."""
    cpus = usable_cpus()
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):
        busy = 0
    return max(1, cpus - busy)


def resolve_jobs(jobs: int | str, files: int) -> int:
    """``jobs`` as a number of processes: ``"auto"`` is one per :data:`FILES_PER_JOB` files,
    at most one per idle CPU (:func:`idle_cpus`; workers on a machine that is already busy
    only queue behind each other) and :data:`MAX_AUTO_JOBS`."""
    if jobs == "auto":
        return max(1, min(idle_cpus(), MAX_AUTO_JOBS, files // FILES_PER_JOB))
    if isinstance(jobs, str) or jobs < 1:
        raise ConfigError(f"jobs must be a whole number of at least 1 or 'auto', not {jobs!r}")
    return jobs


# A finding's evidence is a read-only mapping, which does not pickle: file scans cross
# between processes as plain data.
PlainScan = tuple[str, str, list[dict[str, Any]]]
Shipped = tuple[list[PlainScan], list[str]]


def _plain(scan: FileScan) -> PlainScan:
    return scan.path, scan.format, [f.to_dict() for f in scan.findings]


def _unplain(plain: PlainScan) -> FileScan:
    path, fmt, findings = plain
    return FileScan(path, fmt, tuple(Finding.from_dict(f) for f in findings))


def _is_plain(item: object) -> TypeGuard[PlainScan]:
    return isinstance(item, tuple) and isinstance(item[0], str)


def _scan_chunk(limits: ScanLimits, items: list[Item | PlainScan]) -> Shipped:
    """One worker's share: scan ``items`` in order (a 3-tuple of strings is a verdict the
    walk already made) and ship the results back as plain data."""
    ctx = Context(limits)
    ctx.run(_unplain(i) if _is_plain(i) else i for i in items)  # type: ignore[misc]
    done = ctx.finish()
    return [_plain(s) for s in done.files], done.errors


def _unship(shipped: Shipped, report: ScanReport) -> None:
    files, errors = shipped
    report.files.extend(_unplain(f) for f in files)
    report.errors.extend(errors)


def _scan_parallel(items: list[Item], limits: ScanLimits, jobs: int) -> ScanReport:
    """Contiguous chunks of ``items`` in ``jobs`` processes, merged in order: the report is
    the one a single process makes (each file is scanned alone in either case)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one (workers inherit the imported scanner); spawn elsewhere
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    per = max(1, -(-len(items) // (jobs * 4)))  # 4 chunks a worker evens out uneven files
    shipped = [_plain(i) if isinstance(i, FileScan) else i for i in items]
    chunks = [shipped[i : i + per] for i in range(0, len(shipped), per)]
    report = ScanReport()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        for done in pool.map(_scan_chunk, [limits] * len(chunks), chunks):
            _unship(done, report)
    return report


def _read_all(fd: int, size: int) -> bytes:
    """The whole file behind ``fd`` (``size`` from fstat; a file that grew is read to its end)."""
    data = os.read(fd, size + 1)
    if len(data) <= size:
        return data
    parts = [data]
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)


def scan(
    paths: Iterable[str | Path], *, limits: ScanLimits | None = None, jobs: int | str = 1
) -> ScanReport:
    """Scan files and folders (walked recursively); nothing scanned is imported or executed.

    Returns one :class:`FileScan` per file and per archive member (``archive!member``), and
    the paths that could not be read in ``errors``. Bad input never raises. ``jobs`` processes
    share the files (``"auto"``: see :func:`resolve_jobs`); the report is the same for any
    number.
    """
    limits = limits or ScanLimits()
    items = plan(paths)
    workers = resolve_jobs(jobs, sum(isinstance(i, tuple) for i in items))
    if workers > 1 and len(items) > 1:
        return _scan_parallel(items, limits, workers)
    ctx = Context(limits)
    ctx.run(items)
    return ctx.finish()
