"""Fixed limits for scanning untrusted files: size, work, memory, nesting and time."""

from __future__ import annotations

from dataclasses import dataclass, fields

from hauberk.core import ConfigError

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

#: (lowest, highest) allowed value of each setting.
_RANGES: dict[str, tuple[float, float]] = {
    "max_read_bytes": (KIB, 64 * GIB),
    "max_opcodes": (100, 10**9),
    "max_memo": (10, 10**8),
    "max_depth": (4, 10**6),
    "max_pickles": (1, 10_000),
    "max_seconds": (0.01, 86_400.0),
    "max_archive_depth": (0, 64),
    "max_members": (1, 10**7),
    "max_unpacked_bytes": (KIB, 1024 * GIB),
    "max_ratio": (2.0, 1e6),
    "max_header_bytes": (KIB, 4 * GIB),
    "max_entries": (1, 10**8),
}


@dataclass(frozen=True, kw_only=True)
class ScanLimits:
    """Bounds on the work spent on one file. Anything beyond a bound is a finding.

    ``max_read_bytes`` caps what is read into memory from one file or archive member (pickle
    streams, headers, nested archives); ``max_opcodes``, ``max_memo`` and ``max_depth`` bound
    the pickle interpreter; ``max_pickles`` bounds successive pickles in one stream;
    ``max_seconds`` is the wall-clock budget per top-level file; ``max_archive_depth``,
    ``max_members``, ``max_unpacked_bytes`` and ``max_ratio`` bound archives (nesting, member
    count, bytes unpacked in total, compression ratio); ``max_header_bytes`` bounds JSON and
    metadata headers (safetensors, GGUF, ONNX); ``max_entries`` bounds tensors and key-value
    entries declared by a header.
    """

    max_read_bytes: int = 2 * GIB
    max_opcodes: int = 50_000_000
    max_memo: int = 5_000_000
    max_depth: int = 10_000
    max_pickles: int = 64
    max_seconds: float = 120.0
    max_archive_depth: int = 4
    max_members: int = 100_000
    max_unpacked_bytes: int = 16 * GIB
    max_ratio: float = 1000.0
    max_header_bytes: int = 256 * MIB
    max_entries: int = 10_000_000

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            low, high = _RANGES[item.name]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"ScanLimits.{item.name} must be a number, got {value!r}")
            if not low <= value <= high:
                raise ConfigError(
                    f"ScanLimits.{item.name}={value!r} is out of range; allowed {low:g}..{high:g}"
                )
