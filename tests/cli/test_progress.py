"""Progress: one line per check on stderr off a terminal; totals and ETA on one."""

from __future__ import annotations

import io
import re
from pathlib import Path

from tests.cli.test_user_errors import _iris_csv, hauberk_cli

from hauberk.cli._common import RichProgress
from hauberk.core import CheckResult
from hauberk.core._progress import LineProgress


def test_one_line_per_check_on_stderr_off_a_terminal(tmp_path: Path) -> None:
    _iris_csv(tmp_path / "d.csv")
    (tmp_path / "assess.toml").write_text(
        '[model]\npython = "tests.cli.test_user_errors:iris_forest"\n'
        '[data]\npath = "d.csv"\n[assess]\nstages = ["ingestion", "performance"]\n'
    )
    out = hauberk_cli(
        "assess", "-c", "assess.toml", "-f", "json", "--output-dir", "out", cwd=tmp_path
    )
    assert out.returncode in (0, 1), out.stderr
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith("hauberk: [")]
    # backdoor, tabular_backdoor, hygiene, label_noise, pii, schema, performance
    assert len(lines) == 7, out.stderr
    assert re.match(r"hauberk: \[1/7\] \S+ (passed|failed|skipped) in \d+\.\ds", lines[0])
    assert "why" in out.stdout  # the summary table, on stdout


def test_quiet_prints_no_progress(tmp_path: Path) -> None:
    _iris_csv(tmp_path / "d.csv")
    out = hauberk_cli(
        "assess", "--data", "d.csv", "-q", "-f", "json", "--output-dir", "o", cwd=tmp_path
    )
    assert out.returncode in (0, 1), out.stderr
    assert out.stderr == ""
    assert out.stdout == ""


def test_line_progress_and_bar_take_check_events() -> None:
    stream = io.StringIO()
    lines = LineProgress(stream)
    result = CheckResult.skipped("a.b", "a", "not applicable").timed(0.25, 0)
    lines.check_finished(result, 1, 12)
    assert stream.getvalue().startswith("hauberk: [ 1/12] a.b skipped in 0.2s")
    with RichProgress(enabled=True) as bar:
        bar.check_started("a.b", 1, 2)
        bar.start("phase", total=10)
        bar.advance(3)
        bar.check_finished(result, 1, 2)
        task = bar._bar.tasks[0]
        assert (task.completed, task.total) == (1, 2)
