"""Signing and verifying a model file or folder in the OpenSSF model-signing format.

The signature is a Sigstore bundle (media type ``application/vnd.dev.sigstore.bundle.v0.3+json``)
holding a DSSE envelope over an in-toto statement: predicate type
``https://model_signing/signature/v1.0``, one resource (name, algorithm, digest) per file or
file shard, the serialization settings, and a subject digest over all resource digests. The
envelope is signed with an ECDSA key (P-256 by default). We build and check it with
``model-signing`` 1.1.1 itself, so signatures made by ``model_signing sign key`` verify here
and ours verify with ``model_signing verify key`` (tests run both directions through the real
command). The few ``model_signing`` internals used (the key signer and verifier, the bundle
reader, the payload builder) are confined to this module.

Verification is strict: the folder is re-hashed exactly as the signature records (method,
algorithm, shard size, ignored paths; no extra ignores), and any changed, added, removed or
renamed file fails with a :class:`ManifestMismatch` that names each file.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from hauberk.core import ConfigError, InputError, VerificationError, write_atomic
from hauberk.supplychain._hashing import (
    GIT_PATHS,
    Algorithm,
    HashSettings,
    Method,
    hashing_config,
    settings_from_serialization,
)
from hauberk.supplychain._keys import load_private_key, load_public_key

if TYPE_CHECKING:
    from model_signing import manifest as ms_manifest

MAX_SIGNATURE_BYTES = 64 * 1024 * 1024
PREDICATE_TYPE = "https://model_signing/signature/v1.0"

ProblemKind = Literal["changed", "added", "removed", "renamed", "unreadable"]


@dataclass(frozen=True)
class FileProblem:
    """One file that does not match the signature. ``path`` is relative to the model root."""

    path: str
    kind: ProblemKind
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}" + (f" ({self.detail})" if self.detail else "")


class ManifestMismatch(VerificationError):
    """The signature is authentic but the model on disk differs from what was signed."""

    def __init__(self, model: Path, problems: Iterable[FileProblem]) -> None:
        self.model = model
        self.problems = tuple(problems)
        listed = "; ".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        suffix = f"; and {more} more" if more > 0 else ""
        super().__init__(
            f"{model} does not match its signature: {listed}{suffix}. "
            "Do not load it; restore the signed files or re-sign after review."
        )


@dataclass(frozen=True)
class SignedManifest:
    """What a verified signature says about the model.

    ``resources`` maps each manifest identifier (a relative POSIX path, ``.`` for a single
    file, or ``path:start:end`` for a shard) to ``(algorithm, hex digest)``.
    ``root_digest`` is the statement subject's SHA-256 over all resource digests.
    """

    model_name: str
    method: Method
    algorithm: Algorithm
    shard_size: int | None
    ignore_paths: tuple[str, ...]
    resources: Mapping[str, tuple[str, str]] = field(repr=False)
    root_digest: str

    @property
    def files(self) -> tuple[str, ...]:
        """The signed files (relative paths; ``.`` when a single file was signed)."""
        return tuple(sorted({_file_of(name, self.method) for name in self.resources}))

    def settings(self) -> HashSettings:
        return HashSettings(
            method=self.method,
            algorithm=self.algorithm,
            shard_size=self.shard_size or HashSettings().shard_size,
        )


def _file_of(identifier: str, method: str) -> str:
    return identifier.rsplit(":", 2)[0] if method == "shards" else identifier


def _relative_inside(path: Path, root: Path) -> str | None:
    """``path`` relative to the folder ``root``, or None when it is outside it."""
    if not root.is_dir():
        return None
    try:
        return PurePosixPath(path.resolve().relative_to(root.resolve())).as_posix()
    except ValueError:
        return None


def _empty_files(model: Path, ignored: Iterable[str]) -> list[str]:
    """Empty regular files under the folder ``model`` that no ignore path covers.

    The shards serialization of model-signing gives an empty file no resource at all, so
    neither signing nor ``model_signing``'s verifier notices one being added; hauberk
    refuses to sign such a folder by shards and reports any empty file as added.
    """
    if not model.is_dir():
        return []
    roots = [model / p for p in ignored]
    found: list[str] = []
    for folder, _dirs, names in os.walk(model):
        for name in names:
            path = Path(folder) / name
            if any(path.is_relative_to(r) for r in roots) or path.is_symlink():
                continue
            if path.is_file() and path.stat().st_size == 0:
                found.append(path.relative_to(model).as_posix())
    return sorted(found)


def _digests(manifest: ms_manifest.Manifest) -> dict[str, tuple[str, str]]:
    return {
        rd.identifier: (rd.digest.algorithm, rd.digest.digest_hex)
        for rd in manifest.resource_descriptors()
    }


def _to_signed_manifest(manifest: ms_manifest.Manifest) -> SignedManifest:
    params = manifest.serialization_type
    settings = settings_from_serialization(params)
    return SignedManifest(
        model_name=manifest.model_name,
        method=settings.method,
        algorithm=settings.algorithm,
        shard_size=settings.shard_size if settings.method == "shards" else None,
        ignore_paths=tuple(sorted(str(p) for p in params.get("ignore_paths", ()))),
        resources=_digests(manifest),
        root_digest=_root_digest(manifest),
    )


def _root_digest(manifest: ms_manifest.Manifest) -> str:
    """The statement subject's digest: SHA-256 over every resource digest, in order."""
    hasher = hashlib.sha256()
    for rd in manifest.resource_descriptors():
        hasher.update(rd.digest.digest_value)
    return hasher.hexdigest()


