"""ONNX: parse the protobuf with the onnx package, without loading external data.

Reports operator domains outside the standard ones (custom operators need native libraries)
and external-data locations that are absolute or leave the model's folder (path traversal),
for every tensor the loader reads: initializers and tensors held by node attributes, in the
main graph, in subgraphs, in model-local functions and in training-info graphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._scanner import Context, Source, register

_MAX_NESTING = 32
STANDARD_DOMAINS = frozenset(
    {"", "ai.onnx", "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training", "com.microsoft",
     "com.microsoft.nchwc", "com.ms.internal.nhwc", "com.microsoft.experimental"}
)  # fmt: skip


def _node_tensors(nodes: Any, where: str, depth: int) -> Iterator[tuple[str, Any]]:
    """Tensors held by node attributes (``t``, ``tensors``, sparse ones), and those of the
    subgraphs they hold (``g``, ``graphs``: If, Loop, Scan bodies), recursively."""
    for node in nodes:
        label = f"{where}node {node.name or node.op_type!r}"
        for attr in node.attribute:
            at = f"{label} attribute {attr.name!r}"
            if attr.HasField("t"):
                yield at, attr.t
            for tensor in attr.tensors:
                yield at, tensor
            sparse = [attr.sparse_tensor] if attr.HasField("sparse_tensor") else []
            for item in [*sparse, *attr.sparse_tensors]:
                yield at, item.values
                yield at, item.indices
            if depth < _MAX_NESTING:
                if attr.HasField("g"):
                    yield from _graph_tensors(attr.g, f"{at} subgraph ", depth + 1)
                for sub in attr.graphs:
                    yield from _graph_tensors(sub, f"{at} subgraph ", depth + 1)


def _graph_tensors(graph: Any, where: str, depth: int) -> Iterator[tuple[str, Any]]:
    for tensor in graph.initializer:
        yield f"{where}initializer", tensor
    for sparse in graph.sparse_initializer:
        yield f"{where}sparse initializer", sparse.values
        yield f"{where}sparse initializer", sparse.indices
    yield from _node_tensors(graph.node, where, depth)


def model_tensors(model: Any) -> Iterator[tuple[str, Any]]:
    """Every TensorProto that ``onnx.load`` (``load_external_data``) or a runtime reads: graph
    initializers, node attributes in the graph, its subgraphs and model-local functions, and
    training-info graphs."""
    yield from _graph_tensors(model.graph, "", 0)
    for function in model.functions:
        yield from _node_tensors(function.node, f"function {function.name!r} ", 0)
    for info in model.training_info:
        yield from _graph_tensors(info.initialization, "training initialization ", 0)
        yield from _graph_tensors(info.algorithm, "training algorithm ", 0)


def _graphs(graph: Any, depth: int = 0) -> list[Any]:
    found = [graph]
    if depth > _MAX_NESTING:
        return found
    for node in graph.node:
        for attr in node.attribute:
            if attr.HasField("g"):
                found += _graphs(attr.g, depth + 1)
            for sub in attr.graphs:
                found += _graphs(sub, depth + 1)
    return found


def location_problem(location: str, folder: Path | None) -> str:
    """Why an external-data ``location`` would read outside the model's folder."""
    if not location:
        return "empty location"
    if (
        PurePosixPath(location).is_absolute()
        or PureWindowsPath(location).drive
        or location.startswith("\\")
    ):
        return f"absolute path {location!r}"
    if ".." in location.replace("\\", "/").split("/"):
        return f"{location!r} climbs out of the folder with '..'"
    if folder is not None:
        resolved = (folder / location).resolve()
        if not resolved.is_relative_to(folder.resolve()):
            return f"{location!r} resolves outside the folder, to {resolved}"
    return ""


@register("onnx")
def scan_onnx(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    try:
        import onnx
    except ImportError:
        return "onnx", [
            _rules.UNINSPECTED.finding(target, "install the onnx package to inspect ONNX models")
        ]
    if source.size > ctx.limits.max_read_bytes:
        return "onnx", [_rules.LIMIT.finding(target, f"model is {source.size} bytes")]
    model = onnx.ModelProto()
    try:
        model.ParseFromString(bytes(source.data))
    except Exception as exc:
        return "onnx", [
            _rules.FORMAT_MALFORMED.finding(target, f"ONNX protobuf does not parse: {exc}")
        ]
    out: list[Finding] = []
    domains = {o.domain for o in model.opset_import} - STANDARD_DOMAINS
    graphs = _graphs(model.graph)
    for function in model.functions:
        domains |= {n.domain for n in function.node} - STANDARD_DOMAINS - {function.domain}
    custom_ops: set[str] = set()
    for graph in graphs:
        for node in graph.node:
            if node.domain not in STANDARD_DOMAINS:
                custom_ops.add(f"{node.domain}::{node.op_type}")
                domains.add(node.domain)
    if domains:
        out.append(
            _rules.ONNX_DOMAIN.finding(
                target,
                f"custom operator domains {sorted(domains)}; operators {sorted(custom_ops)[:8]}",
                {"domains": sorted(domains), "operators": sorted(custom_ops)[:50]},
            )
        )
    folder = source.path.parent if source.path is not None else None
    for where, tensor in model_tensors(model):
        if tensor.data_location != onnx.TensorProto.EXTERNAL and not tensor.external_data:
            continue
        entries = {e.key: e.value for e in tensor.external_data}
        problem = location_problem(entries.get("location", ""), folder)
        if problem:
            out.append(
                _rules.ONNX_EXTERNAL.finding(
                    target,
                    f"{where} tensor {tensor.name!r} reads external data from {problem}",
                    {
                        "tensor": tensor.name,
                        "where": where,
                        "location": entries.get("location", ""),
                    },
                )
            )
    return "onnx", out
