"""TorchScript archives (``torch.jit.save``): pickles read by the TorchScript unpickler, and code.

``torch.load`` hands any zip whose records include ``constants.pkl`` to ``torch.jit.load``
(``torch.serialization._is_torchscript_zip``), and the format detector uses the same rule
(:func:`hauberk.supplychain._formats.zip_kind`). ``torch.jit.load`` reads ``data.pkl``,
``constants.pkl`` and the ``.debug_pkl`` source maps with TorchScript's C++ unpickler, which
imports no Python: it knows the ``torch.jit._pickle`` list builders natively (their Python
versions only return their argument) and resolves ``__torch__.*`` names to TorchScript classes
compiled from the archive's ``code/`` folder. Those names are therefore not reported; every
other global is judged by the pickle policy as usual, so a TorchScript archive whose pickles
carry a payload for a Python unpickler is still flagged. Every member whose bytes parse as a
pickle is interpreted, whatever its name or folder; other members are scanned by content.

The ``code/`` folder is TorchScript source (Python syntax), compiled on load; ``__setstate__``
methods run during loading and ``forward`` when the model is called. It cannot import Python
modules, but it can call operators: ``aten::from_file`` reads (and with ``shared=True`` maps
writable) any file, and operators from namespaces outside PyTorch's own need a native library.
Those are reported (``HB-SC-TORCHSCRIPT-CODE``); code that does not parse is malformed.
"""

from __future__ import annotations

import ast
import re
import zipfile

from hauberk.core import Finding, Severity
from hauberk.supplychain import _rules
from hauberk.supplychain._formats import torch_records
from hauberk.supplychain._scanner import Context, Source, register

#: Globals that TorchScript's unpickler implements natively (torch/csrc/jit/serialization/
#: unpickler.cpp); in Python they are identity functions (torch/jit/_pickle.py).
TORCHSCRIPT_NATIVE = frozenset(
    f"torch.jit._pickle.{name}"
    for name in (
        "build_tensor_from_id",
        "build_intlist",
        "build_tensorlist",
        "build_doublelist",
        "build_boollist",
        "build_complexlist",
        "restore_type_tag",
    )
)
#: Operator namespaces that PyTorch itself registers.
TORCH_NAMESPACES = frozenset(
    {"aten", "prim", "quantized", "_quantized", "prepacked", "profiler", "mkldnn",
     "mkldnn_prepacked", "sparse", "_caffe2", "quantized_decomposed", "cuda", "xnnpack",
     "vulkan", "metal", "_nnapi", "inductor", "higher_order", "_c10d_functional",
     "c10d_functional", "_dtensor", "rngprims", "debugprims"}
)  # fmt: skip
#: Operators that reach the file system.
FILE_OPS = frozenset({"from_file", "_load_for_mobile", "_save_for_mobile", "save", "load"})
_TORCH_CLASS = re.compile(r"__torch__(\.(?!__\w*__$)[A-Za-z_]\w*)+")
_RAW = frozenset({"version", "byteorder", ".data/version", ".data/serialization_id"})
#: Findings about one global (import or call) that the TorchScript context waives for the names
#: above; HB-SC-PICKLE-CALL is the rule for callables outside the allowlist that run.
_WAIVABLE = frozenset({_rules.PICKLE_GLOBAL.id, _rules.PICKLE_UNKNOWN.id, "HB-SC-PICKLE-CALL"})


def _waived(finding: Finding) -> bool:
    name = finding.evidence.get("global")
    if finding.id not in _WAIVABLE or not isinstance(name, str):
        return False
    return name in TORCHSCRIPT_NATIVE or bool(_TORCH_CLASS.fullmatch(name))


def _pickle_findings(ctx: Context, raw: bytes, label: str, depth: int) -> list[Finding]:
    from hauberk.supplychain._pickle_scan import pickle_stream_findings

    found, _ = pickle_stream_findings(ctx, raw, label, depth=depth)
    return [f for f in found if not _waived(f)]


