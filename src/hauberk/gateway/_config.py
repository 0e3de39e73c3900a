"""``serve.toml``: every setting of the gateway, parsed strictly (a typo names its key).

Defaults are the safe choice: loopback only, authentication on, every decision audited
(group-committed off the request path, failing closed once a commit fails; ``durable = true``
waits for each record), small bodies, shallow JSON, rate limits on, extraction monitor on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hauberk.core import ConfigError
from hauberk.core._toml import parse_toml

MAX_CONFIG_BYTES = 1024 * 1024
ROLE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
PREDICT = "POST /v1/predict"
CHAT = "POST /v1/chat/completions"

#: Who may call what. A route missing from this table is denied to everyone.
DEFAULT_ROUTE_ROLES: dict[str, tuple[str, ...]] = {
    PREDICT: ("predict", "admin"),
    CHAT: ("chat", "admin"),
    "GET /metrics": ("admin",),
    # deploy: the lifecycle role (hauberk.governance role store) that moves served versions
    "GET /admin/versions": ("admin", "deploy"),
    "POST /admin/versions/switch": ("admin", "deploy"),
    "POST /admin/versions/rollback": ("admin", "deploy"),
    "POST /admin/keys/revoke": ("admin",),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LimitsConfig(_Strict):
    """Caps applied to every request before anything else looks at it."""

    max_body_bytes: int = Field(default=1 << 20, ge=64, le=64 << 20)
    max_json_depth: int = Field(default=8, ge=2, le=64)
    max_batch: int = Field(default=256, ge=1, le=100_000)
    model_batch_rows: int = Field(
        default=256, ge=1, le=100_000, description="rows of queued requests scored in one call"
    )
    # Connections (enforced by the HTTP protocol in ``_server``, whatever the parser).
    max_header_bytes: int = Field(default=16384, ge=1024, le=1 << 20)
    header_timeout: float = Field(
        default=10.0, gt=0, le=600, description="seconds from connect or first byte to headers"
    )
    body_timeout: float = Field(
        default=30.0, gt=0, le=3600, description="seconds from the headers to the last body byte"
    )
    idle_timeout: int = Field(default=5, ge=1, le=600, description="keep-alive, seconds")
    max_connections: int = Field(default=2048, ge=1, le=1_000_000)
    max_connections_per_address: int = Field(
        default=64, ge=1, le=1_000_000, description="open connections per IPv4 address or IPv6 /64"
    )


class JwtConfig(_Strict):
    """Bearer JWTs signed with an asymmetric key from a JWKS file."""

    jwks: Path
    issuer: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    algorithms: tuple[Literal["RS256", "ES256", "EdDSA"], ...] = ("RS256", "ES256", "EdDSA")
    leeway: float = Field(default=30.0, ge=0, le=300)
    roles_claim: str = Field(default="roles", min_length=1)
    max_token_bytes: int = Field(default=8192, ge=256, le=65536)

    @field_validator("algorithms")
    @classmethod
    def _some(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("allow at least one algorithm")
        return v


class AuthConfig(_Strict):
    keys: Path | None = Field(default=None, description="API key store file")
    roles: Path | None = Field(
        default=None,
        description="lifecycle role store (roles.toml of hauberk registry): an API key listed "
        "under a principal's api_keys also holds that principal's roles",
    )
    jwt: JwtConfig | None = None


class RateConfig(_Strict):
    """Token buckets per principal and per client address, with progressive penalties."""

    backend: Literal["memory", "redis"] = "memory"
    redis_url: str | None = None
    fail_open: bool = Field(default=False, description="admit requests when Redis is down")
    principal_rate: float = Field(default=20.0, gt=0, le=1e6, description="requests/s")
    principal_burst: float = Field(default=40.0, ge=1, le=1e7)
    address_rate: float = Field(default=100.0, gt=0, le=1e6)
    address_burst: float = Field(default=200.0, ge=1, le=1e7)
    penalty_after: int = Field(default=3, ge=1, le=1000, description="denials before a block")
    penalty_base: float = Field(default=1.0, ge=0, le=3600, description="first block, seconds")
    penalty_max: float = Field(default=300.0, ge=0, le=86400)
    penalty_window: float = Field(default=60.0, gt=0, le=86400)
    max_keys: int = Field(default=100_000, ge=10, le=10_000_000)

    @model_validator(mode="after")
    def _redis(self) -> RateConfig:
        if self.backend == "redis" and not self.redis_url:
            raise ValueError("backend = 'redis' needs redis_url")
        return self


class AnomalyConfig(_Strict):
    reference: Path = Field(description=".npz with an array 'x' of normal inputs")
    threshold: float = Field(default=6.0, gt=0, le=1e6, description="largest |z| allowed")


class SqueezeConfig(_Strict):
    bits: int = Field(default=4, ge=1, le=16)
    median: int = Field(default=0, ge=0, le=9, description="median filter size, 0 = off")
    threshold: float = Field(default=0.5, gt=0, le=2.0, description="largest L1 change")


class StripConfig(_Strict):
    """STRIP (Gao et al. 2019): refuse inputs that stay certain when blended with clean ones."""

    reference: Path = Field(description=".npz with an array 'x' of clean held-out inputs")
    overlays: int = Field(default=16, ge=2, le=1024, description="clean images blended per input")
    false_rejection: float = Field(
        default=0.01, gt=0, lt=0.5, description="share of clean inputs refused, calibrated"
    )
    weight: float = Field(default=1.0, gt=0, le=1, description="weight of the added clean image")
    seed: int = Field(default=0, ge=0)


class GuardsConfig(_Strict):
    anomaly: AnomalyConfig | None = None
    squeeze: SqueezeConfig | None = None
    strip: StripConfig | None = None


class ReverseSigmoidConfig(_Strict):
    beta: float = Field(default=0.7, gt=0, le=10)
    gamma: float = Field(default=0.4, gt=0, le=10)


class HardeningConfig(_Strict):
    label_only: bool = False
    top_k: int | None = Field(default=None, ge=1, le=10_000)
    decimals: int | None = Field(default=4, ge=0, le=10)
    noise: float = Field(default=0.0, ge=0, le=1, description="Gaussian sigma on log-probabilities")
    reverse_sigmoid: ReverseSigmoidConfig | None = None
    seed: int | None = Field(default=None, ge=0, description="for tests only")


class MonitorConfig(_Strict):
    """PRADA extraction detection per principal."""

    enabled: bool = True
    min_queries: int = Field(default=200, ge=20, le=100_000, description="distances before a test")
    delta: float = Field(default=0.9, gt=0, lt=1, description="Shapiro-Wilk W alarm level")
    window: int = Field(default=1000, ge=20, le=5000)
    max_points_per_class: int = Field(default=500, ge=10, le=100_000)
    max_principals: int = Field(default=1000, ge=1, le=1_000_000)
    test_every: int = Field(default=10, ge=1, le=1000, description="distances between tests")
    cooldown: float = Field(default=600.0, gt=0, le=86400, description="throttle, seconds")


class AuditConfig(_Strict):
    ledger: str | None = Field(
        default="hauberk-serve-audit.db", description="SQLite path or postgresql:// URL"
    )
    key: Path | None = Field(
        default=None,
        description="Ed25519 private key PEM that signs every audit record (needed when the "
        "ledger has a role policy: its principal must hold deploy)",
    )
    durable: bool = Field(default=False, description="answer only after the record is durable")
    max_backlog: int = Field(
        default=256, ge=1, le=100_000, description="records answered before their commit, at most"
    )
    max_backlog_ms: float = Field(
        default=100.0, gt=0, le=60_000, description="age of the oldest uncommitted record, at most"
    )


class ModelSection(_Strict):
    """What the model file cannot say about itself."""

    version: str | None = Field(default=None, description="default: sha256-<first 12 hex>")
    input_shape: tuple[int, ...] | None = None
    dtype: Literal["float32", "float64", "int64", "int32", "uint8"] | None = None
    lower: float | None = None
    upper: float | None = None
    classes: tuple[int | str, ...] | None = None
    output: Literal["logits", "probabilities"] = "logits"
    architecture: str | None = Field(default=None, description="module:factory for weights")
    allow_pickle: bool = False


class VersionSection(_Strict):
    """A further model version for blue-green switching, shadowing or moving target."""

    name: str
    path: Path
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    signature: Path | None = None
    public_key: Path | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not VERSION_NAME.match(v):
            raise ValueError("version names are 1-64 of letters, digits and . _ : -")
        return v


class CaptureConfig(_Strict):
    """Sampled requests and answers, encrypted at rest (:mod:`hauberk.monitor._capture`).

    Written off the request path: a bounded deque feeds one tap thread; when ``queue_size``
    samples wait the next is dropped and counted (``hauberk_tap_dropped``), serving never
    waits.
    """

    store: Path = Field(description="directory of encrypted segments")
    key_file: Path = Field(description="32-byte AES key: hauberk keygen --type aes256")
    sample_rate: float = Field(default=0.1, ge=0, le=1, description="share of requests kept")
    inputs: tuple[str, ...] | None = Field(
        default=None, description="input features kept, by name f0, f1, ...; default all"
    )
    outputs: tuple[Literal["label", "proba", "version"], ...] = ("label", "proba")
    principal: bool = Field(default=False, description="keep the caller's principal id")
    mask: tuple[str, ...] = Field(default=(), description="columns whose values are blanked")
    masker: str | None = Field(
        default=None,
        description="module:callable given {column: values} (and the mask list) that returns "
        "the masked columns; replaces the column-list masking",
    )
    queue_size: int = Field(default=10_000, ge=1, le=10_000_000, description="requests queued")
    flush_rows: int = Field(
        default=2000,
        ge=1,
        le=1_000_000,
        description="rows per flush, sealed as records of at most 512 rows",
    )
    flush_seconds: float = Field(default=1.0, gt=0, le=3600)
    max_segment_bytes: int = Field(default=64 << 20, ge=1024, le=1 << 40)
    max_segment_seconds: float = Field(default=3600.0, gt=0, le=30 * 86400)
    max_store_bytes: int = Field(default=1 << 30, ge=1024, le=1 << 50)
    seed: int | None = Field(default=None, ge=0, description="for tests only")


class DriftWindowConfig(_Strict):
    """Windowed drift statistics on ``/metrics``: PSI per feature against the reference, and
    the rate of inputs each guard flagged; an alert when one passes its level."""

    enabled: bool = True
    reference: Path | None = Field(
        default=None, description=".npz with 'x'; default the [guards.anomaly] reference"
    )
    window: int = Field(default=2000, ge=10, le=10_000_000, description="rows")
    min_rows: int = Field(default=500, ge=1, le=10_000_000, description="rows before a PSI")
    bins: int = Field(default=10, ge=2, le=100)
    threshold: float = Field(default=0.25, gt=0, le=100, description="PSI alarm level")
    rate_window: int = Field(default=1000, ge=10, le=10_000_000, description="requests")
    flag_threshold: float = Field(
        default=0.05, gt=0, lt=1, description="guard-flag share alarmed once its 95% CI is above"
    )
    check_every: float = Field(default=5.0, gt=0, le=3600, description="seconds")
    queue_size: int = Field(default=10_000, ge=1, le=10_000_000)

    @model_validator(mode="after")
    def _rows(self) -> DriftWindowConfig:
        if self.min_rows > self.window:
            raise ValueError("min_rows must be <= window")
        return self


class AlertsConfig(_Strict):
    """Where alerts go: a JSON-lines log, a signed webhook, the audit ledger, Prometheus."""

    log: Path | None = None
    webhook: str | None = Field(default=None, description="http(s) URL")
    webhook_secret_file: Path | None = Field(default=None, description="HMAC key, >= 16 bytes")
    webhook_spool: Path | None = Field(default=None, description="undelivered alerts at exit")
    webhook_max_age: float = Field(
        default=7 * 86400.0,
        gt=0,
        le=365 * 86400,
        description="seconds an alert stays worth sending",
    )
    ledger: bool = Field(default=True, description="record each alert in the audit ledger")
    cooldown: float = Field(default=300.0, ge=0, le=86400, description="seconds per key")

    @model_validator(mode="after")
    def _secret(self) -> AlertsConfig:
        if self.webhook is not None and self.webhook_secret_file is None:
            raise ValueError("webhook needs webhook_secret_file (the HMAC key)")
        return self


class TlsConfig(_Strict):
    """TLS for ``hauberk serve``; with ``client_ca`` client certificates (mutual TLS), each
    mapped to a principal by its subject CN or a SAN (``principal_from``)."""

    cert: Path
    key: Path
    client_ca: Path | None = None
    require_client_cert: bool = False
    principal_from: Literal["cn", "san"] = "cn"
    clients: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="certificate name -> roles; others are refused"
    )

    @model_validator(mode="after")
    def _ca(self) -> TlsConfig:
        if self.require_client_cert and self.client_ca is None:
            raise ValueError("require_client_cert needs client_ca (the CA that signs clients)")
        for name, roles in self.clients.items():
            for role in roles:
                if not ROLE.match(role):
                    raise ValueError(f"role {role!r} of client {name!r} must match {ROLE.pattern}")
        return self


class AttestationConfig(_Strict):
    """Attestation evidence checked before any key is loaded (gateway/_attestation.py).

    ``provider = "software"`` is a TEST DOUBLE (a key file plays the hardware root of trust);
    a real platform plugs in as ``"module:factory"``.
    """

    provider: str = Field(default="software", min_length=1)
    measurement: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="expected code digest")
    model_sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$", description="expected model digest")
    config_sha256: str = Field(
        pattern=r"^[0-9a-fA-F]{64}$", description="expected config digest, [attestation] excluded"
    )
    software_key: Path | None = Field(default=None, description="test double: Ed25519 key")
    trusted_key: Path | None = Field(default=None, description="test double: its public key")
    max_age_seconds: float = Field(default=60.0, gt=0, le=3600, description="evidence age")


class ChatConfig(_Strict):
    """A chat model behind ``POST /v1/chat/completions``, with both LLM guards and a token
    budget per principal (prompt + completion tokens per window)."""

    upstream: str | None = Field(
        default=None, pattern=r"^https?://", description="OpenAI-compatible chat completions URL"
    )
    upstream_token_env: str | None = Field(default=None, description="env var: upstream token")
    python: str | None = Field(default=None, description="module:function(messages) -> str")
    model: str = Field(default="default", min_length=1, max_length=200)
    timeout: float = Field(default=60.0, gt=0, le=600, description="seconds for an answer")
    max_messages: int = Field(default=64, ge=1, le=10_000)
    max_chars: int = Field(default=32_000, ge=1, le=10_000_000, description="all messages")
    token_budget: int = Field(default=100_000, ge=1, le=10**12, description="per principal")
    token_window: float = Field(default=3600.0, gt=0, le=30 * 86400, description="seconds")
    input_guard: bool = Field(default=True, description="screen user and tool messages")
    guard_fpr: float = Field(default=0.01, gt=0, lt=0.5, description="input guard's calibration")
    guard_calibration: Path | None = Field(
        default=None, description="input guard: thresholds from `hauberk llm calibrate`"
    )
    output_guard: bool = Field(default=True, description="screen answers for leaks")
    system_prompt: str | None = Field(
        default=None, max_length=100_000, description="what the output guard must not echo"
    )
    canaries: tuple[str, ...] = Field(default=(), description="tokens that must never leave")
    stream: bool = Field(default=True, description="offer stream=true (Server-Sent Events)")
    stream_idle_timeout: float = Field(
        default=30.0, gt=0, le=600, description="seconds a stream may wait for its next piece"
    )
    stream_hold: int | None = Field(
        default=None, ge=0, le=1_000_000,
        description="characters the output guard holds back (default: from its patterns)",
    )  # fmt: skip

    @model_validator(mode="after")
    def _one_model(self) -> ChatConfig:
        if (self.upstream is None) == (self.python is None):
            raise ValueError("give exactly one of upstream (a URL) or python (module:function)")
        if self.guard_calibration is not None and "guard_fpr" in self.model_fields_set:
            # the file's thresholds were fitted for its own fpr: a guard_fpr beside it would
            # be silently unused
            raise ValueError("give guard_fpr or guard_calibration, not both")
        return self


class GatewayConfig(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    limits: LimitsConfig = LimitsConfig()
    auth: AuthConfig = AuthConfig()
    roles: dict[str, tuple[str, ...]] = Field(default_factory=lambda: dict(DEFAULT_ROUTE_ROLES))
    rate: RateConfig = RateConfig()
    guards: GuardsConfig = GuardsConfig()
    hardening: HardeningConfig = HardeningConfig()
    monitor: MonitorConfig = MonitorConfig()
    audit: AuditConfig = AuditConfig()
    capture: CaptureConfig | None = None
    drift: DriftWindowConfig | None = None
    alerts: AlertsConfig = AlertsConfig()
    tls: TlsConfig | None = None
    attestation: AttestationConfig | None = None
    model: ModelSection = ModelSection()
    versions: tuple[VersionSection, ...] = ()
    shadow: str | None = None
    moving_target: tuple[str, ...] = ()
    openapi: bool = Field(default=False, description="serve /openapi.json")
    chat: ChatConfig | None = None
    base_dir: Path = Path()

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for route, roles in v.items():
            if route not in DEFAULT_ROUTE_ROLES:
                raise ValueError(f"unknown route {route!r}; routes: {sorted(DEFAULT_ROUTE_ROLES)}")
            for role in roles:
                if not ROLE.match(role):
                    raise ValueError(f"role {role!r} must match {ROLE.pattern}")
        return {**DEFAULT_ROUTE_ROLES, **v}

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.base_dir / path


def parse_config(raw: Mapping[str, Any], *, source: str, base_dir: Path) -> GatewayConfig:
    try:
        return GatewayConfig.model_validate({**raw, "base_dir": base_dir})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "config"
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise ConfigError(f"{source}: {where}: {msg}") from None


def load_config(path: str | Path | None) -> GatewayConfig:
    """Read ``serve.toml``; ``None`` gives the defaults."""
    if path is None:
        return GatewayConfig()
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file {path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        raw = parse_toml(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(raw, source=str(path), base_dir=path.parent.resolve())
