"""The pipeline, assembled in one place from the config, and the request handlers around it.

Order for ``POST /v1/predict``: address bucket → body-size cap → JSON-depth cap (parse) →
authentication → authorisation → principal bucket → schema validation → input guards →
model → output hardening → extraction monitor → audit → response. The per-address bucket
is consulted first, before the body is even read, so that unauthenticated floods and
credential guessing are throttled too. Every refusal is a :class:`GatewayError` with a stable
code; it is audited like a success and answered with a 4xx (5xx only for an outage of the
audit trail or the rate limiter, or a bug) that carries no internals. The handlers annotate the
request's :class:`AuditNote`; :class:`AuditMiddleware` writes it, once, whatever the outcome.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import logging
import math
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, Severity
from hauberk.gateway._apikey import ApiKeyAuthenticator
from hauberk.gateway._audit import AuditNote, AuditSink, AuditTrail, LedgerSink
from hauberk.gateway._auth import Authenticator
from hauberk.gateway._authz import Authorizer
from hauberk.gateway._body import BodyReader, JsonParser
from hauberk.gateway._config import PREDICT, GatewayConfig
from hauberk.gateway._errors import GatewayError
from hauberk.gateway._guards import AnomalyGuard, InputGuard, SqueezeGuard, rejected
from hauberk.gateway._harden import OutputHardener
from hauberk.gateway._jwt import JwtAuthenticator
from hauberk.gateway._keys import KeyStore
from hauberk.gateway._metrics import GatewayMetrics
from hauberk.gateway._monitor import ExtractionAlert, ExtractionWatch, PradaMonitor
from hauberk.gateway._ratelimit import (
    Limiter,
    MemoryLimiter,
    Penalties,
    RateLimit,
    address_key,
)
from hauberk.gateway._tap import TrafficTap
from hauberk.gateway._tls import CertAuthenticator
from hauberk.gateway._validate import SchemaValidator
from hauberk.gateway._versions import ModelRunner, ModelVersions
from hauberk.models import Model
from hauberk.monitor import Alert, Alerter, AlertSink, LogSink, PrometheusSink, WebhookSink

log = logging.getLogger("hauberk.gateway")

Work = Callable[[Any, dict[str, Any], str], Awaitable["Reply"]]
SECURITY_HEADERS = {"cache-control": "no-store", "x-content-type-options": "nosniff"}


@dataclass
class Reply:
    """What a handler answers: status, JSON body (or raw bytes) and extra headers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"
    background: Callable[[], None] | None = None
    stream: AsyncIterator[bytes] | None = None  # a streamed body (Server-Sent Events)

    def content(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, separators=(",", ":"), allow_nan=False).encode("utf-8")


@dataclass
class Incoming:
    """The parts of an HTTP request the pipeline reads (independent of the web framework)."""

    method: str
    client: str
    content_type: str | None
    content_length: str | None
    authorization: str | None
    chunks: Any  # AsyncIterator[bytes]
    note: AuditNote  # this request's audit record, written by the audit middleware
    client_cert: dict[str, Any] | None = None  # verified TLS client certificate (mTLS)


def _load_reference(path: Path, guard: str) -> NDArray[Any]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            return np.asarray(npz["x"])
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(
            f"{guard} guard reference {path}: need an .npz with 'x' ({exc})"
        ) from None


