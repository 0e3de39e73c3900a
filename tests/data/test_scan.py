"""The detector registry, the union into a quarantine, and writing both sets or neither."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hauberk.data._flags import RowFlags
from hauberk.data._scan import DETECTORS, detect_label_flips, scan_report, scan_rows, write_scan
from hauberk.data._stage import DataSettings
from hauberk.data._table import read_table


def fixed(name: str, rows: list[int], score: float) -> Any:
    def detector(x: Any, y: Any, model: Any, settings: DataSettings) -> RowFlags:
        r = np.asarray(rows, dtype=np.int64)
        return RowFlags(name, f"{name} says so", r, np.full(len(r), score))

    return detector


def write_csv(path: Path, x: np.ndarray, y: np.ndarray) -> None:
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([*(f"f{i}" for i in range(x.shape[1])), "label"])
        for a, b in zip(x.tolist(), y.tolist(), strict=True):
            writer.writerow([*a, b])


def test_label_flips_are_registered() -> None:
    assert detect_label_flips in DETECTORS


def test_quarantine_is_the_union_with_every_detectors_reason_and_score() -> None:
    x = np.zeros((6, 2))
    y = np.array([0, 1, 0, 1, 0, 1])
    result = scan_rows(x, y, detectors=(fixed("a", [1, 3], 0.5), fixed("b", [3, 4], 0.9)))
    assert result.quarantined.tolist() == [1, 3, 4]
    assert result.clean.tolist() == [0, 2, 5]
    assert result.reasons(result.quarantined) == [
        "a: a says so",
        "a: a says so; b: b says so",
        "b: b says so",
    ]
    scores = result.scores(result.quarantined)
    assert scores["a"][:2].tolist() == [0.5, 0.5] and np.isnan(scores["a"][2])
    assert np.isnan(scores["b"][0]) and scores["b"][1:].tolist() == [0.9, 0.9]
    report = scan_report("t.csv", result)
    assert report.summary()["findings"] == 2
    assert report.findings[0].evidence["share"]["n"] == 6


def test_a_detector_flagging_rows_that_do_not_exist_is_an_error() -> None:
    with pytest.raises(ValueError, match="outside"):
        scan_rows(np.zeros((3, 1)), np.array([0, 1, 0]), detectors=(fixed("a", [3], 1.0),))


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5])
def test_clean_and_quarantine_appear_together_or_not_at_all(tmp_path: Path, fail_at: int) -> None:
    """A failure after any write or rename (temporaries of both, then both renames) leaves
    neither set, no report and no temporary file."""
    src = tmp_path / "d.csv"
    write_csv(src, np.arange(12.0).reshape(6, 2), np.array([0, 1] * 3))
    table = read_table(src, label="label")
    result = scan_rows(table.x, table.y, detectors=(fixed("a", [1], 0.5),))
    out = tmp_path / "out"
    calls = {"n": 0}

    def between() -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise KeyboardInterrupt  # as if the user pressed ^C right there

    with pytest.raises(KeyboardInterrupt):
        write_scan(table, result, scan_report(str(src), result), out, ["json"], _between=between)
    assert list(out.iterdir()) == []


cells = st.floats(allow_nan=False, allow_infinity=False, width=32)


rows_of = st.tuples(cells, cells, st.sampled_from(["cat", "dog", "7"]))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.lists(rows_of, min_size=2, max_size=30),
    flagged=st.sets(st.integers(0, 29)),
)
def test_csv_rows_come_back_unchanged_and_each_in_one_set(
    tmp_path: Path, data: list[tuple[float, float, str]], flagged: set[int]
) -> None:
    if len({label for *_, label in data}) < 2:
        data = [*data, (0.0, 0.0, "cat" if data[0][2] != "cat" else "dog")]
    src = tmp_path / "d.csv"
    text = "a,b,label\n" + "".join(f"{a!r},{b!r},{c}\n" for a, b, c in data)
    src.write_text(text)
    table = read_table(src, label="label")
    rows = sorted(r for r in flagged if r < len(data))
    result = scan_rows(table.x, table.y, detectors=(fixed("a", rows, 0.25),))
    out = tmp_path / "out"
    write_scan(table, result, scan_report(str(src), result), out)
    clean = list(csv.DictReader(io.StringIO((out / "clean.csv").read_text())))
    quarantine = list(csv.DictReader(io.StringIO((out / "quarantine.csv").read_text())))
    seen = sorted(int(r["row"]) for r in clean + quarantine)
    assert seen == list(range(len(data)))
    assert [int(r["row"]) for r in quarantine] == rows
    original = list(csv.DictReader(io.StringIO(text)))
    for r in clean + quarantine:
        want = original[int(r["row"])]
        assert (r["a"], r["b"], r["label"]) == (want["a"], want["b"], want["label"])
    for r in quarantine:
        assert r["reasons"] == "a: a says so" and float(r["score_a"]) == 0.25


def test_backdoor_detector_runs_on_images_and_tables() -> None:
    """`data scan` runs the backdoor detectors on image-shaped rows; on flat tables (where the
    default network's features flag about 12% of clean wine rows) the tabular detector."""
    from sklearn.datasets import load_digits, load_wine

    from hauberk.data import DataSettings
    from hauberk.data._scan import DETECTORS, detect_backdoor

    assert detect_backdoor in DETECTORS
    x, y = load_wine(return_X_y=True)
    flat = detect_backdoor(x, y, None, DataSettings())
    assert flat.detector == "tabular_backdoor" and len(flat.rows) == 0  # clean wine
    assert flat.metrics["candidates"] > 0
    digits = load_digits()
    images = detect_backdoor(digits.images[:400] / 16.0, digits.target[:400], None, DataSettings())
    assert images.detector == "backdoor" and "not_run" not in images.metrics
    assert len(images.rows) <= 0.05 * 400  # clean digits: few flags
