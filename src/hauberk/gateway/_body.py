"""Stage 1: read the body under a byte cap, then parse JSON under a nesting cap.

The cap is enforced while reading (a lying or missing ``Content-Length`` does not help), and
the nesting depth is measured before the parser runs, with C-speed passes (a regex that blanks
string literals, then a cumulative sum over the brackets), so a ``[[[[...`` bomb costs one scan
and never reaches the recursive parser. ``NaN``, ``Infinity`` and numbers that overflow to
infinity are refused: JSON has no such values and models must not see them.

All of this runs before authentication, so every pass is linear in the body's size:

- ``_STRING`` is the unrolled loop ``"[^"\\]*(?:\\.[^"\\]*)*"?`` with the closing quote
  optional. After the opening quote every part can match the empty string and the pieces
  cannot overlap (``[^"\\]`` excludes the backslash that starts ``\\.``), so a match never
  fails and never backtracks: it consumes what it scans, and the search resumes after it.
  The old form ``"(?:[^"\\]|\\.)*"`` failed on an unterminated string and was retried
  from every later quote, quadratic on ``"`` + ``\\"`` x N (64 KB took 13 s). An
  unterminated string blanks to the end of the body, which the JSON parser then refuses.
- A run of 309 digits (the only way to overflow a double without an exponent) is found with
  ``bytes.find`` on a copy whose digits are all ``0``; CPython's two-way search is linear,
  where the regex ``[0-9]{309}`` rescanned up to 308 digits from every position.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import numpy as np

from hauberk.core import ConfigError
from hauberk.gateway._errors import GatewayError

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGITS = b"0" * 309
_OPEN = b"[{"
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = np.zeros(256, dtype=np.int8)
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1


def json_depth(raw: bytes) -> int:
    """Deepest nesting of arrays and objects in ``raw`` (brackets inside strings ignored)."""
    return _depth(_STRING.sub(b'""', raw))


def _depth(blanked: bytes) -> int:
    brackets = blanked.translate(None, _NOT_BRACKET)
    if len(brackets) <= 256:  # a few rows: a plain loop beats NumPy's call overhead
        depth = deepest = 0
        for b in brackets:
            depth += 1 if b in _OPEN else -1
            deepest = max(deepest, depth)
        return deepest
    steps = _DEPTH_STEP[np.frombuffer(brackets, dtype=np.uint8)]
    return int(np.cumsum(steps, dtype=np.int64).max())


def _no_constant(name: str) -> Any:
    raise GatewayError("non_finite", f"{name} is not a JSON number; send finite numbers only")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise GatewayError("non_finite", "a number is too large to be finite")
    return value


class BodyReader:
    """Reads at most ``max_bytes`` of a request body; more is a 413 before any parsing."""

    def __init__(self, *, max_bytes: int) -> None:
        if max_bytes < 1:
            raise ConfigError(f"max_bytes must be >= 1, got {max_bytes}")
        self.max_bytes = max_bytes

    async def read(self, declared: str | None, chunks: AsyncIterator[bytes]) -> bytes:
        too_large = GatewayError(
            "body_too_large", f"the request body is larger than {self.max_bytes} bytes"
        )
        if declared is not None:
            if not declared.isdigit():
                raise GatewayError("bad_request", "Content-Length must be a decimal number")
            if int(declared) > self.max_bytes:
                raise too_large
        parts: list[bytes] = []
        size = 0
        async for chunk in chunks:
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            parts.append(chunk)
        return b"".join(parts)


class JsonParser:
    """Parses a JSON body no deeper than ``max_depth``, refusing non-finite numbers.

    With ``literals=False`` the values ``true``, ``false`` and ``null`` are refused too (a
    prediction body holds numbers only, and NumPy would silently read ``true`` as ``1``).
    """

    def __init__(self, *, max_depth: int, literals: bool = True) -> None:
        if max_depth < 1:
            raise ConfigError(f"max_depth must be >= 1, got {max_depth}")
        self.max_depth = max_depth
        self.literals = literals

    def parse(self, raw: bytes) -> Any:
        if not raw:
            raise GatewayError("malformed_json", "the request body is empty; send a JSON object")
        blanked = _STRING.sub(b'""', raw)
        if _depth(blanked) > self.max_depth:
            raise GatewayError(
                "json_too_deep", f"JSON nesting is deeper than {self.max_depth} levels"
            )
        if not self.literals and any(word in blanked for word in (b"true", b"false", b"null")):
            raise GatewayError(
                "invalid_inputs", "true, false and null are not numbers; send numbers only"
            )
        # Only an exponent or 309+ digits can overflow a double; other bodies skip the
        # per-number Python hook.
        may_overflow = (
            b"e" in blanked or b"E" in blanked or _LONG_DIGITS in blanked.translate(_DIGITS_AS_ZERO)
        )
        try:
            text = raw.decode("utf-8")
            if not may_overflow:
                return json.loads(text, parse_constant=_no_constant)
            return json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
        except GatewayError:
            raise
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise GatewayError(
                "malformed_json", "the request body is not valid UTF-8 JSON"
            ) from None
