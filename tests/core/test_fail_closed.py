"""The status model: only ``passed`` means "looked and found nothing" (issue 12)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib.metadata import EntryPoint

import jsonschema
import pytest
from tests.support import DEMO_RULE

from hauberk.core import (
    EXIT_FINDINGS,
    EXIT_OK,
    CheckResult,
    Policy,
    Registry,
    Report,
    Severity,
    Status,
    report_schema,
)
from hauberk.core._html import to_html
from hauberk.core._junit import to_junit
from hauberk.core._sarif import to_sarif


def report_of(*results: CheckResult) -> Report:
    return Report(
        target={"name": "m", "artifacts": []},
        environment={"python": "3.11", "hauberk": "0", "seed": 0},
        results=results,
        stages={"toy": "inference"},
        rules={DEMO_RULE.id: DEMO_RULE},
        tool={"name": "hauberk", "version": "0"},
    )


def test_partial_without_findings_is_incomplete_not_passed() -> None:
    result = CheckResult.of("toy.a", "toy", [], {"robust_accuracy": []}, partial=True,
                            reason="time budget ran out after 0 of 4 ε")  # fmt: skip
    assert result.status is Status.INCOMPLETE
    assert result.unfinished


def test_partial_must_say_why() -> None:
    with pytest.raises(ValueError, match="must say why"):
        CheckResult.of("toy.a", "toy", [], partial=True)


def test_partial_with_findings_fails_and_stays_unfinished() -> None:
    finding = DEMO_RULE.finding("m", "d", {})
    result = CheckResult.of("toy.a", "toy", [finding], partial=True, reason="cut")
    assert result.status is Status.FAILED
    assert result.unfinished


@pytest.mark.parametrize(
    "result",
    [
        CheckResult.error("toy.a", "toy", "boom"),
        CheckResult.of("toy.a", "toy", [], partial=True, reason="limit"),
    ],
)
def test_unfinished_work_blocks_exit_and_grade(result: CheckResult) -> None:
    report = report_of(result, CheckResult.of("toy.b", "toy", []))
    assert Policy(fail_on=Severity.INFO).exit_code(report) == EXIT_FINDINGS
    assert Policy(allow_incomplete=True).exit_code(report) == EXIT_OK
    summary = report.summary()
    assert summary["lifecycle"]["inference"]["grade"] == "incomplete"
    assert summary["complete"] is False
    jsonschema.validate(report.to_dict(), report_schema())


def test_finished_clean_run_exits_zero_with_grade_a() -> None:
    report = report_of(CheckResult.of("toy.a", "toy", []))
    assert Policy().exit_code(report) == EXIT_OK
    assert report.summary()["lifecycle"]["inference"]["grade"] == "A"


def test_renderers_follow_the_real_outcome() -> None:
    incomplete = CheckResult.of("toy.a", "toy", [], partial=True, reason="query budget spent")
    report = report_of(incomplete)
    run = json.loads(to_sarif(report))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "query budget spent" in json.dumps(run["invocations"][0])
    case = ET.fromstring(to_junit(report).split("\n", 1)[1]).find(".//testcase")
    assert case is not None
    error = case.find("error")
    assert error is not None and error.get("type") == "incomplete"
    html = to_html(report)
    assert "Work not done" in html and "query budget spent" in html
    clean = json.loads(to_sarif(report_of(CheckResult.of("toy.a", "toy", []))))
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_a_check_package_that_fails_to_import_is_an_error_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hauberk.assess._run import load_failures
    from hauberk.core import _registry

    broken = EntryPoint("evasion", "hauberk_no_such_module:checks", "hauberk.checks")
    monkeypatch.setattr(_registry, "entry_points", lambda group: [broken])
    registry = Registry()
    registry.load_entry_points()
    (result,) = load_failures(registry, None)
    assert result.status is Status.ERROR
    assert result.stage == "evasion"
    assert "ModuleNotFoundError" in result.reason
    assert load_failures(registry, ["ingestion"]) == []


def test_naming_a_stage_whose_checks_did_not_load_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hauberk.core import ConfigError, _registry

    broken = EntryPoint("evasion", "hauberk_no_such_module:checks", "hauberk.checks")
    monkeypatch.setattr(_registry, "entry_points", lambda group: [broken])
    registry = Registry()
    registry.load_entry_points()
    with pytest.raises(ConfigError, match="could not be loaded"):
        registry.stage("evasion")
