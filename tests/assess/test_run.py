from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.support import ToyCheck

from hauberk.assess import assess, build_target, parse_config
from hauberk.core import InputError, Registry, Status, VerificationError

SKLEARN_FACTORY = "tests.assess.test_run:iris_classifier"
DATA_LOADER = "tests.assess.test_run:iris_data"


def iris_data() -> dict[str, Any]:
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    x, y = load_iris(return_X_y=True)
    a, b, c, d = train_test_split(x, y, test_size=0.5, random_state=0, stratify=y)
    return {"train": (a, c), "test": (b, d)}


def iris_classifier() -> Any:
    from sklearn.linear_model import LogisticRegression

    x, y = iris_data()["train"]
    return LogisticRegression(max_iter=300).fit(x, y)


def config(raw: dict[str, Any], registry: Registry) -> Any:
    return parse_config(raw, registry, source="test", base_dir=Path.cwd())


def toy_registry(*checks: ToyCheck) -> Registry:
    registry = Registry()
    registry.extend(checks)
    return registry


BASE = {"model": {"python": SKLEARN_FACTORY}, "data": {"python": DATA_LOADER}}


def test_a_crashing_check_does_not_stop_the_others() -> None:
    registry = toy_registry(ToyCheck(name="toy.a", behaviour="crash"), ToyCheck(name="toy.b"))
    report = assess(config(BASE, registry), registry=registry)
    status = {r.check: r.status for r in report.results}
    assert status == {"toy.a": Status.ERROR, "toy.b": Status.FAILED}


def test_checks_get_only_their_settings_and_a_seed() -> None:
    registry = toy_registry(ToyCheck())
    report = assess(config({**BASE, "toy": {"level": "low"}}, registry), registry=registry)
    (finding,) = report.findings
    assert finding.severity.label == "low"
    assert isinstance(finding.evidence["seed"], int)


def test_queries_are_attributed_per_check_and_budgeted() -> None:
    registry = toy_registry(ToyCheck(name="toy.q", behaviour="query"))
    raw = {**BASE, "toy": {"max_queries": 500}}
    (result,) = assess(config(raw, registry), registry=registry).results
    assert result.status is Status.INCOMPLETE
    assert result.partial
    assert result.queries == 500


def test_skipped_checks_say_why() -> None:
    registry = toy_registry(ToyCheck(name="toy.g", needs=frozenset({"gradients"})))
    (result,) = assess(config(BASE, registry), registry=registry).results
    assert result.status is Status.SKIPPED
    assert "gradients" in result.reason


def test_same_config_same_report() -> None:
    def untimed(value: Any) -> Any:
        # Wall-clock figures are named "...seconds..." by convention; all else must reproduce.
        if isinstance(value, dict):
            return {k: untimed(v) for k, v in value.items() if "seconds" not in k}
        return value

    def strip(report: Any) -> Any:
        data = report.to_dict()
        data["created"] = ""
        for r in data["results"]:
            r["duration_s"] = 0
            r["metrics"] = untimed(r["metrics"])
        return json.dumps(data, sort_keys=True)

    cfg = config(BASE, __import__("hauberk.core", fromlist=["x"]).default_registry())
    assert strip(assess(cfg)) == strip(assess(cfg))


def test_target_provides_membership_and_artifacts(tmp_path: Path) -> None:
    import joblib

    joblib.dump(iris_classifier(), tmp_path / "m.joblib")
    raw = {
        "model": {"path": str(tmp_path / "m.joblib"), "allow_pickle": True},
        "data": {"python": DATA_LOADER},
    }
    target = build_target(config(raw, Registry()))
    assert {"model", "data", "labels", "membership", "artifacts"} <= target.provides()
    assert "gradients" not in target.provides()


def test_digest_mismatch_refuses_to_load(tmp_path: Path) -> None:
    (tmp_path / "m.onnx").write_bytes(b"\x08" * 64)
    raw = {"model": {"path": str(tmp_path / "m.onnx"), "sha256": "0" * 64}}
    with pytest.raises(VerificationError, match="SHA-256"):
        build_target(config(raw, Registry()))


def test_data_that_does_not_fit_the_model() -> None:
    raw = {"model": {"python": SKLEARN_FACTORY}, "data": {"python": "tests.assess.test_run:wrong"}}
    with pytest.raises(InputError, match=r"rows have 3 features but the model takes 4; give data"):
        build_target(config(raw, Registry()))


def wrong() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((5, 3)), np.zeros(5)
