"""Pickle-based formats: raw pickle, joblib, torch (zip, legacy tar, pre-zip) and ``.npy``.

Each handler finds the pickle streams the real loader would read and hands them to the
interpreter in :mod:`hauberk.supplychain._pickle`; tensor storage is never read.
"""

from __future__ import annotations

import re
import struct
import tarfile
import zipfile
import zlib
from typing import Any

from hauberk.core import Finding, Severity
from hauberk.supplychain import _rules
from hauberk.supplychain._formats import TORCH_MAGIC, npy_header
from hauberk.supplychain._pickle import (
    Global,
    PickleAnalysis,
    analyse,
    analyse_all,
    looks_like_pickle,
)
from hauberk.supplychain._scanner import Context, Source, parses_as_pickle, register

_ISSUE_RULES = {
    "dynamic": _rules.PICKLE_DYNAMIC,
    "dynamic-global": _rules.PICKLE_GLOBAL,
    "frame": _rules.PICKLE_FRAME,
    "extension": _rules.PICKLE_EXTENSION,
    "build-global": _rules.PICKLE_BUILD_GLOBAL,
    "malformed": _rules.PICKLE_MALFORMED,
}
#: Rule of a global's finding by its severity (each rule states the severity it carries).
_GLOBAL_RULES = {
    Severity.CRITICAL: _rules.PICKLE_GLOBAL,
    Severity.HIGH: _rules.PICKLE_CALL,
    Severity.MEDIUM: _rules.PICKLE_UNKNOWN,
}

#: Bytes per element of torch's legacy typed storages.
STORAGE_ELEMENT = {
    "DoubleStorage": 8, "FloatStorage": 4, "HalfStorage": 2, "BFloat16Storage": 2,
    "LongStorage": 8, "IntStorage": 4, "ShortStorage": 2, "CharStorage": 1,
    "ByteStorage": 1, "BoolStorage": 1, "ComplexFloatStorage": 8, "ComplexDoubleStorage": 16,
    "QInt8Storage": 1, "QUInt8Storage": 1, "QInt32Storage": 4, "QUInt4x2Storage": 1,
    "QUInt2x4Storage": 1, "UntypedStorage": 1,
}  # fmt: skip
_TORCH_STORAGE = re.compile(r"^[^/]+/data/[^/]+$")
_TORCH_SMALL = re.compile(r"^([^/]+/(version|byteorder|\.format_version|\.storage_alignment)|"
                          r"[^/]+/\.data/serialization_id|\.data/[^/]+)$")  # fmt: skip


