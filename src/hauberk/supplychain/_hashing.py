"""Hashing a model into a ``model_signing`` manifest, and digests of bytes already in memory.

We do not ship a hasher of our own. A prototype (a thread pool over ``mmap``-ed files with
largest-first scheduling) ran in 0.38 s on a 1 GB folder of eight 128 MB shards on two cores,
the same as ``model_signing.hashing.Config().hash`` (0.38-0.39 s): both are bound by SHA-256
itself (about 1.4 GB/s per core with SHA-NI), both hash files in parallel threads (hashlib
releases the GIL), and reading from the page cache costs nothing measurable. By the design
rule (use the library unless ours is measurably better) the serializers of ``model_signing``
do the work; this module turns hauberk's validated settings into their configuration, and
reads a signature's recorded settings back for verification. ``bench/sign.py`` keeps the
comparison honest.

Two serializations exist, both from the model-signing format:

- ``files`` (default): one digest per file, files hashed in parallel. This is what the
  ``model_signing sign key`` / ``verify key`` commands produce and expect.
- ``shards``: one digest per ``shard_size`` slice of every file, slices hashed in parallel,
  so a single 10 GB file uses every core. ``model_signing``'s Python API verifies it; its
  ``verify key`` command does not (it always re-hashes by files).

``sha256`` is the default digest; ``blake3`` (files only, internally parallel) is 4-5 times
faster but again only verifiable through the Python API.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from hauberk.core import ConfigError, VerificationError

if TYPE_CHECKING:
    from model_signing import hashing as ms_hashing

Method = Literal["files", "shards"]
Algorithm = Literal["sha256", "blake3"]

METHODS: tuple[str, ...] = ("files", "shards")
ALGORITHMS: tuple[str, ...] = ("sha256", "blake3")
DEFAULT_SHARD_SIZE = 256 * 1024 * 1024
MIN_SHARD_SIZE = 4096
MAX_SHARD_SIZE = 1 << 40
GIT_PATHS: tuple[str, ...] = (".git", ".gitattributes", ".github", ".gitignore")


@dataclass(frozen=True, kw_only=True)
class HashSettings:
    """How a model is turned into a manifest. Checked on construction.

    ``workers`` bounds the hashing threads (None: as many as ``concurrent.futures``
    chooses). ``allow_symlinks`` is off: a symbolic link in a model folder is an error,
    because what it points to can change without the folder changing.
    """

    method: Method = "files"
    algorithm: Algorithm = "sha256"
    shard_size: int = DEFAULT_SHARD_SIZE
    workers: int | None = None
    allow_symlinks: bool = False

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ConfigError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if self.algorithm not in ALGORITHMS:
            raise ConfigError(
                f"algorithm must be one of {', '.join(ALGORITHMS)}, got {self.algorithm!r}"
            )
        if self.method == "shards" and self.algorithm != "sha256":
            raise ConfigError(
                "the shards method needs algorithm='sha256' (blake3 is already parallel "
                "inside a file; use method='files' with it)"
            )
        if not MIN_SHARD_SIZE <= self.shard_size <= MAX_SHARD_SIZE:
            raise ConfigError(
                f"shard_size must be between {MIN_SHARD_SIZE} and {MAX_SHARD_SIZE} bytes, "
                f"got {self.shard_size}"
            )
        if self.workers is not None and not 1 <= self.workers <= 256:
            raise ConfigError(f"workers must be between 1 and 256, got {self.workers}")

    def digest_name(self) -> str:
        """The algorithm name each resource of the manifest carries."""
        if self.method == "shards":
            return f"{self.algorithm}-sharded-{self.shard_size}"
        return self.algorithm


def settings_from_serialization(params: Mapping[str, Any]) -> HashSettings:
    """The settings a signed manifest records (its ``serialization`` section)."""
    method = params.get("method")
    hash_type = params.get("hash_type")
    try:
        if method == "files":
            return HashSettings(
                method="files",
                algorithm=cast(Algorithm, hash_type),
                allow_symlinks=bool(params.get("allow_symlinks", False)),
            )
        if method == "shards":
            return HashSettings(
                method="shards",
                algorithm=cast(Algorithm, hash_type),
                shard_size=int(params.get("shard_size", 0)),
                allow_symlinks=bool(params.get("allow_symlinks", False)),
            )
    except (ConfigError, TypeError, ValueError) as exc:
        raise VerificationError(
            f"the signature records a serialization hauberk cannot recompute: {exc}"
        ) from None
    raise VerificationError(
        f"the signature records an unknown serialization method {method!r}; "
        f"hauberk recomputes only {', '.join(METHODS)}"
    )


def hashing_config(
    settings: HashSettings,
    *,
    ignore_paths: Iterable[str | os.PathLike[str]] = (),
    ignore_git_paths: bool = True,
) -> ms_hashing.Config:
    """A ``model_signing.hashing.Config`` that hashes as ``settings`` say.

    ``ignore_paths`` are relative to the model folder; they are recorded in the manifest.
    """
    from model_signing import hashing as ms_hashing

    config = ms_hashing.Config()  # type: ignore[no-untyped-call]
    if settings.method == "files":
        config.use_file_serialization(
            hashing_algorithm=settings.algorithm,
            max_workers=settings.workers,
            allow_symlinks=settings.allow_symlinks,
        )
    else:
        config.use_shard_serialization(
            hashing_algorithm=settings.algorithm,
            shard_size=settings.shard_size,
            max_workers=settings.workers,
            allow_symlinks=settings.allow_symlinks,
        )
    config.set_allow_symlinks(settings.allow_symlinks)
    config.set_ignored_paths(
        paths=[Path(p) for p in ignore_paths], ignore_git_paths=ignore_git_paths
    )
    return config


def digest_bytes(data: bytes | memoryview, algorithm: str) -> bytes:
    """The digest of ``data`` with a manifest algorithm name (``sha256`` or ``blake3``)."""
    if algorithm == "sha256":
        return hashlib.sha256(data).digest()
    if algorithm == "blake3":
        import blake3

        return bytes(blake3.blake3(data, max_threads=blake3.blake3.AUTO).digest())
    raise VerificationError(f"unsupported digest algorithm {algorithm!r}")


def shard_digests(data: bytes | memoryview, shard_size: int) -> dict[tuple[int, int], bytes]:
    """SHA-256 of each ``shard_size`` slice of ``data``, keyed by ``(start, end)``.

    Matches ``model_signing``'s shard serialization: an empty file has no shards.
    """
    view = memoryview(data)
    return {
        (start, min(start + shard_size, len(view))): hashlib.sha256(
            view[start : start + shard_size]
        ).digest()
        for start in range(0, len(view), shard_size)
    }
