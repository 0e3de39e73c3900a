"""Which format a file is, from its bytes alone (never from its name)."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any, cast

from hauberk.core import InputError
from hauberk.supplychain._pickle import looks_like_pickle

HEAD_BYTES = 64 * 1024
TORCH_MAGIC = b"\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19"  # LONG1 0x1950a86a20f9469cfc6c
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
NPY_MAGIC = b"\x93NUMPY"
_LEGACY_TAR_MEMBERS = {"sys_info", "pickle", "storages", "tensors"}
_ONNX_FIELDS = {1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2}

#: Formats that are single compressed streams, by their magic bytes.
COMPRESSED = ("gzip", "bz2", "xz", "lzma", "zlib")


def detect_format(path: str | Path) -> str:
    """The format of the file at ``path``, judged from its content.

    One of ``pickle``, ``joblib``, ``pytorch-zip``, ``torchscript``, ``pytorch-legacy``,
    ``pytorch-legacy-tar``, ``numpy``, ``npz``, ``keras``, ``hdf5``, ``onnx``, ``safetensors``,
    ``gguf``, ``zip``, ``tar``, ``gzip``, ``bz2``, ``xz``, ``lzma``, ``zlib``, ``json``,
    ``jinja``, ``empty`` or ``unknown``.
    Compressed streams report their container (``gzip``, ...); the scanner looks inside.
    """
    target = Path(path)
    try:
        size = target.stat().st_size
        with target.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
            return detect_stream(head, size, handle)
    except OSError as exc:
        raise InputError(f"cannot read {target}: {exc.strerror or exc}; check the path") from exc


def detect_stream(
    head: bytes, size: int, handle: IO[bytes], *, opened: list[zipfile.ZipFile] | None = None
) -> str:
    """The format of a seekable binary ``handle`` whose first bytes are ``head``.

    When ``opened`` is given, a zip read to classify the file is left open and appended to it
    (its central directory is then read once, not again by the handler).
    """
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(handle, opened)
    if head.startswith(NPY_MAGIC):
        return "numpy"
    if head.startswith(b"GGUF"):
        return "gguf"
    if head.startswith(HDF5_MAGIC):
        return "hdf5"
    if len(head) >= 3 and head[0] == 0x80 and head[2:14] == TORCH_MAGIC:
        return "pytorch-legacy"
    if len(head) >= 2 and head[0] == 0x80 and head[1] <= 5:
        return "joblib" if b"joblib.numpy_pickle" in head else "pickle"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh"):
        return "bz2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(b"\x5d\x00\x00"):
        return "lzma"
    if _is_safetensors(head, size):
        return "safetensors"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return _tar_kind(handle)
    if _is_zlib(head):
        return "zlib"
    if _is_onnx(head):
        return "onnx"
    if looks_like_pickle(head):
        return "pickle"
    if size > 22 and _safe_is_zip(handle):
        return _zip_kind(handle, opened)
    if hdf5_superblock(head, size, handle) is not None:
        return "hdf5"
    return _text_kind(head, size, handle)


def hdf5_superblock(head: bytes, size: int, handle: IO[bytes]) -> int | None:
    """Where an HDF5 superblock starts, searched as the HDF5 library does (H5FD_locate_signature):
    at byte 0, then at 512, 1024, 2048, ... (a user block of any power-of-two size) below the
    end of the file."""
    if head.startswith(HDF5_MAGIC):
        return 0
    pos = 512
    while pos + 8 <= size:
        if pos + 8 <= len(head):
            found = head[pos : pos + 8] == HDF5_MAGIC
        else:
            try:
                handle.seek(pos)
                found = handle.read(8) == HDF5_MAGIC
            except (OSError, ValueError):
                return None
        if found:
            return pos
        pos *= 2
    return None


#: Largest text file read to tell JSON configs and Jinja templates from other text.
TEXT_BYTES = 64 * 1024 * 1024


def _text_kind(head: bytes, size: int, handle: IO[bytes]) -> str:
    """``json`` (a JSON object or array: configs, tokenizer configs with chat templates),
    ``jinja`` (a text file that parses as a Jinja template with tags), else ``unknown``."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped or size > TEXT_BYTES:
        return "unknown"
    templated = b"{%" in head or b"{{" in head
    if (
        stripped[:1] in (b"{", b"[")
        and stripped[:2] not in (b"{{", b"{%", b"{#")
        and _is_text(head)
    ):
        return "json"
    if templated and _is_text(head) and size <= 1024 * 1024:
        try:
            handle.seek(0)
            text = handle.read(size).decode("utf-8")
        except (OSError, ValueError):
            return "unknown"
        try:
            import jinja2

            jinja2.Environment(autoescape=False).parse(text)  # noqa: S701 - parsed only
        except Exception:
            return "unknown"
        return "jinja"
    return "unknown"


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 4  # a character cut at the end of the head
    return b"\x00" not in head