def analysis_findings(
    ctx: Context,
    analysis: PickleAnalysis,
    target: str,
    *,
    index: int = 0,
    depth: int = 0,
    where: str = "",
) -> list[Finding]:
    """Findings for one interpreted pickle stream; nested payloads are scanned too.

    Nothing found before an error or a limit is dropped: the error or limit is one more
    finding, "could not vouch", high.
    """
    out: list[Finding] = []
    base: dict[str, Any] = {"pickle": index} if index else {}
    if where:
        base["member"] = where
    for use in analysis.globals.values():
        verdict = use.verdict
        severity = use.severity
        if severity is None or severity < Severity.MEDIUM:
            continue
        rule = _GLOBAL_RULES[severity]
        called = f"; called {use.calls} time(s), e.g. with {use.args}" if use.calls else ""
        why = f"; {'; '.join(use.reasons)}" if use.reasons else ""
        category = verdict.category
        if verdict.allowed:
            category = "allowed callable used outside what it was reviewed for"
        elif verdict.severity is not None and severity > verdict.severity:
            category = "callable outside the allowlist, run while loading"
        out.append(
            rule.finding(
                target,
                f"{verdict.qualname} ({category}) imported by {use.via}{called}{why}",
                {
                    **base,
                    "global": verdict.qualname,
                    "category": category,
                    "via": use.via,
                    "offset": use.offset,
                    "calls": use.calls,
                    "invoked": use.invoked,
                    "args": use.args,
                    "reasons": list(use.reasons),
                },
                severity=severity,
                title=f"Pickle {'calls' if use.invoked else 'imports'} {verdict.qualname}",
            )
        )
    for issue in analysis.issues:
        rule = _ISSUE_RULES[issue.rule]
        out.append(
            rule.finding(target, issue.detail, {**base, **issue.evidence}, severity=issue.severity)
        )
    if analysis.error:
        detail = f"could not vouch: the unpickler would raise: {analysis.error}"
        if analysis.calls:
            detail += f" (after {analysis.calls} call(s) already ran)"
        out.append(
            _rules.PICKLE_MALFORMED.finding(
                target,
                detail,
                {**base, "error": analysis.error, "calls_before_error": analysis.calls},
                severity=Severity.HIGH,
            )
        )
    if analysis.limit_hit:
        out.append(
            _rules.LIMIT.finding(
                target,
                f"could not vouch: pickle interpretation stopped at offset {analysis.end}: "
                f"{analysis.limit_hit}; what follows was not inspected",
                {
                    **base,
                    "limit": analysis.limit_hit,
                    "opcodes": analysis.opcodes,
                    "offset": analysis.end,
                },
                severity=Severity.HIGH,
            )
        )
    for nested in analysis.nested:
        label = f"{target}!<{nested.loader} at offset {nested.offset}>"
        out.append(
            _rules.PICKLE_NESTED.finding(
                target,
                f"{nested.loader} at offset {nested.offset} deserialises {len(nested.data)} "
                f"embedded bytes; scanned as {label}",
                {
                    **base,
                    "loader": nested.loader,
                    "offset": nested.offset,
                    "bytes": len(nested.data),
                },
            )
        )
        if depth < ctx.limits.max_archive_depth:
            ctx.scan_bytes(label, nested.data, depth=depth + 1)
    return out


def pickle_stream_findings(
    ctx: Context,
    data: Any,
    target: str,
    *,
    start: int = 0,
    depth: int = 0,
    where: str = "",
    seen: list[PickleAnalysis] | None = None,
) -> tuple[list[Finding], bool]:
    """Findings for every pickle in ``data`` from ``start``, and whether joblib arrays were seen.

    Data after the first pickle is reported; if it is another pickle it is interpreted too,
    because a consumer that calls ``load()`` again runs it.
    """
    out: list[Finding] = []
    joblib = False
    size = len(data)
    for index, analysis in enumerate(
        analyse_all(data, start=start, limits=ctx.limits, deadline=ctx.deadline)
    ):
        if index > 0 and not looks_like_pickle(bytes(data[analysis.start : analysis.start + 4096])):
            out.append(
                _rules.PICKLE_TRAILING.finding(
                    target,
                    f"{size - analysis.start} bytes of non-pickle data follow STOP at offset "
                    f"{analysis.start}",
                    {"offset": analysis.start, "bytes": size - analysis.start},
                )
            )
            break
        if index > 0:
            out.append(
                _rules.PICKLE_TRAILING.finding(
                    target,
                    f"a further pickle starts at offset {analysis.start}, after STOP; a "
                    "consumer that calls load() again runs it (interpreted below)",
                    {"offset": analysis.start, "pickle": index + 1},
                )
            )
        joblib = joblib or analysis.joblib_arrays > 0
        if seen is not None:
            seen.append(analysis)
        out += analysis_findings(
            ctx,
            analysis,
            target,
            index=index + 1 if index else 0,
            depth=depth,
            where=where,
        )
    return out, joblib


