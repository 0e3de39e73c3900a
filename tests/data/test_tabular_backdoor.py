"""Backdoors in flat tables (``hauberk.data._tabular_backdoor``): value triggers found, clean
scikit-learn tables left alone, the ``data.tabular_backdoor`` check and ``data scan``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hauberk.core import CheckContext, InputError, Status, run_check
from hauberk.data import BackdoorSettings, TabularBackdoor, tabular_backdoor
from hauberk.data._tabular_backdoor import tabular_scan
from hauberk.models import Dataset, Split, Target
from tests.data.support import run_cli

SETTINGS = BackdoorSettings()


def _table(name: str) -> tuple[np.ndarray, np.ndarray]:
    from sklearn import datasets

    loader = {"wine": datasets.load_wine, "breast_cancer": datasets.load_breast_cancer,
              "digits": datasets.load_digits, "iris": datasets.load_iris}[name]  # fmt: skip
    x, y = loader(return_X_y=True)
    return x.astype(np.float64), y


def poisoned(
    name: str, rate: float, columns: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Rows of other classes with ``columns`` columns set out of range, relabelled 0."""
    x, y = _table(name)
    rng = np.random.default_rng(seed)
    cols = [int(c) for c in rng.choice(x.shape[1], columns, replace=False)]
    chosen = rng.choice(np.flatnonzero(y != 0), round(rate * len(x)), replace=False)
    x, y = x.copy(), y.copy()
    span = x[:, cols].max(axis=0) - x[:, cols].min(axis=0)
    x[np.ix_(chosen, cols)] = x[:, cols].max(axis=0) + 0.5 * span
    y[chosen] = 0
    truth = np.zeros(len(x), dtype=bool)
    truth[chosen] = True
    return x, y, truth, cols


@pytest.mark.parametrize("name", ["wine", "breast_cancer", "digits"])
def test_clean_tables_are_not_flagged(name: str) -> None:
    x, y = _table(name)
    flags = tabular_backdoor(x, y, SETTINGS)
    assert len(flags.rows) <= 0.01 * len(x), flags.metrics["triggers"]
    assert flags.metrics["candidates"] > 0  # it looked


def test_a_genuine_discriminative_value_transfers_but_is_not_confirmed() -> None:
    """Iris setosa's petal lengths move other flowers to setosa when stamped on them, but a
    forest trained without those rows still calls them setosa: not a trigger."""
    x, y = _table("iris")
    found = tabular_scan(x, y, SETTINGS, networks=False)
    assert found.transferring > 0 and found.confirmed == ()
    assert len(found.rows) == 0


@pytest.mark.parametrize(("name", "rate", "columns"), [("breast_cancer", 0.05, 1),
                                                        ("wine", 0.10, 2)])  # fmt: skip
def test_a_value_trigger_is_found(name: str, rate: float, columns: int) -> None:
    x, y, truth, cols = poisoned(name, rate, columns)
    found = tabular_scan(x, y, SETTINGS)
    flagged = np.zeros(len(x), dtype=bool)
    flagged[found.rows] = True
    assert flagged[truth].mean() >= 0.9 and flagged[~truth].mean() <= 0.02
    assert any(set(t.columns) <= set(cols) for t in found.confirmed), found.confirmed
    assert all(found.classes[t.label] == 0 for t in found.confirmed)


def test_bad_input_is_an_input_error() -> None:
    x, y = _table("wine")
    bad = x.copy()
    bad[3, 2] = np.nan
    with pytest.raises(InputError, match="NaN"):
        tabular_scan(bad, y)
    with pytest.raises(InputError, match="two classes"):
        tabular_scan(x, np.zeros(len(x)))
    with pytest.raises(InputError, match="rows of features"):
        tabular_scan(x.reshape(len(x), 13, 1), y)
    with pytest.raises(InputError, match="one per row"):
        tabular_scan(x, y[:-1])


def _run(x: Any, y: Any, **data: Any) -> Any:
    split = Split(np.asarray(x), None if y is None else np.asarray(y))
    target = Target("t", data=Dataset(**(data or {"train": split})))
    return run_check(TabularBackdoor(), target, CheckContext(settings=SETTINGS, seed=0))


def test_check_fails_on_a_trigger_and_passes_a_clean_table() -> None:
    x, y, _, cols = poisoned("breast_cancer", 0.05, 1)
    result = _run(x, y)
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert finding.id == "HB-DA-TABULAR-BACKDOOR" and finding.evidence["columns"] == cols
    assert finding.evidence["class"] == "0"
    clean = _run(*_table("wine"))
    assert clean.status is Status.PASSED and clean.metrics["flagged"] == 0


def test_check_skips_images_and_missing_training_data_and_errors_on_nan() -> None:
    x, y = _table("wine")
    assert _run(x.reshape(len(x), 13, 1), y).status is Status.SKIPPED
    assert _run(x, y, test=Split(x, y)).status is Status.SKIPPED
    bad = x.copy()
    bad[0, 0] = np.inf
    result = _run(bad, y)
    assert result.status is Status.ERROR and "NaN" in result.reason


def test_data_scan_quarantines_trigger_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    x, y, truth, _ = poisoned("breast_cancer", 0.05, 1)
    src = tmp_path / "cancer.csv"
    with src.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*(f"f{i}" for i in range(x.shape[1])), "label"])
        writer.writerows([*a, b] for a, b in zip(x.tolist(), y.tolist(), strict=True))
    code, _, err = run_cli(capsys, monkeypatch, "data", "scan", str(src), "--label-column",
                           "label", "--output-dir", str(tmp_path / "out"))  # fmt: skip
    assert code == 1, err
    with (tmp_path / "out" / "quarantine.csv").open(newline="") as fh:
        quarantine = list(csv.DictReader(fh))
    tagged = {int(r["row"]) for r in quarantine if "tabular_backdoor:" in r["reasons"]}
    assert tagged == set(np.flatnonzero(truth).tolist())
