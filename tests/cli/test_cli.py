"""The command line as a user meets it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hauberk

REPO = Path(__file__).resolve().parents[2]


def hauberk_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_version() -> None:
    out = hauberk_cli("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"hauberk {hauberk.__version__}"


def test_checks_lists_rules_and_references() -> None:
    out = hauberk_cli("checks", "--format", "json")
    assert out.returncode == 0
    rows = json.loads(out.stdout)["checks"]
    by_name = {r["name"]: r for r in rows}
    assert by_name["data.hygiene"]["stage"] == "ingestion"
    for row in rows:
        for rule in row["rules"]:
            assert rule["atlas"], rule
            assert rule["owasp"], rule


SKLEARN = """
[model]
python = "tests.assess.test_run:iris_classifier"
[data]
python = "tests.assess.test_run:iris_data"
[assess]
stages = ["ingestion", "performance"]
[performance]
min_accuracy = {min_accuracy}
"""


# iris holds a duplicated flower across the split (medium) and LogisticRegression is a little
# under-confident (low): real findings that the fail level turns into exit codes.
@pytest.mark.parametrize(
    ("min_accuracy", "fail_on", "code"),
    [(0.5, "high", 0), (0.5, "low", 1), (0.5, "medium", 1), (0.999, "critical", 0)],
)
def test_assess_exit_codes(tmp_path: Path, min_accuracy: float, fail_on: str, code: int) -> None:
    (tmp_path / "assess.toml").write_text(SKLEARN.format(min_accuracy=min_accuracy))
    out = hauberk_cli(
        "assess", "-c", str(tmp_path / "assess.toml"), "--format", "json,sarif,junit",
        "--output-dir", str(tmp_path / "out"), "--fail-on", fail_on, cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == code, out.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["report.json", "report.junit.xml", "report.sarif"]
    assert "wrote" in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "-c", "missing.toml"], "config file missing.toml does not exist"),
        (["assess"], "nothing to assess"),
        (["assess", "--model", "nope.pt"], "nope.pt does not exist"),
        (["assess", "-c", "bad.toml"], r"\[model\] pth: unknown key"),
        (["assess", "-c", "bad.toml", "--format", "pdf"], "unknown report format 'pdf'"),
        (["report", "convert", "missing.json"], "report file missing.json does not exist"),
        (["report", "convert", "bad.toml"], "not JSON"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "bad.toml").write_text('[model]\npth = "m.pt"\n')
    out = hauberk_cli(*args, cwd=tmp_path)
    assert out.returncode == 2, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("hauberk: error: ")
    assert re.search(message, lines[0]), lines[0]
    assert "Traceback" not in out.stderr


def test_report_convert(tmp_path: Path) -> None:
    (tmp_path / "assess.toml").write_text(SKLEARN.format(min_accuracy=0.999))
    hauberk_cli("assess", "-c", "assess.toml", "-f", "json", "-q", cwd=tmp_path)
    out = hauberk_cli(
        "report",
        "convert",
        "report.json",
        "-f",
        "html,sarif,junit",
        "--fail-on",
        "critical",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert json.loads((tmp_path / "report.sarif").read_text())["version"] == "2.1.0"
    again = hauberk_cli(
        "report", "convert", "report.json", "-f", "json", "-o", "copy", cwd=tmp_path
    )
    assert again.returncode == 0  # the one finding is medium, below the default fail level
    assert json.loads((tmp_path / "copy" / "report.json").read_text())["results"]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    out = hauberk_cli("--debug", "assess", "-c", "missing.toml", cwd=tmp_path)
    assert out.returncode != 0
    assert "Traceback" in out.stderr


def test_output_dir_is_the_report_folder_and_old_output_still_works(tmp_path: Path) -> None:
    """Issue 14: --output-dir is the folder of multi-file reports everywhere; the old
    --output of assess and report convert is read with a note, never silently."""
    from tests.core.test_report import make_report
    from typer.testing import CliRunner

    from hauberk.cli import app

    report = tmp_path / "report.json"
    report.write_text(json.dumps(make_report([]).to_dict()))
    runner = CliRunner()
    new = runner.invoke(app, ["report", "convert", str(report), "-f", "sarif",
                              "--output-dir", str(tmp_path / "a")])  # fmt: skip
    assert new.exit_code == 0 and (tmp_path / "a" / "report.sarif").is_file()
    old = runner.invoke(app, ["report", "convert", str(report), "-f", "sarif",
                              "--output", str(tmp_path / "b")])  # fmt: skip
    assert old.exit_code == 0 and (tmp_path / "b" / "report.sarif").is_file()
    assert "--output is --output-dir" in old.stderr
