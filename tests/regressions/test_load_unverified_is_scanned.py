"""Red team round 2 (issue 12): ``hauberk serve --allow-unverified`` with ``allow_pickle =
true`` loaded a joblib file without scanning it. Unverified must never mean unscanned:
``load_verified``, ``serve`` and ``assess`` scan every model file before loading it, with or
without a digest or signature, and an integrity refusal in ``assess`` still writes the report,
with the refusal as a critical finding.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.regressions._redteam2_formats import corpus

from hauberk.core import ModelLoadError, Policy, Severity, VerificationError
from hauberk.gateway._config import ModelSection
from hauberk.gateway._loading import load_version
from hauberk.supplychain import load_verified

gen = corpus()
REPO = Path(__file__).resolve().parents[2]


def _evil_joblib(path: Path, marker: Path) -> None:
    path.write_bytes(b"\x80\x02" + gen.pickle0("os", "system", f"touch {marker}"))


def test_serve_allow_unverified_scans_pickles(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    model = tmp_path / "model.joblib"
    _evil_joblib(model, marker)
    with pytest.raises(VerificationError, match="flagged"):
        load_version(model, allow_unverified=True, section=ModelSection(allow_pickle=True))
    assert not marker.exists()


def test_serve_allow_unverified_still_loads_a_clean_pickle(tmp_path: Path) -> None:
    import joblib
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    x, y = load_iris(return_X_y=True)
    joblib.dump(LogisticRegression(max_iter=300).fit(x, y), tmp_path / "model.joblib")
    loaded = load_version(
        tmp_path / "model.joblib", allow_unverified=True, section=ModelSection(allow_pickle=True)
    )
    assert not loaded.verified and loaded.model.classes == (0, 1, 2)


def test_serve_allow_unverified_scans_polyglots_of_safe_formats(tmp_path: Path) -> None:
    model = tmp_path / "model.onnx"
    model.write_bytes(gen.onnx_pickle("os", "system", "echo x"))
    with pytest.raises(VerificationError, match="flagged"):
        load_version(model, allow_unverified=True)


def test_load_verified_scans_every_format(tmp_path: Path) -> None:
    import hashlib

    model = tmp_path / "model.safetensors"
    model.write_bytes(gen.safetensors_pickle("os", "system", "echo x"))
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    with pytest.raises(VerificationError, match="flagged"):  # a matching digest is not enough
        load_verified(model, sha256=digest)


def test_load_model_never_unpickles_unscanned(tmp_path: Path) -> None:
    from hauberk.models import ModelOptions, load_model

    marker = tmp_path / "ran"
    model = tmp_path / "model.joblib"
    _evil_joblib(model, marker)
    with pytest.raises(ModelLoadError, match="no scanner"):
        load_model(model, ModelOptions(allow_pickle=True))
    assert not marker.exists()


def test_assess_refusal_writes_the_report(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    model = tmp_path / "model.joblib"
    _evil_joblib(model, marker)
    (tmp_path / "assess.toml").write_text(
        f'[model]\npath = "{model}"\nallow_pickle = true\n[assess]\nstages = ["artifact"]\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    out = subprocess.run(
        [sys.executable, "-m", "hauberk", "assess", "-c", str(tmp_path / "assess.toml"),
         "--format", "json,sarif", "--output-dir", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    assert not marker.exists()
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    findings = [f for r in report["results"] for f in r["findings"]]
    assert [(f["id"], f["severity"]) for f in findings] == [("HB-SC-LOAD-REFUSED", "critical")]
    assert (tmp_path / "out" / "report.sarif").exists()


def test_assess_api_refusal_is_a_failed_result(tmp_path: Path) -> None:
    from hauberk.assess import assess, parse_config
    from hauberk.core import default_registry

    model = tmp_path / "model.joblib"
    _evil_joblib(model, tmp_path / "ran")
    registry = default_registry()
    config = parse_config(
        {"model": {"path": str(model), "allow_pickle": True}},
        registry,
        source="test",
        base_dir=tmp_path,
    )
    report = assess(config, registry=registry)
    assert [f.id for f in report.findings] == ["HB-SC-LOAD-REFUSED"]
    assert Policy(fail_on=Severity.CRITICAL).exit_code(report) == 1
