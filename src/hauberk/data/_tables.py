"""Reading one tabular file (CSV, Parquet, NPZ) into a pandas DataFrame, or refusing it in one line.

The format is told from the content (``PK`` zip header: NPZ; ``PAR1``: Parquet; otherwise
UTF-8 CSV with a header row), never from the name. Every refusal is an :class:`InputError`
naming the file and, where there is one, the line or the column: a CSV that is not UTF-8
names the line and byte of the first bad byte; an NPZ with object arrays is refused unread
(they are pickles). Sizes are capped before anything is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hauberk.core import InputError
from hauberk.core._tables import (
    Limits,
    check_file,
    check_utf8,
    npz_columns,
    read_arrow,
    read_npz,
    sniff,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_COLUMNS",
    "MAX_TABLE_BYTES",
    "TABLE_SUFFIXES",
    "TableShape",
    "check_utf8",
    "is_table",
    "read_table",
    "shape_of",
]

MAX_TABLE_BYTES = 2 * 1024**3
MAX_COLUMNS = 10_000
#: File name endings that hold a table; a manifest counts the rows of these.
TABLE_SUFFIXES = (".csv", ".parquet", ".npz")


def _limits() -> Limits:
    """Read at call time, so a test (or a caller) can lower the module's limits."""
    return Limits(file_bytes=MAX_TABLE_BYTES, columns=MAX_COLUMNS)


@dataclass(frozen=True)
class TableShape:
    """What a manifest records of one table: rows and the columns with their dtypes."""

    rows: int
    columns: tuple[tuple[str, str], ...]


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def read_table(path: str | Path) -> pd.DataFrame:
    """The table in ``path`` as a DataFrame with a 0-based row index (row = position in file)."""
    import pandas as pd

    path = Path(path)
    limits = _limits()
    check_file(path, limits)
    kind = sniff(path)
    if kind == "npz":
        frame = pd.DataFrame(npz_columns(path, read_npz(path, limits)))
    elif kind in ("csv", "parquet"):
        frame = read_arrow(path, kind, limits).to_pandas()
    else:
        raise InputError(f"{path}: JSON Lines is not a table here; give .csv, .parquet or .npz")
    names = [str(c) for c in frame.columns]
    _checked(TableShape(len(frame), tuple((n, "") for n in names)), path)
    frame.columns = pd.Index(names)
    return frame.reset_index(drop=True)


def shape_of(path: Path) -> TableShape:
    """Rows and columns (name, Arrow or numpy type) of a table, read and checked in full
    with pyarrow or numpy but without building a DataFrame (ingest reads every table)."""
    path = Path(path)
    limits = _limits()
    check_file(path, limits)
    kind = sniff(path)
    if kind == "npz":
        cols = npz_columns(path, read_npz(path, limits))
        rows = len(next(iter(cols.values())))
        return _checked(TableShape(rows, tuple((n, str(a.dtype)) for n, a in cols.items())), path)
    if kind == "jsonl":
        raise InputError(f"{path}: JSON Lines is not a table here; give .csv, .parquet or .npz")
    table = read_arrow(path, kind, limits)
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
