"""Refusals the gateway sends: one stable code per reason, a short message, never internals.

The table below is policy as data: each code has one HTTP status. Clients branch on ``code``;
``message`` is for people and never holds a path, a stack trace or a secret.
"""

from __future__ import annotations

from collections.abc import Mapping

from hauberk.core import HauberkError

#: Every refusal code the gateway can send, with its HTTP status.
ERROR_STATUS: Mapping[str, int] = {
    "malformed_json": 400,
    "json_too_deep": 400,
    "non_finite": 400,
    "bad_request": 400,
    "missing_credentials": 401,
    "invalid_credentials": 401,
    "forbidden": 403,
    "not_found": 404,
    "unknown_version": 404,
    "method_not_allowed": 405,
    "request_timeout": 408,
    "incompatible_version": 409,
    "body_too_large": 413,
    "unsupported_media_type": 415,
    "invalid_inputs": 422,
    "input_rejected": 422,
    "non_finite_output": 422,
    "rate_limited": 429,
    "token_budget_exceeded": 429,
    "extraction_throttled": 429,
    "headers_too_large": 431,
    "internal": 500,
    "upstream_unavailable": 502,
    "audit_unavailable": 503,
    "rate_limiter_unavailable": 503,
    "not_ready": 503,
    "too_many_connections": 503,
}


class GatewayError(HauberkError):
    """A request refused at some stage. ``reason`` is internal detail for the audit record only.

    ``retry_after`` (seconds) becomes a ``Retry-After`` header.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        reason: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        if code not in ERROR_STATUS:
            raise ValueError(f"unknown gateway error code {code!r}")
        super().__init__(message)
        self.code = code
        self.status = ERROR_STATUS[code]
        self.message = message
        self.reason = reason or code
        self.retry_after = retry_after
