"""Executable docs: every `$ hauberk ...` line of docs/governance.md runs, in order, in a
folder holding a model, its report and training data, and exits as the page says."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from tests.data.support import run_cli
from tests.governance.test_card_bom import make_report

from hauberk.governance import validate_spdx

DOC = Path(__file__).resolve().parents[2] / "docs" / "governance.md"


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_console_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.joblib").write_bytes(b"model bytes")
    (tmp_path / "other.joblib").write_bytes(b"another model")
    make_report(tmp_path / "model.joblib").save(tmp_path / "report.json")
    (tmp_path / "card.toml").write_text(_blocks("toml")[0])
    (tmp_path / "data.toml").write_text(
        '[data]\nstore = "store"\n[data.sources.local]\npaths = ["data"]\n'
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_text("a,b,label\n1,2,0\n3,4,1\n")
    commands = [
        line[2:] for block in _blocks("console") for line in block.splitlines() if line[:2] == "$ "
    ]
    assert len(commands) >= 4
    for command in commands:
        command, _, expected = command.partition("# exit code")
        args = shlex.split(command)
        got, out, err = run_cli(capsys, monkeypatch, *args[1:])
        assert got == (int(expected) if expected else 0), (command, out, err)
    assert "iris-lr" in (tmp_path / "bom.cdx.json").read_text()
    spdx = (tmp_path / "bom.spdx3.json").read_text()
    assert "iris-lr" in spdx and validate_spdx(spdx) == []
    assert "sorting iris flowers" in (tmp_path / "card.md").read_text()
    assert (tmp_path / "card.html").is_file()
    assert not (tmp_path / "other-card.md").exists()
    assert "**TO COMPLETE**" in (tmp_path / "dpia.md").read_text()
    assert "Annex IV" in (tmp_path / "techdoc.md").read_text()
    assert json.loads((tmp_path / "gdpr.json").read_text())["framework"] == "gdpr"


def test_settings_blocks_are_valid_stage_settings() -> None:
    import tomllib

    from hauberk.governance import ExplanationSettings, FairnessSettings

    tables = tomllib.loads(_blocks("toml")[1])
    FairnessSettings.model_validate(tables["fairness"])
    ExplanationSettings.model_validate(tables["explanations"])


def test_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (code,) = _blocks("python")
    exec(compile(code, str(DOC), "exec"), {})
    before, after = capsys.readouterr().out.splitlines()[0].split(" -> ")
    assert float(after.split()[0]) < float(before.split()[0])
