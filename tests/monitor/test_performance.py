"""``monitor.performance`` (late labels joined by request id, prediction and confidence drift)
and ``monitor.query_pattern`` (the extraction monitor's alerts in the audit ledger)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError, InputError, Status
from hauberk.ledger import open_ledger
from hauberk.monitor import (
    Batch,
    join_labels,
    late_performance,
    output_drift,
    performance_check_result,
    query_pattern_result,
)

from ._incident_support import ok, run


def predictions(n: int, seed: int = 0, power: float = 1.0) -> Batch:
    rng = np.random.default_rng(seed)
    p1 = rng.random(n) ** power
    ids = np.array([f"r{i}" for i in range(n)])
    return Batch({"request_id": ids, "p0": 1 - p1, "p1": p1}, source="predictions.csv")


def labels_for(preds: Batch, accuracy: float, rows: int, seed: int = 1) -> Batch:
    rng = np.random.default_rng(seed)
    guess = (preds.columns["p1"] > 0.5).astype(int)
    truth = np.where(rng.random(len(guess)) < accuracy, guess, 1 - guess)
    pick = rng.permutation(len(guess))[:rows]
    ids = preds.columns["request_id"][pick]
    return Batch({"request_id": ids, "label": truth[pick].astype(float)}, source="labels.csv")


def test_join_counts_waiting_and_orphans() -> None:
    preds = predictions(100)
    labels = labels_for(preds, 0.9, 60)
    extra = Batch({"request_id": np.array(["zzz"]), "label": np.array([1.0])}, source="x")
    both = Batch(
        {n: np.concatenate([labels.columns[n], extra.columns[n]]) for n in labels.columns},
        source="labels.csv",
    )
    joined = join_labels(preds, both, proba=("p0", "p1"))
    assert len(joined.correct) == 60 and joined.waiting == 40 and joined.orphans == 1


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_join_agrees_with_a_dictionary_join(data: st.DataObject) -> None:
    ids = data.draw(st.lists(st.integers(0, 50), unique=True, min_size=1, max_size=30))
    later = data.draw(st.lists(st.integers(0, 70), unique=True, max_size=30))
    guess = {i: data.draw(st.sampled_from("ab")) for i in ids}
    truth = {i: data.draw(st.sampled_from("ab")) for i in later}
    preds = Batch({"request_id": np.array([f"id{i}" for i in ids]),
                   "pred": np.array([guess[i] for i in ids])})  # fmt: skip
    if not later:
        return
    labels = Batch({"request_id": np.array([f"id{i}" for i in later]),
                    "label": np.array([truth[i] for i in later])})  # fmt: skip
    joined = join_labels(preds, labels, prediction="pred")
    common = set(ids) & set(later)
    assert len(joined.correct) == len(common)
    assert int(joined.correct.sum()) == sum(guess[i] == truth[i] for i in common)
    assert joined.waiting == len(ids) - len(common) and joined.orphans == len(later) - len(common)


def test_duplicate_and_empty_ids_are_input_errors() -> None:
    preds = predictions(10)
    dup = Batch({"request_id": np.array(["r1", "r1"]), "label": np.array([0.0, 1.0])}, source="l")
    with pytest.raises(InputError, match="'r1' appears 2 times"):
        join_labels(preds, dup, proba=("p0", "p1"))
    empty = Batch({"request_id": np.array(["r1", ""]), "label": np.array([0.0, 1.0])}, source="l")
    with pytest.raises(InputError, match="row 3"):
        join_labels(preds, empty, proba=("p0", "p1"))
    with pytest.raises(InputError, match="no column 'id'"):
        join_labels(preds, dup, id_column="id", proba=("p0", "p1"))


def test_a_drop_is_found_and_a_stable_model_passes() -> None:
    preds = predictions(2000)
    worse = join_labels(preds, labels_for(preds, 0.75, 1500), proba=("p0", "p1"))
    perf = late_performance(worse, reference=0.95, reference_n=2000)
    assert perf.verdict == "dropped"
    result = performance_check_result(perf, None, target="predictions.csv")
    assert result.status is Status.FAILED
    assert result.findings[0].id == "HB-MON-PERFORMANCE-DROP"
    assert result.metrics["performance"]["accuracy"]["method"] == "clopper-pearson"
    same = join_labels(preds, labels_for(preds, 1.0, 1500), proba=("p0", "p1"))
    perf = late_performance(same, reference=0.95)  # a fixed reference: the CP interval decides
    assert perf.verdict == "stable"
    assert performance_check_result(perf, None, target="p").status is Status.PASSED


def test_too_few_labels_or_a_straddled_threshold_is_incomplete() -> None:
    preds = predictions(500)
    few = join_labels(preds, labels_for(preds, 0.9, 12), proba=("p0", "p1"))
    perf = late_performance(few, reference=0.9, min_labels=30)
    assert perf.verdict == "too_few"
    result = performance_check_result(perf, None, target="p")
    assert result.status is Status.INCOMPLETE and "at least 30" in result.reason
    none = join_labels(preds, Batch({"request_id": np.array(["nope"]),
                                     "label": np.array([1.0])}), proba=("p0", "p1"))  # fmt: skip
    assert late_performance(none, reference=0.9).verdict == "too_few"
    close = join_labels(preds, labels_for(preds, 0.89, 300), proba=("p0", "p1"))
    perf = late_performance(close, reference=0.9, max_drop=0.02)
    assert perf.verdict == "inconclusive" and perf.rows_to_decide > 300
    assert performance_check_result(perf, None, target="p").status is Status.INCOMPLETE
    with pytest.raises(ConfigError):
        late_performance(close, reference=1.5)


def test_prediction_and_confidence_drift_without_labels() -> None:
    ref = predictions(800, seed=0)
    moved = output_drift(ref, predictions(800, seed=1, power=0.3), proba=("p0", "p1"))
    assert {t.name for t in moved.outputs if t.drifted} >= {"prediction", "confidence"}
    result = performance_check_result(None, moved, target="p")
    assert result.status is Status.FAILED
    assert {f.id for f in result.findings} == {"HB-MON-OUTPUT-DRIFT"}
    still = output_drift(ref, predictions(800, seed=2), proba=("p0", "p1"))
    assert performance_check_result(None, still, target="p").status is Status.PASSED
    tiny = output_drift(ref, predictions(10, seed=2), proba=("p0", "p1"))
    assert performance_check_result(None, tiny, target="p").status is Status.INCOMPLETE


def test_query_patterns_from_the_audit_ledger(tmp_path: Path) -> None:
    with open_ledger(tmp_path / "audit.db", create=True) as ledger:
        result = query_pattern_result(ledger)
        assert result.status is Status.INCOMPLETE and "no answered" in result.reason
        for _ in range(3):
            ledger.record("serve.request", {"outcome": "ok", "rows": 100}, principal="key:aa")
        ledger.record("serve.request", {"outcome": "ok", "rows": 5}, principal="key:bb")
        result = query_pattern_result(ledger)
        assert result.status is Status.PASSED
        assert result.metrics["principals_below_minimum"] == ["key:bb"]
        alert = ledger.record("serve.alert", {"monitor": "prada", "w": 0.81, "queries": 210},
                              principal="key:cc")  # fmt: skip
        result = query_pattern_result(ledger)
        [finding] = result.findings
        assert finding.id == "HB-MON-QUERY-PATTERN" and finding.target.endswith("key:cc")
        assert finding.evidence["alert_entries"][0]["ledger"] == alert
        light = query_pattern_result(ledger, start=3)  # only key:bb's 5 rows, then the alert
        assert light.status is Status.FAILED
        quiet = query_pattern_result(ledger, start=3, end=4)
        assert quiet.status is Status.INCOMPLETE and "200 rows" in quiet.reason


def test_query_pattern_is_a_registered_check_of_assess(tmp_path: Path) -> None:
    """monitor.query_pattern runs in assess from [monitoring] audit_ledger, and `explain`
    knows HB-MON-QUERY-PATTERN through it."""
    from hauberk.core import Budget, CheckContext, default_registry, run_check
    from hauberk.monitor import MonitoringSettings, QueryPatternCheck

    registry = default_registry()
    assert "monitor.query_pattern" in {c.name for c in registry.checks()}
    assert "HB-MON-QUERY-PATTERN" in registry.rules()
    check = QueryPatternCheck()

    def run_with(**settings: object) -> Any:
        ctx = CheckContext(settings=MonitoringSettings(**settings), seed=0,
                           budget=Budget(seconds=60), base_dir=tmp_path)  # fmt: skip
        return run_check(check, None, ctx)

    assert run_with().status is Status.SKIPPED
    assert run_with(audit_ledger="missing.db").status is Status.ERROR
    with open_ledger(tmp_path / "audit.db", create=True) as ledger:
        ledger.record("serve.request", {"outcome": "ok", "rows": 300}, principal="key:aa")
        ledger.record("serve.alert", {"monitor": "prada", "w": 0.8, "queries": 250},
                      principal="key:cc")  # fmt: skip
    result = run_with(audit_ledger="audit.db")
    assert result.status is Status.FAILED
    assert [f.target for f in result.findings] == [f"{tmp_path / 'audit.db'}#principal:key:cc"]
    assert run_with(audit_ledger="audit.db", min_queries=1000).metrics["min_queries"] == 1000


def _csv(path: Path, batch: Batch) -> None:
    names = list(batch.names)
    rows = zip(*(batch.columns[n].tolist() for n in names), strict=True)
    path.write_text(",".join(names) + "\n" + "\n".join(",".join(map(str, r)) for r in rows) + "\n")


def test_monitor_performance_command(tmp_path: Path) -> None:
    preds = predictions(600)
    _csv(tmp_path / "preds.csv", preds)
    _csv(tmp_path / "labels.csv", labels_for(preds, 0.7, 400))
    _csv(tmp_path / "few.csv", labels_for(preds, 1.0, 5))
    base = ["monitor", "performance", "preds.csv", "--proba-columns", "p0,p1", "-f", "json"]
    out = run([*base, "--labels", "labels.csv", "--reference-accuracy", "0.95", "-o", "a"],
              tmp_path)  # fmt: skip
    assert "dropped" in ok(out, 1)
    out = run([*base, "--labels", "few.csv", "--reference-accuracy", "0.95", "-o", "b"], tmp_path)
    ok(out, 1)
    assert "incomplete" in out.stderr
    ok(run([*base, "--labels", "few.csv", "--reference-accuracy", "0.95", "-o", "c",
            "--allow-incomplete"], tmp_path))  # fmt: skip
    out = run([*base, "--reference-predictions", "preds.csv", "-o", "d"], tmp_path)
    assert "output drift: none" in ok(out)
    assert run([*base, "-o", "e"], tmp_path).returncode == 2
    assert run([*base, "--labels", "labels.csv", "-o", "e"], tmp_path).returncode == 2


def test_report_diff_gates_on_an_accuracy_drop(tmp_path: Path) -> None:
    preds = predictions(2000)
    _csv(tmp_path / "preds.csv", preds)
    _csv(tmp_path / "good.csv", labels_for(preds, 0.97, 1500))
    _csv(tmp_path / "bad.csv", labels_for(preds, 0.85, 1500, seed=2))
    base = ["monitor", "performance", "preds.csv", "--proba-columns", "p0,p1", "-f", "json",
            "--reference-accuracy", "0.95", "--max-drop", "0.2"]  # fmt: skip
    ok(run([*base, "--labels", "good.csv", "-o", "old"], tmp_path))
    ok(run([*base, "--labels", "bad.csv", "-o", "new"], tmp_path))
    out = run(["report", "diff", "old/report.json", "new/report.json", "--fail-on-regression"],
              tmp_path)  # fmt: skip
    assert out.returncode == 1 and "performance.accuracy" in out.stdout
