"""Reading one tabular file (CSV, Parquet, NPZ) into a pandas DataFrame, or refusing it in one line.

The format is told from the content (``PK`` zip header: NPZ; ``PAR1``: Parquet; otherwise
UTF-8 CSV with a header row), never from the name. Every refusal is an :class:`InputError`
naming the file and, where there is one, the line or the column: a CSV that is not UTF-8
names the line and byte of the first bad byte; an NPZ with object arrays is refused unread
(they are pickles). Sizes are capped before anything is parsed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hauberk.core import InputError

if TYPE_CHECKING:
    import pandas as pd

MAX_TABLE_BYTES = 2 * 1024**3
MAX_COLUMNS = 10_000
#: File name endings that hold a table; a manifest counts the rows of these.
TABLE_SUFFIXES = (".csv", ".parquet", ".npz")


@dataclass(frozen=True)
class TableShape:
    """What a manifest records of one table: rows and the columns with their dtypes."""

    rows: int
    columns: tuple[tuple[str, str], ...]


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def _kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK\x03\x04"):
        return "npz"
    if head == b"PAR1":
        return "parquet"
    return "csv"


def check_utf8(path: Path) -> None:
    """Raise naming the line and byte of the first byte that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, offset = 1, 0  # offset: bytes handed to the decoder so far
    with path.open("rb") as fh:
        while True:
            block = fh.read(1 << 20)
            pending = decoder.getstate()[0]  # an unfinished character from the last block
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                seen = pending + block
                bad = offset - len(pending) + exc.start
                line += seen[: exc.start].count(b"\n") - pending.count(b"\n")
                raise InputError(
                    f"{path}: line {line}: byte {bad} is not UTF-8 ({exc.reason}); "
                    "re-encode the file as UTF-8"
                ) from None
            if not block:
                return
            line += block.count(b"\n")
            offset += len(block)


def read_table(path: str | Path) -> pd.DataFrame:
    """The table in ``path`` as a DataFrame with a 0-based row index (row = position in file)."""
    import pandas as pd

    path = Path(path)
    _check_size(path)
    try:
        kind = _kind(path)
        frame = {"npz": _read_npz, "parquet": _read_parquet, "csv": _read_csv}[kind](path)
    except PermissionError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if frame.shape[1] == 0:
        raise InputError(f"{path}: no columns")
    if frame.shape[1] > MAX_COLUMNS:
        raise InputError(f"{path}: more than {MAX_COLUMNS} columns")
    names = [str(c) for c in frame.columns]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"{path}: column {dupes[0]!r} appears more than once")
    frame.columns = pd.Index(names)
    return frame.reset_index(drop=True)


def _read_csv(path: Path) -> pd.DataFrame:
    import pyarrow.csv as pcsv

    check_utf8(path)
    try:
        table = pcsv.read_csv(path)
    except Exception as exc:  # pyarrow's own errors name the row ("Row #3: ...")
        raise InputError(f"{path}: not a readable CSV file: {_one_line(exc)}") from None
    return table.to_pandas()


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise InputError(f"{path}: not a readable Parquet file: {_one_line(exc)}") from None
    return table.to_pandas()


def _read_npz(path: Path) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays: dict[str, Any] = {k: npz[k] for k in npz.files}
    except ValueError as exc:
        raise InputError(f"{path}: object arrays are refused (they are pickles): {exc}") from None
    except Exception as exc:
        raise InputError(f"{path}: not a readable .npz: {_one_line(exc)}") from None
    if "x" in arrays:
        x = arrays.pop("x")
        if x.ndim != 2:
            raise InputError(f"{path}: array 'x' must be 2-D (rows, columns), got {x.shape}")
        names = [str(n) for n in arrays.pop("columns")] if "columns" in arrays else None
        names = names or [f"f{i}" for i in range(x.shape[1])]
        if len(names) != x.shape[1]:
            raise InputError(f"{path}: {len(names)} column names for {x.shape[1]} columns")
        frame = pd.DataFrame(x, columns=names)
        for key, arr in arrays.items():
            if arr.ndim != 1 or len(arr) != len(frame):
                raise InputError(f"{path}: array {key!r} is not one value per row of 'x'")
            if key in frame.columns:
                raise InputError(f"{path}: array {key!r} is also a column of 'x'")
            frame[key] = arr
        return frame
    if not arrays:
        raise InputError(f"{path}: no arrays")
    lengths = {k: a.shape for k, a in arrays.items()}
    bad = next((k for k, a in arrays.items() if a.ndim != 1), None)
    if bad is not None:
        raise InputError(f"{path}: array {bad!r} is not 1-D; give a 2-D 'x' or 1-D columns")
    if len({s[0] for s in lengths.values()}) > 1:
        raise InputError(f"{path}: the 1-D arrays have different lengths {sorted(lengths)}")
    return pd.DataFrame(arrays)


def shape_of(path: Path) -> TableShape:
    """Rows and columns (name, Arrow or numpy type) of a table, read and checked in full
    with pyarrow or numpy but without building a DataFrame (ingest reads every table)."""
    path = Path(path)
    _check_size(path)
    kind = _kind(path)
    if kind == "npz":
        frame = _read_npz(path)
        columns = tuple((str(n), str(t)) for n, t in frame.dtypes.items())
        return _checked(TableShape(len(frame), columns), path)
    if kind == "csv":
        import pyarrow.csv as pcsv

        check_utf8(path)
        try:
            table = pcsv.read_csv(path)
        except Exception as exc:
            raise InputError(f"{path}: not a readable CSV file: {_one_line(exc)}") from None
    else:
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except Exception as exc:
            raise InputError(f"{path}: not a readable Parquet file: {_one_line(exc)}") from None
    columns = tuple((str(f.name), str(f.type)) for f in table.schema)
    return _checked(TableShape(table.num_rows, columns), path)


def _checked(shape: TableShape, path: Path) -> TableShape:
    if not shape.columns:
        raise InputError(f"{path}: no columns")
    if len(shape.columns) > MAX_COLUMNS:
        raise InputError(f"{path}: more than {MAX_COLUMNS} columns")
    names = [n for n, _ in shape.columns]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"{path}: column {dupes[0]!r} appears more than once")
    return shape


def _check_size(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size > MAX_TABLE_BYTES:
        raise InputError(f"{path}: larger than {MAX_TABLE_BYTES} bytes; split it")
    if size == 0:
        raise InputError(f"{path}: empty file (no header, no rows)")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
