"""Verified loading: check a digest or a signature first, then deserialise the same bytes.

:func:`load_verified` reads the file once into memory, checks those bytes against an expected
SHA-256 or against a model-signing signature (the file's entry in the signed manifest), and
only then hands the very same bytes to a loader, so the file cannot be swapped between the
check and the load. The format is told from the content, never from the name, and safe
formats are preferred:

- safetensors: ``safetensors.numpy.load`` (or ``safetensors.torch.load``), no code runs;
- ONNX: an ``onnxruntime.InferenceSession`` built from the bytes, CPU provider;
- PyTorch zip checkpoints: ``torch.load(weights_only=True)``;
- NumPy ``.npy`` / ``.npz``: ``numpy.load(allow_pickle=False)``;
- pickle-based files (raw pickle, joblib plain or compressed, legacy ``torch.save``): refused
  unless ``allow_pickle=True``;
- anything else (Keras, HDF5, GGUF, plain archives): refused.

Whatever the format, the verified bytes are first scanned in memory by hauberk's scanner, and
nothing is loaded if it finds anything at or above ``fail_on`` (default medium) or cannot
vouch for the file (a polyglot that is also a pickle is caught even when a safe loader would
read it, because another loader might not).

Formats are named by the scanner's own content detection (``detect_stream``).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from hauberk.core import ConfigError, InputError, ModelLoadError, Severity, VerificationError
from hauberk.supplychain._hashing import digest_bytes, shard_digests
from hauberk.supplychain._sign import SignedManifest, read_signature

Framework = Literal["numpy", "torch"]
#: Pickle-based formats (scanner names): loaded only with allow_pickle=True after a clean scan.
#: The compressed stream formats are how compressed joblib files look.
PICKLE_FORMATS = frozenset(
    {
        "pickle",
        "joblib",
        "pytorch-legacy",
        "pytorch-legacy-tar",
        "gzip",
        "bz2",
        "xz",
        "lzma",
        "zlib",
    }
)

#: Formats loaded without unpickling anything (torch zip checkpoints: weights_only=True).
SAFE_FORMATS = frozenset({"safetensors", "onnx", "numpy", "npz", "pytorch-zip"})

DEFAULT_MAX_BYTES = 8 * 1024**3
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _read_once(path: Path, max_bytes: int) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file")
        if info.st_size > max_bytes:
            raise InputError(
                f"{path} is {info.st_size} bytes, above max_bytes={max_bytes}; raise the limit "
                "if this model is really that large"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{path} grew beyond max_bytes={max_bytes} while being read")
    return data


def _check_sha256(data: bytes, expected: str, path: Path) -> None:
    want = expected.strip().lower().removeprefix("sha256:")
    if not _SHA256.fullmatch(want):
        raise ConfigError(f"sha256 must be 64 hex digits, got {expected!r}")
    have = hashlib.sha256(data).hexdigest()
    if not hmac.compare_digest(have, want):
        raise VerificationError(
            f"{path} has SHA-256 {have}, not the expected {want}; do not use this file"
        )


def _identifier(path: Path, signed: SignedManifest, root: Path | None) -> str:
    if signed.files == (".",):
        return "."
    base = root if root is not None else path.parent
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    name = PurePosixPath(Path(rel).as_posix()).as_posix()
    if name.startswith("../") or name == "..":
        raise ConfigError(f"{path} is not inside the signed model folder {base}")
    return name


def _check_signed(data: bytes, path: Path, signed: SignedManifest, root: Path | None) -> None:
    name = _identifier(path, signed, root)
    if name not in signed.files:
        raise VerificationError(
            f"{path} (as {name!r}) is not covered by the signature; only signed files load"
        )
    if signed.method == "files":
        algorithm, want = signed.resources[name]
        have = digest_bytes(data, algorithm).hex()
        if not hmac.compare_digest(have, want):
            raise VerificationError(f"{path} does not match its signed digest: changed: {name}")
        return
    size = signed.shard_size or 0
    expected = {
        key: digest
        for key, (_alg, digest) in signed.resources.items()
        if key.startswith(name + ":")
    }
    actual = {
        f"{name}:{start}:{end}": digest.hex()
        for (start, end), digest in shard_digests(data, size).items()
    }
    if expected != actual:
        raise VerificationError(f"{path} does not match its signed shards: changed: {name}")


def detect(data: bytes) -> str:
    """The scanner's format name for ``data`` (see :func:`hauberk.supplychain.detect_format`)."""
    from hauberk.supplychain._formats import HEAD_BYTES, detect_stream

    return detect_stream(data[:HEAD_BYTES], len(data), io.BytesIO(data))


def _scan_bytes(data: bytes, path: Path, fail_on: Severity) -> None:
    """Scan the verified bytes in memory with hauberk's scanner; refuse if flagged or if the
    scanner could not vouch for them."""
    from hauberk.supplychain._limits import ScanLimits
    from hauberk.supplychain._scanner import Context

    ctx = Context(ScanLimits())
    ctx.scan_bytes(str(path), data, depth=0)
    report = ctx.finish()
    if report.errors:
        raise VerificationError(
            f"{path}: the artifact scanner could not vouch for it ({'; '.join(report.errors)});"
            " it was not loaded"
        )
    blocking = report.at_or_above(fail_on)
    if blocking:
        worst = max(blocking, key=lambda f: f.severity)
        raise VerificationError(
            f"{path}: the artifact scanner flagged it at {worst.severity.label} "
            f"(fail_on={fail_on.label}): {worst.title}; run `hauberk scan {path}` for all "
            f"{len(blocking)} finding(s). It was not loaded."
        )


