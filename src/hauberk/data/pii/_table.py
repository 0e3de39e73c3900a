"""Tables in and out for personal-data scans and masking: CSV, Parquet, JSON Lines.

Every value is kept as read (CSV cells are strings); only cells that change are rewritten, in
the input's format, to a temporary file renamed into place. Refusals name the file, the row
(1-based, counting the CSV header) and the column.
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


def read_table(path: Path, *, fmt: str | None = None) -> Table:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"{path} is larger than {MAX_FILE_BYTES >> 30} GiB; split it first")
    fmt = fmt or table_format(path)
    reader = {"csv": _read_csv, "parquet": _read_parquet, "jsonl": _read_jsonl}[fmt]
    table = reader(path)
    if not table.columns or table.rows == 0:
        raise InputError(f"{path} has no data rows")
    return table


def _read_csv(path: Path) -> Table:
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        return _read_csv_rows(path)
    finally:
        csv.field_size_limit(previous)


def _read_csv_rows(path: Path) -> Table:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path} is empty; it needs a header row and data rows")
            names = [h.strip() for h in header]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes or "" in names:
                what = f"repeats column(s) {dupes}" if dupes else "has an unnamed column"
                raise InputError(f"{path}: the header {what}; give every column one name")
            columns: dict[str, list[Any]] = {n: [] for n in names}
            cells = list(columns.values())
            for n, row in enumerate(reader, start=2):
                if n > MAX_ROWS + 1:
                    raise InputError(f"{path} has more than {MAX_ROWS} rows; split it first")
                if len(row) != len(names):
                    raise InputError(
                        f"{path} row {n} has {len(row)} values but the header names "
                        f"{len(names)} columns"
                    )
                for col, value in zip(cells, row, strict=True):
                    col.append(value)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 text (byte {exc.start} of a line); re-encode it as UTF-8"
        ) from None
    except csv.Error as exc:
        raise InputError(f"{path} is not valid CSV: {exc}") from None
    return Table(columns, "csv")


def _read_parquet(path: Path) -> Table:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the data extra
        raise InputError("reading Parquet needs pyarrow: pip install 'hauberk[data]'") from None
    try:
        arrow = pq.read_table(path)
    except Exception as exc:
        raise InputError(f"{path} is not a readable Parquet file: {exc}") from None
    return Table(as_columns(arrow), "parquet", {"schema": arrow.schema})


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack += [(v, d + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, d + 1) for v in item]
    return deepest


def _read_jsonl(path: Path) -> Table:
    records: list[dict[str, Any]] = []
    names: dict[str, None] = {}
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                if len(records) >= MAX_ROWS:
                    raise InputError(f"{path} has more than {MAX_ROWS} records; split it first")
                if len(line) > MAX_CELL_CHARS * 4:
                    raise InputError(f"{path} line {n} is longer than {MAX_CELL_CHARS * 4} chars")
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path} line {n} is not JSON: {exc.msg}") from None
                except RecursionError:
                    raise InputError(f"{path} line {n} nests too deeply") from None
                if not isinstance(record, dict):
                    raise InputError(f"{path} line {n} is not a JSON object")
                if _depth(record, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
                    raise InputError(f"{path} line {n} nests deeper than {MAX_JSON_DEPTH}")
                names.update(dict.fromkeys(record))
                records.append(record)
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; re-encode it as UTF-8") from None
    columns = {name: [r.get(name) for r in records] for name in names}
    return Table(columns, "jsonl", {"records": records})


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
