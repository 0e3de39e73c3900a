"""Tables in and out for personal-data scans and masking: CSV, Parquet, JSON Lines.

Every value is kept as read (CSV cells are strings); only cells that change are rewritten, in
the input's format, to a temporary file renamed into place. Reading goes through
:mod:`hauberk.core._tables` (the one bounded reader); refusals name the file, the row (0-based
data row; the file line is given too) and the column.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hauberk.core import InputError
from hauberk.core._tables import (
    Limits,
    check_file,
    read_arrow,
    read_csv_rows,
    read_jsonl,
    sniff,
)

MAX_FILE_BYTES = 4 << 30
MAX_ROWS = 10_000_000
MAX_CELL_CHARS = 1 << 20
MAX_JSON_DEPTH = 64
FORMATS = ("csv", "parquet", "jsonl")


@dataclass
class Table:
    """Columns by name, each a list of values (None where missing), and the file format."""

    columns: dict[str, list[Any]]
    format: str = "csv"
    # Parquet: the arrow schema, to write unchanged columns back with their types
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0


def table_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise InputError(f"{path}: unknown table format {suffix!r}; give .csv, .parquet or .jsonl")


def as_columns(table: Any) -> dict[str, list[Any]]:
    """Columns of a :class:`Table`, a pandas DataFrame, a pyarrow Table or a mapping."""
    if isinstance(table, Table):
        return table.columns
    if hasattr(table, "column_names") and hasattr(table, "column"):  # pyarrow.Table
        return {str(n): table.column(n).to_pylist() for n in table.column_names}
    if hasattr(table, "columns") and hasattr(table, "__getitem__") and hasattr(table, "iloc"):
        return {str(c): table[c].tolist() for c in table.columns}  # pandas.DataFrame
    if isinstance(table, Mapping):
        return {str(k): list(v) for k, v in table.items()}
    raise TypeError(
        f"expected a pandas DataFrame, pyarrow Table or mapping of columns, got "
        f"{type(table).__name__}"
    )


def _limits() -> Limits:
    """Read at call time, so a test (or a caller) can lower the module's limits."""
    return Limits(
        file_bytes=MAX_FILE_BYTES,
        rows=MAX_ROWS,
        cell_chars=MAX_CELL_CHARS,
        json_depth=MAX_JSON_DEPTH,
    )


def read_table(path: Path, *, fmt: str | None = None) -> Table:
    path = Path(path)
    limits = _limits()
    check_file(path, limits)
    fmt = fmt or table_format(path)
    found = sniff(path)  # the content wins over the name for Parquet and NPZ
    if found == "npz":
        raise InputError(f"{path} is an .npz archive; give a .csv, .parquet or .jsonl table")
    if found == "parquet":
        fmt = "parquet"
    if fmt == "csv":
        header, rows = read_csv_rows(path, limits)
        table = Table({n: [row[i] for row in rows] for i, n in enumerate(header)}, "csv")
    elif fmt == "parquet":
        arrow = read_arrow(path, "parquet", limits)
        table = Table(as_columns(arrow), "parquet", {"schema": arrow.schema})
    elif fmt == "jsonl":
        records = read_jsonl(path, limits)
        names: dict[str, None] = {}
        for record in records:
            names.update(dict.fromkeys(record))
        columns = {name: [r.get(name) for r in records] for name in names}
        table = Table(columns, "jsonl", {"records": records})
    else:
        raise InputError(f"{path}: unknown table format {fmt!r}; give csv, parquet or jsonl")
    if not table.columns or table.rows == 0:
        raise InputError(f"{path} has no data rows")
    return table


def cell_text(value: Any) -> str | None:
    """The text a cell holds, or None if it cannot hold personal data (null, bool, float)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # numbers stored as floats (a card number read as a double) only when integral
        return str(int(value)) if value.is_integer() and abs(value) >= 1e6 else None
    return None


def map_cells(
    table: Table, fn: Callable[[str, str], str], columns: Sequence[str] | None = None
) -> tuple[Table, int]:
    """A copy of ``table`` with ``fn(column, text)`` applied to every text cell of
    ``columns`` (default: all); returns it and how many cells changed."""
    changed = 0
    out: dict[str, list[Any]] = {}
    for name, values in table.columns.items():
        if columns is not None and name not in columns:
            out[name] = values
            continue
        new: list[Any] = []
        touched = False
        for value in values:
            text = cell_text(value)
            if text is None:
                new.append(value)
                continue
            result = fn(name, text)
            if result != text:
                changed += 1
                touched = True
                new.append(result)
            else:
                new.append(value)
        if touched and any(not isinstance(v, str) and v is not None for v in new):
            new = [v if v is None or isinstance(v, str) else cell_text(v) or str(v) for v in new]
        out[name] = new
    meta = dict(table.meta)
    if table.format == "jsonl":
        records = [dict(r) for r in table.meta["records"]]
        for name, values in out.items():
            if values is table.columns[name]:
                continue
            for record, value in zip(records, values, strict=True):
                if name in record:
                    record[name] = value
        meta["records"] = records
    return Table(out, table.format, meta), changed


def write_table(table: Table, path: Path) -> None:
    """Write ``table`` in its format to a temporary file beside ``path``, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        if table.format == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(list(table.columns))
            writer.writerows(zip(*table.columns.values(), strict=True))
            Path(tmp).write_text(buf.getvalue(), encoding="utf-8")
        elif table.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = table.meta.get("schema")
            arrays = {}
            for name, values in table.columns.items():
                typed = schema.field(name).type if schema is not None else None
                try:
                    arrays[name] = pa.array(values, type=typed)
                except (pa.ArrowInvalid, pa.ArrowTypeError):
                    arrays[name] = pa.array(values, type=pa.string())
            pq.write_table(pa.table(arrays), tmp)
        else:
            with open(tmp, "w", encoding="utf-8") as fh:
                for record in table.meta["records"]:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
