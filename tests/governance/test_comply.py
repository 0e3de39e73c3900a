"""hauberk comply: the mapping reviewed as data, covered/missing/stale evidence, exit codes."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import sqlite3
from pathlib import Path

import pytest
from tests.data.support import run_cli

from hauberk.core import CheckResult, InputError, Report, default_registry
from hauberk.governance._comply import assess, frameworks, ledger_kinds
from hauberk.ledger import Entry, open_ledger

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def test_every_framework_the_issue_names_is_mapped_with_a_citation_per_control() -> None:
    known = frameworks()
    assert set(known) == {"gdpr", "ccpa", "hipaa", "eu-ai-act", "nist-ai-rmf", "iso-42001"}
    assert {c.id for c in known["gdpr"].controls} == {
        "art-5",
        "art-22",
        "art-25",
        "art-30",
        "art-32",
        "art-35",
    }
    assert {c.id for c in known["eu-ai-act"].controls} == {f"art-{n}" for n in range(9, 16)}
    assert {c.id for c in known["hipaa"].controls} == {f"164.312-{x}" for x in "abcde"}
    for name, fw in known.items():
        assert fw.url.startswith("https://"), name
        for c in fw.controls:
            assert c.citation and (c.checks or c.ledger or c.documents), (name, c.id)


def test_every_check_pattern_names_a_registered_check() -> None:
    names = [c.name for c in default_registry().checks()]
    for fw in frameworks().values():
        for control in fw.controls:
            for pattern in control.checks:
                assert fnmatch.filter(names, pattern), (control.citation, pattern)


def _report(*results: CheckResult, created: dt.datetime = NOW) -> Report:
    from tests.support import DEMO_RULE

    return Report(
        target={"name": "m"},
        results=results,
        environment={"python": "3.11", "hauberk": "0", "seed": 0},
        stages={r.stage: "monitoring/governance" for r in results},
        rules={DEMO_RULE.id: DEMO_RULE},
        tool={"name": "hauberk", "version": "0"},
        created=created.isoformat(timespec="seconds"),
    )


def _perf() -> CheckResult:
    return CheckResult.of("governance.performance", "performance", [], {"accuracy": 0.9})


def test_a_control_is_covered_only_by_checks_that_finished_and_fresh_evidence(
    tmp_path: Path,
) -> None:
    card = tmp_path / "card.md"
    card.write_text("card")
    os.utime(card, (NOW.timestamp(), NOW.timestamp()))
    report = _report(
        _perf(),
        CheckResult.error("governance.explanations", "explanations", "shap crashed"),
    )
    result = assess("eu-ai-act", report=report, documents={"model-card": card}, now=NOW)
    art13 = next(c for c in result.controls if c.control.id == "art-13")
    assert art13.status == "partial"
    items = {i.wanted: i for i in art13.items}
    assert items["governance.performance"].status == "covered"
    assert items["governance.explanations"].status == "missing"
    assert "error: shap crashed" in items["governance.explanations"].detail
    assert items["model-card"].status == "covered"
    later = assess(
        "eu-ai-act",
        report=report,
        documents={"model-card": card},
        now=NOW + dt.timedelta(days=400),
    )
    art13 = next(c for c in later.controls if c.control.id == "art-13")
    assert {i.status for i in art13.items} == {"stale", "missing"}
    assert art13.status == "stale" or art13.status == "partial"
    assert "400 days old > 365" in art13.items[0].detail


def _ledger(path: Path, kinds: dict[str, dt.datetime]) -> None:
    with open_ledger(path, create=True) as log:
        for kind, when in kinds.items():
            log.append(Entry.create(kind, {"x": 1}, principal="ci", timestamp=when))


def test_ledger_evidence_is_the_newest_entry_of_a_verified_ledger(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _ledger(
        db,
        {
            "serve.request": NOW - dt.timedelta(days=2),
            "monitor.alert": NOW - dt.timedelta(days=60),
        },
    )
    kinds, summary = ledger_kinds(db)
    assert "2 entries, verified" in summary
    result = assess("eu-ai-act", ledger=kinds, now=NOW)
    art12 = next(c for c in result.controls if c.control.id == "art-12")
    states = {i.wanted: i.status for i in art12.items}
    assert states == {"serve.request": "covered", "monitor.alert": "stale"}
    assert art12.status == "stale"


def test_a_tampered_ledger_gives_no_evidence(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _ledger(db, {"serve.request": NOW, "model.sign": NOW})
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ledger_entries SET kind = 'model.sign' WHERE idx = 0")
    with pytest.raises(InputError, match="failed verification"):
        ledger_kinds(db)


def _full_hipaa(tmp_path: Path) -> list[str]:
    now = dt.datetime.now(dt.UTC)
    _report(
        CheckResult.of("supplychain.scan", "artifact", [], {}),
        CheckResult.of("data.schema", "ingestion", [], {}),
        created=now,
    ).save(tmp_path / "report.json")
    _ledger(
        tmp_path / "ledger.db",
        {"serve.request": now, "model.sign": now, "data.ingest": now},
    )
    for doc in ("access.md", "tls.md"):
        (tmp_path / doc).write_text("policy")
    return [
        "comply",
        "--framework",
        "hipaa",
        "--report",
        str(tmp_path / "report.json"),
        "--ledger",
        str(tmp_path / "ledger.db"),
        "--document",
        f"access-control-policy={tmp_path / 'access.md'}",
        "--document",
        f"transmission-security={tmp_path / 'tls.md'}",
    ]


def test_cli_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _full_hipaa(tmp_path)
    code, out, err = run_cli(capsys, monkeypatch, *args)
    assert code == 0, (out, err)
    assert "5 covered, 0 partial, 0 stale, 0 missing controls" in out
    code, out, _ = run_cli(capsys, monkeypatch, *args[:5], "-f", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["summary"]["missing"] >= 1 and doc["framework"] == "hipaa"
    dpia = tmp_path / "dpia.md"
    for bad in (
        ["comply", "--framework", "sox", "--dpia", str(dpia)],
        ["comply", "--framework", "gdpr", "--document", "dpia", "--dpia", str(dpia)],
        ["comply", "--framework", "gdpr", "--document", "dpia=nope.md", "--dpia", str(dpia)],
        ["comply", "--framework", "gdpr", "--report", "nope.json", "--dpia", str(dpia)],
    ):
        code, _, err = run_cli(capsys, monkeypatch, *bad)
        assert code == 2, (bad, err)
        assert len(err.strip().splitlines()) == 1, err
    assert not dpia.exists()


def test_dpia_and_technical_documentation_are_prefilled_from_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support import DEMO_RULE

    _report(
        _perf(),
        CheckResult.of(
            "governance.fairness", "fairness", [DEMO_RULE.finding("m", "group gap", {})], {}
        ),
        CheckResult.skipped("privacy.membership", "privacy", "no membership split"),
    ).save(tmp_path / "report.json")
    dpia, tech = tmp_path / "dpia.md", tmp_path / "tech.md"
    code, _, _ = run_cli(
        capsys,
        monkeypatch,
        "comply",
        "--framework",
        "gdpr",
        "--report",
        str(tmp_path / "report.json"),
        "--dpia",
        str(dpia),
        "--tech-doc",
        str(tech),
        "-q",
    )
    assert code == 1
    text = dpia.read_text()
    assert "Art. 35(7)(a)" in text and "**TO COMPLETE**" in text
    assert "group gap" in text
    assert "privacy.membership (skipped): no membership split" in text
    assert "missing: art-30 Records of processing activities" in text
    techdoc = tech.read_text()
    assert "Annex IV(4)" in techdoc and "HB-TEST-DEMO: test rule" in techdoc
