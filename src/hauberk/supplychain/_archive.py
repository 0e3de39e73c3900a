"""Archives (zip, npz, tar) and compressed streams (gzip, bz2, xz, lzma, zlib).

Members are scanned by content like any file, as ``archive!member``. Member names that escape
the extraction folder, links, duplicate names, bad CRCs, nesting depth, member count,
compression ratio and total unpacked size are checked against the limits before anything is
unpacked; an unpacked stream is cut off at the limit, so a bomb costs bounded memory and time.

Fail closed: a member or stream that does not unpack (unsupported compression method, local
and central headers that disagree, a corrupt block, a truncated stream) is a high
``HB-SC-UNVERIFIABLE`` finding, and whatever could still be unpacked is scanned, because
loaders that stream a member (``pickle.load(zf.open(name))``) run a payload at its start
before they ever reach the corrupt part. Findings already made are never dropped.
"""

from __future__ import annotations

import bz2
import lzma
import tarfile
import zipfile
import zlib
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._formats import open_compressed
from hauberk.supplychain._pickle_scan import _crc_finding, _duplicates
from hauberk.supplychain._scanner import Context, Source, register

_LOCAL = b"PK\x03\x04"
_SALVAGE_CHUNK = 4096


def unsafe_member_name(name: str) -> str | None:
    """Why extracting a member called ``name`` would write outside the target folder."""
    if not name:
        return "empty member name"
    if "\x00" in name:
        return "member name contains a NUL byte"
    win = PureWindowsPath(name)
    if name.startswith(("/", "\\")) or win.drive or PurePosixPath(name).is_absolute():
        return f"absolute member name {name!r}"
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return f"member name {name!r} climbs out of the folder with '..'"
    return None


def _depth_ok(ctx: Context, source: Source, out: list[Finding]) -> bool:
    if source.depth >= ctx.limits.max_archive_depth:
        out.append(
            _rules.ARCHIVE_BOMB.finding(
                source.display,
                f"archive nested {source.depth} levels deep; members not inspected beyond "
                f"the limit of {ctx.limits.max_archive_depth}",
                {"depth": source.depth},
            )
        )
        return False
    return True


# -- salvaging what a broken stream still yields ----------------------------------------------


def _salvage_zlib(wbits: int, raw: Any, limit: int) -> tuple[bytes, str]:
    """Everything a zlib/deflate/gzip stream yields before its first error, to the byte."""
    parts: list[bytes] = []
    total = 0
    dobj = zlib.decompressobj(wbits)
    pos = 0
    while pos < len(raw):
        chunk = bytes(raw[pos : pos + _SALVAGE_CHUNK])
        saved = dobj.copy()
        try:
            piece = dobj.decompress(chunk)
        except zlib.error:
            dobj = saved  # replay the failing chunk byte by byte: keep all output before it
            for i in range(len(chunk)):
                try:
                    piece = dobj.decompress(chunk[i : i + 1])
                except zlib.error as exc:
                    return b"".join(parts), f"corrupt stream at input byte {pos + i}: {exc}"
                parts.append(piece)
                total += len(piece)
                if dobj.eof:
                    break
            return b"".join(parts)[:limit], "corrupt stream"
        parts.append(piece)
        total += len(piece)
        if total > limit:
            return b"".join(parts)[:limit], f"cut at {limit} bytes"
        if dobj.eof:
            rest = dobj.unused_data + bytes(raw[pos + len(chunk) : pos + len(chunk) + 2])
            if wbits == 31 and rest[:2] == b"\x1f\x8b":  # a further gzip member
                more, why = _salvage_zlib(wbits, raw[pos + len(chunk) - len(dobj.unused_data) :],
                                          limit - total)  # fmt: skip
                return b"".join(parts) + more, why
            return b"".join(parts), ""
        pos += len(chunk)
    return b"".join(parts), "stream ends before its end marker (truncated)"


def _salvage_chunked(make: Any, raw: Any, limit: int) -> tuple[bytes, str]:
    """Like :func:`_salvage_zlib` for decompressors without ``copy`` (bz2, lzma), in small
    input chunks."""
    parts: list[bytes] = []
    total = 0
    dobj = make()
    for pos in range(0, len(raw), 256):
        try:
            piece = dobj.decompress(bytes(raw[pos : pos + 256]))
        except (OSError, EOFError, ValueError, lzma.LZMAError) as exc:
            return b"".join(parts), f"corrupt stream near input byte {pos}: {exc}"
        parts.append(piece)
        total += len(piece)
        if total > limit:
            return b"".join(parts)[:limit], f"cut at {limit} bytes"
        if dobj.eof:
            return b"".join(parts), ""
    return b"".join(parts), "stream ends before its end marker (truncated)"


