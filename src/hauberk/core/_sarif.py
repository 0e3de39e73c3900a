"""SARIF 2.1.0 for code-scanning dashboards: one rule per rule id, one result per finding."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from hauberk.core._finding import Finding, Rule
from hauberk.core._report import Report
from hauberk.core._result import CheckResult, Status
from hauberk.core._severity import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
         Severity.LOW: "note", Severity.INFO: "note"}  # fmt: skip
# GitHub code scanning reads this number to rank security alerts (CVSS-like, 0..10).
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5",
                     Severity.LOW: "3.0", Severity.INFO: "0.0"}  # fmt: skip
INFO_URI = "https://github.com/hauberk-ml/hauberk"


def _rule_of(finding: Finding, rules: dict[str, Rule]) -> Rule | None:
    return rules.get(finding.id)


def _sarif_rule(rule_id: str, sample: Finding, rule: Rule | None) -> dict[str, Any]:
    severity = rule.severity if rule else sample.severity
    refs = rule.references if rule else sample.references
    description = rule.description if rule else sample.title
    remediation = rule.remediation if rule else sample.remediation
    return {
        "id": rule_id,
        "name": "".join(w.capitalize() for w in rule_id.split("-")[1:]),
        "shortDescription": {"text": rule.title if rule else sample.title},
        "fullDescription": {"text": description},
        "help": {"text": remediation, "markdown": remediation},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "tags": ["security", "machine-learning", *refs],
        },
    }


@lru_cache(maxsize=4096)
def _is_file(path: str) -> bool:
    return Path(path).is_file()


@lru_cache(maxsize=4096)
def _uri(path: str) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.resolve().as_uri() if p.is_absolute() else p.as_posix()


def _locations(finding: Finding, artifacts: list[str]) -> list[dict[str, Any]]:
    """A file location when the finding is about a file (or a member of one), else the model."""
    file_part = finding.target.split("!", 1)[0]
    if file_part in artifacts or _is_file(file_part):
        where = file_part
    elif artifacts:
        where = artifacts[0]
    else:
        return [{"logicalLocations": [{"fullyQualifiedName": finding.target, "kind": "module"}]}]
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(where)}}}
    if finding.target != where:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.target, "kind": "member"}]
    return [location]


def _fingerprint(finding: Finding) -> str:
    key = f"{finding.id}|{finding.target}|{finding.title}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _notification(result: CheckResult) -> dict[str, Any]:
    if result.status is Status.ERROR:
        text, level = f"check {result.check} failed to run: {result.reason}", "error"
    else:
        text = f"check {result.check} did not finish its work: {result.reason or 'partial'}"
        level = "error"
    return {
        "level": level,
        "message": {"text": text},
        "descriptor": {"id": result.check},
        "properties": {"status": result.status.value, "partial": result.partial},
    }


def to_sarif(report: Report) -> str:
    _is_file.cache_clear()  # the caches only spare repeated stats within one report
    _uri.cache_clear()
    rules = dict(report.rules)
    findings = report.findings
    order: dict[str, int] = {}
    sarif_rules: list[dict[str, Any]] = []
    for f in findings:
        if f.id not in order:
            order[f.id] = len(sarif_rules)
            sarif_rules.append(_sarif_rule(f.id, f, _rule_of(f, rules)))
    artifacts = [str(a) for a in report.target.get("artifacts", [])]
    results = [
        {
            "ruleId": f.id,
            "ruleIndex": order[f.id],
            "level": LEVEL[f.severity],
            "message": {"text": f"{f.title}: {f.detail}"},
            "locations": _locations(f, artifacts),
            "partialFingerprints": {"hauberkFinding/v1": _fingerprint(f)},
            "properties": {"severity": f.severity.label, "evidence": dict(f.evidence)},
        }
        for f in findings
    ]
    notes = [_notification(r) for r in report.results if r.unfinished]
    run = {
        "tool": {
            "driver": {
                "name": "hauberk",
                "version": str(report.tool.get("version", "")),
                "informationUri": INFO_URI,
                "rules": sarif_rules,
            }
        },
        "results": results,
        "invocations": [
            {
                # false whenever a check errored or was cut short: a dashboard must not read
                # an unfinished scan as a clean one
                "executionSuccessful": not notes,
                "toolExecutionNotifications": notes,
            }
        ],
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    # Compact on purpose: with indent, json falls back to its pure-Python encoder (5x slower).
    return json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n"
