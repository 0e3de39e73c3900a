"""Text files that configure a model: JSON configs and Jinja templates.

* ``tokenizer_config.json`` (and any JSON) with a ``chat_template``: a string, or a list of
  ``{"name": ..., "template": ...}`` as transformers writes them; each template is judged by
  :mod:`hauberk.supplychain._jinja`;
* a JSON object that is a Keras model config (``class_name`` + ``config``, as in the
  ``config.json`` of a ``.keras`` archive, with or without ``metadata.json`` beside it):
  judged by :func:`hauberk.supplychain._keras.config_findings`;
* a ``.jinja`` template file (``chat_template.jinja``): judged as a template.

JSON files without either are analysed and clean: JSON holds no code of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._jinja import template_findings
from hauberk.supplychain._scanner import Context, Source, register

_MAX_WALK = 64


def _templates(node: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """``(where, template)`` for every chat template in a parsed JSON document."""
    if depth > _MAX_WALK:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            named = "chat_template" in str(key) or (key == "template" and "chat_template" in path)
            if named and isinstance(value, str):
                yield where, value
                continue
            yield from _templates(value, where, depth + 1)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _templates(value, f"{path}[{i}]", depth + 1)


def is_keras_config(doc: Any) -> bool:
    """A Keras object config: ``{"class_name": ..., "config": {...}}`` at the top (models
    also carry ``module``/``registered_name`` in Keras 3)."""
    return isinstance(doc, dict) and "class_name" in doc and "config" in doc


@register("json")
def scan_json(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    data = source.data
    if source.size > ctx.limits.max_header_bytes:
        return "json", [_rules.LIMIT.finding(target, f"JSON file is {source.size} bytes")]
    if b"chat_template" not in data and b"class_name" not in data:
        return "json", []
    try:
        doc = json.loads(bytes(data).decode("utf-8-sig"))
    except RecursionError:
        return "json", [ctx.unverifiable(target, "JSON nests too deeply to be analysed")]
    except (UnicodeDecodeError, ValueError) as exc:
        found = [_rules.FORMAT_MALFORMED.finding(target, f"not valid JSON: {exc}")]
        if b"{%" in data or b"{{" in data:  # a template that happens to start with '{'
            found += template_findings(target, "template", bytes(data).decode("utf-8", "replace"))
        return "json", found
    out: list[Finding] = []
    fmt = "json"
    for where, template in _templates(doc):
        out += template_findings(target, where, template)
    if is_keras_config(doc):
        from hauberk.supplychain._keras import config_findings

        fmt = "keras-config"
        out += config_findings(target, doc, "config", ctx=ctx)
    return fmt, out


@register("jinja")
def scan_jinja(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    try:
        text = bytes(source.data).decode("utf-8")
    except UnicodeDecodeError as exc:
        return "jinja", [_rules.FORMAT_MALFORMED.finding(source.display, f"not UTF-8: {exc}")]
    return "jinja", template_findings(source.display, "template", text)
