"""Arguments that protocol 0 writes as text lines: ``STRING``, ``INT``, ``LONG``, ``PUT``/``GET``.

Both CPython unpicklers read these, and they disagree at the edges (``pickle.py`` calls
``int(line, 0)``, ``_pickle.c`` calls C's ``strtol``): a value is accepted here where either
of them accepts it, because a scanner must follow what any loader runs.
"""

from __future__ import annotations

import codecs

from ._pickle_values import Fail


def decode_string(raw: bytes) -> str | bytes:
    """STRING opcode argument: a quoted Python 2 string literal."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[:1] in (b"'", b'"'):
        raw = raw[1:-1]
    else:
        raise Fail("the STRING opcode argument must be quoted")
    try:
        decoded = codecs.escape_decode(raw)[0]
    except ValueError as exc:
        raise Fail(f"bad STRING escape: {exc}") from None
    try:
        return bytes(decoded).decode("ascii")
    except UnicodeDecodeError:
        raise Fail("STRING opcode argument is not ASCII") from None


def parse_int(line: bytes, at: int) -> int:
    """PUT/GET arguments: ``int(line)`` in base 10, as both unpicklers read them."""
    try:
        return int(line)
    except ValueError:
        raise Fail(f"integer argument at offset {at} is not a number: {line[:40]!r}") from None


_C_SPACE = b" \t\n\v\f\r"
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def _strtol(text: bytes) -> tuple[int, int] | None:
    """C ``strtol(text, &end, 0)`` on a NUL-terminated string: (value, end) or None on ERANGE.

    ``end`` is 0 when no digits were read (strtol then points back at the start).
    """
    i = 0
    while i < len(text) and text[i] in _C_SPACE:
        i += 1
    sign = 1
    if i < len(text) and text[i] in b"+-":
        sign = -1 if text[i] == 0x2D else 1
        i += 1
    digits = b"0123456789"
    base = 10
    if text[i : i + 2].lower() == b"0x" and text[i + 2 : i + 3].lower() in [
        bytes([c]) for c in b"0123456789abcdef"
    ]:
        base, i = 16, i + 2
        digits = b"0123456789abcdefABCDEF"
    elif text[i : i + 1] == b"0":
        base, digits = 8, b"01234567"
    start = i
    while i < len(text) and text[i] in digits:
        i += 1
    if i == start:
        return 0, 0
    value = sign * int(text[start:i], base)
    if not _LONG_MIN <= value <= _LONG_MAX:
        return None
    return value, i


def int_literal(line: bytes, at: int) -> object:
    """The INT opcode's argument, accepted where pickle.py or the C unpickler accepts it.

    pickle.py: ``00``/``01`` are booleans, else ``int(line, 0)`` (sign, whitespace,
    underscores, 0x/0o/0b prefixes). ``_pickle.c``: ``strtol(line, &end, 0)`` must stop at the
    newline or a NUL (so ``010`` is octal 8 and ``+0``/``-0`` are ``False``); on failure it
    falls back to ``int(line up to a NUL, 0)``.

    Typed ``object``, not ``int | bool``: compiled code keeps an ``int``-typed value as a
    machine integer, and ``True`` would come back as ``1``.
    """
    if line == b"00":
        return False
    if line == b"01":
        return True
    try:
        return int(line, 0)
    except ValueError:
        pass
    cstr = (line + b"\n").split(b"\0", 1)[0]
    parsed = _strtol(cstr)
    if parsed is not None and parsed[1] and parsed[1] in (len(cstr) - 1, len(cstr)):
        value = parsed[0]
        return bool(value) if len(line) == 2 and value in (0, 1) else value
    try:
        return int(cstr, 0)
    except ValueError:
        raise Fail(f"INT argument at offset {at} is not a number: {line[:40]!r}") from None


def long_literal(line: bytes, at: int) -> int:
    """The LONG opcode's argument (an optional trailing ``L``), as either unpickler reads it."""
    text = line[:-1] if line.endswith(b"L") else line
    try:
        return int(text, 0)
    except ValueError:
        pass
    try:
        return int(text.split(b"\0", 1)[0], 0)  # C reads up to a NUL byte
    except ValueError:
        raise Fail(f"LONG argument at offset {at} is not a number: {line[:40]!r}") from None
