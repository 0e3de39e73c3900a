"""Layer 4: the secure inference gateway behind ``hauberk serve`` (FastAPI + uvicorn).

Every request passes the same pipeline, one small class per stage, assembled in one place
(:class:`Gateway`) from ``serve.toml``: body-size and JSON-depth caps, authentication (hashed
API keys, JWT), authorisation (roles per route, deny by default), rate limiting (token buckets
with penalties; in-process or Redis), schema validation from the model's input spec, input
guards, the model (blue-green versions, shadow, moving target), output hardening, PRADA
extraction monitoring, and an audit record in the tamper-evident ledger::

    from hauberk.gateway import GatewayConfig, create_app

    app = create_app(GatewayConfig(), model, keys=KeyStore("keys.json"))
"""

from hauberk.gateway._apikey import ApiKeyAuthenticator
from hauberk.gateway._app import create_app
from hauberk.gateway._attestation import (
    AttestationError,
    AttestationResult,
    AttestationVerifier,
    Attester,
    SoftwareAttestation,
    attest_before_keys,
    code_measurement,
    config_digest,
    measure,
)
from hauberk.gateway._audit import AuditSink, AuditTrail, LedgerSink
from hauberk.gateway._auth import Authenticator
from hauberk.gateway._authz import Authorizer
from hauberk.gateway._body import BodyReader, JsonParser, json_depth
from hauberk.gateway._config import DEFAULT_ROUTE_ROLES, GatewayConfig, load_config, parse_config
from hauberk.gateway._errors import ERROR_STATUS, GatewayError
from hauberk.gateway._guards import AnomalyGuard, InputGuard, SqueezeGuard
from hauberk.gateway._harden import OutputHardener
from hauberk.gateway._jwt import JwtAuthenticator, load_jwks
from hauberk.gateway._keys import KeyRecord, KeyStore, parse_rate
from hauberk.gateway._loading import LoadedVersion, load_version, load_versions
from hauberk.gateway._monitor import ExtractionAlert, ExtractionWatch, PradaMonitor, Verdict
from hauberk.gateway._pipeline import Gateway
from hauberk.gateway._principal import Principal
from hauberk.gateway._ratelimit import Decision, Limiter, MemoryLimiter, Penalties, RateLimit
from hauberk.gateway._redislimit import RedisLimiter
from hauberk.gateway._server import is_loopback, serve, server_config
from hauberk.gateway._validate import SchemaValidator, request_schema
from hauberk.gateway._versions import ModelRunner, ModelVersions

__all__ = [
    "DEFAULT_ROUTE_ROLES",
    "ERROR_STATUS",
    "AnomalyGuard",
    "ApiKeyAuthenticator",
    "AttestationError",
    "AttestationResult",
    "AttestationVerifier",
    "Attester",
    "AuditSink",
    "AuditTrail",
    "Authenticator",
    "Authorizer",
    "BodyReader",
    "Decision",
    "ExtractionAlert",
    "ExtractionWatch",
    "Gateway",
    "GatewayConfig",
    "GatewayError",
    "InputGuard",
    "JsonParser",
    "JwtAuthenticator",
    "KeyRecord",
    "KeyStore",
    "LedgerSink",
    "Limiter",
    "LoadedVersion",
    "MemoryLimiter",
    "ModelRunner",
    "ModelVersions",
    "OutputHardener",
    "Penalties",
    "PradaMonitor",
    "Principal",
    "RateLimit",
    "RedisLimiter",
    "SchemaValidator",
    "SoftwareAttestation",
    "SqueezeGuard",
    "Verdict",
    "attest_before_keys",
    "code_measurement",
    "config_digest",
    "create_app",
    "is_loopback",
    "json_depth",
    "load_config",
    "load_jwks",
    "load_version",
    "load_versions",
    "measure",
    "parse_config",
    "parse_rate",
    "request_schema",
    "serve",
    "server_config",
]
