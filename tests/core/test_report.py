from __future__ import annotations

import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support import DEMO_RULE

from hauberk.core import (
    CheckResult,
    Plot,
    Policy,
    Report,
    Series,
    Severity,
    Status,
    report_schema,
)


def make_report(severities: list[Severity], *, error: bool = False) -> Report:
    findings = [
        DEMO_RULE.finding(f"m{i}", "d", {"i": i}, severity=s) for i, s in enumerate(severities)
    ]
    results = [CheckResult.of("toy.emit", "toy", findings, {"auc": 0.5})]
    plot = Plot("roc", "line", (Series("lira", (0.001, 1.0), (0.01, 1.0)),), x_log=True)
    results.append(CheckResult.of("toy.plot", "toy", [], {}, [plot]))
    if error:
        results.append(CheckResult("toy.err", "toy", Status.ERROR, reason="boom"))
    results.append(CheckResult.skipped("toy.skip", "toy", "no gradients"))
    return Report(
        target={"name": "m", "artifacts": []},
        environment={"python": "3.11", "hauberk": "0", "seed": 0},
        results=tuple(results),
        stages={"toy": "inference"},
        rules={DEMO_RULE.id: DEMO_RULE},
        tool={"name": "hauberk", "version": "0"},
    )


def test_summary_grades_the_worst_finding_per_phase() -> None:
    summary = make_report([Severity.LOW, Severity.HIGH]).summary()
    assert summary["lifecycle"]["inference"]["grade"] == "D"
    assert summary["lifecycle"]["data"]["grade"] == "n/a"
    assert summary["by_severity"]["high"] == 1
    assert summary["worst"] == "high"
    assert summary["checks"] == {
        "passed": 1,
        "failed": 1,
        "error": 0,
        "incomplete": 0,
        "skipped": 1,
    }


def test_no_findings_is_grade_a() -> None:
    assert make_report([]).summary()["lifecycle"]["inference"]["grade"] == "A"


def test_findings_are_sorted_worst_first() -> None:
    report = make_report([Severity.LOW, Severity.CRITICAL, Severity.MEDIUM])
    assert [f.severity for f in report.findings] == [
        Severity.CRITICAL,
        Severity.MEDIUM,
        Severity.LOW,
    ]


@settings(max_examples=40, deadline=None)
@given(
    severities=st.lists(st.sampled_from(list(Severity)), max_size=6),
    error=st.booleans(),
)
def test_json_validates_and_round_trips(severities: list[Severity], error: bool) -> None:
    report = make_report(severities, error=error)
    data = json.loads(report.to_json())
    jsonschema.validate(data, report_schema())
    again = Report.from_dict(data)
    assert again.to_dict() == data


def test_policy_exit_codes() -> None:
    report = make_report([Severity.MEDIUM])
    assert Policy(fail_on=Severity.HIGH).exit_code(report) == 0
    assert Policy(fail_on=Severity.MEDIUM).exit_code(report) == 1
    assert Policy(fail_on=Severity.LOW, ignore=frozenset({DEMO_RULE.id})).exit_code(report) == 0
    raised = Policy(overrides={DEMO_RULE.id: Severity.CRITICAL})
    assert raised.exit_code(report) == 1
