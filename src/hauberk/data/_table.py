"""Read a labelled data file (CSV, Parquet, NPZ) and write its clean and quarantine sets.

Reading goes through :mod:`hauberk.core._tables` (the one bounded reader) with this
module's limits: a size limit per file, a row, column and cell limit for CSV,
``allow_pickle=False`` and an uncompressed-size limit for NPZ, and the row and column counts
from Parquet metadata before any data is read. Every refusal is one ``InputError`` naming
the file, the row (0-based data row, as in the ``row`` column written back) and the column.

Writing keeps every input column as it was and adds the 0-based ``row`` of the input; the
quarantine adds ``reasons`` and one ``score_<detector>`` per detector. Both files are
rendered in memory, written to temporary files beside their targets, and only then renamed
into place; if anything fails before both renames, neither file is left behind.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError
from hauberk.core._tables import (
    Limits,
    check_file,
    read_arrow,
    read_csv_rows,
    read_npz,
)
from hauberk.core._tables import sniff as _sniff

MAX_FILE_BYTES = 1024**3
MAX_ROWS = 5_000_000
MAX_COLUMNS = 100_000
MAX_CELL_CHARS = 1 << 20  # one CSV value; csv's own default is 128 KiB
MAX_NPZ_UNCOMPRESSED = 4 * 1024**3
ROW = "row"
REASONS = "reasons"

Kind = Literal["csv", "parquet", "npz"]


@dataclass(frozen=True)
class Table:
    """A labelled data set as the detectors see it (``x`` float features, ``y`` labels) and
    as it was read (``payload``), so that output files keep every value unchanged."""

    path: Path
    kind: Kind
    x: NDArray[np.float64]
    y: NDArray[Any]
    payload: Any

    @property
    def extension(self) -> str:
        return {"csv": "csv", "parquet": "parquet", "npz": "npz"}[self.kind]


def sniff(path: Path) -> Kind:
    kind = _sniff(path)
    return "csv" if kind == "jsonl" else kind


def _limits() -> Limits:
    """Read at call time, so a test (or a caller) can lower the module's limits."""
    return Limits(
        file_bytes=MAX_FILE_BYTES,
        rows=MAX_ROWS,
        columns=MAX_COLUMNS,
        cell_chars=MAX_CELL_CHARS,
        npz_uncompressed=MAX_NPZ_UNCOMPRESSED,
    )


def read_table(path: Path, *, label: str) -> Table:
    """The features and labels of ``path``; any refusal names the file, row and column."""
    check_file(path, _limits())
    kind = sniff(path)
    reader = {"csv": _read_csv, "parquet": _read_parquet, "npz": _read_npz}[kind]
    table = reader(path, label)
    if len(table.y) == 0:
        raise InputError(f"{path} has no data rows")
    classes = np.unique(table.y)
    if len(classes) < 2:
        raise InputError(
            f"{path} column {label!r}: every row has the label {classes[0].item()!r}; label "
            "flips need at least two classes"
        )
    return table


def _finite(path: Path, x: NDArray[np.float64], names: list[str]) -> None:
    bad = ~np.isfinite(x.reshape(len(x), -1))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        col = names[c] if c < len(names) else str(c)
        raise InputError(
            f"{path} row {r} column {col!r}: {x.reshape(len(x), -1)[r, c]} is not a finite "
            "number; impute or drop it before scanning"
        )


def _labels(values: list[str]) -> NDArray[Any]:
    """Labels that are all integers become int64 (so a model's integer classes match)."""
    try:
        return np.asarray([int(v) for v in values], dtype=np.int64)
    except ValueError:
        return np.asarray(values, dtype=str)


def _read_csv(path: Path, label: str) -> Table:
    header, rows = read_csv_rows(path, _limits())
    if label not in header:
        raise InputError(
            f"{path}: no label column {label!r}; columns: {', '.join(header[:20])}"
            + (" ..." if len(header) > 20 else "")
        )
    for taken in (ROW, REASONS):
        if taken in header:
            raise InputError(
                f"{path} column {taken!r}: that name is written by the scan; rename the column"
            )
    li = header.index(label)
    features = [i for i in range(len(header)) if i != li]
    if not features:
        raise InputError(f"{path}: no feature columns besides the label {label!r}")
    x = np.empty((len(rows), len(features)), dtype=np.float64)
    for r, row in enumerate(rows):
        for j, i in enumerate(features):
            try:
                x[r, j] = float(row[i])
            except ValueError:
                raise InputError(
                    f"{path} row {r} column {header[i]!r}: {row[i][:40]!r} is not a number; "
                    "encode it as numbers or drop the column"
                ) from None
        if not row[li].strip():
            raise InputError(f"{path} row {r} column {label!r}: the label is empty")
    _finite(path, x, [header[i] for i in features])
    y = _labels([row[li].strip() for row in rows])
    return Table(path, "csv", x, y, (header, rows))


