"""safetensors: the header is JSON behind a length; every tensor must fit, exactly and alone.

Checks what the safetensors loader checks and what it leaves to the reader: header length
sanity (size bombs), valid JSON without duplicate keys, known dtypes, shapes of non-negative
integers, offsets that match dtype times shape, stay inside the data region, do not overlap
and cover it without gaps.
"""

from __future__ import annotations

import json
from typing import Any

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._scanner import Context, Source, register

DTYPE_BITS = {
    "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8, "U16": 16,
    "I16": 16, "F16": 16, "BF16": 16, "U32": 32, "I32": 32, "F32": 32, "U64": 64, "I64": 64,
    "F64": 64, "C64": 64, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
}  # fmt: skip


class _Duplicate(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


@register("safetensors")
def scan_safetensors(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    data = source.data
    target = source.display
    rule = _rules.SAFETENSORS
    out: list[Finding] = []
    n = int.from_bytes(bytes(data[:8]), "little")
    if n > ctx.limits.max_header_bytes:
        return "safetensors", [
            rule.finding(target, f"header claims {n} bytes (size bomb)", {"header_bytes": n})
        ]
    if n > len(data) - 8:
        return "safetensors", [
            rule.finding(
                target,
                f"header claims {n} bytes but the file has {len(data) - 8} after the length",
                {"header_bytes": n, "file_bytes": len(data)},
            )
        ]
    raw = bytes(data[8 : 8 + n])
    try:
        header = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except _Duplicate as exc:
        return "safetensors", [rule.finding(target, f"header repeats the key {exc.args[0]!r}")]
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return "safetensors", [rule.finding(target, f"header is not valid JSON: {exc}")]
    if not isinstance(header, dict):
        return "safetensors", [rule.finding(target, "header is not a JSON object")]
    region = len(data) - 8 - n
    spans: list[tuple[int, int, str]] = []
    meta = header.pop("__metadata__", None)
    if meta is not None and not (
        isinstance(meta, dict) and all(isinstance(v, str) for v in meta.values())
    ):
        out.append(rule.finding(target, "__metadata__ must map strings to strings"))
    if len(header) > ctx.limits.max_entries:
        return "safetensors", [
            *out,
            rule.finding(target, f"{len(header)} tensors exceed the limit"),
        ]
    for name, info in header.items():
        problem = _tensor_problem(info, region)
        if problem:
            out.append(rule.finding(target, f"tensor {name!r}: {problem}", {"tensor": name}))
            if len(out) > 50:
                break
            continue
        begin, end = info["data_offsets"]
        spans.append((begin, end, name))
    spans.sort()
    cursor = 0
    for begin, end, name in spans:
        if begin < cursor:
            out.append(
                rule.finding(
                    target, f"tensor {name!r} overlaps the previous tensor", {"tensor": name}
                )
            )
        elif begin > cursor:
            out.append(
                _rules.FORMAT_MALFORMED.finding(
                    target,
                    f"{begin - cursor} unused bytes before tensor {name!r}",
                    {"tensor": name},
                )
            )
        cursor = max(cursor, end)
    if spans and cursor < region:
        out.append(
            _rules.FORMAT_MALFORMED.finding(
                target,
                f"{region - cursor} bytes after the last tensor are not described by the header",
            )
        )
    return "safetensors", out


def _tensor_problem(info: object, region: int) -> str:
    if not isinstance(info, dict):
        return "entry is not an object"
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if dtype not in DTYPE_BITS:
        return f"unknown dtype {dtype!r}"
    if not isinstance(shape, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape
    ):
        return f"shape {shape!r} is not a list of non-negative integers"
    if not (
        isinstance(offsets, list)
        and len(offsets) == 2
        and all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
    ):
        return f"data_offsets {offsets!r} is not a pair of integers"
    begin, end = offsets
    if begin < 0 or end < begin:
        return f"data_offsets {offsets} are negative or reversed"
    if end > region:
        return f"data_offsets end {end} is past the data region of {region} bytes"
    count = 1
    for s in shape:
        count *= s
    bits = count * DTYPE_BITS[str(dtype)]
    if (bits + 7) // 8 != end - begin:
        return (
            f"shape {shape} of {dtype} needs {(bits + 7) // 8} bytes but offsets give {end - begin}"
        )
    return ""