def _load_safetensors(data: bytes, framework: Framework) -> Any:
    try:
        if framework == "torch":
            from safetensors.torch import load as load_torch

            return load_torch(data)
        from safetensors.numpy import load as load_numpy

        return load_numpy(data)
    except ImportError as exc:
        raise ModelLoadError(f"safetensors loading needs {exc.name}: pip install it") from None


def _load_onnx(data: bytes) -> Any:
    try:
        import onnxruntime as ort
    except ImportError:
        raise ModelLoadError("ONNX loading needs onnxruntime: pip install onnxruntime") from None
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])


def _load_torch(data: bytes) -> Any:
    try:
        import torch
    except ImportError:
        raise ModelLoadError("PyTorch checkpoints need torch: pip install torch") from None
    return torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)


def _load_numpy(data: bytes) -> Any:
    import numpy as np

    loaded = np.load(io.BytesIO(data), allow_pickle=False)
    if isinstance(loaded, np.lib.npyio.NpzFile):
        with loaded:
            return {name: loaded[name] for name in loaded.files}
    return loaded


def _load_pickle(data: bytes) -> Any:
    import joblib

    return joblib.load(io.BytesIO(data))


def load_verified(
    path: str | os.PathLike[str],
    *,
    sha256: str | None = None,
    signature: str | os.PathLike[str] | None = None,
    public_key: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    allow_pickle: bool = False,
    framework: Framework = "numpy",
    fail_on: Severity | str = Severity.MEDIUM,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pq_public_keys: Sequence[str | os.PathLike[str]] = (),
) -> Any:
    """Load the model file ``path`` only after its bytes proved authentic.

    Give ``sha256`` (hex digest) and/or ``signature`` with ``public_key`` (a model-signing
    bundle for this file or for the folder ``root`` holding it; ``root`` defaults to the
    file's folder). Returns a dict of arrays (safetensors, npz; tensors when
    ``framework="torch"``), an ``onnxruntime.InferenceSession``, a torch state dict, a NumPy
    array, or the unpickled object when ``allow_pickle=True`` and the scan passed.

    With ``pq_public_keys`` (ML-DSA-65 public key files) the signature is hybrid: the
    post-quantum part beside the bundle (``SIG.mldsa65``) must verify with one of them too,
    or a :class:`~hauberk.supplychain.HybridSignatureError` names the part that failed.

    Raises :class:`VerificationError` when the bytes do not match, the signature is not
    authentic, or the scanner flags the file at or above ``fail_on``;
    :class:`ConfigError` when no digest or signature is given.
    """
    path = Path(path)
    level = Severity.parse(fail_on)
    if framework not in ("numpy", "torch"):
        raise ConfigError(f"framework must be 'numpy' or 'torch', got {framework!r}")
    if max_bytes < 1:
        raise ConfigError(f"max_bytes must be positive, got {max_bytes}")
    if sha256 is None and signature is None:
        raise ConfigError(
            "load_verified needs sha256= or signature= with public_key=; refusing to load "
            f"{path} unverified"
        )
    if (signature is None) != (public_key is None):
        raise ConfigError("signature= and public_key= go together")
    if pq_public_keys and signature is None:
        raise ConfigError("pq_public_keys= checks the post-quantum part of signature=; give both")
    signed = (
        read_signature(Path(signature), public_key=Path(public_key))
        if signature is not None and public_key is not None
        else None
    )
    data = _read_once(path, max_bytes)
    if sha256 is not None:
        _check_sha256(data, sha256, path)
    if signed is not None:
        _check_signed(data, path, signed, Path(root) if root is not None else None)
    if pq_public_keys and signature is not None:
        from hauberk.supplychain._hybrid import check_pq_part

        check_pq_part(Path(signature), [Path(k) for k in pq_public_keys])

    kind = detect(data)
    if kind in PICKLE_FORMATS and not allow_pickle:
        raise ModelLoadError(
            f"{path} is {kind}, a pickle-based format that runs code when loaded. Convert it "
            "to safetensors or ONNX, or pass allow_pickle=True to load it after the artifact "
            "scan"
        )
    if kind not in PICKLE_FORMATS and kind not in SAFE_FORMATS:
        raise ModelLoadError(
            f"{path} is {kind}; verified loading reads safetensors, ONNX, PyTorch zip "
            "checkpoints, NumPy and (with allow_pickle=True) pickle/joblib. Convert it to "
            "safetensors or ONNX"
        )
    # Every format is scanned before it is loaded, whatever proved its integrity: a file
    # that is also a pickle (a polyglot), a malformed header, a checkpoint whose pickle
    # imports more than tensors: none of it reaches a loader.
    _scan_bytes(data, path, level)
    try:
        if kind == "safetensors":
            return _load_safetensors(data, framework)
        if kind == "onnx":
            return _load_onnx(data)
        if kind in ("numpy", "npz"):
            return _load_numpy(data)
        if kind.startswith("pytorch"):
            return _load_torch(data)
        return _load_pickle(data)
    except ModelLoadError:
        raise
    except Exception as exc:  # a verified but malformed file: say so, one line
        raise ModelLoadError(
            f"{path} ({kind}) passed verification and the scan but could not be loaded: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
