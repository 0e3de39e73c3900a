"""A comparable rendering of a :class:`PickleAnalysis`: every field, symbolic values by shape.

Two interpreter builds (the pure-Python modules and the compiled ones) return different
classes for the same symbolic values, so results are compared through this plain-data form.
"""

from __future__ import annotations

from typing import Any


def value(v: object, depth: int = 0) -> object:
    """A symbolic value as plain data (class name and fields), bounded in depth."""
    if depth > 12:
        return "..."
    kind = type(v).__name__
    if v is None or isinstance(v, bool | int | float | str | bytes | complex):
        return (kind, repr(v))
    if isinstance(v, bytearray):
        return ("bytearray", bytes(v))
    if isinstance(v, tuple | list):
        return (kind, tuple(value(x, depth + 1) for x in v))
    if kind == "Global":
        return ("Global", v.module, v.name, v.offset, v.key)  # type: ignore[attr-defined]
    if kind == "Call":
        return (
            "Call",
            value(v.func, depth + 1),  # type: ignore[attr-defined]
            value(v.args, depth + 1),  # type: ignore[attr-defined]
            v.kind,  # type: ignore[attr-defined]
            v.offset,  # type: ignore[attr-defined]
            value(v.state, depth + 1),  # type: ignore[attr-defined]
        )
    if kind == "Opaque":
        return ("Opaque", v.what, v.callable)  # type: ignore[attr-defined]
    if kind == "SDict":
        items = tuple((value(a, depth + 1), value(b, depth + 1)) for a, b in v.items)  # type: ignore[attr-defined]
        return ("SDict", v.size, items)  # type: ignore[attr-defined]
    if kind == "SSet":
        return ("SSet", v.frozen, tuple(value(x, depth + 1) for x in v.items))  # type: ignore[attr-defined]
    raise TypeError(f"unexpected value type {kind}")


def analysis(a: Any) -> dict[str, object]:
    """Every field of one analysis, in plain data."""
    return {
        "start": a.start,
        "end": a.end,
        "stopped": a.stopped,
        "error": a.error,
        "opcodes": a.opcodes,
        "protocol": a.protocol,
        "calls": a.calls,
        "joblib_arrays": a.joblib_arrays,
        "limit_hit": a.limit_hit,
        "worst": str(a.worst),
        "globals": [
            (
                key,
                u.qualname,
                repr(u.verdict),
                u.offset,
                u.via,
                u.calls,
                u.args,
                u.safe_calls,
                u.invoked,
                str(u.raised),
                list(u.reasons),
                u.waived,
                str(u.severity),
            )
            for key, u in a.globals.items()
        ],
        "issues": [(i.rule, str(i.severity), i.detail, repr(i.evidence)) for i in a.issues],
        "nested": [(n.loader, n.offset, n.data) for n in a.nested],
        "persistent_ids": [value(p) for p in a.persistent_ids],
    }


def both_builds_agree(fast: Any, slow: Any) -> None:
    """Assert that the compiled and the pure build read a stream the same way.

    A wall-clock limit stops the two at different opcodes, so such runs are not compared.
    """
    if "time limit" in fast.limit_hit or "time limit" in slow.limit_hit:
        return
    a, b = analysis(fast), analysis(slow)
    diff = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
    assert not diff, f"compiled and pure pickle interpreters disagree: {diff!r:.2000}"
