"""Archives (zip, npz, tar) and compressed streams (gzip, bz2, xz, lzma, zlib).

Members are scanned by content like any file, as ``archive!member``. Member names that escape
the extraction folder, links, duplicate names, bad CRCs, nesting depth, member count,
compression ratio and total unpacked size are checked against the limits before anything is
unpacked; an unpacked stream is cut off at the limit, so a bomb costs bounded memory and time.
"""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from hauberk.core import Finding
from hauberk.supplychain import _rules
from hauberk.supplychain._formats import open_compressed
from hauberk.supplychain._pickle_scan import _crc_finding, _duplicates
from hauberk.supplychain._scanner import Context, Source, register


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


@register("zip", "npz")
def scan_zip(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    from hauberk.supplychain._pickle_scan import read_member

    target = source.display
    out: list[Finding] = []
    fmt = "zip"
    try:
        zf = zipfile.ZipFile(source.stream())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return "zip", [_rules.FORMAT_MALFORMED.finding(target, f"unreadable zip: {exc}")]
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
            if info.is_dir():
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
            try:
                raw, crc_ok = read_member(zf, info)
            except (
                zipfile.BadZipFile,
                OSError,
                EOFError,
                NotImplementedError,
                RuntimeError,
            ) as exc:
                out.append(_rules.FORMAT_MALFORMED.finding(label, f"cannot unpack member: {exc}"))
                continue
            ctx.unpacked += len(raw)
            if ctx.unpacked > ctx.limits.max_unpacked_bytes:
                out.append(
                    _rules.ARCHIVE_BOMB.finding(label, "total unpacked bytes exceed the limit")
                )
                break
            if not crc_ok:
                out.append(_crc_finding(target, name))
            ctx.scan_bytes(label, raw, depth=source.depth + 1)
    return fmt, out


@register("tar")
def scan_tar(ctx: Context, source: Source) -> tuple[str, list[Finding]]:
    target = source.display
    out: list[Finding] = []
    try:
        tf = tarfile.open(fileobj=source.stream(), mode="r:")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError, ValueError, EOFError) as exc:
        return "tar", [_rules.FORMAT_MALFORMED.finding(target, f"unreadable tar: {exc}")]
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
                    ctx.scan_stream(label, handle, depth=source.depth + 1)
        except (tarfile.TarError, OSError, EOFError) as exc:
            out.append(_rules.FORMAT_MALFORMED.finding(target, f"tar stream breaks off: {exc}"))
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
    except (OSError, EOFError, ValueError) as exc:
        out.append(
            _rules.FORMAT_MALFORMED.finding(source.display, f"{kind} stream is corrupt: {exc}")
        )
        if not chunks:
            return kind, out
    ctx.unpacked += total
    inner = b"".join(chunks)
    label = f"{source.display}!<{kind}>"
    ctx.scan_bytes(label, inner, depth=source.depth + 1)
    return kind, out