def npy_header(text: str, major: int) -> tuple[Any, bool | None, str]:
    """A ``.npy`` header read as NumPy reads it (``numpy.lib.format._read_array_header``):
    ``ast.literal_eval``, then, for format versions 1 and 2, again after NumPy's own
    ``_filter_header`` (Python 2 long literals such as ``(3L,)``); the dtype is built by
    ``numpy.lib.format.descr_to_dtype``, so every spelling NumPy accepts for an object
    dtype (``'O'``, ``'|O'``, ``'object'``, subarrays, structured dtypes with object fields)
    is recognised by ``dtype.hasobject``.

    Returns ``(header, has_object, problem)``: ``has_object`` is None when the dtype cannot be
    built (NumPy would refuse the file, unless a newer NumPy accepts what this one does not).
    """
    import ast

    try:
        header = ast.literal_eval(text)
    except SyntaxError:
        header = None
        if major <= 2:
            try:
                from numpy.lib import _format_impl

                header = ast.literal_eval(_format_impl._filter_header(text))  # type: ignore[attr-defined]
            except Exception:
                header = None
        if header is None:
            return None, None, ".npy header is not a Python literal"
    except (ValueError, TypeError, MemoryError, RecursionError):
        return None, None, ".npy header is not a Python literal"
    if not isinstance(header, dict) or "descr" not in header:
        return header, None, ".npy header has no 'descr'"
    try:
        import numpy as np

        dtype = np.lib.format.descr_to_dtype(header["descr"])
    except Exception as exc:
        return header, None, f".npy descr {header['descr']!r:.80} is not a dtype: {exc}"
    return header, bool(dtype.hasobject), ""


def _is_zlib(head: bytes) -> bool:
    if len(head) < 2 or head[0] != 0x78 or ((head[0] << 8) | head[1]) % 31:
        return False
    try:
        zlib.decompressobj().decompress(head[:4096], 64)
    except zlib.error:
        return False
    return True


def _is_safetensors(head: bytes, size: int) -> bool:
    if len(head) < 10 or head[8:9] != b"{":
        return False
    n = int.from_bytes(head[:8], "little")
    # A header length beyond the file is still safetensors: the handler reports the lie.
    return n >= 2 and head[9:10] in (b'"', b"}", b" ", b"\n")


def _is_onnx(head: bytes) -> bool:
    """A protobuf ``ModelProto`` walk of the top-level fields present in ``head``."""
    pos, seen = 0, set()
    while pos < len(head):
        key, pos = _varint(head, pos)
        if key is None:
            break
        number, wire = key >> 3, key & 7
        if _ONNX_FIELDS.get(number) != wire:
            return False
        seen.add(number)
        if wire == 0:
            value, pos = _varint(head, pos)
            if value is None:
                break
        else:
            length, pos = _varint(head, pos)
            if length is None:
                break
            pos += length
    return bool(seen & {7, 8}) and 1 in seen


def _varint(data: bytes, pos: int) -> tuple[int | None, int]:
    value = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
    return None, pos


def _safe_is_zip(handle: IO[bytes]) -> bool:
    try:
        return zipfile.is_zipfile(handle)
    except (OSError, ValueError):
        return False


def _zip_kind(handle: IO[bytes], opened: list[zipfile.ZipFile] | None = None) -> str:
    try:
        zf = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    if opened is None:
        zf.close()
    else:
        opened.append(zf)
    return zip_kind(zf.namelist())


def torch_records(names: list[str]) -> list[str] | None:
    """Record names as torch's zip reader (``PyTorchStreamReader``) sees them: the archive
    folder is the first member's top folder, and every member must sit in it."""
    if not names or "/" not in names[0]:
        return None
    prefix = names[0].split("/", 1)[0] + "/"
    if not all(n.startswith(prefix) for n in names):
        return None
    return [n[len(prefix) :] for n in names]


def zip_kind(names: list[str]) -> str:
    """Classify a zip by its member names: TorchScript (torch.load hands archives with a
    ``constants.pkl`` record to torch.jit.load), torch checkpoint, Keras, npz or plain zip."""
    records = torch_records(names)
    if records is not None and "constants.pkl" in records:
        return "torchscript"
    for name in names:
        parts = name.split("/")
        if len(parts) == 2 and parts[1] == "data.pkl":
            return "pytorch-zip"
    roots = {n for n in names if "/" not in n}
    if "config.json" in roots and (
        {"metadata.json", "model.weights.h5", "model.weights.npz"} & roots
    ):
        return "keras"
    if names and all(n.endswith(".npy") for n in names):
        return "npz"
    return "zip"


def _tar_kind(handle: IO[bytes]) -> str:
    try:
        handle.seek(0)
        with tarfile.open(fileobj=handle, mode="r:") as tf:
            names = set()
            for count, member in enumerate(tf):
                names.add(member.name)
                if count > 16:
                    break
    except (tarfile.TarError, OSError, ValueError, EOFError):
        return "tar"
    return "pytorch-legacy-tar" if names >= _LEGACY_TAR_MEMBERS else "tar"


def open_compressed(kind: str, handle: IO[bytes]) -> IO[bytes]:
    """A streaming decompressor over ``handle`` for one of :data:`COMPRESSED`."""
    if kind == "gzip":
        return cast(IO[bytes], gzip.GzipFile(fileobj=handle, mode="rb"))
    if kind == "bz2":
        return cast(IO[bytes], bz2.BZ2File(handle, mode="rb"))
    if kind == "xz":
        return cast(IO[bytes], lzma.LZMAFile(handle, mode="rb", format=lzma.FORMAT_XZ))
    if kind == "lzma":
        return cast(IO[bytes], lzma.LZMAFile(handle, mode="rb", format=lzma.FORMAT_ALONE))
    return cast(IO[bytes], io.BufferedReader(_ZlibReader(handle)))


class _ZlibReader(io.RawIOBase):
    """A minimal streaming zlib reader (joblib's zlib compression is a bare zlib stream)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._z = zlib.decompressobj()
        self._buffer = b""
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        want = len(target)
        while len(self._buffer) < want and not self._eof:
            data = self._z.unconsumed_tail
            if not data:
                data = self._handle.read(1 << 16)
                if not data:
                    self._buffer += self._z.flush()
                    self._eof = True
                    break
            self._buffer += self._z.decompress(data, 1 << 16)
            if self._z.eof:
                self._eof = True
        n = min(want, len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n
