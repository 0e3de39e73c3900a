"""ML-DSA-65 (FIPS 204) as a second, post-quantum signature line on signed checkpoints.

A C2SP signed note may carry several signature lines; a hybrid checkpoint carries the usual
Ed25519 line and one ML-DSA-65 line by the same key name. C2SP assigns no signature type byte
to ML-DSA, so the line uses the reserved byte ``0xff`` followed by a longer identifier, as the
spec recommends for unassigned types::

    key ID = SHA-256(key name || 0x0A || 0xff || "ML-DSA-65" || 1952-byte public key)[:4]

The signature covers the note text (the checkpoint body with its final newline) with the FIPS
204 context string ``hauberk/checkpoint/v1``, so a checkpoint signature can never be replayed as
a model signature (which uses another context). Clients that know only the Ed25519 key, such as
Go's ``sumdb/note``, skip the line they do not know: the note stays compatible.

:func:`verify_hybrid_checkpoint` is the verifier for a policy that requires both: it fails,
naming the part, when the Ed25519 line or the ML-DSA line is missing or does not verify, and it
rejects the whole note if any line that claims a trusted key fails (C2SP: "clients SHOULD
reject the whole note"). Keys come from the ``cryptography`` package (``mldsa``), PEM PKCS#8 /
SubjectPublicKeyInfo as ``hauberk keygen --type ml-dsa-65`` writes them.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey, MLDSA65PublicKey

from hauberk.core import ConfigError, VerificationError
from hauberk.ledger._checkpoint import (
    EM_DASH,
    Checkpoint,
    check_key_name,
    note_key_id,
    parse_checkpoint_text,
    parse_note,
    read_pem_private_key,
    read_pem_public_key,
    sign_checkpoint,
)

ALG_EXTENDED = 0xFF
MLDSA65_ID = b"ML-DSA-65"
MLDSA65_SIGNATURE_BYTES = 3309
CHECKPOINT_CONTEXT = b"hauberk/checkpoint/v1"


def mldsa_raw_public(key: MLDSA65PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def mldsa_key_id(name: str, public_key: MLDSA65PublicKey) -> bytes:
    """The 4-byte signed-note key id of an ML-DSA-65 key (type ``0xff`` + ``ML-DSA-65``)."""
    check_key_name(name)
    blob = name.encode("utf-8") + b"\n" + bytes([ALG_EXTENDED]) + MLDSA65_ID
    return hashlib.sha256(blob + mldsa_raw_public(public_key)).digest()[:4]


def mldsa_fingerprint(public_key: MLDSA65PublicKey) -> str:
    """SHA-256 of the raw public key, hex: names a key in signatures and messages."""
    return hashlib.sha256(mldsa_raw_public(public_key)).hexdigest()


def load_mldsa_private_key(path: Path, *, password: bytes | None = None) -> MLDSA65PrivateKey:
    """Load an ML-DSA-65 PKCS#8 PEM private key; refuse a file group or others can read."""
    wrong = ", not ML-DSA-65; create one with `hauberk keygen --type ml-dsa-65`"
    key: MLDSA65PrivateKey = read_pem_private_key(path, MLDSA65PrivateKey, wrong, password=password)
    return key


def load_mldsa_public_key(path: Path, *, password: bytes | None = None) -> MLDSA65PublicKey:
    """Load an ML-DSA-65 public key (SubjectPublicKeyInfo PEM), or derive it from a private key."""
    key: MLDSA65PublicKey = read_pem_public_key(
        path,
        MLDSA65PublicKey,
        ", not an ML-DSA-65 public key",
        load_mldsa_private_key,
        password=password,
    )
    return key


def mldsa_signature_line(body: str, key: MLDSA65PrivateKey, *, name: str) -> str:
    """One ``— name base64(keyid || signature)`` line over the note text ``body``."""
    signature = key.sign(body.encode("utf-8"), CHECKPOINT_CONTEXT)
    blob = mldsa_key_id(name, key.public_key()) + signature
    return f"{EM_DASH} {name} {base64.b64encode(blob).decode()}\n"


