"""The one table reader: every limit refuses exactly past its bound, in one line naming the
file (and row, line or column), and nothing in a file is executed."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import InputError
from hauberk.core._tables import (
    Limits,
    check_file,
    npz_columns,
    read_arrow,
    read_csv_rows,
    read_jsonl,
    read_npz,
    sniff,
)

CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=8,
)


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)  # "\r" in a cell
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _one_line(exc: pytest.ExceptionInfo[InputError], path: Path) -> str:
    text = str(exc.value)
    assert "\n" not in text and str(path) in text, text
    return text


@settings(max_examples=40, deadline=None)
@given(
    n_rows=st.integers(1, 30),
    n_cols=st.integers(1, 6),
    row_limit=st.integers(1, 30),
    col_limit=st.integers(1, 6),
)
def test_row_and_column_limits_refuse_exactly_past_the_bound(
    n_rows: int, n_cols: int, row_limit: int, col_limit: int
) -> None:
    header = [f"c{i}" for i in range(n_cols)]
    rows = [[str(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
    limits = Limits(rows=row_limit, columns=col_limit)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(_csv_bytes(header, rows))
        for read in (lambda: read_csv_rows(path, limits), lambda: read_arrow(path, "csv", limits)):
            if n_rows > row_limit or n_cols > col_limit:
                with pytest.raises(InputError) as exc:
                    read()
                text = _one_line(exc, path)
                assert str(row_limit) in text or str(col_limit) in text
            else:
                read()


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(st.lists(CELL, min_size=2, max_size=2), min_size=1, max_size=10),
    cell_limit=st.integers(1, 8),
)
def test_cell_limit_names_the_row_and_agrees_with_the_stdlib(
    cells: list[list[str]], cell_limit: int
) -> None:
    """Under the limit the rows are exactly what ``csv.reader`` reads; past it, a refusal
    that names the first row holding a too-long cell."""
    cells = [[c.strip() or "v" for c in row] for row in cells]  # no blank lines
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(_csv_bytes(["a", "b"], cells))
        too_long = [r for r, row in enumerate(cells) if any(len(c) > cell_limit for c in row)]
        if too_long:
            with pytest.raises(InputError) as exc:
                read_csv_rows(path, Limits(cell_chars=cell_limit))
            assert f"row {too_long[0]}:" in _one_line(exc, path)
        else:
            header, rows = read_csv_rows(path, Limits(cell_chars=cell_limit))
            with path.open(newline="", encoding="utf-8") as fh:
                expected = list(csv.reader(fh))
            assert [header, *rows] == expected


def test_arrow_csv_cell_limit_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\nx,y\nx," + "z" * 50 + "\n")
    with pytest.raises(InputError, match=r"row 1 column 'b': a cell of 50 characters"):
        read_arrow(path, "csv", Limits(cell_chars=10))


@given(size=st.integers(1, 64), limit=st.integers(1, 64))
def test_file_size_limit(size: int, limit: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(b"a" * size)
        if size > limit:
            with pytest.raises(InputError, match=rf"{size} bytes, above the {limit}-byte limit"):
                check_file(path, Limits(file_bytes=limit))
        else:
            assert check_file(path, Limits(file_bytes=limit)) == size


@settings(max_examples=20, deadline=None)
@given(rows=st.integers(1, 50), limit=st.integers(64, 4096))
def test_npz_uncompressed_limit_is_checked_from_the_zip_directory(rows: int, limit: int) -> None:
    x = np.zeros((rows, 4))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.npz"
        np.savez_compressed(path, x=x)  # compresses far below its unpacked size
        with np.load(path) as npz:
            unpacked = npz.zip.infolist()[0].file_size
        if unpacked > limit:
            with pytest.raises(InputError, match=rf"unpack to {unpacked} bytes"):
                read_npz(path, Limits(npz_uncompressed=limit))
        else:
            assert read_npz(path, Limits(npz_uncompressed=limit))["x"].shape == (rows, 4)


def test_npz_object_arrays_are_refused_and_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str, str]]:
            return (open, (str(marker), "w"))

    path = tmp_path / "o.npz"
    np.savez(path, x=np.array([Boom()], dtype=object))
    with pytest.raises(InputError, match="object arrays are refused"):
        read_npz(path)
    assert not marker.exists()


@settings(max_examples=30, deadline=None)
@given(depth=st.integers(1, 20), limit=st.integers(1, 20))
def test_json_depth_limit(depth: int, limit: int) -> None:
    value: object = 1
    for _ in range(depth - 1):
        value = [value]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.jsonl"
        record = {"a": value}  # the object itself is one level
        path.write_text(json.dumps(record) + "\n")
        if depth + 1 > limit:
            with pytest.raises(InputError, match=rf"line 1 nests deeper than {limit}"):
                read_jsonl(path, Limits(json_depth=limit))
        else:
            assert read_jsonl(path, Limits(json_depth=limit)) == [record]


def test_time_limit_stops_a_long_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a\n" + "1\n" * 5000)
    with pytest.raises(InputError, match=r"took longer than 1e-09 s \(stopped at row 4096\)"):
        read_csv_rows(path, Limits(seconds=1e-9))
    with pytest.raises(InputError, match="took longer than"):
        read_arrow(path, "csv", Limits(seconds=1e-9))
    assert len(read_csv_rows(path)[1]) == 5000


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"empty file"),
        (b"a,b\n1\n", r"row 0: 1 values but the header names 2 columns \(line 2\)"),
        (b"a,a\n1,2\n", r"column 'a' appears more than once"),
        (b"a,,c\n1,2,3\n", r"column 2 of the header has no name"),
        (b"a,b\n1,2\n3,\xff\n", r"row 1: byte 0xff at offset 10 is not UTF-8 \(line 3\)"),
        (b"a,b\n", r"header but no data rows"),
    ],
)
def test_csv_refusals_name_row_line_and_column(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as exc:
        read_csv_rows(path)
    _one_line(exc, path)


def test_format_from_content_and_npz_layouts(tmp_path: Path) -> None:
    np.savez(tmp_path / "a.csv", x=np.eye(2), y=np.array([0, 1]))  # misleading name
    assert sniff(tmp_path / "a.csv.npz") == "npz"
    (tmp_path / "b.jsonl").write_text('{"a": 1}\n')
    assert sniff(tmp_path / "b.jsonl") == "jsonl"
    cols = npz_columns(tmp_path / "a.npz", read_npz(tmp_path / "a.csv.npz"))
    assert list(cols) == ["f0", "f1", "y"]
    with pytest.raises(InputError, match=r"array 'y' \(shape \(3,\)\) is not one value per row"):
        npz_columns(tmp_path / "a.npz", {"x": np.eye(2), "y": np.arange(3)})
    with pytest.raises(InputError, match="different lengths"):
        npz_columns(tmp_path / "a.npz", {"a": np.arange(2), "b": np.arange(3)})


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match=r"Limits.rows must be at least 1"):
        Limits(rows=0)


def test_rows_are_records_not_lines(tmp_path: Path) -> None:
    """A quoted cell spanning lines is one row: the error names the record, and the line."""
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n"x\ny\nz",1\n2,' + b"9" * 20 + b"\n")
    with pytest.raises(InputError, match=r"t.csv row 1: not valid CSV: .*\(line 5\)"):
        read_csv_rows(path, Limits(cell_chars=10))
    path.write_bytes(b'a,b\n"x\ny\nz",1\n2\n')
    with pytest.raises(InputError, match=r"t.csv row 1: 1 values but the header names 2"):
        read_csv_rows(path)
