"""Reading batches: CSV, Parquet and NPZ by content, with names and categorical columns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hauberk.core import InputError
from hauberk.monitor import Batch, read_batch
from hauberk.monitor._frame import _read_csv_plain


def test_csv_keeps_names_kinds_and_missing_values(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("x,colour,n\n1.5,red,1\n,blue,2\n2.0,,3\n")
    for batch in (read_batch(path), _read_csv_plain(path)):
        assert batch.names == ("x", "colour", "n")
        assert batch.kinds == {"x": "numeric", "colour": "categorical", "n": "numeric"}
        assert np.isnan(batch.columns["x"][1])
        assert batch.columns["colour"].tolist() == ["red", "blue", ""]
        assert batch.rows == 3


def test_parquet_and_npz_by_content_not_name(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"a": [1.0, 2.0, None], "c": ["u", None, "w"], "b": [True, False, True]})
    pq.write_table(table, tmp_path / "data.csv")  # misleading name on purpose
    batch = read_batch(tmp_path / "data.csv")
    assert batch.kinds == {"a": "numeric", "c": "categorical", "b": "numeric"}
    assert batch.columns["c"].tolist() == ["u", "", "w"]
    np.savez(tmp_path / "x.npz", x=np.arange(6.0).reshape(3, 2), columns=np.array(["p", "q"]),
             y=np.array([0, 1, 0]))  # fmt: skip
    batch = read_batch(tmp_path / "x.npz")
    assert batch.names == ("p", "q", "y")
    np.savez(tmp_path / "cols.npz", u=np.arange(4.0), v=np.array(["a", "b", "a", "b"]))
    assert read_batch(tmp_path / "cols.npz").kinds == {"u": "numeric", "v": "categorical"}


def test_object_npz_and_empty_files_are_refused(tmp_path: Path) -> None:
    np.savez(tmp_path / "o.npz", x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(InputError, match="object arrays are refused"):
        read_batch(tmp_path / "o.npz")
    (tmp_path / "e.csv").write_text("")
    with pytest.raises(InputError, match=r"e\.csv: empty file"):
        read_batch(tmp_path / "e.csv")
    (tmp_path / "h.csv").write_text("a,b\n")
    with pytest.raises(InputError, match=r"h\.csv: no rows"):
        read_batch(tmp_path / "h.csv")
    with pytest.raises(InputError, match="no such file"):
        read_batch(tmp_path / "missing.csv")


def test_from_array_names_columns() -> None:
    batch = Batch.from_array(np.ones((4, 2)), ["a", "b"], "src")
    assert batch.names == ("a", "b") and batch.numeric(["b", "a"]).shape == (4, 2)
    with pytest.raises(InputError, match="3 names for 2 columns"):
        Batch.from_array(np.ones((4, 2)), ["a", "b", "c"])
