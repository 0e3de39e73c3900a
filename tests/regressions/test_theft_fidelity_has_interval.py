"""Findings on too little data: extraction fidelity was quoted from 24-56 evaluation rows with
no sample size or interval (at 40 rows, "92.5% agreement" is anything from 80% to 98%). Every
fidelity and copy accuracy now carries its evaluation rows and a Clopper-Pearson 95% interval;
a limit inside the interval is "inconclusive" with the rows that would decide, and the check
is incomplete, never passed."""

from __future__ import annotations

from typing import Any

from tests.theft.conftest import make_victim

from hauberk.core import Budget, CheckContext, Severity, Status, run_check
from hauberk.models import Target, as_dataset
from hauberk.theft import CurvePoint, ModelExtraction, TheftSettings


def run(model: Any, data: Any, **settings: Any) -> Any:
    t = Target("digits", model=model, data=as_dataset(data))
    ctx = CheckContext(settings=TheftSettings(**settings), seed=0, budget=Budget(seconds=60))
    return run_check(ModelExtraction(), t, ctx, model.counter)


def test_a_curve_point_quotes_fidelity_with_its_rows_and_interval() -> None:
    rate = CurvePoint(queries=100, fidelity=37 / 40, accuracy=None, rows=40).fidelity_rate
    assert rate.n == 40 and rate.method == "clopper-pearson"
    assert 0.79 < rate.low < 0.80 and 0.97 < rate.high < 0.99


def test_fidelity_from_few_rows_has_an_interval_and_a_straddled_limit_is_inconclusive() -> None:
    model, pool, _, _ = make_victim()
    data = (pool[:120], None)  # 40 evaluation rows, 80 in the attacker's pool
    probe = run(model, data, attacks=("knockoff",), queries=100, epochs=5, max_fidelity=1.0)
    m = probe.metrics
    assert m["eval_rows"] == 40
    low, high = m["knockoff.fidelity_ci"]
    assert low < m["knockoff.fidelity"] < high or m["knockoff.fidelity"] == high == 1.0
    assert high - low > 0.1  # 40 rows cannot pin a fidelity down
    limit = round((low + m["knockoff.fidelity"]) / 2, 3)  # inside the interval, below the value
    result = run(model, data, attacks=("knockoff",), queries=100, epochs=5, max_fidelity=limit)
    assert result.status is Status.INCOMPLETE, result.reason
    assert "inconclusive" in result.reason and "evaluation rows would decide" in result.reason
    (finding,) = result.findings
    assert finding.severity is Severity.INFO
    assert finding.evidence["rates"]["knockoff"][-1]["fidelity"]["n"] == 40


def test_a_firm_finding_quotes_the_interval() -> None:
    model, pool, _, _ = make_victim()
    result = run(model, (pool, None), attacks=("knockoff",), queries=200, epochs=8,
                 max_fidelity=0.7)  # fmt: skip
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert "95% CI" in finding.detail and "n=132" in finding.detail
    assert finding.evidence["fidelity_rate"]["ci_low"] >= 0.7