@register("pickle", "joblib")
def scan_pickle(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    findings, joblib = pickle_stream_findings(ctx, source.data, source.display, depth=source.depth)
    return ("joblib" if joblib else "pickle"), findings


@register("numpy")
def scan_npy(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    """``.npy``: the header is a Python literal; object arrays carry a pickle after it."""
    data = source.data
    target = source.display
    bad = _rules.FORMAT_MALFORMED
    if len(data) < 10:
        return "numpy", [bad.finding(target, "truncated .npy header")]
    major = data[6]
    if major == 1:
        hlen, start = struct.unpack_from("<H", data, 8)[0], 10
    elif major in (2, 3):
        hlen, start = struct.unpack_from("<I", data, 8)[0], 12
    else:
        return "numpy", [bad.finding(target, f"unknown .npy format version {major}")]
    if hlen > ctx.limits.max_header_bytes or start + hlen > len(data):
        return "numpy", [bad.finding(target, f".npy header length {hlen} exceeds the file")]
    text = bytes(data[start : start + hlen]).decode("latin1" if major < 3 else "utf-8", "replace")
    header, has_object, problem = npy_header(text, major)
    if problem:
        # NumPy may still read what we cannot: judge a pickle after the header all the same.
        findings = [bad.finding(target, problem)]
        probe = analyse(data, start=start + hlen, limits=ctx.limits, deadline=ctx.deadline)
        if parses_as_pickle(probe):
            more, _ = pickle_stream_findings(
                ctx, data, target, start=start + hlen, depth=source.depth
            )
            findings += more
        return "numpy", findings
    if not has_object:
        return "numpy", []
    findings, _ = pickle_stream_findings(ctx, data, target, start=start + hlen, depth=source.depth)
    findings.insert(
        0,
        _rules.PICKLE_UNKNOWN.finding(
            target,
            "object array: numpy.load(allow_pickle=True) unpickles the data after the header",
            {"descr": repr(header["descr"])},
            severity=Severity.LOW,
            title="NumPy object array holds a pickle",
        ),
    )
    return "numpy", findings


@register("pytorch-legacy")
def scan_torch_legacy(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    """Pre-zip ``torch.save``: magic, protocol, sys_info and data pickles, keys, raw storages."""
    data = source.data
    target = source.display
    out: list[Finding] = []
    pos = 0
    names = ("magic number", "protocol version", "sys_info", "data", "storage keys")
    storages: dict[object, int] = {}
    for index, label in enumerate(names):
        analysis = analyse(data, start=pos, limits=ctx.limits, deadline=ctx.deadline)
        out += analysis_findings(
            ctx, analysis, target, index=index + 1, depth=source.depth, where=label
        )
        if not analysis.stopped or analysis.error or analysis.limit_hit:
            return "pytorch-legacy", out
        if label == "data":
            storages = _storage_sizes(analysis.persistent_ids)
        pos = analysis.end
    expected = sum(8 + n for n in storages.values())
    remain = len(data) - pos
    if storages and remain != expected:
        out.append(
            _rules.FORMAT_MALFORMED.finding(
                target,
                f"the storage region after the pickles is {remain} bytes but the tensors "
                f"declare {expected}; extra bytes can hide a payload",
                {"region_bytes": remain, "expected_bytes": expected},
            )
        )
    return "pytorch-legacy", out


def _storage_sizes(pids: list[object]) -> dict[object, int]:
    """Byte size of each storage named by torch persistent ids (``('storage', type, key, ...)``)."""
    sizes: dict[object, int] = {}
    for pid in pids:
        if not (isinstance(pid, tuple) and len(pid) >= 5 and pid[0] == "storage"):
            continue
        kind, key, numel = pid[1], pid[2], pid[4]
        name = kind.name if isinstance(kind, Global) else ""
        element = STORAGE_ELEMENT.get(name.rsplit(".", 1)[-1], 1)
        if isinstance(numel, int) and not isinstance(key, list):
            sizes[key if isinstance(key, str | int) else repr(key)] = numel * element
    return sizes


@register("pytorch-zip")
def scan_torch_zip(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    """Zip checkpoints: every pickle member is interpreted; ``data/<key>`` storages are read only
    when their first bytes could start a pickle."""
    from hauberk.supplychain._archive import (
        member_may_be_pickle,
        raw_member_findings,
        read_zip_member,
    )

    target = source.display
    out: list[Finding] = []
    try:
        # Reuse the zip that format detection opened: its central directory is read once.
        zf = source.zip if source.zip is not None else zipfile.ZipFile(source.stream())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return "pytorch-zip", [_rules.FORMAT_MALFORMED.finding(target, f"unreadable zip: {exc}")]
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        out += _duplicates(target, names)
        present = set(names)
        for info in infos:
            member = info.filename
            if info.is_dir():
                continue
            # Storage and metadata members are unpacked only if their first bytes could
            # start a pickle: a pickle is analysed whatever its name or folder.
            raw_named = _TORCH_STORAGE.match(member) or _TORCH_SMALL.match(member)
            if raw_named and not member_may_be_pickle(ctx, zf, info):
                continue
            if info.file_size > ctx.limits.max_read_bytes:
                out.append(
                    _rules.LIMIT.finding(f"{target}!{member}", f"member is {info.file_size} bytes")
                )
                continue
            raw, problems = read_zip_member(ctx, source.data, zf, info, f"{target}!{member}")
            out += problems
            if raw_named:
                out += raw_member_findings(ctx, raw, f"{target}!{member}", source.depth)
            elif member.endswith(".pkl") or looks_like_pickle(raw[:4096]):
                seen: list[PickleAnalysis] = []
                findings, _ = pickle_stream_findings(
                    ctx, raw, f"{target}!{member}", depth=source.depth, where=member, seen=seen
                )
                out += findings
                if member.endswith("/data.pkl") and seen:
                    out += _missing_storages(seen[0], target, member, present)
            elif source.depth < ctx.limits.max_archive_depth and raw:
                ctx.scan_bytes(f"{target}!{member}", raw, depth=source.depth + 1)
    return "pytorch-zip", out


def _missing_storages(
    analysis: PickleAnalysis, target: str, member: str, present: set[str]
) -> list[Finding]:
    prefix = member.rsplit("/", 1)[0]
    missing = sorted(
        str(k)
        for k in _storage_sizes(analysis.persistent_ids)
        if f"{prefix}/data/{k}" not in present
    )
    if not missing:
        return []
    return [
        _rules.FORMAT_MALFORMED.finding(
            target,
            f"{member} refers to storages that the archive lacks: {', '.join(missing[:5])}",
            {"missing": missing[:20]},
        )
    ]


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[bytes, bool]:
    """Read a zip member without trusting its CRC (loaders such as torch's do not check it)."""
    with zf.open(info) as handle:
        handle._expected_crc = None  # type: ignore[attr-defined]
        raw = handle.read()
    return raw, (zlib.crc32(raw) & 0xFFFFFFFF) == info.CRC


def _crc_finding(target: str, member: str) -> Finding:
    return _rules.ARCHIVE_INCONSISTENT.finding(
        f"{target}!{member}",
        f"member {member} does not match its CRC: tools that check it skip the member, "
        "loaders that do not read it",
        {"member": member},
    )


def _duplicates(target: str, names: list[str]) -> list[Finding]:
    seen: set[str] = set()
    dups = sorted({n for n in names if n in seen or seen.add(n)})  # type: ignore[func-returns-value]
    if not dups:
        return []
    return [
        _rules.ARCHIVE_INCONSISTENT.finding(
            target,
            f"duplicate member names: {', '.join(dups[:5])}; readers disagree on which one counts",
            {"duplicates": dups[:20]},
        )
    ]


@register("pytorch-legacy-tar")
def scan_torch_tar(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    """The oldest ``torch.save``: a tar of ``sys_info``, ``pickle``, ``storages``, ``tensors``."""
    target = source.display
    out: list[Finding] = []
    try:
        tf = tarfile.open(fileobj=source.stream(), mode="r:")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError, ValueError, EOFError) as exc:
        return "pytorch-legacy-tar", [
            _rules.FORMAT_MALFORMED.finding(target, f"unreadable tar: {exc}")
        ]
    with tf:
        for member in tf:
            label = f"{target}!{member.name}"
            if not member.isfile():
                continue
            if member.size > ctx.limits.max_read_bytes:
                out.append(_rules.LIMIT.finding(label, f"member is {member.size} bytes"))
                continue
            handle = tf.extractfile(member)
            if handle is None:
                continue
            raw = handle.read()
            if member.name in ("sys_info", "pickle"):
                findings, _ = pickle_stream_findings(
                    ctx, raw, label, depth=source.depth, where=member.name
                )
                out += findings
            elif member.name in ("storages", "tensors"):
                out += _legacy_records(ctx, raw, label, member.name, source.depth)
            elif source.depth < ctx.limits.max_archive_depth:
                ctx.scan_bytes(label, raw, depth=source.depth + 1)
    return "pytorch-legacy-tar", out


def _legacy_records(ctx: Context, raw: bytes, target: str, kind: str, depth: int) -> list[Finding]:
    """Walk the pickles interleaved with raw records in the ``storages``/``tensors`` members."""
    out: list[Finding] = []
    pos = 0

    def one(where: str) -> PickleAnalysis | None:
        nonlocal pos
        analysis = analyse(raw, start=pos, limits=ctx.limits, deadline=ctx.deadline)
        out.extend(analysis_findings(ctx, analysis, target, depth=depth, where=where))
        if not analysis.stopped or analysis.error or analysis.limit_hit:
            return None
        pos = analysis.end
        return analysis

    head = one(f"{kind} count")
    count = _first_int(raw, head)
    if head is None or count is None:
        return out
    for i in range(min(count, ctx.limits.max_entries)):
        record = one(f"{kind} record {i}")
        if record is None:
            return out
        try:
            if kind == "storages":
                (numel,) = struct.unpack_from("<q", raw, pos)
                element = _legacy_element(raw, record)
                pos += 8 + numel * element
            else:
                (ndim,) = struct.unpack_from("<i", raw, pos)
                pos += 8 + 16 * ndim + 8
        except struct.error:
            pos = len(raw) + 1
        if pos > len(raw) or pos < 0:
            out.append(
                _rules.FORMAT_MALFORMED.finding(target, f"{kind} record {i} runs past the end")
            )
            return out
    if kind == "storages":
        one("storage views")
    if pos < len(raw):
        out.append(
            _rules.PICKLE_TRAILING.finding(
                target, f"{len(raw) - pos} bytes follow the last {kind} record", {"offset": pos}
            )
        )
    return out


def _first_int(raw: bytes, analysis: PickleAnalysis | None) -> int | None:
    """The integer a small pickle like ``\\x80\\x02K\\x03.`` holds (the record count)."""
    if analysis is None:
        return None
    chunk = raw[analysis.start : analysis.end]
    body = chunk[2:-1] if chunk[:1] == b"\x80" else chunk[:-1]
    if body[:1] == b"K" and len(body) == 2:
        return body[1]
    if body[:1] == b"M" and len(body) == 3:
        return int(struct.unpack("<H", body[1:])[0])
    if body[:1] == b"J" and len(body) == 5:
        return int(struct.unpack("<i", body[1:])[0])
    return None


def _legacy_element(raw: bytes, record: PickleAnalysis) -> int:
    for qualname in record.globals:
        element = STORAGE_ELEMENT.get(qualname.rsplit(".", 1)[-1])
        if element:
            return element
    return 1


def is_torch_legacy(head: bytes) -> bool:
    return len(head) >= 14 and head[2:14] == TORCH_MAGIC
