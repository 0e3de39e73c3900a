"""`[data]`: train and test files or factories, labels that are words, CSV refusals that
name the file, row and column."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.assess import assess, parse_config
from hauberk.assess._data import read_csv
from hauberk.core import ConfigError, InputError, Status, default_registry

NAMES = np.array(["setosa", "versicolor", "virginica"])


def _iris() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    order = np.random.default_rng(0).permutation(len(x))
    return x[order], NAMES[y[order]]


def named_forest() -> Any:
    """A classifier fitted on string labels, on the first 100 rows (the members)."""
    from sklearn.tree import DecisionTreeClassifier

    x, y = _iris()
    return DecisionTreeClassifier(random_state=0).fit(x[:100], y[:100])


def _write(path: Path, x: np.ndarray, y: np.ndarray) -> Path:
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["sepal length", "sepal width", "petal length", "petal width", "species"])
        out.writerows([*map(str, row), label] for row, label in zip(x, y, strict=True))
    return path


def _config(tmp_path: Path, data: dict[str, Any], **assess_table: Any) -> Any:
    raw = {
        "model": {"python": "tests.assess.test_data:named_forest"},
        "data": {"label": "species", **data},
        "assess": assess_table,
    }
    return parse_config(raw, default_registry(), source="assess.toml", base_dir=tmp_path)


def test_csv_train_and_test_with_word_labels_run_the_privacy_stage(tmp_path: Path) -> None:
    x, y = _iris()
    _write(tmp_path / "train.csv", x[:100], y[:100])
    _write(tmp_path / "test.csv", x[100:], y[100:])
    cfg = _config(tmp_path, {"train": "train.csv", "test": "test.csv"},
                  stages=["privacy", "performance"])  # fmt: skip
    report = assess(cfg)
    by = {r.check: r for r in report.results}
    assert by["governance.performance"].status is not Status.ERROR, by["governance.performance"]
    assert by["governance.performance"].metrics["accuracy"] > 0.8
    privacy = [r for r in report.results if r.stage == "privacy"]
    assert privacy
    assert any(r.status is not Status.SKIPPED for r in privacy), [r.reason for r in privacy]
    assert all("membership" not in (r.reason or "") for r in privacy)
    mapping = report.target["data"]["label_encoding"]  # type: ignore[index]
    assert mapping == {"setosa": 0, "versicolor": 1, "virginica": 2}


def test_without_train_and_test_the_skip_reason_says_how(tmp_path: Path) -> None:
    x, y = _iris()
    _write(tmp_path / "all.csv", x, y)
    report = assess(_config(tmp_path, {"path": "all.csv"}, stages=["privacy"]))
    reasons = {r.reason for r in report.results if r.status is Status.SKIPPED}
    assert any("give [data] train and test" in (r or "") for r in reasons), reasons


def test_train_and_test_accept_factories(tmp_path: Path) -> None:
    cfg = _config(
        tmp_path,
        {"train": "tests.assess.test_data:train_rows", "test": "tests.assess.test_data:test_rows"},
        stages=["performance"],
    )
    report = assess(cfg)
    assert report.target["data"]["train"]["rows"] == 100  # type: ignore[index]


def train_rows() -> tuple[np.ndarray, np.ndarray]:
    x, y = _iris()
    return x[:100], y[:100]


def test_rows() -> tuple[np.ndarray, np.ndarray]:
    x, y = _iris()
    return x[100:], y[100:]


test_rows.__test__ = False  # type: ignore[attr-defined]


def test_train_without_test_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[data\].*train and test go together"):
        _config(tmp_path, {"train": "a.csv"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b,label\n", r"has a header but no data rows"),
        ("", r"empty file"),
        ("a,b,label\n1,2,0\n1,x,1\n", r"row 1 column 'b': 'x' is not a number; .* \(line 3\)"),
        ("a,b,label\n1,2\n", r"row 0: 2 values but the header names 3 columns \(line 2\)"),
        ("a,b,kind\n1,2,cat\n", r"column 'kind': 'cat' is not a number; if 'kind' is the label"),
    ],
)
def test_csv_refusals_name_the_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as info:
        read_csv(path, label=None, where="[data] path")
    assert str(info.value).startswith("[data] path: ")
    assert "\n" not in str(info.value)


def test_word_labels_are_encoded_with_their_mapping(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("a,b,label\n1,2,dog\n3,4,cat\n5,6,dog\n")
    split, mapping = read_csv(path, label=None, where="[data] path")
    assert mapping == {"cat": 0, "dog": 1}
    assert split.y is not None and split.y.tolist() == [1, 0, 1]
