"""The rule catalog is the single source of severities: what `hauberk checks` lists is what
findings carry (a rule's own severity, or one of its 'also' severities with their condition;
``Rule.finding`` refuses any other). tests/demo checks the full demo report the same way."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from hauberk.assess import assess, parse_config
from hauberk.core import Report, default_registry


def disagreements(report: Report) -> dict[str, tuple[str, str, str]]:
    catalog = default_registry().rules()
    out = {}
    for result in report.results:
        for f in result.findings:
            assert f.id in catalog, f"{result.check}: {f.id} is not in the rule catalog"
            if f.severity not in catalog[f.id].severities:
                allowed = ",".join(s.label for s in sorted(catalog[f.id].severities))
                out[f.id] = (result.check, f.severity.label, allowed)
    return out


def test_findings_of_a_quick_assess_agree_with_the_catalog(tmp_path: Path) -> None:
    good = pickle.dumps({"weights": [1.0, 2.0]}, protocol=4)
    (tmp_path / "truncated.pkl").write_bytes(good[: len(good) // 2])
    (tmp_path / "calls.pkl").write_bytes(pickle.dumps(print, protocol=4))
    raw: dict[str, Any] = {
        "model": {
            "python": "tests.assess.test_run:iris_classifier",
            "files": ["truncated.pkl", "calls.pkl"],
        },
        "data": {"python": "tests.assess.test_run:iris_data"},
        "assess": {"stages": ["artifact", "ingestion", "performance"]},
    }
    cfg = parse_config(raw, default_registry(), source="t", base_dir=tmp_path)
    report = assess(cfg)
    assert report.findings, "the quick assess should find something"
    assert not disagreements(report), disagreements(report)


def test_checks_lists_the_catalog_severity_of_every_rule() -> None:
    registry = default_registry()
    catalog = registry.rules()
    for check in registry.checks():
        for rule in check.rules:
            assert catalog[rule.id].severity == rule.severity, (check.name, rule.id)
