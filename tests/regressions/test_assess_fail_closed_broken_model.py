"""A model whose ``predict_proba`` raises, returns the wrong shape or NaN was graded "A" and
``hauberk assess --fail-on info`` exited 0 (fail-open verdicts, issue 12). Every check that
touched the model errored, yet ``Policy`` looked only at findings.

Now: exit non-zero, no letter grade for the phases whose checks errored, SARIF
``executionSuccessful`` false, a JUnit ``<error>``, and the HTML names the work not done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


class Raising:
    classes_ = np.arange(3)

    def predict(self, x: Any) -> Any:
        raise RuntimeError("model server down")

    def predict_proba(self, x: Any) -> Any:
        raise RuntimeError("model server down")


class WrongShape(Raising):
    def predict(self, x: Any) -> Any:
        return np.zeros(len(x), dtype=int)

    def predict_proba(self, x: Any) -> Any:
        return np.full((len(x) + 1, 3), 1 / 3)


class Nan(WrongShape):
    def predict_proba(self, x: Any) -> Any:
        return np.full((len(x), 3), np.nan)


def raising() -> Raising:
    return Raising()


def wrong_shape() -> WrongShape:
    return WrongShape()


def nan() -> Nan:
    return Nan()


CONFIG = """
[model]
python = "tests.regressions.test_assess_fail_closed_broken_model:{factory}"
[data]
python = "tests.assess.test_run:iris_data"
[assess]
stages = {stages}
"""


def run_assess(tmp_path: Path, factory: str, stages: list[str], *extra: str) -> Any:
    (tmp_path / "assess.toml").write_text(CONFIG.format(factory=factory, stages=json.dumps(stages)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", "assess", "-c", "assess.toml", "--fail-on", "info",
         "--format", "json,sarif,junit,html", "--output-dir", "out", *extra],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize("factory", ["raising", "wrong_shape", "nan"])
def test_broken_model_never_passes(tmp_path: Path, factory: str) -> None:
    out = run_assess(tmp_path, factory, ["ingestion", "performance"])
    assert out.returncode == 1, out.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    perf = next(r for r in report["results"] if r["check"] == "governance.performance")
    assert perf["status"] == "error"
    phase = report["summary"]["lifecycle"]["monitoring/governance"]
    assert phase["grade"] == "incomplete"
    assert report["summary"]["complete"] is False
    sarif = json.loads((tmp_path / "out" / "report.sarif").read_text())
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "governance.performance" in json.dumps(invocation["toolExecutionNotifications"])
    junit = ET.parse(tmp_path / "out" / "report.junit.xml").getroot()
    assert int(junit.get("errors", "0")) >= 1
    html = (tmp_path / "out" / "report.html").read_text()
    assert "Work not done" in html
    assert "did not finish" in out.stdout


def test_allow_incomplete_lets_errors_exit_zero_but_keeps_the_grade(tmp_path: Path) -> None:
    out = run_assess(tmp_path, "nan", ["performance"], "--allow-incomplete", "--fail-on", "high")
    assert out.returncode == 0, out.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["summary"]["lifecycle"]["monitoring/governance"]["grade"] == "incomplete"


def test_every_check_failing_the_same_way_is_an_input_error(tmp_path: Path) -> None:
    out = run_assess(tmp_path, "raising", ["performance", "theft"])
    assert out.returncode == 2, out.stderr
    # off a terminal, stderr also has one progress line per check ("hauberk: [i/n] ...")
    lines = [ln for ln in out.stderr.strip().splitlines() if not ln.startswith("hauberk: [")]
    assert len(lines) == 1, out.stderr
    assert "every check failed the same way: RuntimeError: model server down" in lines[0]
    assert (tmp_path / "out" / "report.json").is_file()  # the report still says what ran
