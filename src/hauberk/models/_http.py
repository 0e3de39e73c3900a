"""A remote prediction endpoint as a model, spoken to over HTTP with httpx.

Out of the box it speaks ``hauberk serve``: ``POST {"inputs": [[...], ...]}`` answered by
``{"outputs": [{"label": ..., "scores": [{"class": ..., "score": ...}, ...]}, ...]}``. Any
other JSON service is reached by naming where the batch goes in the request
(``input_path``, dotted keys such as ``data.ndarray``) and where the per-row answers are in
the response (``output_path``, dotted keys with indexes and ``[*]`` for "every element", such
as ``predictions`` or ``result[0].rows[*].probs``).

Each row of the answer may be a list of scores (one per class, in ``classes`` order), an
object ``{"scores": [{"class", "score"}, ...]}`` as the gateway sends (classes it leaves out
under top-k share the remaining mass evenly), ``{"label": ...}`` alone, or a bare label: a
label-only answer becomes a one-hot row, which is all such a service reveals.
"""

from __future__ import annotations

import re
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
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+|\*)\]|(\.)")

PathPart = str | int | None  # a key, an index, or None for "every element"


def parse_path(path: str, *, where: str, indexes: bool = True) -> tuple[PathPart, ...]:
    """``a.b[0].c[*]`` as ``("a", "b", 0, "c", None)``; a malformed path names itself."""
    parts: list[PathPart] = []
    pos = 0
    expect_key = True
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            break
        key, index, dot = m.groups()
        if dot is not None:
            if expect_key:
                break
            expect_key = True
        elif key is not None:
            if not expect_key:
                break
            parts.append(key)
            expect_key = False
        else:
            if not indexes or (not parts and expect_key):
                break
            parts.append(None if index == "*" else int(index))
            expect_key = False
        pos = m.end()
    if pos != len(path) or not parts or expect_key:
        kind = "dotted keys" + (" with [N] or [*] indexes" if indexes else "")
        raise ConfigError(f"{where} {path!r} is not a path of {kind} (for example 'outputs')")
    return tuple(parts)


def extract(body: Any, parts: Sequence[PathPart], path: str) -> Any:
    """Follow ``parts`` into ``body``; ``None`` maps the rest over every element."""
    node = body
    for i, part in enumerate(parts):
        if part is None:
            if not isinstance(node, list):
                raise KeyError(f"{path}: [*] needs a list")
            return [extract(item, parts[i + 1 :], path) for item in node]
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise KeyError(f"{path}: no element [{part}]")
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"{path}: no key {part!r}")
            node = node[part]
    return node


def nest(parts: Sequence[PathPart], value: Any) -> dict[str, Any]:
    out: Any = value
    for part in reversed(parts):
        out = {str(part): out}
    assert isinstance(out, dict)
    return out


class HttpModel:
    """Queries ``url`` in batches, with an auth header, bounded retries and a query budget.

    ``query_limit`` caps the rows sent over this object's life: a remote model is often paid
    per call, so the cap holds across every check of a run. ``output`` says whether numeric
    rows are probabilities (the default) or logits.
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
        input_path: str = "inputs",
        output_path: str = "outputs",
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
        if len(classes) < 2:
            raise ConfigError(f"a classifier needs at least 2 classes, got {len(classes)}")
        headers = {"Accept": "application/json"}
        if token:
            headers[auth_header] = f"{auth_scheme} {token}".strip()
        self.url = url
        self.output = output
        self.input_path, self.output_path = input_path, output_path
        self._in = parse_path(input_path, where="input_path", indexes=False)
        self._out = parse_path(output_path, where="output_path")
        self.retries, self.backoff_s = retries, backoff_s
        self.batch_size = batch_size
        self._client = httpx.Client(timeout=timeout_s, headers=headers, transport=transport)
        self._classes = tuple(classes)
        # answers name classes as JSON does: 3 and "3" are the same class
        self._column = {str(c): i for i, c in enumerate(self._classes)}
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
        payload = nest(self._in, batch.tolist())
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
            return self._decode(response, len(batch))
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After", "")
        try:
            return min(float(header), MAX_RETRY_AFTER_S)
        except ValueError:
            return float(self.backoff_s * 2**attempt)

    def _decode(self, response: httpx.Response, rows: int) -> NDArray[np.float64]:
        if response.status_code != 200:
            raise InputError(
                f"endpoint {self.url} answered HTTP {response.status_code}: {response.text[:200]!r}"
            )
        if len(response.content) > MAX_RESPONSE_BYTES:
            raise InputError(f"endpoint {self.url} answered more than {MAX_RESPONSE_BYTES} bytes")
        try:
            body = response.json()
        except ValueError:
            raise InputError(f"endpoint {self.url} did not answer JSON") from None
        try:
            outputs = extract(body, self._out, self.output_path)
        except KeyError as exc:
            keys = sorted(body) if isinstance(body, dict) else type(body).__name__
            raise InputError(
                f"endpoint {self.url}: the answer has nothing at output_path "
                f"{self.output_path!r} ({exc.args[0]}; top-level keys: {keys}); set [model] "
                "output_path to where the per-row scores are"
            ) from None
        if not isinstance(outputs, list) or len(outputs) != rows:
            got = len(outputs) if isinstance(outputs, list) else type(outputs).__name__
            raise InputError(
                f"endpoint {self.url}: output_path {self.output_path!r} should hold one answer "
                f"per input row ({rows}), found {got}"
            )
        return np.stack([self._row(r) for r in outputs])

    def _row(self, row: Any) -> NDArray[np.float64]:
        k = len(self._classes)
        if isinstance(row, list) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in row
        ):
            return np.asarray(row, dtype=np.float64)
        if self.output == "logits":
            raise InputError(
                f"endpoint {self.url} answers classes with scores or labels, not logits: "
                "drop [model] output = 'logits'"
            )
        if isinstance(row, dict) and isinstance(row.get("scores"), list):
            out = np.full(k, np.nan)
            for item in row["scores"]:
                if not isinstance(item, dict) or "class" not in item or "score" not in item:
                    raise InputError(f"endpoint {self.url}: a score is not {{class, score}}")
                out[self._col(item["class"])] = float(item["score"])
            missing = np.isnan(out)
            if missing.any():  # top-k: the classes left out share what is left
                rest = max(0.0, 1.0 - float(out[~missing].sum()))
                out[missing] = rest / int(missing.sum())
            return out
        label = row.get("label") if isinstance(row, dict) else row
        if isinstance(label, str | int) and not isinstance(label, bool):
            out = np.zeros(k)
            out[self._col(label)] = 1.0
            return out
        raise InputError(
            f"endpoint {self.url}: cannot read an answer row {str(row)[:80]!r}; expected scores "
            "per class, {'scores': [{'class', 'score'}]} or a label (set [model] output_path)"
        )

    def _col(self, cls: Any) -> int:
        try:
            return self._column[str(cls)]
        except KeyError:
            raise InputError(
                f"endpoint {self.url} answered class {cls!r}, not one of [model] classes "
                f"{list(self._classes)[:20]}"
            ) from None

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