def sign_model(
    model: Path,
    *,
    private_key: Path,
    signature: Path,
    password: bytes | None = None,
    settings: HashSettings | None = None,
    ignore_paths: Iterable[str] = (),
    ignore_git_paths: bool = True,
) -> SignedManifest:
    """Sign the file or folder ``model`` with an ECDSA ``private_key``; write ``signature``.

    ``ignore_paths`` (relative to a model folder) and, by default, git metadata are left out
    and recorded as ignored in the signature, as ``model_signing sign key`` does. A
    signature written inside the model folder is always left out. The signature file is
    written atomically.
    """
    from model_signing._signing import sign_ec_key, sign_sigstore_pb
    from model_signing._signing import signing as ms_signing

    model, signature = Path(model), Path(signature)
    if not model.exists():
        raise InputError(f"model path {model} does not exist")
    settings = settings or HashSettings()
    load_private_key(private_key, password=password)  # clear errors before model_signing's
    ignored = [str(p) for p in ignore_paths]
    git = list(GIT_PATHS) if ignore_git_paths else []
    for rel in ignored:
        if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts:
            raise ConfigError(f"ignore path {rel!r} must be relative to the model folder")
    inside = _relative_inside(signature, model)
    if inside is not None:
        ignored.append(inside)
    try:
        manifest = hashing_config(
            settings, ignore_paths=ignored, ignore_git_paths=ignore_git_paths
        ).hash(model)
    except ValueError as exc:  # model_signing reports symlinks and special files this way
        raise InputError(f"cannot hash {model}: {exc}") from None
    if settings.method == "shards" and (empty := _empty_files(model, ignored + git)):
        raise ConfigError(
            f"the shards method cannot cover empty files ({', '.join(empty[:5])}); "
            "sign with the files method, remove them, or list them as ignored"
        )
    if not any(True for _ in manifest.resource_descriptors()):
        raise InputError(f"{model} holds no files to sign (all empty or ignored)")
    signer = sign_ec_key.Signer(Path(private_key), password)  # type: ignore[arg-type]
    payload = ms_signing.Payload(manifest)
    signed = signer.sign(payload)
    assert isinstance(signed, sign_sigstore_pb.Signature)
    write_atomic(signature, signed.bundle.to_json())
    return _to_signed_manifest(manifest)