class Gateway:
    """All stages, built from ``config``; handlers for every route."""

    def __init__(
        self,
        config: GatewayConfig,
        versions: ModelVersions,
        *,
        keys: KeyStore | None = None,
        audit: AuditSink | None = None,
        limiter: Limiter | None = None,
        guards: Sequence[InputGuard] | None = None,
    ) -> None:
        self.config = config
        self.versions = versions
        self.metrics = GatewayMetrics()
        model = versions.spec_model
        limits, rate = config.limits, config.rate
        if keys is None and config.auth.keys is not None:
            keys = KeyStore(config.resolve(config.auth.keys))
        if keys is not None:
            keys.check()
        self.keys = keys
        roles = None
        if config.auth.roles is not None:
            from hauberk.governance._roles import load_roles

            roles = load_roles(config.resolve(config.auth.roles))
        jwt = None
        if config.auth.jwt is not None:
            j = config.auth.jwt
            jwt = JwtAuthenticator(
                jwks=config.resolve(j.jwks),
                issuer=j.issuer,
                audience=j.audience,
                algorithms=tuple(j.algorithms),
                leeway=j.leeway,
                roles_claim=j.roles_claim,
                max_token_bytes=j.max_token_bytes,
            )
        if audit is None:
            if config.audit.ledger is None:
                raise ConfigError("[audit] ledger is required: every decision is audited")
            db = config.audit.ledger
            if "://" not in db:
                db = str(config.resolve(Path(db)))
            signer = None
            if config.audit.key is not None:
                import os

                from hauberk.ledger import Signer, load_private_key

                password = os.environ.get("HAUBERK_KEY_PASSWORD")  # as `hauberk ledger` reads it
                private = load_private_key(
                    config.resolve(config.audit.key),
                    password=password.encode("utf-8") if password else None,
                )
                signer = Signer(private, principal="hauberk-gateway")
            audit = LedgerSink(db, signer=signer)
        self.sink = audit
        if limiter is None:
            penalties = Penalties(
                after=rate.penalty_after,
                base=rate.penalty_base,
                max=rate.penalty_max,
                window=rate.penalty_window,
            )
            if rate.backend == "redis":
                from hauberk.gateway._redislimit import RedisLimiter

                assert rate.redis_url is not None
                limiter = RedisLimiter(
                    rate.redis_url, penalties=penalties, fail_open=rate.fail_open
                )
            else:
                limiter = MemoryLimiter(penalties=penalties, max_keys=rate.max_keys)
        self.limiter = limiter
        if guards is None:
            built: list[InputGuard] = []
            if config.guards.anomaly is not None:
                a = config.guards.anomaly
                ref = _load_reference(config.resolve(a.reference), "anomaly")
                built.append(AnomalyGuard(ref, threshold=a.threshold))
            if config.guards.squeeze is not None:
                s = config.guards.squeeze
                built.append(
                    SqueezeGuard(model, bits=s.bits, median=s.median, threshold=s.threshold)
                )
            if config.guards.strip is not None:
                from hauberk.data import Strip

                t = config.guards.strip
                built.append(
                    Strip(
                        model,
                        _load_reference(config.resolve(t.reference), "strip"),
                        overlays=t.overlays,
                        false_rejection=t.false_rejection,
                        weight=t.weight,
                        seed=t.seed,
                    )
                )
            guards = built
        h = config.hardening
        depth = max(limits.max_json_depth, len(model.input_spec.shape) + 2)

        # -- the pipeline, in order -----------------------------------------------------------
        self.body = BodyReader(max_bytes=limits.max_body_bytes)
        self.parser = JsonParser(max_depth=depth, literals=False)
        self.admin_parser = JsonParser(max_depth=4)
        certs = None
        if config.tls is not None and config.tls.client_ca is not None and config.tls.clients:
            certs = CertAuthenticator(config.tls.clients, principal_from=config.tls.principal_from)
        self.auth = Authenticator(
            api_keys=ApiKeyAuthenticator(keys, roles) if keys is not None else None,
            jwt=jwt,
            certs=certs,
        )
        self.authz = Authorizer(config.roles)
        self.limit = RateLimit(limiter)
        self.validator = SchemaValidator(model.input_spec, max_batch=limits.max_batch)
        self.guards = tuple(guards)
        self.hardener = OutputHardener(
            model.classes,
            label_only=h.label_only,
            top_k=h.top_k,
            decimals=h.decimals,
            noise=h.noise,
            reverse_sigmoid=(
                (h.reverse_sigmoid.beta, h.reverse_sigmoid.gamma) if h.reverse_sigmoid else None
            ),
            seed=h.seed,
        )
        # Guards and the row-wise hardening arithmetic run on the inference thread, once per
        # coalesced model call.
        self.runner = ModelRunner(
            versions,
            batch_rows=limits.model_batch_rows,
            post=self.hardener.scores,
            guards=self.guards,
            refuse=self._guard_refusal,
        )
        m = config.monitor
        self.watch = (
            ExtractionWatch(
                PradaMonitor(
                    min_queries=m.min_queries,
                    delta=m.delta,
                    window=m.window,
                    max_points_per_class=m.max_points_per_class,
                    max_principals=m.max_principals,
                    test_every=m.test_every,
                ),
                limiter,
                cooldown=m.cooldown,
            )
            if m.enabled
            else None
        )
        trail = config.audit
        self.audit = AuditTrail(
            audit,
            durable=trail.durable,
            max_backlog=trail.max_backlog,
            max_backlog_ms=trail.max_backlog_ms,
        )
        # Unique, not secret: a random process prefix and a counter (no syscall per request).
        self._id_prefix = secrets.token_hex(4)
        self._ids = itertools.count()
        self._pinged = (-math.inf, True)
        self.alerter = self._build_alerter()
        self.tap: TrafficTap | None = None
        if config.capture is not None or (config.drift is not None and config.drift.enabled):
            self.tap = TrafficTap(
                config,
                self.metrics,
                features=int(np.prod(model.input_spec.shape)) if model.input_spec.shape else 1,
                classes=[str(c) for c in model.classes],
                guards=[g.name for g in self.guards],
                alerter=self.alerter,
            )
        self.ready = True

    def _build_alerter(self) -> Alerter:
        """Alerts of this gateway: Prometheus always; the log, webhook and ledger as set."""
        a = self.config.alerts
        sinks: list[AlertSink] = [PrometheusSink(self.metrics.registry)]
        if a.log is not None:
            sinks.append(LogSink(self.config.resolve(a.log)))
        if a.ledger:
            sinks.append(AuditAlertSink(self.sink))
        if a.webhook is not None:
            assert a.webhook_secret_file is not None
            secret_path = self.config.resolve(a.webhook_secret_file)
            try:
                secret = secret_path.read_bytes().strip()
            except OSError as exc:
                raise ConfigError(f"[alerts] webhook_secret_file {secret_path}: {exc}") from None
            spool = self.config.resolve(a.webhook_spool) if a.webhook_spool else None
            sinks.append(WebhookSink(a.webhook, secret, spool=spool, max_age=a.webhook_max_age))
        return Alerter(sinks, cooldown=a.cooldown)

    def _request_id(self) -> str:
        return f"{self._id_prefix}{next(self._ids):016x}"

    # -- shared steps ---------------------------------------------------------------------------

    async def _read(self, req: Incoming, parser: JsonParser) -> tuple[Any, str]:
        rate = self.config.rate
        self.limit.admit(address_key(req.client), rate=rate.address_rate, burst=rate.address_burst)
        ctype = (req.content_type or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise GatewayError("unsupported_media_type", "send Content-Type: application/json")
        raw = await self.body.read(req.content_length, req.chunks)
        return parser.parse(raw), hashlib.sha256(raw).hexdigest()

    def identify(self, header: str | None, cheap: bool = False) -> tuple[str | None, str]:
        """For the audit record of a request refused before authentication: who sent it.

        ``cheap`` (a refusal by the address bucket, which must stay cheap under a flood)
        checks API keys only, a hash and a lookup; a JWT is then ``unchecked``.
        """
        if header is None or not header.strip():
            return None, "none"
        if cheap and not header.strip().partition(" ")[2].strip().startswith("hbk_"):
            return None, "unchecked"
        try:
            return self.auth.authenticate(header).id, "valid"
        except GatewayError:
            return None, "invalid"

    def _admit(self, req: Incoming, route: str) -> str:
        note = req.note
        try:
            principal = self.auth.authenticate(req.authorization, req.client_cert)
        except GatewayError:
            note.credential = "none" if not (req.authorization or "").strip() else "invalid"
            if req.client_cert is not None and not (req.authorization or "").strip():
                note.credential = "invalid"
            raise
        note.principal, note.credential = principal.id, "valid"  # a 403 or 429 names the caller
        self.authz.authorize(principal, route)
        rate = self.config.rate
        self.limit.admit(
            principal.id,
            rate=principal.rate or rate.principal_rate,
            burst=max(rate.principal_burst, 1.0)
            if principal.rate is None
            else max(principal.rate, 1.0),
        )
        return principal.id

    def _guard_refusal(self, guard: InputGuard) -> GatewayError:
        self.metrics.guard_triggers.labels(guard.name).inc()
        if self.tap is not None:
            self.tap.flag(guard.name)
        return rejected(guard.name)

    def _shadow(self, x: NDArray[Any], labels: NDArray[Any]) -> Callable[[], None] | None:
        name = self.versions.shadow
        if name is None:
            return None
        model = self.versions.models[name]

        def compare() -> None:
            try:
                other = model.predict_proba(x).argmax(axis=1)
            except Exception:
                log.exception("shadow model %s failed", name)
                return
            self.metrics.shadow_compared.inc(len(x))
            self.metrics.shadow_disagreements.inc(int((other != labels).sum()))

        return compare

    async def _handle(
        self,
        req: Incoming,
        route: str,
        kind: str,
        work: Work,
        *,
        parser: JsonParser | None = None,
    ) -> Reply:
        """Run ``work`` behind the common stages; note the outcome and answer whatever happens.

        The audit middleware writes the note when the response starts.
        """
        note = req.note
        note.route, note.kind = route, kind
        request_id = note.request_id
        start = time.perf_counter()
        record = note.fields
        principal = "anonymous"
        try:
            try:
                if parser is not None:
                    payload, record["input_sha256"] = await self._read(req, parser)
                else:
                    rate = self.config.rate
                    self.limit.admit(
                        address_key(req.client), rate=rate.address_rate, burst=rate.address_burst
                    )
                    payload = None
                principal = self._admit(req, route)
                reply = await work(payload, record, principal)
            except ExtractionAlert as alert:
                self.metrics.extraction_alerts.inc()
                log.warning("extraction alert for %s: %s", alert.principal, alert.reason)
                self.alerter.emit(
                    Alert(
                        "extraction", Severity.HIGH, f"principal:{alert.principal}",
                        {"monitor": "prada", "w": alert.verdict.w,
                         "queries": alert.verdict.queries, "cooldown": alert.retry_after},
                    )
                )  # fmt: skip
                await self.audit.record(
                    "serve.alert",
                    {"request_id": request_id, "monitor": "prada", "w": alert.verdict.w,
                     "queries": alert.verdict.queries, "action": "throttled",
                     "cooldown": alert.retry_after},
                    principal=principal,
                )  # fmt: skip
                raise
            note.refuse("ok")
        except GatewayError as exc:
            reply = self._refusal(exc, request_id)
            note.refuse(exc.code, exc.reason)
        except Exception as exc:
            if not note.disconnected:
                log.exception("request %s failed", request_id)
            reply = self._refusal(GatewayError("internal", "internal error"), request_id)
            note.refuse("internal", f"unhandled {type(exc).__name__}")
        reply.headers["x-request-id"] = request_id
        self.metrics.requests.labels(route, str(reply.status)).inc()
        self.metrics.latency.labels(route).observe(time.perf_counter() - start)
        return reply

    def _refusal(self, exc: GatewayError, request_id: str) -> Reply:
        self.metrics.denials.labels(exc.code).inc()
        headers: dict[str, str] = {}
        if exc.retry_after is not None:
            headers["retry-after"] = str(max(1, int(np.ceil(exc.retry_after))))
        if exc.status == 401:
            headers["www-authenticate"] = 'Bearer realm="hauberk"'
        body = {"error": {"code": exc.code, "message": exc.message}, "request_id": request_id}
        return Reply(exc.status, body, headers)

    # -- routes ---------------------------------------------------------------------------------

    async def predict(self, req: Incoming) -> Reply:
        async def work(payload: Any, record: dict[str, Any], principal: str) -> Reply:
            x = self.validator.validate(payload)
            record["rows"] = len(x)
            version, proba, scores = await asyncio.wrap_future(self.runner.submit(x))
            record["model_version"] = version
            outputs = self.hardener.harden(proba, scores)
            if self.watch is not None:
                self.watch.watch(principal, x, proba)
            if self.tap is not None:
                self.tap.offer(x, proba, version, principal)
            self.metrics.predictions.labels(version).inc(len(x))
            return Reply(
                200,
                {"outputs": outputs, "model_version": version},
                background=self._shadow(x, proba.argmax(axis=1)),
            )

        return await self._handle(req, PREDICT, "serve.request", work, parser=self.parser)

    async def versions_info(self, req: Incoming) -> Reply:
        async def work(_: Any, record: dict[str, Any], principal: str) -> Reply:
            return Reply(200, self.versions.describe())

        return await self._handle(req, "GET /admin/versions", "serve.admin", work)

    async def switch(self, req: Incoming) -> Reply:
        async def work(payload: Any, record: dict[str, Any], principal: str) -> Reply:
            name = payload.get("version") if isinstance(payload, dict) else None
            if not isinstance(name, str) or set(payload) != {"version"}:
                raise GatewayError("invalid_inputs", 'send {"version": "<name>"}')
            old = self.versions.switch(name)
            record["model_version"] = name
            return Reply(200, {"active": name, "previous": old})

        return await self._handle(
            req, "POST /admin/versions/switch", "serve.admin", work, parser=self.admin_parser
        )

    async def rollback(self, req: Incoming) -> Reply:
        async def work(_: Any, record: dict[str, Any], principal: str) -> Reply:
            restored = self.versions.rollback()
            record["model_version"] = restored
            return Reply(200, {"active": restored})

        return await self._handle(req, "POST /admin/versions/rollback", "serve.admin", work)

    async def revoke(self, req: Incoming) -> Reply:
        async def work(payload: Any, record: dict[str, Any], principal: str) -> Reply:
            key_id = payload.get("id") if isinstance(payload, dict) else None
            if not isinstance(key_id, str) or set(payload) != {"id"}:
                raise GatewayError("invalid_inputs", 'send {"id": "<key id>"}')
            if self.keys is None:
                raise GatewayError("not_found", "this gateway has no API key store")
            from hauberk.core import InputError

            try:
                revoked = self.keys.revoke(key_id)
            except InputError:
                raise GatewayError("not_found", "no such key") from None
            return Reply(200, {"id": revoked.id, "revoked": revoked.revoked})

        return await self._handle(
            req, "POST /admin/keys/revoke", "serve.admin", work, parser=self.admin_parser
        )

    async def metrics_text(self, req: Incoming) -> Reply:
        async def work(_: Any, record: dict[str, Any], principal: str) -> Reply:
            return Reply(200, self.metrics.render(), media_type="text/plain; version=0.0.4")

        return await self._handle(req, "GET /metrics", "serve.admin", work)

    def _limiter_reachable(self) -> bool:
        """Redis's ping, at most once a second however often ``/readyz`` is probed."""
        ping = getattr(self.limiter, "ping", None)
        if ping is None:
            return True
        now = time.monotonic()
        if now - self._pinged[0] >= 1.0:
            self._pinged = (now, bool(ping()))
        return self._pinged[1]

    def readiness(self) -> Reply:
        """Cheap enough to answer any flood of probes: a ``stat`` of the key store (parsed
        again only when it changes), flags, and a cached ping of Redis."""
        problems = []
        if not self.ready:
            problems.append("starting or stopping")
        if self.keys is not None:
            try:
                self.keys.check()
            except Exception:
                problems.append("key store unreadable")
        if getattr(self.auth.jwt, "problem", None) is not None:
            problems.append("JWKS unreadable")
        if self.audit.degraded:
            problems.append("audit trail failing")
        if not self._limiter_reachable() and not self.config.rate.fail_open:
            problems.append("rate limiter unreachable")
        if problems:
            return self._refusal(
                GatewayError("not_ready", "not ready: " + ", ".join(problems)),
                self._request_id(),
            )
        return Reply(200, {"status": "ready", "model_version": self.versions.active})

    def close(self) -> None:
        self.ready = False
        self.runner.close()
        if self.tap is not None:
            self.tap.close()
        self.alerter.close()
        self.sink.close()


class AuditAlertSink:
    """Alerts into the gateway's audit ledger as ``monitor.alert`` entries (group-committed)."""

    name = "ledger"

    def __init__(self, sink: AuditSink) -> None:
        self.sink = sink

    def send(self, alert: Alert) -> None:
        self.sink.submit("monitor.alert", alert.to_json(), principal="hauberk-gateway")

    def close(self) -> None:
        return None


def build_versions(model: Model | ModelVersions, config: GatewayConfig) -> ModelVersions:
    if isinstance(model, ModelVersions):
        return model
    return ModelVersions({config.model.version or "v1": model})
