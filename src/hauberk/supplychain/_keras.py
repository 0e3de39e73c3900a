"""Keras ``.keras`` archives and HDF5 ``.h5`` models: the model config names the code it runs.

A ``Lambda`` layer stores Python bytecode (marshal, base64) that runs on load (CVE-2024-3660);
classes from modules outside Keras need custom code. ``.keras`` keeps the config in
``config.json``; HDF5 keeps it in the root attribute ``model_config``, read with h5py when it
is installed. Without h5py the file is searched for the JSON config directly (HDF5 stores the
attribute's string contiguously); if none is found the file is reported as not inspected.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._scanner import Context, Source, register

_KERAS_MODULES = ("keras", "tensorflow", "tf_keras", "keras_nlp", "keras_cv", "keras_hub")
_LAMBDA = {"Lambda", "__lambda__"}
_CONFIG_KEYS = (b'{"class_name"', b'{"module"')


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 200:
        return
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, depth + 1)


def config_findings(target: str, config: Any, where: str) -> list[Finding]:
    """Findings for a Keras model config (``config.json`` or ``model_config``)."""
    lambdas: list[str] = []
    custom: set[str] = set()
    for node in _walk(config):
        name = node.get("class_name")
        if name in _LAMBDA or node.get("function_type") == "lambda":
            layer = (
                node.get("config", {}).get("name", "")
                if isinstance(node.get("config"), dict)
                else ""
            )
            lambdas.append(str(layer or name))
        module = node.get("module")
        if (
            isinstance(module, str)
            and isinstance(name, str)
            and not module.startswith(_KERAS_MODULES)
        ):
            custom.add(f"{module}.{name}")
        registered = node.get("registered_name")
        if isinstance(registered, str) and ">" in registered:
            custom.add(registered)
    out: list[Finding] = []
    if lambdas:
        out.append(
            _rules.KERAS_LAMBDA.finding(
                target,
                f"{where} has {len(lambdas)} Lambda layer(s) or functions with bytecode: "
                + ", ".join(sorted(set(lambdas))[:5]),
                {"layers": sorted(set(lambdas))[:20], "config": where},
            )
        )
    if custom:
        out.append(
            _rules.KERAS_CUSTOM.finding(
                target,
                f"{where} needs custom objects: {', '.join(sorted(custom)[:5])}",
                {"objects": sorted(custom)[:20], "config": where},
            )
        )
    return out


@register("keras")
def scan_keras(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    from hauberk.supplychain._archive import scan_zip

    target = source.display
    out: list[Finding] = []
    try:
        with zipfile.ZipFile(source.stream()) as zf:
            raw = zf.read("config.json") if "config.json" in zf.namelist() else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        return "keras", [
            _rules.FORMAT_MALFORMED.finding(target, f"unreadable .keras archive: {exc}")
        ]
    if len(raw) > ctx.limits.max_header_bytes:
        out.append(_rules.LIMIT.finding(target, f"config.json is {len(raw)} bytes"))
    else:
        try:
            out += config_findings(target, json.loads(raw), "config.json")
        except (ValueError, RecursionError) as exc:
            out.append(_rules.FORMAT_MALFORMED.finding(target, f"config.json is not JSON: {exc}"))
    _, members = scan_zip(ctx, source)
    return "keras", out + members


@register("hdf5")
def scan_hdf5(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    try:
        import h5py  # type: ignore[import-untyped]
    except ImportError:
        h5py = None
    if h5py is not None:
        try:
            with h5py.File(
                io.BytesIO(bytes(source.data)) if not source.path else source.path, "r"
            ) as f:
                out: list[Finding] = []
                for key in ("model_config", "training_config"):
                    if key in f.attrs:
                        value = f.attrs[key]
                        text = (
                            value.decode("utf-8", "replace")
                            if isinstance(value, bytes)
                            else str(value)
                        )
                        try:
                            out += config_findings(target, json.loads(text), key)
                        except (ValueError, RecursionError) as exc:
                            out.append(
                                _rules.FORMAT_MALFORMED.finding(target, f"{key} is not JSON: {exc}")
                            )
                return "hdf5", out
        except (OSError, ValueError, KeyError) as exc:
            return "hdf5", [
                _rules.FORMAT_MALFORMED.finding(target, f"HDF5 file does not open: {exc}")
            ]
    return "hdf5", _raw_search(ctx, source)


def _raw_search(ctx: Context, source: Source) -> list[Finding]:
    """Without h5py: find JSON model configs stored as attribute strings in the raw file."""
    data = source.data
    decoder = json.JSONDecoder()
    found: list[Finding] = []
    seen = False
    limit = min(len(data), ctx.limits.max_read_bytes)
    for key in _CONFIG_KEYS:
        pos = data.find(key, 0, limit)
        while pos >= 0 and not seen:
            window = bytes(data[pos : pos + ctx.limits.max_header_bytes]).decode("utf-8", "replace")
            try:
                config, _ = decoder.raw_decode(window)
            except ValueError:
                pos = data.find(key, pos + 1, limit)
                continue
            seen = True
            found += config_findings(source.display, config, "model_config")
    if not seen:
        found.append(
            _rules.UNINSPECTED.finding(
                source.display,
                "HDF5 file without a readable model_config; install h5py to inspect its attributes",
            )
        )
    return found