def salvage_stream(kind: str, raw: Any, limit: int) -> tuple[bytes, str]:
    """The content a compressed stream of ``kind`` yields before it breaks, and why it broke."""
    if kind == "gzip":
        return _salvage_zlib(31, raw, limit)
    if kind == "zlib":
        return _salvage_zlib(15, raw, limit)
    if kind == "deflate":
        return _salvage_zlib(-15, raw, limit)
    if kind == "bz2":
        return _salvage_chunked(bz2.BZ2Decompressor, raw, limit)
    if kind in ("xz", "lzma"):
        fmt = lzma.FORMAT_XZ if kind == "xz" else lzma.FORMAT_ALONE
        return _salvage_chunked(lambda: lzma.LZMADecompressor(format=fmt), raw, limit)
    return bytes(raw[:limit]), f"compression {kind} is not supported; its raw bytes were scanned"


def salvage_member(data: Any, info: zipfile.ZipInfo, limit: int) -> tuple[bytes, str]:
    """A zip member read the way a lenient reader would: data found through the central
    directory's offset, names not compared, unpacked with the central directory's method
    until it breaks (an unknown method: the raw bytes)."""
    off = info.header_offset
    if bytes(data[off : off + 4]) != _LOCAL:
        return b"", "its local header is missing"
    name_len = int.from_bytes(bytes(data[off + 26 : off + 28]), "little")
    extra_len = int.from_bytes(bytes(data[off + 28 : off + 30]), "little")
    start = off + 30 + name_len + extra_len
    size = info.compress_size or limit
    raw = data[start : start + min(size, limit * 2)]
    kinds = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
             zipfile.ZIP_BZIP2: "bz2"}  # fmt: skip
    kind = kinds.get(info.compress_type, f"method {info.compress_type}")
    if kind == "stored":
        return bytes(raw[:limit]), ""
    return salvage_stream(kind, raw, limit)


