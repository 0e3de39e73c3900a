"""``hauberk scan``: formats, exit codes, --output, --fail-on, --quiet; and the assess check."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from tests.supplychain.corpus_loader import corpus
from typer.testing import CliRunner

from hauberk.cli._scan import register
from hauberk.core import CheckContext, HauberkError, Registry, StageSettings, run_check
from hauberk.supplychain import checks

EVIL = corpus().EVIL


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps "scan" a subcommand
        """Nothing."""

    return app


def test_exit_codes_and_formats(app: typer.Typer, tmp_path: Path) -> None:
    evil = tmp_path / "evil.pkl"
    evil.write_bytes(EVIL)
    clean = tmp_path / "clean.npy"
    clean.write_bytes(
        b"\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }"
        + b" " * 59
        + b"\n"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["scan", str(evil), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["files"][0]["findings"][0]["severity"] == "critical"
    assert runner.invoke(app, ["scan", str(clean)]).exit_code == 0
    assert runner.invoke(app, ["scan", str(evil), "--fail-on", "critical"]).exit_code == 1
    sarif = runner.invoke(app, ["scan", str(evil), "--format", "sarif", "--quiet"])
    assert sarif.output == ""
    out = tmp_path / "r.sarif"
    runner.invoke(app, ["scan", str(evil), "--format", "sarif", "--output", str(out)])
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_usage_errors_raise_hauberk_errors(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["scan", str(tmp_path / "nope.pkl")])
    assert isinstance(result.exception, HauberkError)
    result = runner.invoke(app, ["scan", str(tmp_path), "--fail-on", "severe"])
    assert isinstance(result.exception, HauberkError)
    assert runner.invoke(app, ["scan", str(tmp_path), "--format", "xml"]).exit_code == 2


def test_registered_check_scans_artifacts(tmp_path: Path) -> None:
    (tmp_path / "evil.pkl").write_bytes(EVIL)
    registry = Registry()
    registry.extend(checks())
    check = registry.checks()[0]
    assert check.stage.name == "artifact" and check.needs == frozenset({"artifacts"})
    assert all(r.atlas and r.owasp for r in check.rules)
    target = SimpleNamespace(artifacts=(tmp_path,))
    result = run_check(check, target, CheckContext(settings=StageSettings(), seed=0))
    assert result.status.value == "failed"
    assert result.metrics["files"] == 1
    assert any(f.id == "HB-SC-PICKLE-GLOBAL" for f in result.findings)
    clean = run_check(
        check, SimpleNamespace(artifacts=()), CheckContext(settings=StageSettings(), seed=0)
    )
    assert clean.status.value == "passed"
