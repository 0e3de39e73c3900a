"""Model supply chain: artifact scanning, signing and verification, encryption at rest,
verified loading.

Names load on first use (PEP 562): ``hauberk scan`` imports only the scanner, not signing
(cryptography), the assess check (pydantic, numpy) or encryption.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hauberk.supplychain._check import ARTIFACT, ArtifactScanCheck, checks
    from hauberk.supplychain._encrypt import (
        decrypt_file,
        decrypt_stream,
        encrypt_file,
        encrypt_stream,
    )
    from hauberk.supplychain._formats import detect_format
    from hauberk.supplychain._hashing import HashSettings
    from hauberk.supplychain._hybrid import (
        HybridSignatureError,
        pq_signature_path,
        sign_bundle_pq,
        verify_hybrid_model,
    )
    from hauberk.supplychain._keys import (
        generate_encryption_key,
        generate_signing_keypair,
        load_encryption_key,
    )
    from hauberk.supplychain._limits import ScanLimits
    from hauberk.supplychain._report import FileScan, ScanReport
    from hauberk.supplychain._scanner import scan
    from hauberk.supplychain._sign import (
        FileProblem,
        ManifestMismatch,
        SignedManifest,
        read_signature,
        sign_model,
        verify_model,
    )
    from hauberk.supplychain._verified import load_verified

_WHERE = {
    "ARTIFACT": "hauberk.supplychain._check",
    "ArtifactScanCheck": "hauberk.supplychain._check",
    "FileProblem": "hauberk.supplychain._sign",
    "FileScan": "hauberk.supplychain._report",
    "HashSettings": "hauberk.supplychain._hashing",
    "HybridSignatureError": "hauberk.supplychain._hybrid",
    "pq_signature_path": "hauberk.supplychain._hybrid",
    "sign_bundle_pq": "hauberk.supplychain._hybrid",
    "verify_hybrid_model": "hauberk.supplychain._hybrid",
    "ManifestMismatch": "hauberk.supplychain._sign",
    "ScanLimits": "hauberk.supplychain._limits",
    "ScanReport": "hauberk.supplychain._report",
    "SignedManifest": "hauberk.supplychain._sign",
    "checks": "hauberk.supplychain._check",
    "decrypt_file": "hauberk.supplychain._encrypt",
    "decrypt_stream": "hauberk.supplychain._encrypt",
    "detect_format": "hauberk.supplychain._formats",
    "encrypt_file": "hauberk.supplychain._encrypt",
    "encrypt_stream": "hauberk.supplychain._encrypt",
    "generate_encryption_key": "hauberk.supplychain._keys",
    "generate_signing_keypair": "hauberk.supplychain._keys",
    "load_encryption_key": "hauberk.supplychain._keys",
    "load_verified": "hauberk.supplychain._verified",
    "read_signature": "hauberk.supplychain._sign",
    "scan": "hauberk.supplychain._scanner",
    "sign_model": "hauberk.supplychain._sign",
    "verify_model": "hauberk.supplychain._sign",
}

__all__ = [
    "ARTIFACT",
    "ArtifactScanCheck",
    "FileProblem",
    "FileScan",
    "HashSettings",
    "HybridSignatureError",
    "ManifestMismatch",
    "ScanLimits",
    "ScanReport",
    "SignedManifest",
    "checks",
    "decrypt_file",
    "decrypt_stream",
    "detect_format",
    "encrypt_file",
    "encrypt_stream",
    "generate_encryption_key",
    "generate_signing_keypair",
    "load_encryption_key",
    "load_verified",
    "pq_signature_path",
    "read_signature",
    "scan",
    "sign_bundle_pq",
    "sign_model",
    "verify_hybrid_model",
    "verify_model",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'hauberk.supplychain' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
