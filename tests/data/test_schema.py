"""pandera schemas: inferred from a snapshot, saved for review, violations by row and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hauberk.core import ConfigError, InputError, Status
from hauberk.data import infer_schema, load_schema, save_schema, schema_check_result, validate_table
from hauberk.data._schema import drift_columns
from tests.data.support import census


def test_inference_covers_types_ranges_categories_uniqueness_and_nulls() -> None:
    snap = census()
    snap.loc[3, "income"] = np.nan
    schema = infer_schema(snap, margin=0.0)
    cols = schema.columns
    assert cols["id"].unique and not cols["id"].checks  # an id: no range, new ids are fine
    assert str(cols["age"].dtype) == "int64"
    assert [c.name for c in cols["age"].checks] == ["in_range"]
    assert cols["income"].nullable and not cols["age"].nullable
    assert cols["colour"].checks[0].statistics["allowed_values"] == ["blue", "green", "red"]
    assert cols["label"].checks[0].statistics["allowed_values"] == [0, 1, 2]
    assert validate_table(schema, snap).ok  # the snapshot satisfies its own schema


def test_a_fresh_sample_passes_with_the_default_margin() -> None:
    schema = infer_schema(census(300, seed=0))
    fresh = census(300, seed=1)
    fresh["id"] += 10_000
    assert validate_table(schema, fresh).ok


def test_violations_are_listed_by_row_and_column() -> None:
    schema = infer_schema(census(), margin=0.0)
    batch = census(50, seed=2).astype({"age": object})
    batch.loc[3, "age"] = 200
    batch.loc[5, "colour"] = "purple"
    batch.loc[7, "id"] = 8
    batch.loc[9, "income"] = None
    batch.loc[11, "age"] = "old"
    batch.loc[12, "label"] = 7
    found = {
        (v.row, v.column, v.check.split("(")[0]) for v in validate_table(schema, batch).violations
    }
    assert found == {
        (3, "age", "in_range"),
        (5, "colour", "isin"),
        (7, "id", "field_uniqueness"),
        (8, "id", "field_uniqueness"),
        (9, "income", "not_nullable"),
        (11, "age", "coerce_dtype"),
        (12, "label", "isin"),
    }
    result = validate_table(schema, batch, source="b.csv")
    flags = result.row_flags()
    assert flags.detector == "schema"
    assert flags.rows.tolist() == [3, 5, 7, 8, 9, 11, 12]
    assert flags.metrics["per_row"]["11"] == ["age: coerce_dtype('int64')"]
    check = schema_check_result(result, schema_source="s.yaml")
    assert check.status is Status.FAILED and check.check == "data.schema"
    assert {f.target for f in check.findings} == {
        "b.csv#age", "b.csv#colour", "b.csv#id", "b.csv#income", "b.csv#label"
    }  # fmt: skip
    rate = check.metrics["violating_rows"]
    assert rate["n"] == 50 and rate["ci_low"] < 7 / 50 < rate["ci_high"]


def test_clean_batch_gives_a_passed_result_and_no_flags() -> None:
    schema = infer_schema(census())
    result = validate_table(schema, census(40, seed=3).assign(id=lambda f: f["id"] + 500))
    assert result.ok and len(result.row_flags().rows) == 0
    assert schema_check_result(result, schema_source="s").status is Status.PASSED


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_schema_round_trips(tmp_path: Path, suffix: str) -> None:
    schema = infer_schema(census())
    path = tmp_path / f"schema{suffix}"
    save_schema(schema, path)
    again = load_schema(path)
    batch = census(30, seed=4)
    batch.loc[0, "colour"] = "mauve"
    assert validate_table(again, batch).violations == validate_table(schema, batch).violations


def test_bad_schema_and_batch_inputs_are_one_line_errors(tmp_path: Path) -> None:
    schema = infer_schema(census())
    with pytest.raises(InputError, match="column 'label' of the schema is missing"):
        validate_table(schema, census().drop(columns="label"), source="b.csv")
    with pytest.raises(InputError, match="column 'extra' is not in the schema"):
        validate_table(schema, census().assign(extra=1), source="b.csv")
    with pytest.raises(InputError, match="no rows to validate"):
        validate_table(schema, census().iloc[:0], source="b.csv")
    with pytest.raises(InputError, match="column 'x' has no values"):
        infer_schema(pd.DataFrame({"x": [None, None]}))
    with pytest.raises(ConfigError, match="margin"):
        infer_schema(census(), margin=-1)
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns: [unclosed\n")
    with pytest.raises(InputError, match=r"bad.yaml: not a pandera schema"):
        load_schema(bad)
    with pytest.raises(ConfigError, match=r"as .yaml, .yml or .json"):
        save_schema(schema, tmp_path / "schema.txt")


def test_drift_columns_skip_ids_and_coerce_numbers() -> None:
    schema = infer_schema(census())
    batch = census(10).astype({"age": object})
    batch.loc[0, "age"] = "old"
    cols, kinds = drift_columns(schema, batch)
    assert "id" not in cols
    assert kinds == {"age": "numeric", "income": "numeric", "colour": "categorical",
                     "label": "numeric"}  # fmt: skip
    assert np.isnan(cols["age"][0]) and cols["age"][1] == batch.loc[1, "age"]
