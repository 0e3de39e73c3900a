"""A remote prediction endpoint as a model, spoken to over HTTP with httpx.

The wire format is hauberk's gateway's: ``POST {"inputs": [[...], ...]}`` answered by
``{"outputs": [[...], ...]}``; other services are reached by naming their keys.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import httpx
import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError, QueryCounter
from hauberk.models._batching import predict_batched
from hauberk.models._spec import InputSpec

RETRY_STATUS = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


class HttpModel:
    """Queries ``url`` in batches, with an auth header, bounded retries and a query budget.

    ``query_limit`` caps the rows sent over this object's life: a remote model is often paid
    per call, so the cap holds across every check of a run.
    """

    def __init__(
        self,
        url: str,
        *,
        classes: Sequence[Any],
        input_spec: InputSpec,
        token: str | None = None,
        auth_header: str = "Authorization",
        auth_scheme: str = "Bearer",
        output: str = "probabilities",
        input_key: str = "inputs",
        output_key: str = "outputs",
        timeout_s: float = 10.0,
        retries: int = 3,
        backoff_s: float = 0.2,
        batch_size: int = 64,
        query_limit: int | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"endpoint url must start with http:// or https://, got {url!r}")
        if not 0 <= retries <= 10:
            raise ConfigError(f"retries must be within 0..10, got {retries}")
        if timeout_s <= 0 or backoff_s < 0 or batch_size < 1:
            raise ConfigError("timeout_s must be > 0, backoff_s >= 0 and batch_size >= 1")
        if output not in ("probabilities", "logits"):
            raise ConfigError(f"output must be 'probabilities' or 'logits', got {output!r}")
        headers = {"Accept": "application/json"}
        if token:
            headers[auth_header] = f"{auth_scheme} {token}".strip()
        self.url = url
        self.output = output
        self.input_key, self.output_key = input_key, output_key
        self.retries, self.backoff_s = retries, backoff_s
        self.batch_size = batch_size
        self._client = httpx.Client(timeout=timeout_s, headers=headers, transport=transport)
        self._classes = tuple(classes)
        self._spec = input_spec
        self._counter = QueryCounter(query_limit)

    @property
    def classes(self) -> tuple[Any, ...]:
        return self._classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self._counter

    def close(self) -> None:
        self._client.close()

    def _post(self, batch: NDArray[Any]) -> NDArray[np.float64]:
        payload = {self.input_key: batch.tolist()}
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._client.post(self.url, json=payload)
            except httpx.TransportError as exc:
                if last:
                    raise InputError(f"endpoint {self.url} unreachable: {exc}") from exc
                time.sleep(self.backoff_s * 2**attempt)
                continue
            if response.status_code in RETRY_STATUS and not last:
                time.sleep(self._retry_after(response, attempt))
                continue
            return self._decode(response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After", "")
        try:
            return min(float(header), MAX_RETRY_AFTER_S)
        except ValueError:
            return float(self.backoff_s * 2**attempt)

    def _decode(self, response: httpx.Response) -> NDArray[np.float64]:
        if response.status_code != 200:
            raise InputError(
                f"endpoint {self.url} answered HTTP {response.status_code}: {response.text[:200]!r}"
            )
        if len(response.content) > MAX_RESPONSE_BYTES:
            raise InputError(f"endpoint {self.url} answered more than {MAX_RESPONSE_BYTES} bytes")
        try:
            body = response.json()
            outputs = body[self.output_key]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"endpoint {self.url} did not answer JSON with key {self.output_key!r}"
            ) from exc
        return np.asarray(outputs, dtype=np.float64)

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return predict_batched(
            x,
            spec=self._spec,
            counter=self._counter,
            batch_size=self.batch_size,
            forward=self._post,
            classes=self._classes,
            output=self.output,
            source=f"endpoint {self.url}",
        )
