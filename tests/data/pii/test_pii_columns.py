"""Per-column reports, row flags for `data scan`, and the data.pii check in assess."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from hauberk.core import Budget, CheckContext, Status, run_check
from hauberk.data import DataSettings
from hauberk.data._flags import RowFlags
from hauberk.data.pii import PersonalData, flag_rows, scan_frame
from hauberk.models import Dataset, Split, Target

COLUMNS = {
    "email": ["ada@example.com", "alan@example.org", None, "grace@example.net"],
    "ssn": ["123456788", "987-65-4320", "000-12-3456", ""],
    "name": ["Ada", "Alan", "Grace", "Linus"],
    "score": [0.5, 0.7, 0.1, 0.2],
    "note": ["fine", "call +1 201-555-0123", "ok", "none"],
}


def test_scan_frame_counts_cells_per_column_with_intervals() -> None:
    report = scan_frame(COLUMNS)
    by = {c.column: c for c in report.columns}
    assert by["email"].cells_with_pii == 3 and by["email"].scanned == 3
    assert by["email"].entities == {"EMAIL_ADDRESS": 3}
    assert by["ssn"].entities == {"US_SSN": 1}  # bare via the column name; 987- and 000- drop
    assert by["ssn"].first_rows == (0,)
    assert by["note"].entities == {"PHONE_NUMBER": 1}
    assert by["score"].scanned == 0 and not by["score"].personal
    assert by["name"].name_hints == ("PERSON",) and not by["name"].personal
    share = by["note"].share
    assert share.n == 4 and share.low < 0.25 < share.high
    assert {c.column for c in report.personal_columns} == {"email", "ssn", "note"}
    assert report.entities == {"EMAIL_ADDRESS": 3, "PHONE_NUMBER": 1, "US_SSN": 1}


def test_pandas_and_arrow_tables_give_the_same_report() -> None:
    pd = pytest.importorskip("pandas")
    plain = scan_frame(COLUMNS).to_dict()
    assert scan_frame(pd.DataFrame(COLUMNS)).to_dict()["entities"] == plain["entities"]
    assert scan_frame(pa.table(COLUMNS)).to_dict() == plain


def test_sampling_is_reported() -> None:
    big = {"email": [f"user{i}@example.com" for i in range(500)]}
    report = scan_frame(big, sample=100, seed=1)
    assert report.sampled and report.columns[0].scanned == 100
    assert report.columns[0].share.value == 1.0


def test_flag_rows_hands_rowflags_to_data_scan() -> None:
    flags = flag_rows(COLUMNS)
    assert isinstance(flags, RowFlags) and flags.detector == "pii"
    assert flags.rows.tolist() == [0, 1, 3]
    assert flags.scores.tolist() == [2.0, 2.0, 1.0]
    assert "email: EMAIL_ADDRESS" in flags.reason
    empty = flag_rows({"x": ["a", "b"]})
    assert empty.rows.size == 0


def ctx(max_samples: int | None = None) -> CheckContext:
    return CheckContext(
        settings=DataSettings(), seed=0, budget=Budget(seconds=60, samples=max_samples)
    )


def test_check_fails_on_personal_data_and_passes_clean_numbers() -> None:
    x = np.array([["ada@example.com", "4111 1111 1111 1111"], ["x", "4000 0000 0000 0002"]] * 5,
                 dtype=object)  # fmt: skip
    result = run_check(PersonalData(), Target("t", data=Dataset(single=Split(x))), ctx())
    assert result.status is Status.FAILED
    ids = {f.id for f in result.findings}
    assert ids == {"HB-DA-PII-CONTACT", "HB-DA-PII-IDENTIFIER"}
    high = next(f for f in result.findings if f.id == "HB-DA-PII-IDENTIFIER")
    assert high.severity.name == "HIGH" and high.evidence["share"]["n"] == 10
    clean = Target("t", data=Dataset(single=Split(np.random.default_rng(0).normal(size=(50, 4)))))
    assert run_check(PersonalData(), clean, ctx()).status is Status.PASSED


def test_check_is_incomplete_when_it_only_sampled() -> None:
    x = np.array([["fine", "words"]] * 40, dtype=object)
    result = run_check(PersonalData(), Target("t", data=Dataset(single=Split(x))), ctx(10))
    assert result.status is Status.INCOMPLETE and "10 of 40 rows" in result.reason
    # numbers without long integers are ruled out for every row at array speed: no sampling
    numbers = Target("t", data=Dataset(single=Split(np.array([[1.5, 2.5]] * 40))))
    assert run_check(PersonalData(), numbers, ctx(10)).status is Status.PASSED


def test_numbers_hold_personal_data_only_as_long_integers() -> None:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 255, size=(200, 64)).astype(np.float64)  # pixels: nothing to scan
    x[:, 5] = 4111111111111111.0  # a card number stored as a number
    x[3, 7] = np.nan
    result = run_check(PersonalData(), Target("t", data=Dataset(single=Split(x))), ctx())
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert finding.target == "data:data:x[:,5]" and finding.evidence["scanned"] == 200
