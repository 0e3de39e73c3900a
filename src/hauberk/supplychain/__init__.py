"""Model supply chain: artifact scanning, signing and verification, encryption at rest,
verified loading."""

from hauberk.supplychain._check import ARTIFACT, ArtifactScanCheck, checks
from hauberk.supplychain._encrypt import (
    decrypt_file,
    decrypt_stream,
    encrypt_file,
    encrypt_stream,
)
from hauberk.supplychain._formats import detect_format
from hauberk.supplychain._hashing import HashSettings
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

__all__ = [
    "ARTIFACT",
    "ArtifactScanCheck",
    "FileProblem",
    "FileScan",
    "HashSettings",
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
    "read_signature",
    "scan",
    "sign_model",
    "verify_model",
]
