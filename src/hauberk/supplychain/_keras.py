"""Keras ``.keras`` archives and HDF5 ``.h5`` models: the model config names the code it runs.

A ``Lambda`` layer stores Python bytecode (marshal, base64) that runs on load (CVE-2024-3660);
classes and functions from modules outside Keras need custom code, and a config that names
``os.system`` or ``builtins.exec`` as a function makes Keras import it (CVE-2025-1550): such
names are judged by the pickle policy (:func:`hauberk.supplychain._policy.judge`). ``.keras``
keeps the config in ``config.json``; HDF5 keeps it in the root attribute ``model_config``,
read with h5py when it is installed (a user block before the superblock is found as the HDF5
library finds it). Without h5py the file is searched for the JSON config directly (HDF5 stores
the attribute's string contiguously); if none is found the file is reported as not inspected.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from hauberk.core import Finding, Severity
from hauberk.supplychain import _rules
from hauberk.supplychain._scanner import Context, Source, register

_KERAS_MODULES = ("keras", "tensorflow", "tf_keras", "keras_nlp", "keras_cv", "keras_hub")
_MAX_DEPTH = 500
#: TensorFlow functions a Keras 2 ``TFOpLambda`` layer may name that reach files or Python.
_TF_UNSAFE = re.compile(
    r"(^|\.)(io|gfile|py_function|numpy_function|py_func|summary|debugging)(\.|$)"
)
_LAMBDA = {"Lambda", "__lambda__"}
_CONFIG_KEYS = (b'{"class_name"', b'{"module"')


def _walk(node: Any, deep: list[int]) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON document, iteratively; ``deep`` counts subtrees past the limit."""
    stack: list[tuple[Any, int]] = [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > _MAX_DEPTH:
            deep[0] += 1
            continue
        if isinstance(item, dict):
            yield item
            stack.extend((v, depth + 1) for v in reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in reversed(item))


def _keras_module(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in _KERAS_MODULES)


def _imports(node: dict[str, Any]) -> str | None:
    """The ``module.name`` a Keras 3 config entry makes the loader import, if any: classes
    (``module`` + ``class_name``), functions (``class_name: "function"``, the name in
    ``config``) and registered custom objects (``registered_name`` ``"package>name"``)."""
    module, name = node.get("module"), node.get("class_name")
    if not isinstance(module, str) or not isinstance(name, str) or _keras_module(module):
        return None
    if name == "function" and isinstance(node.get("config"), str):
        name = node["config"]
    return f"{module}.{name}"


def config_findings(
    target: str, config: Any, where: str, *, ctx: Context | None = None
) -> list[Finding]:
    """Findings for a Keras model config (``config.json`` or ``model_config``)."""
    from hauberk.supplychain._policy import judge

    lambdas: list[str] = []
    custom: dict[str, Any] = {}
    deep = [0]
    for node in _walk(config, deep):
        name = node.get("class_name")
        if name in _LAMBDA or node.get("function_type") == "lambda":
            layer = (
                node.get("config", {}).get("name", "")
                if isinstance(node.get("config"), dict)
                else ""
            )
            lambdas.append(str(layer or name))
        if name == "TFOpLambda" and isinstance(node.get("config"), dict):
            function = str(node["config"].get("function", ""))
            if _TF_UNSAFE.search(function):
                custom[f"tf.{function}"] = judge("tensorflow", function)
        qualname = _imports(node)
        if qualname is not None:
            module, _, attr = qualname.rpartition(".")
            custom[qualname] = judge(module, attr)
        registered = node.get("registered_name")
        if isinstance(registered, str) and ">" in registered:
            package, _, attr = registered.partition(">")
            if not _keras_module(package):
                custom.setdefault(registered, judge(package, attr))
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
        worst = max(
            (v.severity for v in custom.values() if v.severity is not None),
            default=Severity.MEDIUM,
        )
        dangerous = sorted(
            q for q, v in custom.items() if v.severity and v.severity >= Severity.HIGH
        )
        detail = f"{where} needs custom objects: {', '.join(sorted(custom)[:5])}"
        if dangerous:
            detail += (
                f"; loading imports {', '.join(dangerous[:5])} ("
                + ", ".join(sorted({custom[q].category for q in dangerous}))
                + ")"
            )
        out.append(
            _rules.KERAS_CUSTOM.finding(
                target,
                detail,
                {"objects": sorted(custom)[:20], "dangerous": dangerous[:20], "config": where},
                severity=max(worst, Severity.MEDIUM),
            )
        )
    if deep[0]:
        why = f"{where} nests deeper than {_MAX_DEPTH} levels; the deeper part was not inspected"
        out.append(
            ctx.unverifiable(target, why)
            if ctx is not None
            else _rules.UNVERIFIABLE.finding(target, f"could not vouch for the content: {why}")
        )
    return out


@register("keras")
def scan_keras(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    """A ``.keras`` zip: every member is scanned by content; ``config.json`` is judged as a
    Keras config by the JSON handler (:mod:`hauberk.supplychain._text`), weights ``.h5`` as
    HDF5, so a config is judged the same with or without ``metadata.json`` beside it."""
    from hauberk.supplychain._archive import scan_zip

    _, members = scan_zip(ctx, source)
    return "keras", members


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
                            out += config_findings(target, json.loads(text), key, ctx=ctx)
                        except RecursionError:
                            out.append(ctx.unverifiable(target, f"{key} nests too deeply"))
                        except ValueError as exc:
                            out.append(
                                _rules.FORMAT_MALFORMED.finding(target, f"{key} is not JSON: {exc}")
                            )
                return "hdf5", out
        except Exception as exc:
            return "hdf5", [
                ctx.unverifiable(target, f"HDF5 file does not open: {type(exc).__name__}: {exc}")
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
            found += config_findings(source.display, config, "model_config", ctx=ctx)
    if not seen:
        found.append(
            _rules.UNINSPECTED.finding(
                source.display,
                "HDF5 file without a readable model_config; install h5py to inspect its attributes",
            )
        )
    return found
