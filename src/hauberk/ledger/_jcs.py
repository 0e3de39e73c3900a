"""RFC 8785 JSON Canonicalization Scheme (JCS): one byte string per JSON value.

A ledger leaf must hash the same on every machine, so entries are encoded with JCS: object
members sorted by their UTF-16 code units, no insignificant white space, strings escaped only
where JSON requires it, and numbers printed the way ECMAScript's ``Number.prototype.toString``
prints an IEEE 754 double.

Written here rather than taken from a library because the two small PyPI packages for it are
unmaintained and accept inputs RFC 8785 forbids (NaN, lone surrogates, integers a double cannot
hold). This module refuses those with :class:`~hauberk.core.InputError` instead of silently
producing bytes another implementation would not reproduce. It is tested against the RFC's own
examples and against node's ``JSON.stringify`` when node is installed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from hauberk.core import InputError

#: Nesting deeper than this is refused (a recursion bomb in an untrusted body).
MAX_DEPTH = 64

_ESCAPES = {i: f"\\u{i:04x}" for i in range(0x20)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"})
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\"})

_MAX_EXACT = 2**53


def canonical_json(value: object) -> bytes:
    """Return the RFC 8785 canonical UTF-8 encoding of ``value``.

    ``value`` is made of ``dict`` (string keys), ``list``/``tuple``, ``str``, ``int``, ``float``,
    ``bool`` and ``None``. Raises :class:`InputError` for anything JCS cannot represent exactly.
    """
    if _plain(value, 0):
        # Same bytes as the general encoder for this subset (tested with hypothesis), in C.
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    else:
        parts: list[str] = []
        _encode(value, parts, 0)
        text = "".join(parts)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            "JSON text holds a lone UTF-16 surrogate, which RFC 8785 forbids; "
            "fix the producer to emit valid Unicode"
        ) from exc


def canonical_text(value: object) -> str:
    """Like :func:`canonical_json` but returns ``str``."""
    return canonical_json(value).decode("utf-8")


def format_number(value: float) -> str:
    """Format a finite double exactly as ECMAScript ``Number.prototype.toString`` does."""
    if math.isnan(value) or math.isinf(value):
        raise InputError(f"JSON cannot hold {value!r}; RFC 8785 allows finite numbers only")
    if value == 0:
        return "0"  # also -0.0
    sign = "-" if value < 0 else ""
    # repr() gives the shortest digit string that round-trips, like ECMAScript.
    mantissa, _, exp_text = repr(abs(value)).partition("e")
    exponent = int(exp_text) if exp_text else 0
    int_part, _, frac_part = mantissa.partition(".")
    raw = int_part + frac_part
    stripped = raw.lstrip("0")
    point = len(int_part) + exponent - (len(raw) - len(stripped))
    digits = stripped.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        exp = ("+" if e >= 0 else "-") + str(abs(e))
        text = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + exp
    return sign + text


def _plain(value: object, depth: int) -> bool:
    """True when ``json.dumps`` already prints ``value`` canonically.

    That holds for exact dicts with ASCII keys (code-point order is UTF-16 order), lists,
    tuples, strings, ``None``, booleans and integers a double holds exactly, nested no deeper
    than :data:`MAX_DEPTH`: no floats, whose text differs between Python and ECMAScript.
    """
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -_MAX_EXACT <= value <= _MAX_EXACT  # type: ignore[operator]
    if depth >= MAX_DEPTH:
        return False
    if kind is dict:
        return all(
            type(k) is str and k.isascii() and _plain(v, depth + 1)
            for k, v in value.items()  # type: ignore[attr-defined]
        )
    if kind is list or kind is tuple:
        return all(_plain(v, depth + 1) for v in value)  # type: ignore[attr-defined]
    return False


def _string(value: str) -> str:
    return '"' + value.translate(_ESCAPES) + '"'


def _utf16_key(key: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly like sequences of UTF-16 code units.
    return key.encode("utf-16-be", "surrogatepass")


def _encode(value: object, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InputError(f"JSON nesting is deeper than {MAX_DEPTH} levels; flatten the body")
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, int):
        if abs(value) > _MAX_EXACT and int(float(value)) != value:
            raise InputError(
                f"integer {value} is not exactly representable as an IEEE 754 double "
                "(RFC 8785 / I-JSON); store it as a string"
            )
        out.append(format_number(float(value)))
    elif isinstance(value, float):
        out.append(format_number(value))
    elif isinstance(value, Mapping):
        items: list[tuple[str, Any]] = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise InputError(f"JSON object keys must be strings, got {type(key).__name__}")
            items.append((key, item))
        items.sort(key=lambda kv: _utf16_key(kv[0]))
        out.append("{")
        for i, (key, item) in enumerate(items):
            if i:
                out.append(",")
            out.append(_string(key))
            out.append(":")
            _encode(item, out, depth + 1)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out, depth + 1)
        out.append("]")
    else:
        raise InputError(f"{type(value).__name__} is not a JSON value; use dict/list/str/number")


def _reject_constant(name: str) -> object:
    raise InputError(f"JSON text holds {name}, which RFC 8785 forbids; use a finite number")


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise InputError(f"JSON number {text} overflows an IEEE 754 double")
    return number


def _json_int(text: str) -> int | float:
    # JSON numbers are IEEE 754 doubles (I-JSON, RFC 8785): a literal beyond 2**53 means the
    # nearest double, as JSON.parse reads it, so the canonical text of every double re-parses.
    number = int(text)
    return number if abs(number) <= _MAX_EXACT else _finite_float(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in pairs:
        if key in result:
            raise InputError(f"JSON object has the member {key!r} twice; keep one")
        result[key] = item
    return result


def parse_json(text: str | bytes) -> Any:
    """Parse JSON strictly: no duplicate member names, no NaN/Infinity, no overflowing numbers.

    Integer literals beyond 2**53 become the nearest double, as in ECMAScript's ``JSON.parse``.
    """
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_json_int,
        )
    except InputError:
        raise
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON: {exc}") from exc
