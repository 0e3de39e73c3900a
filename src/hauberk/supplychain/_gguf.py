"""GGUF: parse the header and key-value metadata; judge chat templates as Jinja programs.

A chat template is rendered with Jinja by llama-cpp-python and others; a template that walks
dunder attributes escapes the sandbox (CVE-2024-34359). Templates are judged by
:mod:`hauberk.supplychain._jinja` (parsed, never rendered). Every key-value entry is read
whatever its position; a template key anywhere in the metadata is judged.
"""

from __future__ import annotations

import struct
from typing import Any

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._jinja import template_findings
from hauberk.supplychain._scanner import Context, Source, register

__all__ = ["scan_gguf", "template_findings"]

_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}


class _Bad(Exception):
    pass


class _Reader:
    def __init__(self, data: Any, limit: int) -> None:
        self.data = data
        self.pos = 0
        self.limit = limit

    def take(self, fmt: str) -> Any:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise _Bad(f"truncated at offset {self.pos}")
        value = struct.unpack_from(fmt, self.data, self.pos)[0]
        self.pos += size
        return value

    def string(self) -> str:
        n = self.take("<Q")
        if n > self.limit or self.pos + n > len(self.data):
            raise _Bad(f"string of {n} bytes at offset {self.pos} exceeds the file or the limit")
        raw = bytes(self.data[self.pos : self.pos + n])
        self.pos += n
        return raw.decode("utf-8", "replace")

    def value(self, vtype: int, depth: int = 0) -> Any:
        if vtype in _SCALARS:
            return self.take(_SCALARS[vtype])
        if vtype == 8:
            return self.string()
        if vtype == 9 and depth < 4:
            item_type = self.take("<I")
            count = self.take("<Q")
            if count > self.limit:
                raise _Bad(f"array of {count} items exceeds the limit")
            if item_type in _SCALARS:
                size = struct.calcsize(_SCALARS[item_type]) * count
                if self.pos + size > len(self.data):
                    raise _Bad("array runs past the end of the file")
                self.pos += size
                return None
            return [self.value(item_type, depth + 1) for _ in range(count)]
        raise _Bad(f"unknown value type {vtype} at offset {self.pos}")


@register("gguf")
def scan_gguf(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    reader = _Reader(source.data, ctx.limits.max_header_bytes)
    out: list[Finding] = []
    try:
        reader.pos = 4
        version = reader.take("<I")
        if version not in (1, 2, 3):
            raise _Bad(f"unknown GGUF version {version}")
        wide = "<Q" if version >= 2 else "<I"
        tensors = reader.take(wide)
        count = reader.take(wide)
        if count > ctx.limits.max_entries or tensors > ctx.limits.max_entries:
            raise _Bad(f"declares {count} keys and {tensors} tensors, beyond the limits")
        for _ in range(count):
            key = reader.string()
            value = reader.value(reader.take("<I"))
            if "chat_template" in key:
                texts = value if isinstance(value, list) else [value]
                for text in texts:
                    if isinstance(text, str):
                        out += template_findings(target, key, text)
    except _Bad as exc:
        out.append(_rules.FORMAT_MALFORMED.finding(target, f"GGUF metadata is malformed: {exc}"))
    except RecursionError:
        out.append(ctx.unverifiable(target, "GGUF metadata nests too deeply to be analysed"))
    return "gguf", out
