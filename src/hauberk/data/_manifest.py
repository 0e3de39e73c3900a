"""Dataset manifests and the content-addressed store that keeps every ingested file.

A manifest records, per file, its SHA-256, size, and for tables (CSV, Parquet, NPZ) the row
count and the columns with their dtypes; for the data set the source, where it came from,
who ingested it (principal, and the id of the Ed25519 key that attested the manifest when one
was given), when, and whether a model-signing signature verified it. Its ``id`` is the
SHA-256 of its RFC 8785 canonical JSON (without the attestation), so a ledger entry that
quotes the id pins every byte of it.

Ingesting copies each file into the store (``objects/ab/<sha256>``) while hashing it, and
the row counts and schema are read from the stored copy: what the manifest describes is
exactly what was kept, even if the source changes under us. Rollback copies files back out
of the store, re-checking each digest on the way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hauberk.core import ConfigError, InputError, VerificationError, write_atomic
from hauberk.data._tables import is_table, shape_of

MANIFEST_VERSION = 1
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
MAX_FILES = 100_000
#: Left out of a data folder, as ``hauberk sign`` leaves them out of a signature.
GIT_PATHS: tuple[str, ...] = (".git", ".gitattributes", ".github", ".gitignore")
SHA256 = r"^[0-9a-f]{64}$"


def canonical_json(value: object) -> bytes:
    """RFC 8785 canonical JSON (the ledger's), imported on first use: the ledger pulls in
    cryptography, which ``import hauberk.data`` should not pay for."""
    from hauberk.ledger import canonical_json as jcs

    return jcs(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileRecord(_Strict):
    """One file of a data set. ``path`` is relative (POSIX); ``rows``/``columns`` for tables."""

    path: str = Field(min_length=1, max_length=4096)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=SHA256)
    rows: int | None = Field(default=None, ge=0)
    columns: tuple[tuple[str, str], ...] | None = None

    @property
    def schema_digest(self) -> str | None:
        if self.columns is None:
            return None
        return hashlib.sha256(canonical_json([list(c) for c in self.columns])).hexdigest()


class Attestation(_Strict):
    algorithm: Literal["ed25519"] = "ed25519"
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    signature: str = Field(min_length=1, max_length=200)


class DatasetManifest(_Strict):
    """What was ingested: see the module docstring. Build with :func:`ingest`."""

    hauberk_manifest: int = MANIFEST_VERSION
    dataset: str = Field(min_length=1, max_length=256)
    source: str = Field(min_length=1, max_length=64)
    location: str = Field(min_length=1, max_length=4096)
    kind: Literal["file", "folder"]
    files: tuple[FileRecord, ...]
    principal: str = Field(min_length=1, max_length=256)
    key_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{16}$")
    ingested_at: str
    signature: dict[str, Any] | None = None
    attestation: Attestation | None = None

    def body(self) -> dict[str, Any]:
        """The manifest as JSON, without the attestation (what the id and the key cover)."""
        return self.model_dump(mode="json", exclude={"attestation"})

    @property
    def id(self) -> str:
        return hashlib.sha256(canonical_json(self.body())).hexdigest()

    @property
    def rows(self) -> int:
        return sum(f.rows or 0 for f in self.files)

    @property
    def root_digest(self) -> str:
        """SHA-256 over the sorted (path, digest) pairs: the content, whatever the metadata."""
        pairs = sorted([f.path, f.sha256] for f in self.files)
        return hashlib.sha256(canonical_json(pairs)).hexdigest()

    @property
    def schema_digest(self) -> str:
        """SHA-256 over each table's path and column list."""
        schemas = sorted([f.path, f.schema_digest] for f in self.files if f.columns is not None)
        return hashlib.sha256(canonical_json(schemas)).hexdigest()

    def by_path(self) -> dict[str, FileRecord]:
        return {f.path: f for f in self.files}

    def summary(self) -> dict[str, Any]:
        """What the ledger entry of an ingest holds besides the full manifest."""
        return {
            "manifest": self.id,
            "dataset": self.dataset,
            "source": self.source,
            "location": self.location,
            "files": len(self.files),
            "rows": self.rows,
            "root_digest": self.root_digest,
            "schema_digest": self.schema_digest,
            "principal": self.principal,
            "key_id": self.key_id,
            "ingested_at": self.ingested_at,
            "signature_verified": bool(self.signature and self.signature.get("verified")),
        }

    def to_json(self) -> str:
        data = self.model_dump(mode="json")
        data["id"] = self.id
        data["rows"] = self.rows
        data["root_digest"] = self.root_digest
        data["schema_digest"] = self.schema_digest
        for entry, record in zip(data["files"], self.files, strict=True):
            entry["schema_digest"] = record.schema_digest
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


DERIVED = ("id", "rows", "root_digest", "schema_digest")


def load_manifest(path: Path) -> DatasetManifest:
    """Read a manifest file; the derived fields it shows must match what it holds."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such manifest file")
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise InputError(f"{path}: larger than {MAX_MANIFEST_BYTES} bytes; not a manifest")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a JSON manifest ({exc})") from None
    except RecursionError:  # json nests without limit: a file of "[" overflows the stack
        raise InputError(f"{path}: not a JSON manifest (nested too deeply)") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: not a manifest (a JSON object is expected)")
    shown = {k: raw.pop(k) for k in DERIVED if k in raw}
    files = raw.get("files")
    per_file = (
        [f.pop("schema_digest", None) if isinstance(f, dict) else None for f in files]
        if isinstance(files, list)
        else []
    )
    try:
        manifest = DatasetManifest.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InputError(f"{path}: manifest field {where}: {err['msg']}") from None
    for record, digest in zip(manifest.files, per_file, strict=False):
        if digest is not None and digest != record.schema_digest:
            raise VerificationError(
                f"{path}: the schema digest of {record.path} does not match its columns; "
                "it was edited"
            )
    for key, value in shown.items():
        if getattr(manifest, key) != value:
            raise VerificationError(
                f"{path}: the manifest's {key} {value!r} does not match its content "
                f"({getattr(manifest, key)!r}); it was edited"
            )
    return manifest


# -- the content-addressed store ----------------------------------------------------------------


class DataStore:
    """Files by SHA-256 under ``root/objects``, manifests by id under ``root/manifests``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def object_path(self, digest: str) -> Path:
        return self.root / "objects" / digest[:2] / digest

    def manifest_path(self, manifest_id: str) -> Path:
        return self.root / "manifests" / f"{manifest_id}.json"

    def _tmp(self) -> Path:
        folder = self.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{secrets.token_hex(8)}.part"

    def put(self, source: Path) -> tuple[str, int]:
        """Copy ``source`` in while hashing it; return its SHA-256 and size."""
        tmp = self._tmp()
        digest = hashlib.sha256()
        size = 0
        try:
            fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:  # ELOOP: a link swapped in after the folder was listed
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{source} is not a regular file")
            src = os.fdopen(fd, "rb")
            fd = -1  # closed with src from here on
            with src, tmp.open("xb") as dst:
                while block := src.read(1 << 20):
                    digest.update(block)
                    dst.write(block)
                    size += len(block)
                dst.flush()
                os.fsync(dst.fileno())
            hexdigest = digest.hexdigest()
            final = self.object_path(hexdigest)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                tmp.unlink()
            else:
                os.chmod(tmp, 0o444)
                os.replace(tmp, final)
        finally:
            if fd >= 0:
                os.close(fd)
            tmp.unlink(missing_ok=True)
        return hexdigest, size

    def copy_out(self, digest: str, target: Path) -> None:
        """Write the object ``digest`` to ``target`` (new file), checking the digest."""
        src = self.object_path(digest)
        if not src.is_file():
            raise VerificationError(
                f"the store {self.root} has no copy of {digest}; cannot restore it"
            )
        hasher = hashlib.sha256()
        with src.open("rb") as fh, target.open("xb") as out:
            while block := fh.read(1 << 20):
                hasher.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if hasher.hexdigest() != digest:
            raise VerificationError(f"the store's copy {src} no longer hashes to {digest}")

    def save_manifest(self, manifest: DatasetManifest) -> Path:
        path = self.manifest_path(manifest.id)
        write_atomic(path, manifest.to_json())
        return path

    def find_manifest(self, manifest_id: str) -> DatasetManifest:
        path = self.manifest_path(manifest_id)
        if not path.is_file():
            raise InputError(f"manifest {manifest_id} is not in the store {self.root}")
        manifest = load_manifest(path)
        if manifest.id != manifest_id:
            raise VerificationError(f"{path} does not hold manifest {manifest_id}")
        return manifest


# -- walking a data folder ----------------------------------------------------------------------


def list_files(location: Path, *, exclude: Iterable[Path] = ()) -> list[tuple[str, Path]]:
    """``(relative POSIX path, path)`` of every regular file, sorted; links are refused."""
    if location.is_symlink():
        raise InputError(f"{location} is a symbolic link; give the real path")
    if location.is_file():
        return [(location.name, location)]
    if not location.is_dir():
        raise InputError(f"{location}: not a regular file or folder")
    skip = {p.resolve() for p in exclude}
    out: list[tuple[str, Path]] = []
    for folder, dirs, names in os.walk(location):
        here = Path(folder)
        if here == location:
            dirs[:] = [d for d in dirs if d not in GIT_PATHS]
            names = [n for n in names if n not in GIT_PATHS]
        for d in dirs:
            if (here / d).is_symlink():
                raise InputError(f"{here / d} is a symbolic link; data folders hold no links")
        dirs.sort()
        for name in sorted(names):
            path = here / name
            if path.resolve() in skip:
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise InputError(f"{path} is a symbolic link; data folders hold no links")
            if not stat.S_ISREG(mode):
                raise InputError(f"{path} is not a regular file")
            out.append((PurePosixPath(path.relative_to(location)).as_posix(), path))
            if len(out) > MAX_FILES:
                raise InputError(f"{location} holds more than {MAX_FILES} files")
    if not out:
        raise InputError(f"{location}: no files to ingest (an empty data set)")
    return out


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def ingest(
    location: Path,
    *,
    store: DataStore,
    source: str,
    origin: str | None = None,
    dataset: str | None = None,
    principal: str,
    exclude: Iterable[Path] = (),
) -> DatasetManifest:
    """Copy ``location`` into ``store`` and describe it; nothing is recorded or saved here.

    ``origin`` is where the data came from when ``location`` is a download of it.
    """
    from concurrent.futures import ThreadPoolExecutor

    location = Path(location)
    files = list_files(location, exclude=exclude)
    # hashlib releases the GIL: files are copied and hashed on several threads
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        stored = list(pool.map(store.put, [path for _, path in files]))
    records: list[FileRecord] = []
    for (rel, path), (digest, size) in zip(files, stored, strict=True):
        rows = columns = None
        if is_table(path):
            try:
                shape = shape_of(store.object_path(digest))
            except InputError as exc:
                copy = str(store.object_path(digest))
                raise InputError(str(exc).replace(copy, str(path))) from None
            rows, columns = shape.rows, shape.columns
        records.append(FileRecord(path=rel, size=size, sha256=digest, rows=rows, columns=columns))
    return DatasetManifest(
        dataset=dataset or source,
        source=source,
        location=origin or str(location),
        kind="folder" if location.is_dir() else "file",
        files=tuple(records),
        principal=principal,
        ingested_at=now(),
    )


def attest(manifest: DatasetManifest, private_key: Any) -> DatasetManifest:
    """The manifest with ``key_id`` set and an Ed25519 signature over its id."""
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    keyed = manifest.model_copy(update={"key_id": key_id(raw), "attestation": None})
    sig = private_key.sign(keyed.id.encode("ascii"))
    proof = Attestation(key_id=key_id(raw), signature=base64.b64encode(sig).decode("ascii"))
    return keyed.model_copy(update={"attestation": proof})


def verify_attestation(manifest: DatasetManifest, public_key: Any) -> None:
    """Raise :class:`VerificationError` unless ``public_key`` attested this manifest."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization

    if manifest.attestation is None:
        raise VerificationError(f"manifest {manifest.id} carries no attestation")
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    if manifest.attestation.key_id != key_id(raw) or manifest.key_id != key_id(raw):
        raise VerificationError(f"manifest {manifest.id} was attested by another key")
    try:
        public_key.verify(
            base64.b64decode(manifest.attestation.signature), manifest.id.encode("ascii")
        )
    except (InvalidSignature, ValueError):
        raise VerificationError(
            f"manifest {manifest.id}: the attestation does not verify"
        ) from None


# -- signatures (the model-signing format) ------------------------------------------------------


def signed_problems(
    manifest: DatasetManifest, resources: dict[str, tuple[str, str]]
) -> list[tuple[str, str]]:
    """``(path, problem)`` where the manifest's files differ from a signature's sha256 files.

    ``resources`` maps each signed identifier (``.`` for a single signed file) to
    ``(algorithm, hex digest)``, as a verified model-signing bundle lists them.
    """
    have = {f.path: f.sha256 for f in manifest.files}
    if manifest.kind == "file" and set(resources) == {"."}:
        resources = {manifest.files[0].path: resources["."]}
    problems: list[tuple[str, str]] = []
    for name, (algorithm, digest) in sorted(resources.items()):
        if algorithm != "sha256":
            raise ConfigError(f"signature digest {algorithm!r}: compare only sha256 by file")
        if name not in have:
            problems.append((name, "removed: signed but missing"))
        elif have[name] != digest:
            problems.append((name, "changed: content differs from the signed digest"))
    problems += [
        (name, "added: present but not signed") for name in sorted(set(have) - set(resources))
    ]
    return problems


# -- differences --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    path: str
    change: Literal["added", "removed", "changed"]
    before: FileRecord | None = None
    after: FileRecord | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "change": self.change}
        for side, rec in (("before", self.before), ("after", self.after)):
            if rec is not None:
                out[side] = {"sha256": rec.sha256, "size": rec.size, "rows": rec.rows}
        if self.before is not None and self.after is not None:
            out["schema"] = schema_change(self.before.columns, self.after.columns)
        return out


def schema_change(
    before: Sequence[tuple[str, str]] | None, after: Sequence[tuple[str, str]] | None
) -> dict[str, Any]:
    """Columns added, removed, and whose dtype changed, between two column lists."""
    a, b = dict(before or ()), dict(after or ())
    return {
        "added": [c for c in b if c not in a],
        "removed": [c for c in a if c not in b],
        "retyped": {c: [a[c], b[c]] for c in a if c in b and a[c] != b[c]},
    }


@dataclass(frozen=True)
class ManifestDiff:
    old: DatasetManifest
    new: DatasetManifest
    changes: tuple[FileChange, ...] = field(default=())

    @property
    def same(self) -> bool:
        return not self.changes

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.id,
            "new": self.new.id,
            "same": self.same,
            "rows": [self.old.rows, self.new.rows],
            "schema_changed": self.old.schema_digest != self.new.schema_digest,
            "added": [c.path for c in self.changes if c.change == "added"],
            "removed": [c.path for c in self.changes if c.change == "removed"],
            "changed": [c.path for c in self.changes if c.change == "changed"],
            "files": [c.to_dict() for c in self.changes],
        }

    def to_text(self) -> str:
        lines = [
            f"old {self.old.id[:16]} ({self.old.dataset}, {self.old.ingested_at})",
            f"new {self.new.id[:16]} ({self.new.dataset}, {self.new.ingested_at})",
        ]
        if self.same:
            return "\n".join([*lines, "same files, same content"]) + "\n"
        for c in self.changes:
            line = f"{c.change:8} {c.path}"
            if c.before is not None and c.after is not None:
                if c.before.rows != c.after.rows:
                    line += f"  rows {c.before.rows} -> {c.after.rows}"
                sc = schema_change(c.before.columns, c.after.columns)
                parts = [f"+{x}" for x in sc["added"]] + [f"-{x}" for x in sc["removed"]]
                parts += [f"{k}: {v[0]} -> {v[1]}" for k, v in sc["retyped"].items()]
                if parts:
                    line += "  schema " + ", ".join(parts)
            elif c.before is not None and c.before.rows is not None:
                line += f"  ({c.before.rows} rows)"
            elif c.after is not None and c.after.rows is not None:
                line += f"  ({c.after.rows} rows)"
            lines.append(line)
        lines.append(f"rows {self.old.rows} -> {self.new.rows}")
        if self.old.schema_digest != self.new.schema_digest:
            lines.append("schema changed")
        return "\n".join(lines) + "\n"


def diff_manifests(old: DatasetManifest, new: DatasetManifest) -> ManifestDiff:
    return ManifestDiff(old, new, tuple(diff_files(old.by_path(), new.by_path())))


def diff_files(a: dict[str, FileRecord], b: dict[str, FileRecord]) -> list[FileChange]:
    out: list[FileChange] = []
    for path in sorted(set(a) | set(b)):
        if path not in b:
            out.append(FileChange(path, "removed", before=a[path]))
        elif path not in a:
            out.append(FileChange(path, "added", after=b[path]))
        elif a[path].sha256 != b[path].sha256:
            out.append(FileChange(path, "changed", before=a[path], after=b[path]))
    return out


# -- rollback -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rollback:
    """What a rollback found and did. ``displaced`` keeps the contents it replaced."""

    manifest: DatasetManifest
    target: Path
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    displaced: Path | None
    restored: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "manifest": self.manifest.id,
            "dataset": self.manifest.dataset,
            "target": str(self.target),
            "changed": list(self.changed),
            "added": list(self.added),
            "removed": list(self.removed),
            "restored": self.restored,
            "displaced": str(self.displaced) if self.displaced else None,
        }


def changes_since(
    manifest: DatasetManifest, target: Path
) -> tuple[list[str], list[str], list[str]]:
    """Files of ``target`` changed, added and removed since ``manifest`` (by SHA-256).

    Unlike ingest, this never refuses what it finds: a symbolic link or special file where
    the manifest has a file counts as changed, and anywhere else as added, so that a
    rollback can replace it.
    """
    want = {f.path: f.sha256 for f in manifest.files}
    if not target.exists() and not target.is_symlink():
        return [], [], sorted(want)
    if manifest.kind == "file":
        name = manifest.files[0].path
        have = {name: _digest_or_none(target)}
    else:
        if target.is_symlink() or not target.is_dir():
            raise InputError(f"{target}: the manifest is of a folder; this is not a folder")
        have = {}
        for folder, dirs, names in os.walk(target):  # os.walk does not follow links
            here = Path(folder)
            if here == target:
                dirs[:] = [d for d in dirs if d not in GIT_PATHS]
                names = [n for n in names if n not in GIT_PATHS]
            for name in names + [d for d in dirs if (here / d).is_symlink()]:
                path = here / name
                have[PurePosixPath(path.relative_to(target)).as_posix()] = _digest_or_none(path)
    changed = sorted(p for p in want if p in have and have[p] != want[p])
    added = sorted(set(have) - set(want))
    removed = sorted(set(want) - set(have))
    return changed, added, removed


def _digest_or_none(path: Path) -> str | None:
    """SHA-256 of a regular file; None for a link or anything else (never followed)."""
    if not stat.S_ISREG(path.lstat().st_mode):
        return None
    return hash_file(path)


def rollback(manifest: DatasetManifest, target: Path, store: DataStore) -> Rollback:
    """Make ``target`` hold exactly the files of ``manifest``, from the store.

    Every file is first copied out of the store into a staging folder beside ``target`` and
    checked against its digest; only then is ``target`` swapped for it (two renames on one
    file system). The replaced contents are kept beside it as ``.NAME.displaced-STAMP``.
    If anything fails before the swap, ``target`` is untouched.
    """
    target = Path(target)
    changed, added, removed = changes_since(manifest, target)
    if not (changed or added or removed):
        return Rollback(manifest, target, (), (), (), None, restored=False)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    displaced = target.parent / f".{target.name}.displaced-{stamp}"
    if manifest.kind == "file":
        staged = target.parent / f".{target.name}.rollback-{stamp}"
        try:
            store.copy_out(manifest.files[0].sha256, staged)
            if target.exists() or target.is_symlink():
                os.link(target, displaced, follow_symlinks=False)
            os.replace(staged, target)
        finally:
            staged.unlink(missing_ok=True)
        kept = displaced if displaced.exists() else None
        return Rollback(manifest, target, tuple(changed), tuple(added), tuple(removed), kept,
                        restored=True)  # fmt: skip
    staging = target.parent / f".{target.name}.rollback-{stamp}"
    staging.mkdir()
    try:
        for record in manifest.files:
            dest = staging / record.path
            if ".." in PurePosixPath(record.path).parts or PurePosixPath(record.path).is_absolute():
                raise VerificationError(f"manifest path {record.path!r} leaves the data folder")
            dest.parent.mkdir(parents=True, exist_ok=True)
            store.copy_out(record.sha256, dest)
        if target.exists():
            os.rename(target, displaced)
        try:
            os.rename(staging, target)
        except BaseException:
            if displaced.exists() and not target.exists():
                os.rename(displaced, target)
            raise
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    kept = displaced if displaced.exists() else None
    return Rollback(manifest, target, tuple(changed), tuple(added), tuple(removed), kept,
                    restored=True)  # fmt: skip