def read_signature(signature: Path, *, public_key: Path) -> SignedManifest:
    """Check the bundle's cryptographic signature with ``public_key``; return its manifest.

    This does not look at the model: :func:`verify_model` does both.
    """
    from model_signing._signing import sign_ec_key, sign_sigstore_pb

    signature = Path(signature)
    if not signature.is_file():
        raise InputError(f"signature {signature} does not exist or is not a file")
    if signature.stat().st_size > MAX_SIGNATURE_BYTES:
        raise VerificationError(
            f"signature {signature} is larger than {MAX_SIGNATURE_BYTES} bytes; refusing it"
        )
    load_public_key(public_key)  # clear errors for missing or wrong-type keys
    try:
        bundle_sig = sign_sigstore_pb.Signature.read(signature)
    except Exception as exc:  # malformed JSON or bundle: any parser error means "not valid"
        raise VerificationError(
            f"signature {signature} is not a model-signing bundle: {type(exc).__name__}: {exc}"
        ) from None
    try:
        manifest = sign_ec_key.Verifier(Path(public_key)).verify(bundle_sig)
    except Exception as exc:  # InvalidSignature, ValueError, KeyError from the payload
        reason = str(exc) or type(exc).__name__
        raise VerificationError(
            f"signature {signature} does not verify with public key {public_key}: {reason}"
        ) from None
    signed = _to_signed_manifest(manifest)
    if not signed.resources:
        raise VerificationError(
            f"signature {signature} covers no files at all; it cannot vouch for a model"
        )
    return signed


def _by_file(resources: Mapping[str, tuple[str, str]], method: str) -> dict[str, frozenset[Any]]:
    files: dict[str, set[Any]] = defaultdict(set)
    for name, digest in resources.items():
        files[_file_of(name, method)].add((name[len(_file_of(name, method)) :], digest))
    return {name: frozenset(items) for name, items in files.items()}


def compare_manifests(
    expected: Mapping[str, tuple[str, str]],
    actual: Mapping[str, tuple[str, str]],
    *,
    method: str,
) -> list[FileProblem]:
    """Per-file differences between a signed and a recomputed manifest.

    A removed file whose content reappears under a new name is reported once as renamed.
    """
    want, have = _by_file(expected, method), _by_file(actual, method)
    removed = sorted(set(want) - set(have))
    added = sorted(set(have) - set(want))
    problems: list[FileProblem] = []
    for name in sorted(set(want) & set(have)):
        if want[name] != have[name]:
            problems.append(FileProblem(name, "changed", "content differs from the signed digest"))
    for old in list(removed):
        match = next((new for new in added if have[new] == want[old]), None)
        if match is not None:
            removed.remove(old)
            added.remove(match)
            problems.append(FileProblem(match, "renamed", f"signed as {old}"))
    problems += [FileProblem(name, "removed", "signed but missing") for name in removed]
    problems += [FileProblem(name, "added", "present but not signed") for name in added]
    return problems


def verify_model(model: Path, *, public_key: Path, signature: Path) -> SignedManifest:
    """Verify ``signature`` with ``public_key`` and check ``model`` against it, file by file.

    Raises :class:`VerificationError` if the signature is not authentic, and
    :class:`ManifestMismatch` (naming every differing file) if the model was changed.
    """
    model, signature = Path(model), Path(signature)
    if not model.exists():
        raise InputError(f"model path {model} does not exist")
    signed = read_signature(signature, public_key=public_key)
    ignored = list(signed.ignore_paths)
    inside = _relative_inside(signature, model)
    if inside is not None:
        ignored.append(inside)
    settings = HashSettings(
        method=signed.method,
        algorithm=signed.algorithm,
        shard_size=signed.shard_size or HashSettings().shard_size,
    )
    try:
        actual = hashing_config(settings, ignore_paths=ignored, ignore_git_paths=False).hash(model)
    except (ValueError, OSError) as exc:
        raise ManifestMismatch(model, [FileProblem(str(model), "unreadable", str(exc))]) from None
    problems = compare_manifests(signed.resources, _digests(actual), method=signed.method)
    if signed.method == "shards":
        problems += [
            FileProblem(name, "added", "empty file, not covered by the signature")
            for name in _empty_files(model, ignored)
        ]
    if problems:
        raise ManifestMismatch(model, problems)
    return signed
