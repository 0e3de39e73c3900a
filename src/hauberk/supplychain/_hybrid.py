"""Hybrid model signatures: an ML-DSA-65 (FIPS 204) signature beside the OpenSSF bundle.

The OpenSSF model-signing bundle stays exactly what ``model_signing`` writes and reads
(ECDSA over a DSSE envelope of the manifest). The post-quantum part is a second file,
``<signature>.mldsa65`` by default, a small JSON document::

    {"format": "hauberk-hybrid-signature/v1", "algorithm": "ML-DSA-65",
     "context": "hauberk/model-signature/v1", "bundle_sha256": "<hex>",
     "public_key_sha256": "<hex>", "signature": "<base64>"}

whose signature covers the exact bytes of the bundle under the FIPS 204 context string
``hauberk/model-signature/v1``. The bundle binds every file digest of the model, so the ML-DSA
signature binds the model too, and a quantum adversary who forges the ECDSA part still has to
forge ML-DSA. :func:`verify_hybrid_model` requires both parts and raises
:class:`HybridSignatureError` naming the part (``classical``, ``post-quantum`` or both) that
is missing or does not verify. Several ML-DSA public keys may be trusted at once while a key
is rotated.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.mldsa import MLDSA65PrivateKey, MLDSA65PublicKey

from hauberk.core import InputError, VerificationError, write_atomic
from hauberk.ledger import mldsa_fingerprint
from hauberk.supplychain._sign import MAX_SIGNATURE_BYTES, SignedManifest, verify_model

FORMAT = "hauberk-hybrid-signature/v1"
ALGORITHM = "ML-DSA-65"
CONTEXT = b"hauberk/model-signature/v1"
SUFFIX = ".mldsa65"
_MAX_PQ_FILE = 64 * 1024


class HybridSignatureError(VerificationError):
    """One or both parts of a hybrid model signature are missing or do not verify.

    ``parts`` maps ``"classical"`` and/or ``"post-quantum"`` to the reason; ``classical`` is
    the classical part's own error (a :class:`ManifestMismatch` names the changed files).
    """

    def __init__(
        self, parts: dict[str, str], *, classical: VerificationError | None = None
    ) -> None:
        self.parts = dict(parts)
        self.classical = classical
        listed = "; ".join(f"{part} part: {why}" for part, why in self.parts.items())
        super().__init__(f"hybrid signature does not verify: {listed}")


def pq_signature_path(signature: Path) -> Path:
    """Where the post-quantum part lives by default: beside the bundle, ``.mldsa65`` added."""
    signature = Path(signature)
    return signature.with_name(signature.name + SUFFIX)


def _read_bundle(signature: Path) -> bytes:
    signature = Path(signature)
    if not signature.is_file():
        raise InputError(f"signature {signature} does not exist or is not a file")
    if signature.stat().st_size > MAX_SIGNATURE_BYTES:
        raise VerificationError(f"signature {signature} is larger than {MAX_SIGNATURE_BYTES} bytes")
    return signature.read_bytes()


def sign_bundle_pq(signature: Path, key: MLDSA65PrivateKey, *, output: Path | None = None) -> Path:
    """Sign the bundle file ``signature`` with ML-DSA-65; write the post-quantum part."""
    bundle = _read_bundle(signature)
    target = Path(output) if output is not None else pq_signature_path(signature)
    doc = {
        "format": FORMAT,
        "algorithm": ALGORITHM,
        "context": CONTEXT.decode(),
        "bundle_sha256": hashlib.sha256(bundle).hexdigest(),
        "public_key_sha256": mldsa_fingerprint(key.public_key()),
        "signature": base64.b64encode(key.sign(bundle, CONTEXT)).decode(),
    }
    write_atomic(target, json.dumps(doc, indent=2, sort_keys=True) + "\n")
    return target


def _pq_reason(bundle: bytes, pq_path: Path, keys: Sequence[MLDSA65PublicKey]) -> str | None:
    """Why the post-quantum part fails, or None when it verifies."""
    if not pq_path.is_file():
        return f"missing: no ML-DSA-65 signature file {pq_path}"
    if pq_path.stat().st_size > _MAX_PQ_FILE:
        return f"{pq_path} is larger than {_MAX_PQ_FILE} bytes"
    try:
        doc: Any = json.loads(pq_path.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        return f"{pq_path} is not JSON: {exc}"
    except RecursionError:  # 64 KiB of "[" nests deeper than json's decoder goes
        return f"{pq_path} is not JSON: nested too deeply"
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return f"{pq_path} is not a {FORMAT} document"
    if doc.get("algorithm") != ALGORITHM or doc.get("context") != CONTEXT.decode():
        return f"{pq_path} names algorithm {doc.get('algorithm')!r}; expected {ALGORITHM}"
    if doc.get("bundle_sha256") != hashlib.sha256(bundle).hexdigest():
        return f"{pq_path} was made for another bundle (bundle_sha256 differs)"
    by_fingerprint = {mldsa_fingerprint(k): k for k in keys}
    key = by_fingerprint.get(str(doc.get("public_key_sha256")))
    if key is None:
        return (
            f"signed by key {str(doc.get('public_key_sha256'))[:16]}..., which is not among "
            "the trusted ML-DSA-65 keys (--pq-key)"
        )
    try:
        raw = base64.b64decode(str(doc.get("signature")), validate=True)
        key.verify(raw, bundle, CONTEXT)
    except (binascii.Error, InvalidSignature):
        return "the ML-DSA-65 signature does not verify: the bundle or its signature was altered"
    return None


def check_pq_part(signature: Path, pq_key_files: Sequence[Path]) -> None:
    """Verify the ML-DSA-65 part beside the bundle ``signature`` against the trusted key
    files; raise :class:`HybridSignatureError` naming the post-quantum part when it fails.
    The caller verifies the classical part (the bundle) itself."""
    from hauberk.ledger import load_mldsa_public_key

    keys = [load_mldsa_public_key(Path(k)) for k in pq_key_files]
    if not keys:
        raise InputError("a post-quantum check needs at least one ML-DSA-65 public key")
    reason = _pq_reason(_read_bundle(signature), pq_signature_path(signature), keys)
    if reason is not None:
        raise HybridSignatureError({"post-quantum": reason})


def verify_hybrid_model(
    model: Path,
    *,
    public_key: Path,
    signature: Path,
    pq_keys: Sequence[MLDSA65PublicKey],
    pq_signature: Path | None = None,
) -> SignedManifest:
    """Verify both parts: the OpenSSF bundle (and the model against it) and the ML-DSA part.

    Raises :class:`HybridSignatureError` naming each failing part; the classical part's
    :class:`~hauberk.supplychain.ManifestMismatch` (which files changed) is kept as its reason.
    """
    if not pq_keys:
        raise InputError("a hybrid verification needs at least one ML-DSA-65 public key")
    bundle = _read_bundle(signature)
    parts: dict[str, str] = {}
    signed: SignedManifest | None = None
    classical: VerificationError | None = None
    try:
        signed = verify_model(model, public_key=public_key, signature=signature)
    except VerificationError as exc:
        parts["classical"] = f"OpenSSF model-signing bundle: {exc}"
        classical = exc
    pq_path = Path(pq_signature) if pq_signature is not None else pq_signature_path(signature)
    reason = _pq_reason(bundle, pq_path, pq_keys)
    if reason is not None:
        parts["post-quantum"] = reason
    if parts or signed is None:
        raise HybridSignatureError(parts, classical=classical)
    return signed
