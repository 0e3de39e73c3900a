"""``hauberk monitor drift`` and ``hauberk report diff`` as a user meets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import hauberk
from hauberk.core import CheckResult, Rate, Report, clopper_pearson, read_report
from hauberk.core._finding import Finding
from hauberk.core._severity import Severity

SRC = Path(hauberk.__file__).resolve().parents[1]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=300,
    )  # fmt: skip


def write_csv(path: Path, x: np.ndarray, names: list[str]) -> None:
    rows = "\n".join(",".join(f"{v:.6g}" for v in row) for row in x)
    path.write_text(",".join(names) + "\n" + rows + "\n")


@pytest.fixture
def batches(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    names = ["a", "b", "c"]
    write_csv(tmp_path / "ref.csv", rng.normal(size=(400, 3)), names)
    write_csv(tmp_path / "same.csv", rng.normal(size=(400, 3)), names)
    moved = rng.normal(size=(400, 3))
    moved[:, 1] += 0.5
    write_csv(tmp_path / "moved.csv", moved, names)
    write_csv(tmp_path / "few.csv", rng.normal(size=(10, 3)), names)
    write_csv(tmp_path / "other.csv", rng.normal(size=(400, 3)), ["a", "b", "z"])
    nan = rng.normal(size=(400, 3))
    nan[:, 2] = np.nan
    write_csv(tmp_path / "nan.csv", nan, names)
    infinite = rng.normal(size=(400, 3))
    infinite[7, 0] = np.inf
    write_csv(tmp_path / "inf.csv", infinite, names)
    return tmp_path


def test_no_drift_exits_0_and_writes_every_format(batches: Path) -> None:
    out = cli("monitor", "drift", "ref.csv", "same.csv", "-f", "json,html,sarif,junit",
              "--output-dir", "r", cwd=batches)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("no drift: 0 of 3 features")
    read_report(batches / "r" / "report.json")  # validates against the shipped schema
    report = json.loads((batches / "r" / "report.json").read_text())
    (result,) = report["results"]
    assert result["duration_s"] > 0
    assert result["check"] == "monitor.drift" and result["status"] == "passed"
    assert result["metrics"]["drift"] is False
    assert set(result["metrics"]["p_adjusted"]) == {"a", "b", "c"}
    assert report["summary"]["lifecycle"]["monitoring/governance"]["grade"] == "A"
    html = (batches / "r" / "report.html").read_text()
    assert "<svg" in html and "monitor.drift" in html
    for name in ("report.sarif", "report.junit.xml"):
        assert (batches / "r" / name).is_file()


def test_drift_exits_1_with_the_feature(batches: Path) -> None:
    out = cli("monitor", "drift", "ref.csv", "moved.csv", "--alpha", "0.01", "--output-dir", "r",
              cwd=batches)  # fmt: skip
    assert out.returncode == 1
    assert out.stdout.startswith("drift: 1 of 3 features (b); α=0.01")
    report = json.loads((batches / "r" / "report.json").read_text())
    assert [f["target"] for f in report["results"][0]["findings"]] == ["moved.csv#b"]


def test_too_few_rows_exits_1_unless_incomplete_is_allowed(batches: Path) -> None:
    out = cli("monitor", "drift", "ref.csv", "few.csv", "--output-dir", "r", cwd=batches)
    assert out.returncode == 1
    assert "at least 30" in out.stderr
    report = json.loads((batches / "r" / "report.json").read_text())
    assert report["results"][0]["status"] == "incomplete"
    assert report["summary"]["lifecycle"]["monitoring/governance"]["grade"] == "incomplete"
    allowed = cli("monitor", "drift", "ref.csv", "few.csv", "--output-dir", "r",
                  "--allow-incomplete", cwd=batches)  # fmt: skip
    assert allowed.returncode == 0


@pytest.mark.parametrize(
    ("current", "message"),
    [
        ("other.csv", "other.csv: column 'c' of the reference ref.csv is missing"),
        ("nan.csv", "nan.csv: column 'c' has no values"),
        ("inf.csv", "inf.csv: column 'a' has 1 infinite value(s) (first at row 7)"),
        ("absent.csv", "absent.csv: no such file"),
    ],
)
def test_input_errors_exit_2_in_one_line(batches: Path, current: str, message: str) -> None:
    out = cli("monitor", "drift", "ref.csv", current, "--output-dir", "r", cwd=batches)
    assert out.returncode == 2
    assert out.stderr.strip() == f"hauberk: error: {message}" or (
        out.stderr.count("\n") == 1 and message in out.stderr
    )
    assert not (batches / "r" / "report.json").exists()


def report_with(findings: list[Finding], metrics: dict[str, object], status: str = "") -> Report:
    result = CheckResult.of("evasion.robustness", "evasion", findings, metrics)
    if status == "error":
        result = CheckResult.error("evasion.robustness", "evasion", "crashed")
    env = {"python": "3.11", "hauberk": hauberk.__version__, "seed": 0}
    return Report(target={"name": "m"}, environment=env, results=(result,),
                  stages={"evasion": "inference"},
                  tool={"name": "hauberk", "version": hauberk.__version__})  # fmt: skip


def finding(rule: str, severity: Severity, target: str = "model") -> Finding:
    return Finding(id=rule, title="t", severity=severity, target=target, detail="d")


def rate(k: int, n: int) -> dict[str, object]:
    r: Rate = clopper_pearson(k, n)
    return r.to_dict()


def test_report_diff_lists_new_fixed_unchanged_and_metric_deltas(tmp_path: Path) -> None:
    old = report_with(
        [finding("HB-EV-A", Severity.HIGH), finding("HB-EV-B", Severity.LOW)],
        {"robust_accuracy": rate(700, 1000), "epsilon": 0.03},
    )
    new = report_with(
        [finding("HB-EV-B", Severity.LOW), finding("HB-EV-C", Severity.MEDIUM)],
        {"robust_accuracy": rate(690, 1000), "epsilon": 0.03},
    )
    (tmp_path / "old.json").write_text(old.to_json())
    (tmp_path / "new.json").write_text(new.to_json())
    out = cli("report", "diff", "old.json", "new.json", "--fail-on-regression", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr  # medium < high; -1 point is noise
    assert "findings: 1 new, 1 fixed, 1 unchanged" in out.stdout
    assert "new   medium   HB-EV-C model" in out.stdout
    assert "fixed high     HB-EV-A model" in out.stdout
    js = cli("report", "diff", "old.json", "new.json", "-f", "json", cwd=tmp_path)
    data = json.loads(js.stdout)
    (delta,) = [m for m in data["metrics"] if m["metric"] == "robust_accuracy"]
    assert delta["delta"] == pytest.approx(-0.01)
    assert delta["ci_low"] < -0.01 < delta["ci_high"] and delta["worse"] is False
    strict = cli("report", "diff", "old.json", "new.json", "--fail-on-regression",
                 "--fail-on", "medium", cwd=tmp_path)  # fmt: skip
    assert strict.returncode == 1
    assert "regression: new finding HB-EV-C (medium) on model" in strict.stdout


def test_report_diff_fails_on_a_metric_worse_beyond_its_interval(tmp_path: Path) -> None:
    old = report_with([], {"robust_accuracy": rate(700, 1000)})
    new = report_with([], {"robust_accuracy": rate(550, 1000)})
    (tmp_path / "old.json").write_text(old.to_json())
    (tmp_path / "new.json").write_text(new.to_json())
    out = cli("report", "diff", "old.json", "new.json", "--fail-on-regression", cwd=tmp_path)
    assert out.returncode == 1
    assert "evasion.robustness robust_accuracy got worse: 0.7 -> 0.55" in out.stdout
    back = cli("report", "diff", "new.json", "old.json", "--fail-on-regression", cwd=tmp_path)
    assert back.returncode == 0  # better is not a regression


def test_report_diff_fails_when_a_check_no_longer_finishes(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text(report_with([], {}).to_json())
    (tmp_path / "new.json").write_text(report_with([], {}, status="error").to_json())
    out = cli("report", "diff", "old.json", "new.json", "--fail-on-regression", cwd=tmp_path)
    assert out.returncode == 1 and "cannot vouch" in out.stdout
    ok = cli("report", "diff", "old.json", "new.json", "--fail-on-regression",
             "--allow-incomplete", cwd=tmp_path)  # fmt: skip
    assert ok.returncode == 0


def test_report_diff_bad_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text("{}")
    out = cli("report", "diff", "old.json", "old.json", cwd=tmp_path)
    assert out.returncode == 2 and "not a hauberk report" in out.stderr
