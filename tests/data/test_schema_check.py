"""``data.schema`` inside ``hauberk assess``: skipped without a schema, passes clean data,
fails on violations, errors (graded incomplete, exit 1) when the schema does not fit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from hauberk.assess import assess, parse_config
from hauberk.core import Check, Policy, Registry, Status
from hauberk.data import SchemaCheck, infer_schema, save_schema

NAMES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def iris_data() -> dict[str, Any]:
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    return {"train": (x[::2], y[::2]), "test": (x[1::2], y[1::2])}


def iris_shifted() -> dict[str, Any]:
    data = iris_data()
    x, y = data["test"]
    x = x.copy()
    x[[3, 9], 2] = 40.0  # petal length of 40 cm
    return {"train": data["train"], "test": (x, y)}


def run(tmp_path: Path, ingestion: dict[str, Any], data: str = "iris_data") -> Any:
    reg = Registry()
    reg.extend([SchemaCheck()])
    raw = {"data": {"python": f"tests.data.test_schema_check:{data}"}, "ingestion": ingestion}
    return assess(parse_config(raw, reg, source="test", base_dir=tmp_path), registry=reg)


def write_schema(tmp_path: Path) -> None:
    x, y = iris_data()["train"]
    frame = pd.DataFrame(x, columns=NAMES).assign(species=y)
    save_schema(infer_schema(frame, margin=0.2), tmp_path / "schema.yaml")


def test_skipped_without_a_schema(tmp_path: Path) -> None:
    (result,) = run(tmp_path, {}).results
    assert result.status is Status.SKIPPED and "schema_file" in result.reason


def test_clean_data_passes_and_violations_fail(tmp_path: Path) -> None:
    write_schema(tmp_path)
    settings = {"schema_file": "schema.yaml", "schema_label": "species"}
    (result,) = run(tmp_path, settings).results
    assert result.status is Status.PASSED, result.metrics
    (result,) = run(tmp_path, settings, data="iris_shifted").results
    assert result.status is Status.FAILED
    assert [v["row"] for v in result.metrics["listed"]] == [3, 9]
    assert result.findings[0].target.endswith("#petal_length")


def test_a_schema_that_does_not_fit_is_an_error_graded_incomplete(tmp_path: Path) -> None:
    write_schema(tmp_path)
    report = run(tmp_path, {"schema_file": "schema.yaml"})  # species taken as a feature
    (result,) = report.results
    assert result.status is Status.ERROR and "5 feature columns" in result.reason
    assert Policy().exit_code(report) == 1
    (tmp_path / "bad.yaml").write_text("not: [a schema\n")
    (result,) = run(tmp_path, {"schema_file": "bad.yaml"}).results
    assert result.status is Status.ERROR and "not a pandera schema" in result.reason


def test_check_protocol() -> None:
    assert isinstance(SchemaCheck(), Check)
