"""GGUF: parse the header and key-value metadata; judge chat templates as Jinja programs.

A chat template is rendered with Jinja by llama-cpp-python and others; a template that walks
dunder attributes escapes the sandbox (CVE-2024-34359). Templates are parsed with jinja2 (not
rendered) and every attribute or item access to a name starting with an underscore, every
``attr`` filter and every ``__init__`` of ``cycler``/``joiner``/``namespace`` is reported.
"""

from __future__ import annotations

import re
import struct
from typing import Any

from hauberk.core import Finding, Severity
from hauberk.supplychain import _rules
from hauberk.supplychain._scanner import Context, Source, register

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
_DUNDER = re.compile(
    r"__(class|globals|subclasses|builtins|init|mro|base|bases|import|dict|getattribute|code|loader|spec)__"
)


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
            if key.startswith("tokenizer.chat_template") and isinstance(value, str):
                out += template_findings(target, key, value)
    except _Bad as exc:
        out.append(_rules.FORMAT_MALFORMED.finding(target, f"GGUF metadata is malformed: {exc}"))
    return "gguf", out


def template_findings(target: str, key: str, template: str) -> list[Finding]:
    """Findings for one Jinja chat template (parsed, never rendered)."""
    import jinja2
    from jinja2 import nodes

    rule = _rules.GGUF_TEMPLATE
    reasons: list[str] = []
    try:
        tree = jinja2.Environment(autoescape=False).parse(template)  # noqa: S701 - parsed only
    except jinja2.TemplateSyntaxError as exc:
        hits = sorted(set(_DUNDER.findall(template)))
        found = [
            _rules.FORMAT_MALFORMED.finding(target, f"{key} does not parse as Jinja: {exc.message}")
        ]
        if hits:
            found.append(
                rule.finding(target, f"{key} mentions __{'__, __'.join(hits)}__", {"key": key})
            )
        return found
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Const)):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            reasons.append(f"attribute {node.attr}")
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
                reasons.append(f"item {node.arg.value!r}")
        elif isinstance(node, nodes.Filter) and node.name == "attr":
            reasons.append("the attr filter")
        elif (
            isinstance(node, nodes.Const)
            and isinstance(node.value, str)
            and _DUNDER.search(node.value)
        ):
            reasons.append(f"string {node.value[:40]!r}")
    if not reasons:
        return []
    unique = sorted(set(reasons))
    severity = Severity.CRITICAL if any("__" in r for r in unique) else Severity.HIGH
    return [
        rule.finding(
            target,
            f"{key} reaches Python internals through {', '.join(unique[:6])}",
            {"key": key, "accesses": unique[:20]},
            severity=severity,
        )
    ]
