"""The one reader of untrusted tables (CSV, Parquet, NPZ, JSON Lines) that every stage uses.

Callers turn what is read here into their own shapes (a DataFrame for ``data schema``,
features and labels for ``data scan``, string cells for ``data pii``, a drift ``Batch``);
the parsing, the limits and the refusals live in this module only:

* the format is told from the content (``PK`` zip header: NPZ; ``PAR1``: Parquet), never
  from the name, except JSON Lines, which only its ``.jsonl``/``.ndjson`` suffix tells apart;
* limits (:class:`Limits`) on file size, rows, columns, one cell's characters, the
  uncompressed size of an NPZ, JSON nesting depth and wall-clock seconds, checked before
  or while parsing;
* nothing is executed: NPZ is read with ``allow_pickle=False`` (object arrays are refused
  unread), CSV with pyarrow or the stdlib ``csv`` module, JSON with ``json``;
* every refusal is one :class:`InputError` line naming the file and, where there is one,
  the row (0-based data row, header not counted), the file line and the column, and the fix.
"""

from __future__ import annotations

import codecs
import csv
import json
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hauberk.core._errors import InputError

if TYPE_CHECKING:
    from numpy.typing import NDArray

Kind = Literal["csv", "parquet", "npz", "jsonl"]
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Limits:
    """Bounds on one untrusted table; the defaults are the widest any caller allowed."""

    file_bytes: int = 4 * 1024**3
    rows: int = 10_000_000
    columns: int = 100_000
    cell_chars: int = 1 << 20
    npz_uncompressed: int = 4 * 1024**3
    json_depth: int = 64
    seconds: float = 600.0

    def __post_init__(self) -> None:
        for name in ("file_bytes", "rows", "columns", "cell_chars", "npz_uncompressed"):
            if getattr(self, name) < 1:
                raise ValueError(f"Limits.{name} must be at least 1, got {getattr(self, name)}")
        if self.json_depth < 1 or not self.seconds > 0:
            raise ValueError("Limits.json_depth must be >= 1 and Limits.seconds > 0")


class _Clock:
    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.seconds = path, limits.seconds
        self.end = time.monotonic() + limits.seconds

    def check(self, where: str = "") -> None:
        if time.monotonic() > self.end:
            at = f" (stopped at {where})" if where else ""
            raise InputError(
                f"{self.path}: reading took longer than {self.seconds:g} s{at}; split the file"
            )


def check_file(path: Path, limits: Limits = Limits()) -> int:
    """The size of ``path``, or a refusal if it is missing, a folder, empty or too large."""
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a .csv, .parquet, .npz or .jsonl file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise InputError(f"{path}: empty file (no header, no rows)")
    if size > limits.file_bytes:
        raise InputError(
            f"{path}: {size} bytes, above the {limits.file_bytes}-byte limit; split it first"
        )
    return size


