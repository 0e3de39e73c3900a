"""SIGINT during ``hauberk assess`` prints one line saying what was interrupted (issue 12)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]


class Slow:
    """Says it has been called (a file in the working folder), then takes its time."""

    classes_ = np.arange(3)

    def predict(self, x: Any) -> Any:
        return np.argmax(self.predict_proba(x), axis=1)

    def predict_proba(self, x: Any) -> Any:
        Path("called").touch()
        time.sleep(30)
        return np.full((len(x), 3), 1 / 3)


def slow() -> Slow:
    return Slow()


def test_sigint_prints_one_line_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "assess.toml").write_text(
        '[model]\npython = "tests.cli.test_interrupt:slow"\n'
        '[data]\npython = "tests.assess.test_run:iris_data"\n'
        '[assess]\nstages = ["performance"]\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "hauberk", "assess", "-c", "assess.toml", "--output-dir", "out"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (tmp_path / "called").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = err.strip().splitlines()
    assert lines == [
        "hauberk: interrupted: assess stopped before it finished; no report was written for "
        "the unfinished run"
    ]
    assert not (tmp_path / "out").exists()
