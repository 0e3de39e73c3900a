from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.core.test_report import make_report

from hauberk.core import ConfigError, Severity, parse_formats, write_reports
from hauberk.core._html import to_html
from hauberk.core._junit import to_junit
from hauberk.core._sarif import to_sarif


def test_parse_formats() -> None:
    assert parse_formats("html, json,html") == ["html", "json"]
    assert parse_formats(["sarif", "junit"]) == ["sarif", "junit"]
    with pytest.raises(ConfigError, match="unknown report format 'pdf'"):
        parse_formats("pdf")


def test_sarif_has_rules_levels_and_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.pt").write_bytes(b"x")
    report = make_report([Severity.CRITICAL, Severity.MEDIUM], error=True)
    report = type(report)(
        target={"name": "m", "artifacts": ["model.pt"]},
        environment=report.environment,
        results=report.results,
        stages=report.stages,
        rules=report.rules,
        tool=report.tool,
    )
    doc = json.loads(to_sarif(report))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rule = run["tool"]["driver"]["rules"][0]
    assert rule["id"] == "HB-TEST-DEMO"
    assert rule["properties"]["security-severity"] == "8.0"
    assert "AML.T0015" in rule["properties"]["tags"]
    levels = [r["level"] for r in run["results"]]
    assert levels == ["error", "warning"]
    location = run["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "model.pt"
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "m0"
    assert run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error"
    fingerprints = {r["partialFingerprints"]["hauberkFinding/v1"] for r in run["results"]}
    assert len(fingerprints) == 2


def test_junit_has_one_case_per_check() -> None:
    root = ET.fromstring(to_junit(make_report([Severity.HIGH], error=True)))
    assert root.get("tests") == "4"
    assert root.get("failures") == "1"
    assert root.get("errors") == "1"
    assert root.get("skipped") == "1"
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["toy.emit"].find("failure") is not None
    assert cases["toy.err"].find("error").get("message") == "boom"  # type: ignore[union-attr]


def test_html_is_self_contained_and_escaped() -> None:
    report = make_report([Severity.HIGH])
    html = to_html(report)
    assert "<svg" in html
    assert "Worst findings" in html
    # nothing is fetched: no script, stylesheet or image from anywhere
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"src=\"https?:", html)
    evil = make_report([])
    evil = type(evil)(
        target={"name": "<script>alert(1)</script>"},
        environment=evil.environment,
        results=evil.results,
    )
    assert "<script>alert(1)" not in to_html(evil)


def test_write_reports_writes_every_format_or_none(tmp_path: Path) -> None:
    report = make_report([Severity.LOW])
    paths = write_reports(report, ["json", "html", "sarif", "junit"], tmp_path)
    assert sorted(p.name for p in paths) == [
        "report.html",
        "report.json",
        "report.junit.xml",
        "report.sarif",
    ]
    assert not list(tmp_path.glob(".*tmp"))


def test_a_render_failure_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hauberk.core._render as render

    broken = render.Renderer("sarif", "sarif", lambda r: 1 / 0)  # type: ignore[arg-type,return-value]
    monkeypatch.setitem(render.RENDERERS, "sarif", broken)
    with pytest.raises(ZeroDivisionError):
        write_reports(make_report([]), ["json", "sarif"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_report_nested_deeper_than_json_goes_is_refused(tmp_path: Path) -> None:
    from hauberk.core import InputError, read_report

    path = tmp_path / "report.json"  # round 28: escaped as a RecursionError
    path.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(InputError, match="not JSON: nested too deeply"):
        read_report(path)