def add_mldsa_signature(note: str, key: MLDSA65PrivateKey, *, name: str | None = None) -> str:
    """Append an ML-DSA-65 signature line to the signed note ``note`` (the text is unchanged).

    ``name`` defaults to the checkpoint's origin, the name of its Ed25519 line.
    """
    body, _ = parse_note(note)
    checkpoint = parse_checkpoint_text(body)
    key_name = check_key_name(name if name is not None else checkpoint.origin)
    return note + mldsa_signature_line(body, key, name=key_name)


def sign_hybrid_checkpoint(
    checkpoint: Checkpoint,
    ed25519_key: Ed25519PrivateKey,
    mldsa_key: MLDSA65PrivateKey,
    *,
    name: str,
) -> str:
    """A signed note with an Ed25519 line and an ML-DSA-65 line, both under ``name``."""
    return sign_checkpoint(checkpoint, ed25519_key, name=name) + mldsa_signature_line(
        checkpoint.text(), mldsa_key, name=name
    )


def verify_hybrid_checkpoint(
    note: str | bytes,
    public_key: Ed25519PublicKey | None,
    mldsa_keys: Sequence[MLDSA65PublicKey],
    *,
    name: str | None = None,
    require: str = "hybrid",
) -> Checkpoint:
    """Verify a checkpoint under a signature policy; return it or raise naming the failed part.

    ``require`` is ``"hybrid"`` (an Ed25519 line by ``public_key`` and an ML-DSA-65 line by one
    of ``mldsa_keys`` must both verify), ``"ed25519"`` or ``"ml-dsa-65"`` (that part only).
    Several ML-DSA keys are accepted during a key rotation (old and new). A line that claims a
    trusted key and does not verify rejects the whole note, whatever the policy.
    """
    if require not in {"hybrid", "ed25519", "ml-dsa-65"}:
        raise ConfigError(f"signature policy {require!r} must be hybrid, ed25519 or ml-dsa-65")
    body, signatures = parse_note(note)
    checkpoint = parse_checkpoint_text(body)
    key_name = check_key_name(name if name is not None else checkpoint.origin)
    message = body.encode("utf-8")
    need_ed = require in {"hybrid", "ed25519"}
    need_pq = require in {"hybrid", "ml-dsa-65"}
    if need_ed and public_key is None:
        raise ConfigError(f"policy {require} needs the Ed25519 public key (--key)")
    if need_pq and not mldsa_keys:
        raise ConfigError(f"policy {require} needs an ML-DSA-65 public key (--pq-key)")

    ed_ok = False
    if public_key is not None:
        ed_id = note_key_id(key_name, public_key)
        for sig in signatures:
            if sig.name == key_name and sig.key_id == ed_id:
                try:
                    public_key.verify(sig.signature, message)
                except InvalidSignature:
                    raise VerificationError(
                        f"checkpoint Ed25519 signature line by {key_name!r} ({ed_id.hex()}) "
                        "does not verify: the checkpoint or that line was altered"
                    ) from None
                ed_ok = True
    pq_ok = False
    pq_ids = {mldsa_key_id(key_name, k): k for k in mldsa_keys}
    for sig in signatures:
        pq_key = pq_ids.get(sig.key_id) if sig.name == key_name else None
        if pq_key is None:
            continue
        try:
            if len(sig.signature) != MLDSA65_SIGNATURE_BYTES:
                raise InvalidSignature
            pq_key.verify(sig.signature, message, CHECKPOINT_CONTEXT)
        except InvalidSignature:
            raise VerificationError(
                f"checkpoint ML-DSA-65 signature line by {key_name!r} ({sig.key_id.hex()}) "
                "does not verify: the checkpoint or that line was altered"
            ) from None
        pq_ok = True
    if need_ed and not ed_ok:
        raise VerificationError(
            f"checkpoint has no Ed25519 signature line by {key_name!r}; policy {require} "
            "requires it (check --key)"
        )
    if need_pq and not pq_ok:
        raise VerificationError(
            f"checkpoint has no ML-DSA-65 signature line by {key_name!r}; policy {require} "
            "requires it (was the post-quantum line stripped? check --pq-key)"
        )
    return checkpoint
