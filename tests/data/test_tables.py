"""Reading tables: bad input is one line naming the file, line or column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import InputError
from hauberk.data import read_table


def test_reads_csv_parquet_and_npz_by_content(tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    frame.to_csv(tmp_path / "t.data", index=False)
    frame.to_parquet(tmp_path / "t.csv")  # a misleading name: the content decides
    np.savez(tmp_path / "t.npz", x=np.eye(3), y=np.arange(3))
    assert read_table(tmp_path / "t.data")["b"].tolist() == ["x", "y", "z"]
    assert read_table(tmp_path / "t.csv")["a"].tolist() == [1, 2, 3]
    assert list(read_table(tmp_path / "t.npz").columns) == ["f0", "f1", "f2", "y"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"bad.csv: empty file"),
        (b"a,b\n1,2\n3,\xff\n", r"bad.csv: line 3: byte 10 is not UTF-8"),
        (b"a,b\n1,2\n1,2,3\n", r"bad.csv: not a readable CSV file: .*Expected 2 columns, got 3"),
        (b"a,a\n1,2\n", r"bad.csv: column 'a' appears more than once"),
    ],
)
def test_bad_csv(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_table(path)


def test_npz_with_object_arrays_is_refused_unread(tmp_path: Path) -> None:
    np.savez(tmp_path / "o.npz", x=np.array([[{"a": 1}]], dtype=object))
    with pytest.raises(InputError, match="object arrays are refused"):
        read_table(tmp_path / "o.npz")


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    path = tmp_path / "locked.csv"
    path.write_text("a\n1\n")
    os.chmod(path, 0)
    if os.access(path, os.R_OK):  # root reads anything
        pytest.skip("running as root: mode 000 does not stop reads")
    with pytest.raises(InputError, match=r"locked.csv: cannot read"):
        read_table(path)


@given(st.binary(max_size=200))
def test_utf8_check_agrees_with_python_and_names_the_line(data: bytes) -> None:
    import tempfile

    from hauberk.data._tables import check_utf8

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(data)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            with pytest.raises(InputError, match=rf"line {line}: byte {exc.start} is not UTF-8"):
                check_utf8(path)
        else:
            check_utf8(path)
