"""``monitor.drift`` inside ``hauberk assess``: registration, settings, fail-closed errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.assess import assess, parse_config
from hauberk.core import Policy, Registry, Status
from hauberk.monitor import DriftCheck, checks

REPO = Path(__file__).resolve().parents[2]


def iris_current() -> dict[str, Any]:
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    return {"train": (x[::2], y[::2]), "test": (x[1::2], y[1::2])}


def iris_model() -> Any:
    from sklearn.linear_model import LogisticRegression

    x, y = iris_current()["train"]
    return LogisticRegression(max_iter=300).fit(x, y)


BASE = {
    "model": {"python": "tests.monitor.test_check:iris_model"},
    "data": {"python": "tests.monitor.test_check:iris_current"},
}
NAMES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def registry() -> Registry:
    reg = Registry()
    reg.extend(checks())
    return reg


def run(tmp_path: Path, monitoring: dict[str, Any]) -> Any:
    reg = registry()
    raw = {**BASE, "monitoring": monitoring}
    cfg = parse_config(raw, reg, source="test", base_dir=tmp_path)
    return assess(cfg, registry=reg)


def drift(report: Any) -> Any:
    """The monitor.drift result (monitor.query_pattern runs too, skipped without a ledger)."""
    return next(r for r in report.results if r.check == "monitor.drift")


def write_reference(path: Path, x: np.ndarray, y: np.ndarray | None = None) -> None:
    names = NAMES + (["label"] if y is not None else [])
    data = x if y is None else np.column_stack([x, y])
    path.write_text(",".join(names) + "\n" + "\n".join(",".join(map(str, r)) for r in data))


def test_registered_through_the_entry_point_table() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["hauberk.checks"]["monitor"] == (
        "hauberk.monitor:checks"
    )
    check, traffic = checks()
    assert check.name == "monitor.drift" and check.stage.lifecycle.value == (
        "monitoring/governance"
    )
    assert check.needs == frozenset({"data"})
    assert traffic.name == "monitor.query_pattern" and traffic.needs == frozenset()


def test_no_reference_is_skipped_with_how_to_enable(tmp_path: Path) -> None:
    result = drift(run(tmp_path, {}))
    assert result.status is Status.SKIPPED and "[monitoring] reference" in result.reason


def test_same_distribution_passes_and_a_shift_fails(tmp_path: Path) -> None:
    x, y = iris_current()["train"]
    write_reference(tmp_path / "ref.csv", x, y)
    report = run(tmp_path, {"reference": "ref.csv", "label_column": "label"})
    result = drift(report)
    assert result.status is Status.PASSED, result.reason
    assert result.metrics["features_tested"] == 4
    assert "label" in result.metrics["outputs"]
    write_reference(tmp_path / "shifted.csv", x + np.array([0, 0, 1.0, 0]))
    result = drift(run(tmp_path, {"reference": "shifted.csv"}))
    assert result.status is Status.FAILED
    assert result.metrics["drifted"] == ["petal_length"]


def test_a_broken_reference_is_an_error_graded_incomplete_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "ref.csv").write_text("a,b\n1,2\n")  # two columns for four features
    report = run(tmp_path, {"reference": "ref.csv"})
    result = drift(report)
    assert result.status is Status.ERROR and "2 feature columns" in result.reason
    assert report.summary()["lifecycle"]["monitoring/governance"]["grade"] == "incomplete"
    assert Policy().exit_code(report) == 1
    assert Policy(allow_incomplete=True).exit_code(report) == 0


def test_settings_reject_unknown_keys(tmp_path: Path) -> None:
    from hauberk.core import ConfigError

    with pytest.raises(ConfigError):
        run(tmp_path, {"referense": "ref.csv"})


def test_check_protocol() -> None:
    from hauberk.core import Check

    assert isinstance(DriftCheck(), Check)