def sniff(path: Path) -> Kind:
    """The format from the first bytes (``.jsonl``/``.ndjson`` by suffix: JSON has no magic)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except PermissionError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if head.startswith(b"PK\x03\x04"):
        return "npz"
    if head == b"PAR1":
        return "parquet"
    if path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    return "csv"


def _row_at(line: int) -> str:
    """File line (1-based, the header is line 1) as the row callers report (0-based)."""
    return "the header" if line <= 1 else f"row {line - 2}"


def check_utf8(path: Path, *, rows: bool = False) -> None:
    """Raise naming the line (or with ``rows``, the data row) and byte of the first byte
    that is not UTF-8; read in 1 MiB blocks."""
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
                if rows:
                    byte = seen[exc.start] if exc.start < len(seen) else 0
                    raise InputError(
                        f"{path} {_row_at(line)}: byte 0x{byte:02x} at offset {bad} is not "
                        f"UTF-8 (line {line}); save the file as UTF-8"
                    ) from None
                raise InputError(
                    f"{path}: line {line}: byte {bad} is not UTF-8 ({exc.reason}); "
                    "re-encode the file as UTF-8"
                ) from None
            if not block:
                return
            line += block.count(b"\n")
            offset += len(block)


def read_csv_rows(path: Path, limits: Limits = Limits()) -> tuple[list[str], list[list[str]]]:
    """Header names (stripped) and rows of strings of a UTF-8 CSV, read with the stdlib
    ``csv`` module under the cell, row, column and time limits. Blank lines are skipped."""
    check_file(path, limits)
    check_utf8(path, rows=True)
    clock = _Clock(path, limits)
    previous = csv.field_size_limit(limits.cell_chars)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            return _rows(path, csv.reader(fh), limits, clock)
    finally:
        csv.field_size_limit(previous)


def _rows(
    path: Path, reader: Any, limits: Limits, clock: _Clock
) -> tuple[list[str], list[list[str]]]:
    rows: list[list[str]] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"{path} the header: not valid CSV: {exc}") from None
    if header is None or not any(h.strip() for h in header):
        raise InputError(f"{path}: empty file; it needs a header row and data rows")
    if len(header) > limits.columns:
        raise InputError(f"{path}: {len(header)} columns, above the {limits.columns} limit")
    names = [h.strip() for h in header]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"{path} column {dupes[0]!r} appears more than once in the header")
    if "" in names:
        raise InputError(
            f"{path} column {names.index('') + 1} of the header has no name; name every column"
        )
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:  # the row is the record being read, whatever its lines
            raise InputError(
                f"{path} row {len(rows)}: not valid CSV: {exc} (line {reader.line_num}); a "
                f"cell holds at most {limits.cell_chars} characters"
            ) from None
        if row is None:
            break
        if not row:
            continue
        if len(rows) >= limits.rows:
            raise InputError(f"{path} has more than {limits.rows} rows; split it first")
        if len(row) != len(names):
            raise InputError(
                f"{path} row {len(rows)}: {len(row)} values but the header names "
                f"{len(names)} columns (line {reader.line_num})"
            )
        rows.append(row)
        if len(rows) & 0xFFF == 0:
            clock.check(f"row {len(rows)}")
    if not rows:
        raise InputError(f"{path} has a header but no data rows")
    return names, rows


def read_arrow(path: Path, kind: Literal["csv", "parquet"], limits: Limits = Limits()) -> Any:
    """A ``pyarrow.Table`` of a CSV (UTF-8 checked first) or Parquet file; Parquet row and
    column counts come from its footer and are checked before any data is read."""
    check_file(path, limits)
    clock = _Clock(path, limits)
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the data extra
        raise InputError(f"{path}: reading it needs pyarrow: pip install 'hauberk[data]'") from None
    try:
        if kind == "csv":
            check_utf8(path)
            table = pcsv.read_csv(path)
        else:
            meta = pq.ParquetFile(path).metadata
            _check_shape(path, meta.num_rows, meta.num_columns, limits)
            table = pq.read_table(path)
    except InputError:
        raise
    except PermissionError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except (pa.ArrowException, OSError, ValueError) as exc:
        what = "CSV" if kind == "csv" else "Parquet"
        raise InputError(f"{path}: not a readable {what} file: {_one_line(exc)}") from None
    _check_shape(path, table.num_rows, table.num_columns, limits)
    if kind == "csv":
        _check_arrow_cells(path, table, limits)
    clock.check()
    return table


def _check_arrow_cells(path: Path, table: Any, limits: Limits) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, col in zip(table.column_names, table.columns, strict=True):
        if not pa.types.is_string(col.type) and not pa.types.is_large_string(col.type):
            continue
        longest = pc.max(pc.utf8_length(col)).as_py()
        if longest is not None and longest > limits.cell_chars:
            lengths = pc.utf8_length(col).to_numpy(zero_copy_only=False)
            row = int((lengths > limits.cell_chars).nonzero()[0][0])
            raise InputError(
                f"{path} row {row} column {name!r}: a cell of {longest} characters, above the "
                f"{limits.cell_chars} limit"
            )


def _check_shape(path: Path, rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.rows or columns > limits.columns:
        raise InputError(
            f"{path}: {rows} rows and {columns} columns, above the limits "
            f"({limits.rows} rows, {limits.columns} columns); split it first"
        )


def read_npz(path: Path, limits: Limits = Limits()) -> dict[str, NDArray[Any]]:
    """Every array of an ``.npz`` by name, read with ``allow_pickle=False`` after its
    uncompressed size is checked from the zip directory."""
    import numpy as np

    check_file(path, limits)
    clock = _Clock(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except PermissionError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .npz archive: {_one_line(exc)}") from None
    total = sum(i.file_size for i in infos)
    if total > limits.npz_uncompressed:
        raise InputError(
            f"{path}: arrays unpack to {total} bytes, above the {limits.npz_uncompressed} limit"
        )
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays: dict[str, NDArray[Any]] = {k: npz[k] for k in npz.files}
    except ValueError as exc:
        if "allow_pickle" in str(exc) or "Object arrays" in str(exc):
            raise InputError(
                f"{path}: object arrays are refused (they are pickles): {_one_line(exc)}; "
                "save numbers or fixed-width strings"
            ) from None
        raise InputError(f"{path}: not a readable .npz: {_one_line(exc)}") from None
    except Exception as exc:
        raise InputError(f"{path}: not a readable .npz: {_one_line(exc)}") from None
    for name, arr in arrays.items():
        rows = arr.shape[0] if arr.ndim else 1
        if rows > limits.rows:
            raise InputError(
                f"{path} array {name!r}: {rows} rows, above the {limits.rows} limit; split it"
            )
    clock.check()
    return arrays


def npz_columns(path: Path, arrays: dict[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    """The columns an ``.npz`` holds, in order: either a 2-D ``x`` (its columns named by an
    optional ``columns`` array, else ``f0, f1, ...``) followed by every other array as one
    column (each must hold one value per row of ``x``), or only 1-D arrays of one length."""
    arrays = dict(arrays)
    if "x" in arrays:
        x = arrays.pop("x")
        if x.ndim != 2:
            raise InputError(f"{path}: array 'x' must be 2-D (rows, columns), got {x.shape}")
        names = [str(n) for n in arrays.pop("columns")] if "columns" in arrays else None
        names = names or [f"f{i}" for i in range(x.shape[1])]
        if len(names) != x.shape[1]:
            raise InputError(f"{path}: {len(names)} column names for {x.shape[1]} columns")
        cols = {n: x[:, i] for i, n in enumerate(names)}
        if len(cols) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise InputError(f"{path}: column {dup!r} appears more than once in 'columns'")
        for key, arr in arrays.items():
            if arr.ndim != 1 or len(arr) != len(x):
                raise InputError(
                    f"{path}: array {key!r} (shape {arr.shape}) is not one value per row of 'x' "
                    f"({len(x)} rows)"
                )
            if key in cols:
                raise InputError(f"{path}: array {key!r} is also a column of 'x'")
            cols[key] = arr
        return cols
    if not arrays:
        raise InputError(f"{path}: no arrays")
    bad = next((k for k, a in arrays.items() if a.ndim != 1), None)
    if bad is not None:
        raise InputError(f"{path}: array {bad!r} is not 1-D; give a 2-D 'x' or 1-D columns")
    lengths = {k: len(a) for k, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise InputError(f"{path}: the 1-D arrays have different lengths {lengths}")
    return arrays


def read_jsonl(path: Path, limits: Limits = Limits()) -> list[dict[str, Any]]:
    """The records (JSON objects, one per line) of a JSON Lines file; blank lines skipped."""
    check_file(path, limits)
    clock = _Clock(path, limits)
    records: list[dict[str, Any]] = []
    longest = limits.cell_chars * 4
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                if len(records) >= limits.rows:
                    raise InputError(f"{path} has more than {limits.rows} records; split it first")
                if len(line) > longest:
                    raise InputError(f"{path} line {n} is longer than {longest} characters")
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path} line {n} is not JSON: {exc.msg}") from None
                except RecursionError:
                    raise InputError(f"{path} line {n} nests too deeply") from None
                if not isinstance(record, dict):
                    raise InputError(f"{path} line {n} is not a JSON object")
                if len(record) > limits.columns:
                    raise InputError(
                        f"{path} line {n}: {len(record)} keys, above the {limits.columns} limit"
                    )
                if _depth(record, limits.json_depth) > limits.json_depth:
                    raise InputError(f"{path} line {n} nests deeper than {limits.json_depth}")
                records.append(record)
                if n & 0xFFF == 0:
                    clock.check(f"line {n}")
    except UnicodeDecodeError:
        check_utf8(path)  # names the line and byte
        raise InputError(f"{path} is not UTF-8 text; re-encode it as UTF-8") from None
    return records


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


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
