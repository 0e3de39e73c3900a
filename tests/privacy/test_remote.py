"""The audit runs against a remote endpoint (HttpModel over an in-process transport) and stops
at the endpoint's query cap with a partial result."""

from __future__ import annotations

import json
from typing import Any

import httpx
import numpy as np

from hauberk.models import HttpModel, InputSpec, SklearnModel
from hauberk.privacy import MembershipAudit, ThresholdAttack

from .conftest import SVC_PROBABILITY, digits_split, overfit_svc

pytestmark = SVC_PROBABILITY


def endpoint(model: SklearnModel) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        rows = np.asarray(json.loads(request.content)["inputs"], dtype=np.float64)
        return httpx.Response(200, json={"outputs": model.predict_proba(rows).tolist()})

    return httpx.MockTransport(handle)


def remote_of(local: SklearnModel, cap: int | None) -> Any:
    return HttpModel(
        "http://127.0.0.1:9/predict",
        classes=local.classes,
        input_spec=InputSpec(shape=(64,), dtype="float64"),
        output="probabilities",
        transport=endpoint(local),
        query_limit=cap,
    )


def test_audit_through_http_matches_local_and_stops_at_the_cap() -> None:
    xm, ym, xn, yn = digits_split(100)
    local = SklearnModel(overfit_svc().fit(xm, ym))
    audit = MembershipAudit(attacks=[ThresholdAttack()], chunk=40)
    here = audit.run(local, (xm, ym), (xn, yn))
    there = audit.run(remote_of(local, None), (xm, ym), (xn, yn))
    assert there.metrics() == here.metrics() and not there.partial
    capped = remote_of(local, 120)
    cut = audit.run(capped, (xm, ym), (xn, yn))
    assert cut.partial and capped.counter.total == 120
    assert cut.metrics()["members"] + cut.metrics()["non_members"] == 120