def member_may_be_pickle(ctx: Context, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a zip member loaders read as raw bytes (torch tensor storage, version files)
    could still be a pickle: its first 64 KiB decide, so tensors are not unpacked in full."""
    from hauberk.supplychain._scanner import START_OPCODES, maybe_pickle

    try:
        with zf.open(info) as handle:
            handle._expected_crc = None  # type: ignore[attr-defined]
            head = handle.read(1)  # most tensors stop here: their first byte starts no pickle
            if head and head[0] in START_OPCODES:
                head += handle.read(64 * 1024 - 1)
    except Exception:
        return True  # read in full by the caller, which reports why it does not unpack
    return maybe_pickle(head, info.file_size, ctx.limits)


def raw_member_findings(ctx: Context, raw: bytes, label: str, depth: int) -> list[Finding]:
    """Pickle findings for a member loaders read as raw bytes (tensor storage), when its
    bytes parse as a pickle from byte 0; nothing otherwise."""
    from hauberk.supplychain._pickle import analyse
    from hauberk.supplychain._pickle_scan import pickle_stream_findings
    from hauberk.supplychain._scanner import parses_as_pickle

    probe = analyse(raw, limits=ctx.limits, deadline=ctx.deadline)
    if not parses_as_pickle(probe):
        return []
    found, _ = pickle_stream_findings(ctx, raw, label, depth=depth)
    return found


def read_zip_member(
    ctx: Context, data: Any, zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str
) -> tuple[bytes, list[Finding]]:
    """A member's bytes without trusting its CRC (loaders such as torch's do not check it),
    and findings: a CRC mismatch, or a member that does not unpack (then whatever a lenient
    reader still gets from it is returned, to be scanned)."""
    limit = ctx.limits.max_read_bytes
    try:
        with zf.open(info) as handle:
            handle._expected_crc = None  # type: ignore[attr-defined]
            raw = handle.read(limit + 1)
    except Exception as exc:
        got, why = salvage_member(data, info, limit)
        note = f"; {len(got)} bytes recovered and scanned" if got else ""
        detail = f"member {info.filename!r} does not unpack: {type(exc).__name__}: {exc}"
        if why:
            detail += f" ({why})"
        return got, [ctx.unverifiable(label, detail + note, member=info.filename)]
    out: list[Finding] = []
    if len(raw) > limit:
        raw = raw[:limit]
        out.append(_rules.LIMIT.finding(label, f"member is more than {limit} bytes"))
    elif (zlib.crc32(raw) & 0xFFFFFFFF) != info.CRC:
        out.append(_crc_finding(label.rsplit("!", 1)[0], info.filename))
    return raw, out


@register("zip", "npz")
def scan_zip(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    out: list[Finding] = []
    fmt = "zip"
    try:
        zf = source.zip if source.zip is not None else zipfile.ZipFile(source.stream())
    except Exception as exc:
        return "zip", [ctx.unverifiable(target, f"zip does not open: {type(exc).__name__}: {exc}")]
    with zf:
        infos = zf.infolist()
        if infos and all(i.filename.endswith(".npy") for i in infos):
            fmt = "npz"
        out += _duplicates(target, [i.filename for i in infos])
        if len(infos) > ctx.limits.max_members:
            out.append(_rules.ARCHIVE_BOMB.finding(target, f"{len(infos)} members"))
            return fmt, out
        if not _depth_ok(ctx, source, out):
            return fmt, out
        declared = sum(i.file_size for i in infos)
        if declared > ctx.limits.max_unpacked_bytes:
            out.append(
                _rules.ARCHIVE_BOMB.finding(target, f"members declare {declared} unpacked bytes")
            )
        for info in infos:
            name = info.filename
            label = f"{target}!{name}"
            why = unsafe_member_name(name)
            if why:
                out.append(_rules.ARCHIVE_TRAVERSAL.finding(label, why, {"member": name}))
            if info.is_dir() and not info.file_size:
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > ctx.limits.max_ratio and info.file_size > 1 << 20:
                out.append(
                    _rules.ARCHIVE_BOMB.finding(
                        label,
                        f"compression ratio {ratio:.0f} exceeds {ctx.limits.max_ratio:g}; "
                        "not unpacked",
                        {"ratio": ratio, "file_size": info.file_size},
                    )
                )
                continue
            if ctx.expired:
                out.append(_rules.LIMIT.finding(label, "time limit reached before this member"))
                break
            if info.file_size > ctx.limits.max_read_bytes:
                out.append(_rules.LIMIT.finding(label, f"member is {info.file_size} bytes"))
                continue
            raw, problems = read_zip_member(ctx, source.data, zf, info, label)
            out += problems
            ctx.unpacked += len(raw)
            if ctx.unpacked > ctx.limits.max_unpacked_bytes:
                out.append(
                    _rules.ARCHIVE_BOMB.finding(label, "total unpacked bytes exceed the limit")
                )
                break
            if raw:
                ctx.scan_bytes(label, raw, depth=source.depth + 1)
    return fmt, out


@register("tar")
def scan_tar(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    out: list[Finding] = []
    try:
        tf = tarfile.open(fileobj=source.stream(), mode="r:")  # noqa: SIM115 - closed below
    except Exception as exc:
        return "tar", [ctx.unverifiable(target, f"tar does not open: {type(exc).__name__}: {exc}")]
    if not _depth_ok(ctx, source, out):
        return "tar", out
    names: list[str] = []
    with tf:
        try:
            for count, member in enumerate(tf):
                if count >= ctx.limits.max_members:
                    out.append(_rules.ARCHIVE_BOMB.finding(target, f"more than {count} members"))
                    break
                name = member.name
                names.append(name)
                label = f"{target}!{name}"
                why = unsafe_member_name(name)
                if why:
                    out.append(_rules.ARCHIVE_TRAVERSAL.finding(label, why, {"member": name}))
                if member.issym() or member.islnk():
                    link = member.linkname
                    out.append(
                        _rules.ARCHIVE_TRAVERSAL.finding(
                            label,
                            f"member is a {'symbolic' if member.issym() else 'hard'} "
                            f"link to {link!r}",
                            {"member": name, "link": link},
                        )
                    )
                    continue
                if member.isdev() or member.isfifo():
                    out.append(
                        _rules.ARCHIVE_TRAVERSAL.finding(label, "member is a device or FIFO")
                    )
                    continue
                if not member.isfile():
                    continue
                if ctx.expired:
                    out.append(_rules.LIMIT.finding(label, "time limit reached before this member"))
                    break
                handle = tf.extractfile(member)
                if handle is not None:
                    out += ctx.scan_stream(label, handle, depth=source.depth + 1)
        except Exception as exc:
            out.append(
                ctx.unverifiable(target, f"tar stream breaks off: {type(exc).__name__}: {exc}")
            )
    out += _duplicates(target, names)
    return "tar", out


@register("gzip", "bz2", "xz", "lzma", "zlib")
def scan_compressed(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    """A single compressed stream: unpack within the limits, then scan the content by format."""
    from hauberk.supplychain._formats import detect_stream

    out: list[Finding] = []
    head = bytes(source.data[:16])
    kind = detect_stream(head, source.size, source.stream())
    if not _depth_ok(ctx, source, out):
        return kind, out
    budget = min(
        ctx.limits.max_read_bytes,
        ctx.limits.max_unpacked_bytes - ctx.unpacked,
        int(max(source.size, 1 << 20) * ctx.limits.max_ratio),
    )
    chunks: list[bytes] = []
    total = 0
    try:
        with open_compressed(kind, source.stream()) as stream:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > budget:
                    out.append(
                        _rules.ARCHIVE_BOMB.finding(
                            source.display,
                            f"{kind} stream unpacks to more than {budget} bytes; "
                            "not inspected further",
                            {"limit_bytes": budget},
                        )
                    )
                    return kind, out
                chunks.append(chunk)
    except Exception as exc:
        inner, why = salvage_stream(kind, source.data, budget)
        out.append(
            ctx.unverifiable(
                source.display,
                f"{kind} stream is corrupt ({type(exc).__name__}: {exc}; {why}); the "
                f"{len(inner)} bytes before the error were scanned",
            )
        )
        total = len(inner)
        chunks = [inner]
        if not inner:
            return kind, out
    ctx.unpacked += total
    inner = b"".join(chunks)
    label = f"{source.display}!<{kind}>"
    ctx.scan_bytes(label, inner, depth=source.depth + 1)
    return kind, out
