"""Attestation before key loading: the gateway proves what it runs before it gets any secret.

A confidential-computing deployment (AMD SEV-SNP, Intel TDX, AWS Nitro Enclaves) releases keys
only to a workload whose attestation evidence binds, under the platform's signature:

* the **code measurement** (the hardware's launch digest of the image; here a digest of the
  hauberk package sources),
* the **model digest** (SHA-256 of the model file to be served),
* the **gateway config digest** (SHA-256 of the effective ``serve.toml``, canonical JSON,
  without the ``[attestation]`` table itself),
* a **nonce** the verifier chose (freshness: old evidence cannot be replayed), and the time.

:class:`Attester` is the platform side (produces evidence), :class:`AttestationVerifier` the
relying party (a key broker, or the gateway's own check). :func:`attest_before_keys` runs
both from the ``[attestation]`` table and is called by ``hauberk serve`` *before* it opens
the API key store, the model or any key file; a mismatch in any bound value refuses to start
with one line naming the value (exit 2). See docs/confidential-computing.md.

:class:`SoftwareAttestation` is a **test double, not a security mechanism**: an Ed25519 key in
a file stands in for the hardware root of trust, and the "measurement" is computed by the
same software it measures. It exercises the interface and the refusal paths; it proves
nothing to anyone who can read that key file. Real platforms plug in as ``provider =
"module:factory"`` returning an (attester, verifier) pair.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hauberk.core import ConfigError

if TYPE_CHECKING:
    from hauberk.gateway._config import AttestationConfig, GatewayConfig

#: The values an attestation must bind; each one is checked against its expected value.
BOUND = ("code_measurement", "model_sha256", "config_sha256")
EVIDENCE_FORMAT = "hauberk-software-attestation/v1"
MAX_EVIDENCE_BYTES = 64 * 1024
_CHUNK = 1 << 20


class AttestationError(ConfigError):
    """The evidence did not verify or a bound value differs: no key is loaded (exit 2)."""


@dataclass(frozen=True)
class AttestationResult:
    """Verified evidence: the platform, the bound claims and when they were issued."""

    platform: str
    claims: Mapping[str, str]
    issued_at: float
    secure: bool  # False for SoftwareAttestation: never shown as a secure attestation


@runtime_checkable
class Attester(Protocol):
    """The platform side: evidence over ``claims`` and the verifier's ``nonce``."""

    def evidence(self, *, nonce: bytes, claims: Mapping[str, str]) -> bytes: ...


