"""The FastAPI application: thin routes over :class:`Gateway`, safe error handlers, OpenAPI.

No route accepts, registers or loads a model. Interactive docs are off; the OpenAPI document
is served only when ``openapi = true``. Unknown routes, wrong methods and any unexpected
exception are answered in the same ``{"error": {"code", "message"}}`` shape as every other
refusal, without internals. :class:`AuditMiddleware` wraps everything, so each of them is
recorded once in the audit trail too.
"""

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from hauberk.gateway._audit import AuditMiddleware, AuditRecorder, AuditSink, note_of
from hauberk.gateway._config import GatewayConfig
from hauberk.gateway._errors import ERROR_STATUS
from hauberk.gateway._guards import InputGuard
from hauberk.gateway._keys import KeyStore
from hauberk.gateway._pipeline import SECURITY_HEADERS, Gateway, Incoming, Reply, build_versions
from hauberk.gateway._ratelimit import Limiter
from hauberk.gateway._validate import request_schema
from hauberk.gateway._versions import ModelVersions
from hauberk.models import Model

log = logging.getLogger("hauberk.gateway")

_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "enum": sorted(ERROR_STATUS)},
                "message": {"type": "string"},
            },
            "required": ["code", "message"],
        },
        "request_id": {"type": "string"},
    },
    "required": ["error"],
}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _responses(*statuses: int) -> dict[str, Any]:
    err = {"content": {"application/json": {"schema": _ERROR_SCHEMA}}}
    return {str(s): {"description": "refused", **err} for s in statuses}


