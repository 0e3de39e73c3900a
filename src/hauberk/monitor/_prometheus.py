"""A Prometheus alerting rules file for the gateway's metrics (for Alertmanager).

:func:`alert_rules` builds the rules as data; :func:`to_yaml` writes them in the rules-file
format Prometheus loads (``groups: [{name, rules: [{alert, expr, for, labels,
annotations}]}]``). Strings are written as JSON double-quoted scalars, which YAML reads back
unchanged, so no YAML library is needed; :func:`check_rules` checks the structure of a loaded
file the way ``promtool check rules`` checks its shape (not PromQL itself).
"""

from __future__ import annotations

import json
import re
from typing import Any

from hauberk.core import InputError

DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")
ALERT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
RULE_KEYS = {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}


def alert_rules(
    *,
    psi_threshold: float = 0.25,
    flag_threshold: float = 0.05,
    job: str = "hauberk",
    for_: str = "10m",
) -> dict[str, Any]:
    """The rules for one gateway scrape job ``job``."""
    if not DURATION.match(for_):
        raise InputError(f"--for {for_!r} is not a Prometheus duration like 5m or 1h")
    sel = f'job="{job}"'

    def rule(name: str, expr: str, severity: str, summary: str, wait: str = for_) -> dict[str, Any]:
        return {
            "alert": name,
            "expr": expr,
            "for": wait,
            "labels": {"severity": severity, "source": "hauberk"},
            "annotations": {"summary": summary},
        }

    psi = f"max by (instance, feature) (hauberk_drift_psi{{{sel}}})"
    flags = f"max by (instance, guard) (hauberk_guard_flag_rate{{{sel}}})"
    raised = f"sum by (instance, kind, severity) (increase(hauberk_alerts_total{{{sel}}}[15m]))"
    rules = [
        rule(
            "HauberkFeatureDrift",
            f"{psi} > {psi_threshold:g}",
            "high",
            "Input feature {{ $labels.feature }} drifted: PSI {{ $value }} over the window",
        ),
        rule(
            "HauberkGuardFlagRate",
            f"{flags} > {flag_threshold:g}",
            "high",
            "Guard {{ $labels.guard }} refuses {{ $value }} of requests (OOD, adversarial)",
        ),
        rule(
            "HauberkAlertRaised",
            f"{raised} > 0",
            "medium",
            "The gateway raised {{ $labels.kind }} alerts ({{ $labels.severity }})",
            "0m",
        ),
        rule(
            "HauberkExtractionSuspected",
            f"increase(hauberk_extraction_alerts_total{{{sel}}}[15m]) > 0",
            "high",
            "A principal's queries look like model extraction",
            "0m",
        ),
        rule(
            "HauberkCaptureDropping",
            f"rate(hauberk_tap_dropped_total{{{sel}}}[5m]) > 0",
            "low",
            "The traffic tap drops samples: monitoring sees less than the traffic",
        ),
        rule(
            "HauberkCaptureFailing",
            f"rate(hauberk_capture_lost_rows_total{{{sel}}}[5m]) > 0",
            "medium",
            "The capture store fails to write",
            "5m",
        ),
        rule("HauberkGatewayDown", f"up{{{sel}}} == 0", "critical", "The gateway is down", "2m"),
    ]
    return {"groups": [{"name": "hauberk-gateway", "rules": rules}]}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict | list) and v:
                out.append(f"{pad}{k}:")
                _emit(v, indent + 2, out)
            elif isinstance(v, dict | list):
                out.append(f"{pad}{k}: {'{}' if isinstance(v, dict) else '[]'}")
            else:
                out.append(f"{pad}{k}: {_scalar(v)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                lines: list[str] = []
                _emit(item, indent + 2, lines)
                first = lines[0][indent + 2 :]
                out.append(f"{pad}- {first}")
                out.extend(lines[1:])
            else:
                out.append(f"{pad}- {_scalar(item)}")
    else:
        out.append(pad + _scalar(value))


def to_yaml(doc: dict[str, Any]) -> str:
    out = ["# Prometheus alerting rules for hauberk serve (hauberk monitor rules)"]
    _emit(doc, 0, out)
    return "\n".join(out) + "\n"


def check_rules(doc: Any) -> list[str]:
    """Problems with the structure of a loaded rules file; empty when it is well formed."""
    problems: list[str] = []
    if not isinstance(doc, dict) or set(doc) != {"groups"} or not isinstance(doc["groups"], list):
        return ["the file must be a mapping with one key, groups: a list"]
    names = set()
    for g, group in enumerate(doc["groups"]):
        if not isinstance(group, dict) or not isinstance(group.get("name"), str):
            problems.append(f"groups[{g}] needs a name")
            continue
        if group["name"] in names:
            problems.append(f"group {group['name']!r} is defined twice")
        names.add(group["name"])
        rules = group.get("rules")
        if not isinstance(rules, list) or not rules:
            problems.append(f"group {group['name']!r} needs a non-empty rules list")
            continue
        for r, item in enumerate(rules):
            where = f"{group['name']}.rules[{r}]"
            if not isinstance(item, dict):
                problems.append(f"{where} is not a mapping")
                continue
            extra = set(item) - RULE_KEYS
            if extra:
                problems.append(f"{where} has unknown keys {sorted(extra)}")
            if not isinstance(item.get("alert"), str) or not ALERT_NAME.match(item["alert"]):
                problems.append(f"{where} needs an alert name")
            if not isinstance(item.get("expr"), str) or not item["expr"].strip():
                problems.append(f"{where} needs an expr")
            elif item["expr"].count("(") != item["expr"].count(")"):
                problems.append(f"{where} expr has unbalanced parentheses")
            if "for" in item and not (isinstance(item["for"], str) and DURATION.match(item["for"])):
                problems.append(f"{where} for must be a duration like 5m")
            for key in ("labels", "annotations"):
                value = item.get(key, {})
                if not isinstance(value, dict) or not all(
                    isinstance(k, str) and LABEL_NAME.match(k) and isinstance(v, str)
                    for k, v in value.items()
                ):
                    problems.append(f"{where} {key} must map label names to strings")
    return problems
