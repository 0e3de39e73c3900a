"""docs/llm-redteam.md is executed: its assess.toml and serve.toml blocks are parsed, its
``hauberk`` commands run (in process, with the llm checks registered as the ``llm`` entry
point registers them), and its Python block runs."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hauberk.core import default_registry
from hauberk.gateway import parse_config
from hauberk.llm import checks

DOC = Path(__file__).parents[2] / "docs" / "llm-redteam.md"


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(), re.S)


@pytest.fixture
def registered() -> None:
    registry = default_registry()
    if "llm" not in registry.stages():  # before `pip install -e .` publishes the entry point
        registry.extend(checks())


def test_commands_run(tmp_path: Path, registered: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from hauberk.cli._app import app

    toml = next(b for b in blocks("toml") if b.startswith("# assess.toml"))
    (tmp_path / "assess.toml").write_text(toml)
    monkeypatch.chdir(tmp_path)
    lines = [ln[2:] for b in blocks("console") for ln in b.splitlines() if ln.startswith("$ ")]
    assert len(lines) == 3
    runner = CliRunner()
    for line in lines:
        argv = shlex.split(line)
        assert argv[0] == "hauberk"
        out = runner.invoke(app, argv[1:])
        expected = 1 if argv[1] == "assess" else 0  # the vulnerable assistant has findings
        assert out.exit_code == expected, (line, out.output)
    report = json.loads((tmp_path / "reports" / "report.json").read_text())
    results = {r["check"]: r for r in report["results"]}
    assert {f"llm.{f}" for f in ("injection", "extraction", "indirect")} <= set(results)
    assert all(r["status"] == "failed" for r in results.values())
    assert (tmp_path / "reports" / "report.html").is_file()


def test_serve_toml_parses(tmp_path: Path) -> None:
    toml = next(b for b in blocks("toml") if b.startswith("# serve.toml"))
    config = parse_config(tomllib.loads(toml), source="docs", base_dir=tmp_path)
    assert config.chat is not None and config.chat.token_budget == 100000


def test_attack_line_is_valid() -> None:
    from hauberk.llm import read_corpus

    (line,) = blocks("json")
    (attack,) = read_corpus("doc", line)
    assert attack.family == "indirect"


def test_python_block_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (code,) = blocks("python")
    exec(compile(code, str(DOC), "exec"), {})
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 2
