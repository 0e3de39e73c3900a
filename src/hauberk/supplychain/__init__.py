"""Model supply chain: artifact scanning, signing and verification, encryption at rest,
verified loading."""

from hauberk.supplychain._hashing import HashSettings
from hauberk.supplychain._keys import (
    generate_encryption_key,
    generate_signing_keypair,
    load_encryption_key,
)
from hauberk.supplychain._sign import (
    FileProblem,
    ManifestMismatch,
    SignedManifest,
    read_signature,
    sign_model,
    verify_model,
)

__all__ = [
    "FileProblem",
    "HashSettings",
    "ManifestMismatch",
    "SignedManifest",
    "generate_encryption_key",
    "generate_signing_keypair",
    "load_encryption_key",
    "read_signature",
    "sign_model",
    "verify_model",
]