def _dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def code_findings(label: str, text: str) -> list[Finding]:
    """Findings for one TorchScript source file of the ``code/`` folder."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError) as exc:
        return [
            _rules.FORMAT_MALFORMED.finding(
                label, f"TorchScript code does not parse: {type(exc).__name__}: {exc}"
            )
        ]
    files: set[str] = set()
    custom: set[str] = set()
    imports: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = getattr(node, "module", None) or ""
            for name in names if isinstance(node, ast.Import) else [module]:
                if not (name == "torch" or name.startswith(("torch.", "__torch__"))):
                    imports.add(name)
        if not isinstance(node, ast.Attribute | ast.Call):
            continue
        target = node.func if isinstance(node, ast.Call) else node
        name = _dotted(target)
        parts = name.split(".")
        if parts[-1] in FILE_OPS and parts[0] in ("torch", "ops"):
            files.add(name)
        if "ops" in parts[:2]:
            at = parts.index("ops")
            if len(parts) > at + 1 and parts[at + 1] not in TORCH_NAMESPACES:
                custom.add(".".join(parts[: at + 2]))
    out: list[Finding] = []
    rule = _rules.TORCHSCRIPT_CODE
    if files:
        out.append(
            rule.finding(
                label,
                f"TorchScript code calls {', '.join(sorted(files)[:5])}, which reads or maps files",
                {"calls": sorted(files)[:20]},
            )
        )
    if custom or imports:
        what = sorted(custom | imports)
        out.append(
            rule.finding(
                label,
                f"TorchScript code uses operators or modules outside PyTorch: {', '.join(what[:5])}"
                " (native libraries must be loaded for it)",
                {"namespaces": sorted(custom)[:20], "imports": sorted(imports)[:20]},
                severity=Severity.MEDIUM,
            )
        )
    return out


@register("torchscript")
def scan_torchscript(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    from hauberk.supplychain._archive import (
        member_may_be_pickle,
        raw_member_findings,
        read_zip_member,
    )
    from hauberk.supplychain._pickle_scan import _duplicates

    target = source.display
    out: list[Finding] = []
    try:
        zf = source.zip if source.zip is not None else zipfile.ZipFile(source.stream())
    except Exception as exc:
        return "torchscript", [
            ctx.unverifiable(target, f"zip does not open: {type(exc).__name__}: {exc}")
        ]
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        out += _duplicates(target, names)
        records = torch_records(names) or names
        for info, record in zip(infos, records, strict=True):
            label = f"{target}!{info.filename}"
            if info.is_dir() and not info.file_size:
                continue
            if ctx.expired:
                out.append(_rules.LIMIT.finding(label, "time limit reached before this member"))
                break
            pickled = record.endswith((".pkl", ".debug_pkl"))
            raw_bytes = record.startswith(("data/", "constants/", ".data/")) or record in _RAW
            if raw_bytes and not pickled and not member_may_be_pickle(ctx, zf, info):
                continue  # tensor bytes that cannot be a pickle: not unpacked
            if info.file_size > ctx.limits.max_read_bytes:
                out.append(_rules.LIMIT.finding(label, f"member is {info.file_size} bytes"))
                continue
            raw, problems = read_zip_member(ctx, source.data, zf, info, label)
            out += problems
            if record.startswith("code/") and record.endswith(".py"):
                out += code_findings(label, raw.decode("utf-8", "replace"))
                out += ctx.polyglot(Source(label, raw, depth=source.depth + 1), "torchscript code")
            elif pickled:
                out += _pickle_findings(ctx, raw, label, source.depth)
            elif raw_bytes:
                out += raw_member_findings(ctx, raw, label, source.depth)
            elif raw and source.depth < ctx.limits.max_archive_depth:
                ctx.scan_bytes(label, raw, depth=source.depth + 1)
    return "torchscript", out