@runtime_checkable
class AttestationVerifier(Protocol):
    """The relying party: check ``evidence`` for ``nonce`` and every ``expected`` claim."""

    def challenge(self) -> bytes: ...

    def verify(
        self, evidence: bytes, *, nonce: bytes, expected: Mapping[str, str]
    ) -> AttestationResult: ...


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def code_measurement(root: Path | None = None) -> str:
    """SHA-256 over every ``*.py`` file of the hauberk package (relative path and digest)."""
    if root is None:
        import hauberk

        root = Path(hauberk.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def config_digest(config: GatewayConfig) -> str:
    """SHA-256 of the effective gateway config as canonical JSON, ``[attestation]`` left out."""
    data = config.model_dump(mode="json", exclude={"base_dir", "attestation"})
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def measure(config: GatewayConfig, model: Path) -> dict[str, str]:
    """The three bound values for ``model`` served under ``config``, as the gateway sees them."""
    return {
        "code_measurement": code_measurement(),
        "model_sha256": file_sha256(Path(model)),
        "config_sha256": config_digest(config),
    }


class SoftwareAttestation:
    """TEST DOUBLE, NOT SECURE: a key file plays the hardware root of trust.

    As :class:`Attester` it signs ``{format, platform, nonce, issued_at, claims}`` with an
    Ed25519 private key; as :class:`AttestationVerifier` it checks that signature with the
    trusted public key, the nonce, the age and every expected claim. Use it for tests and
    for trying the flow; use a hardware attester for anything that must resist an operator.
    """

    platform = "software-test-double"
    secure = False

    def __init__(
        self,
        *,
        private_key: Ed25519PrivateKey | None = None,
        trusted_key: Ed25519PublicKey | None = None,
        max_age: float = 60.0,
    ) -> None:
        if not 0 < max_age <= 3600:
            raise ConfigError(f"max_age must be in (0, 3600] seconds, got {max_age}")
        self._private = private_key
        self._trusted = trusted_key
        self.max_age = max_age

    def challenge(self) -> bytes:
        return secrets.token_bytes(32)

    def evidence(self, *, nonce: bytes, claims: Mapping[str, str]) -> bytes:
        if self._private is None:
            raise ConfigError("SoftwareAttestation needs a private key to produce evidence")
        body = {
            "format": EVIDENCE_FORMAT,
            "platform": self.platform,
            "nonce": nonce.hex(),
            "issued_at": time.time(),
            "claims": dict(claims),
        }
        payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
        signature = self._private.sign(payload)
        envelope = {
            "payload": base64.b64encode(payload).decode(),
            "signature": base64.b64encode(signature).decode(),
        }
        return json.dumps(envelope).encode("utf-8")

    def verify(
        self, evidence: bytes, *, nonce: bytes, expected: Mapping[str, str]
    ) -> AttestationResult:
        if self._trusted is None:
            raise ConfigError("SoftwareAttestation needs the trusted public key to verify")
        if len(evidence) > MAX_EVIDENCE_BYTES:
            raise AttestationError("attestation refused: evidence is larger than 64 KiB")
        try:
            envelope = json.loads(evidence)
            payload = base64.b64decode(envelope["payload"], validate=True)
            signature = base64.b64decode(envelope["signature"], validate=True)
        # RecursionError: 64 KiB of "[" nests deeper than json's decoder can go
        except (ValueError, KeyError, TypeError, RecursionError, binascii.Error):
            raise AttestationError("attestation refused: evidence is malformed") from None
        try:
            self._trusted.verify(signature, payload)
        except InvalidSignature:
            raise AttestationError(
                "attestation refused: evidence signature does not verify with the trusted key"
            ) from None
        body: Any = json.loads(payload)
        if not isinstance(body, dict) or body.get("format") != EVIDENCE_FORMAT:
            raise AttestationError(f"attestation refused: evidence is not {EVIDENCE_FORMAT}")
        if not hmac.compare_digest(str(body.get("nonce", "")), nonce.hex()):
            raise AttestationError("attestation refused: nonce differs (stale or replayed)")
        age = time.time() - float(body.get("issued_at", 0))
        if not -5.0 <= age <= self.max_age:
            raise AttestationError(
                f"attestation refused: evidence is {age:.0f} s old, limit {self.max_age:.0f} s"
            )
        claims = body.get("claims")
        if not isinstance(claims, dict):
            raise AttestationError("attestation refused: evidence carries no claims")
        check_claims(claims, expected)
        return AttestationResult(
            platform=str(body.get("platform")),
            claims={k: str(v) for k, v in claims.items()},
            issued_at=float(body["issued_at"]),
            secure=False,
        )


def check_claims(claims: Mapping[str, Any], expected: Mapping[str, str]) -> None:
    """Every bound value must be present and equal its expected value; the first that is
    not is named."""
    for name in BOUND:
        if name not in expected:
            raise ConfigError(f"[attestation] gives no expected {name}")
        got = str(claims.get(name, ""))
        if not got:
            raise AttestationError(f"attestation refused: evidence does not bind {name}")
        if not hmac.compare_digest(got.lower(), expected[name].lower()):
            raise AttestationError(
                f"attestation refused: {name} is {got[:16]}..., expected "
                f"{expected[name][:16]}...; the gateway did not start and loaded no key"
            )


def _software(section: AttestationConfig, config: GatewayConfig) -> SoftwareAttestation:
    from hauberk.ledger import load_private_key, load_public_key

    if section.software_key is None or section.trusted_key is None:
        raise ConfigError("[attestation] provider 'software' needs software_key and trusted_key")
    return SoftwareAttestation(
        private_key=load_private_key(config.resolve(section.software_key)),
        trusted_key=load_public_key(config.resolve(section.trusted_key)),
        max_age=section.max_age_seconds,
    )


def _providers(
    section: AttestationConfig, config: GatewayConfig
) -> tuple[Attester, AttestationVerifier]:
    if section.provider == "software":
        double = _software(section, config)
        return double, double
    module_name, _, attr = section.provider.partition(":")
    if not module_name or not attr:
        raise ConfigError(
            f"[attestation] provider {section.provider!r} must be 'software' or 'module:factory'"
        )
    try:
        factory = getattr(import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"[attestation] provider {section.provider!r}: {exc}") from None
    attester, verifier = factory(section, config)
    if not isinstance(attester, Attester) or not isinstance(verifier, AttestationVerifier):
        raise ConfigError(f"[attestation] provider {section.provider!r} returned no attester")
    return attester, verifier


def attest_before_keys(config: GatewayConfig, model: Path) -> AttestationResult | None:
    """Run the ``[attestation]`` check for ``model`` under ``config``; None if not configured.

    Called before the gateway loads the model, API keys or any key file. Raises
    :class:`AttestationError` (exit 2, one line) when evidence or a bound value does not match.
    """
    section = config.attestation
    if section is None:
        return None
    attester, verifier = _providers(section, config)
    expected = {
        "code_measurement": section.measurement,
        "model_sha256": section.model_sha256,
        "config_sha256": section.config_sha256,
    }
    nonce = verifier.challenge()
    evidence = attester.evidence(nonce=nonce, claims=measure(config, Path(model)))
    return verifier.verify(evidence, nonce=nonce, expected=expected)
