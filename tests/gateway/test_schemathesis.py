"""Schemathesis against the gateway's own OpenAPI document, on the live server: no 5xx.

Bounded: 25 examples per operation, positive and negative generation, half with an admin key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from hauberk.gateway import create_app
from hauberk.models import SklearnModel

from ._support import Keys, Live, config, live_server, make_keys


@pytest.fixture(scope="module")
def live_gateway(
    tmp_path_factory: pytest.TempPathFactory, iris_clf: SklearnModel
) -> Iterator[tuple[Live, Keys]]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    keys = make_keys(tmp)
    cfg = config(
        tmp,
        openapi=True,
        audit={"durable": False},
        rate={"principal_rate": 10_000, "principal_burst": 10_000, "address_rate": 10_000,
              "address_burst": 10_000},
        monitor={"enabled": False},
    )  # fmt: skip
    with live_server(create_app(cfg, iris_clf, keys=keys.store)) as live:
        yield live, keys


@pytest.fixture(scope="module")
def api_schema(live_gateway: tuple[Live, Keys]) -> Any:
    live, _ = live_gateway
    return schemathesis.openapi.from_dict(live.app.openapi())


OPERATIONS = [
    ("/v1/predict", "POST"),
    ("/admin/versions", "GET"),
    ("/admin/versions/switch", "POST"),
    ("/admin/versions/rollback", "POST"),
    ("/admin/keys/revoke", "POST"),
    ("/metrics", "GET"),
    ("/healthz", "GET"),
    ("/readyz", "GET"),
]


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_no_server_errors(
    api_schema: Any, live_gateway: tuple[Live, Keys], path: str, method: str
) -> None:
    # schemathesis' own pytest plugin does not support pytest 9 yet; drive its strategies.
    live, keys = live_gateway
    operation = api_schema[path][method]
    strategy = operation.as_strategy(
        generation_mode=GenerationMode.POSITIVE
    ) | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
    seen: list[int] = []

    @given(case=strategy, admin=st.booleans())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True, database=None)  # fmt: skip
    def attack(case: Any, admin: bool) -> None:
        key = keys.admin if admin else keys.predict
        response = case.call(base_url=live.url, headers={"Authorization": f"Bearer {key}"})
        seen.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error])
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert response.json()["error"]["code"]

    attack()
    assert seen
    if path == "/v1/predict":
        assert 200 in seen and any(400 <= c < 500 for c in seen)  # both kinds were exercised