def create_app(
    config: GatewayConfig,
    model: Model | ModelVersions,
    *,
    keys: KeyStore | None = None,
    audit: AuditSink | None = None,
    limiter: Limiter | None = None,
    guards: Sequence[InputGuard] | None = None,
    chat: Any = None,
) -> Any:
    """A FastAPI app serving ``model`` (or preloaded versions) behind the full pipeline.

    With ``[chat]`` set, ``POST /v1/chat/completions`` serves its chat model (or ``chat``, a
    ``hauberk.llm`` chat model given directly) behind both LLM guards and a token budget.
    ``keys``, ``audit``, ``limiter`` and ``guards`` override what ``config`` would build;
    they exist for embedding and tests. Verification of model files happens before this call
    (see :func:`hauberk.gateway.load_versions`).
    """
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.openapi.utils import get_openapi
    from starlette.background import BackgroundTask
    from starlette.exceptions import HTTPException
    from starlette.responses import Response, StreamingResponse

    versions = build_versions(model, config)
    gateway = Gateway(config, versions, keys=keys, audit=audit, limiter=limiter, guards=guards)

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            route = getattr(app.state, "chat", None)
            if route is not None:
                from hauberk.llm._stream import aclose_clients

                await aclose_clients(route.model)
            gateway.close()

    app = FastAPI(
        title="hauberk gateway",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if config.openapi else None,
        lifespan=lifespan,
        redirect_slashes=False,  # else "/v1/predict/" got a 307 to a URL built from Host
    )
    app.state.gateway = gateway
    # Outermost, outside Starlette's error middleware too: one record for every request.
    recorder = AuditRecorder(gateway.audit, identify=gateway.identify, new_id=gateway._request_id)
    app.state.audit = recorder  # read by the HTTP protocol for the parser's own 400s
    build_stack = app.build_middleware_stack

    def audited_stack() -> Any:
        return AuditMiddleware(build_stack(), recorder)

    app.build_middleware_stack = audited_stack  # type: ignore[method-assign]

    def respond(reply: Reply) -> Response:
        task = BackgroundTask(reply.background) if reply.background is not None else None
        if reply.stream is not None:
            return StreamingResponse(
                reply.stream,
                status_code=reply.status,
                media_type=reply.media_type,
                headers={**SECURITY_HEADERS, "x-accel-buffering": "no", **reply.headers},
                background=task,
            )
        return Response(
            reply.content(),
            status_code=reply.status,
            media_type=reply.media_type,
            headers={**SECURITY_HEADERS, **reply.headers},
            background=task,
        )

    def incoming(request: Request) -> Incoming:
        h = request.headers
        return Incoming(
            method=request.method,
            client=request.client.host if request.client else "unknown",
            content_type=h.get("content-type"),
            content_length=h.get("content-length"),
            authorization=h.get("authorization"),
            chunks=request.stream(),
            note=note_of(request.scope),
            client_cert=request.scope.get("extensions", {}).get("tls", {}).get("client_cert"),
        )

    bearer: list[dict[str, list[str]]] = [{"bearer": []}]
    spec = versions.spec_model.input_spec
    predict_doc = {
        "requestBody": _json_body(request_schema(spec, max_batch=config.limits.max_batch)),
        "security": bearer,
        "responses": _responses(400, 401, 403, 413, 415, 422, 429, 503),
    }

    @app.post("/v1/predict", openapi_extra=predict_doc, summary="Score a batch")
    async def predict(request: Request) -> Response:
        return respond(await gateway.predict(incoming(request)))

    admin_doc = {"security": bearer, "responses": _responses(401, 403, 429, 503)}

    @app.get("/admin/versions", openapi_extra=admin_doc, summary="Model versions")
    async def versions_info(request: Request) -> Response:
        return respond(await gateway.versions_info(incoming(request)))

    switch_schema = {
        "type": "object",
        "properties": {"version": {"type": "string", "enum": sorted(versions.models)}},
        "required": ["version"],
        "additionalProperties": False,
    }

    @app.post(
        "/admin/versions/switch",
        openapi_extra={**admin_doc, "requestBody": _json_body(switch_schema)},
        summary="Make a preloaded version live",
    )
    async def switch(request: Request) -> Response:
        return respond(await gateway.switch(incoming(request)))

    @app.post("/admin/versions/rollback", openapi_extra=admin_doc, summary="Undo the last switch")
    async def rollback(request: Request) -> Response:
        return respond(await gateway.rollback(incoming(request)))

    revoke_schema = {
        "type": "object",
        "properties": {"id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}},
        "required": ["id"],
        "additionalProperties": False,
    }

    @app.post(
        "/admin/keys/revoke",
        openapi_extra={**admin_doc, "requestBody": _json_body(revoke_schema)},
        summary="Revoke an API key",
    )
    async def revoke(request: Request) -> Response:
        return respond(await gateway.revoke(incoming(request)))

    @app.get("/metrics", openapi_extra=admin_doc, summary="Prometheus metrics")
    async def metrics(request: Request) -> Response:
        return respond(await gateway.metrics_text(incoming(request)))

    if config.chat is not None:
        from hauberk.gateway._chat import ChatRoute, chat_model

        route = ChatRoute(
            gateway, config.chat, chat if chat is not None else chat_model(config.chat, config)
        )
        route.recorder = recorder  # a stream's record is written when the stream ends
        app.state.chat = route
        chat_doc = {
            "security": bearer,
            "responses": _responses(400, 401, 403, 413, 422, 429, 502),
            "description": "With stream=true the answer is text/event-stream (OpenAI chunks).",
        }

        @app.post("/v1/chat/completions", openapi_extra=chat_doc, summary="Chat, guarded")
        async def chat_completions(request: Request) -> Response:
            return respond(await route.handle(incoming(request)))

    @app.get("/healthz", summary="Liveness")
    async def healthz() -> Response:
        return respond(Reply(200, {"status": "ok"}))

    @app.get("/readyz", summary="Readiness", openapi_extra={"responses": _responses(503)})
    async def readyz() -> Response:
        return respond(gateway.readiness())

    def refuse(request: Request, code: str, message: str, reason: str) -> Response:
        # An error after the pipeline noted "ok" (the answer could not be sent) overrides it.
        note_of(request.scope).refuse(code, reason, force=code == "internal")
        return respond(Reply(ERROR_STATUS[code], {"error": {"code": code, "message": message}}))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        reason = f"HTTP {exc.status_code} from routing"
        if exc.status_code == 404:
            return refuse(request, "not_found", "no such route", reason)
        if exc.status_code == 405:
            return refuse(request, "method_not_allowed", "this route does not take that method",
                          reason)  # fmt: skip
        if 400 <= exc.status_code < 500:
            return refuse(request, "bad_request", "the request is malformed", reason)
        log.error("HTTP %s raised inside the app", exc.status_code)
        return refuse(request, "internal", "internal error", reason)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return refuse(request, "bad_request", "the request is malformed", "request validation")

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception) -> Response:
        log.error("unhandled %s", type(exc).__name__)
        return refuse(request, "internal", "internal error", f"unhandled {type(exc).__name__}")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
            doc.setdefault("components", {})["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"}
            }
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