def _read_parquet(path: Path, label: str) -> Table:
    import pyarrow as pa

    table = read_arrow(path, "parquet", _limits())
    names = list(table.column_names)
    if label not in names:
        raise InputError(f"{path}: no label column {label!r}; columns: {', '.join(names[:20])}")
    for taken in (ROW, REASONS):
        if taken in names:
            raise InputError(
                f"{path} column {taken!r}: that name is written by the scan; rename the column"
            )
    features = [n for n in names if n != label]
    if not features:
        raise InputError(f"{path}: no feature columns besides the label {label!r}")
    columns = []
    for name in features:
        col = table.column(name)
        kind = col.type
        numeric = pa.types.is_integer(kind) or pa.types.is_floating(kind)
        if not (numeric or pa.types.is_boolean(kind)):
            raise InputError(
                f"{path} column {name!r}: type {kind} is not numeric; encode it or drop it"
            )
        if col.null_count:
            row = int(np.flatnonzero(np.asarray(col.is_null()))[0])
            raise InputError(f"{path} row {row} column {name!r}: the value is missing")
        columns.append(np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64))
    x = np.column_stack(columns) if columns else np.empty((table.num_rows, 0))
    _finite(path, x, features)
    ycol = table.column(label)
    if ycol.null_count:
        row = int(np.flatnonzero(np.asarray(ycol.is_null()))[0])
        raise InputError(f"{path} row {row} column {label!r}: the label is missing")
    y = np.asarray(ycol.to_numpy(zero_copy_only=False))
    if y.dtype == object:
        y = y.astype(str)
    return Table(path, "parquet", x, y, table)


def _read_npz(path: Path, label: str) -> Table:
    arrays = read_npz(path, _limits())
    names = list(arrays)
    if "x" not in names or label not in names:
        missing = "x" if "x" not in names else label
        raise InputError(
            f"{path}: no array {missing!r}; arrays: {', '.join(names)} (give x and {label})"
        )
    x_raw, y = arrays["x"], arrays[label]
    if x_raw.ndim < 2:
        raise InputError(f"{path} array 'x': shape {x_raw.shape}; expected (rows, features...)")
    if y.ndim != 1 or len(y) != len(x_raw):
        raise InputError(
            f"{path} array {label!r}: shape {y.shape}; expected ({len(x_raw)},), one per row of x"
        )
    if not (np.issubdtype(x_raw.dtype, np.number) or x_raw.dtype == bool):
        raise InputError(f"{path} array 'x': dtype {x_raw.dtype} is not numeric")
    x = np.asarray(x_raw, dtype=np.float64)
    _finite(path, x, [])
    return Table(path, "npz", x, y, {"x": x_raw, label: y, "label": label})


# -- writing ---------------------------------------------------------------------------------


def render(
    table: Table, rows: NDArray[np.int64], extra: dict[str, NDArray[Any]] | None = None
) -> bytes:
    """``rows`` of ``table`` in its own format, with ``row`` first and ``extra`` columns last."""
    extra = extra or {}
    if table.kind == "csv":
        header, data = table.payload
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([ROW, *header, *extra])
        for pos, r in enumerate(rows.tolist()):
            cells = [_cell(v[pos]) for v in extra.values()]
            writer.writerow([r, *data[r], *cells])
        return out.getvalue().encode("utf-8")
    if table.kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        taken = table.payload.take(pa.array(rows, type=pa.int64()))
        taken = taken.add_column(0, ROW, pa.array(rows, type=pa.int64()))
        for name, values in extra.items():
            taken = taken.append_column(name, pa.array(values))
        sink = pa.BufferOutputStream()
        pq.write_table(taken, sink)
        return bytes(sink.getvalue().to_pybytes())
    payload = table.payload
    arrays = {"x": payload["x"][rows], payload["label"]: payload[payload["label"]][rows]}
    arrays["rows"] = rows.astype(np.int64)
    for name, values in extra.items():
        arrays[name] = np.asarray(values)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return "" if np.isnan(value) else repr(float(value))
    return str(value)


def write_together(files: dict[Path, bytes], *, _between: Callable[[], None] | None = None) -> None:
    """Write every file or none: temporaries first, then the renames; on any failure (also
    between two renames) the temporaries and the files already renamed are removed."""
    temps: dict[Path, str] = {}
    done: list[Path] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps[path] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if _between is not None:
                _between()
        for path, tmp in temps.items():
            os.replace(tmp, path)
            done.append(path)
            if _between is not None:
                _between()
    except BaseException:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        for path in done:
            path.unlink(missing_ok=True)
        raise
