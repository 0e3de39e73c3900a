"""A batch of named columns read from CSV, Parquet or NPZ, and the checks that make two batches
comparable (same columns, same kinds, rows, values).

The data loader of :mod:`hauberk.models` keeps numbers only and forgets column names; drift
needs both the names (to say *which* feature moved) and categorical columns (chi-squared), so
batches are read here, through :mod:`hauberk.core._tables` (the one bounded reader). Formats
are told from content, never from the file name. Every error names the file and the column,
and is an :class:`InputError` (exit 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError
from hauberk.core._tables import (
    Limits,
    check_file,
    npz_columns,
    read_arrow,
    read_csv_rows,
    read_npz,
    sniff,
)

MAX_BYTES = 2 * 1024**3
MAX_CSV_ROWS = 5_000_000
NUMERIC = "numeric"
CATEGORICAL = "categorical"


@dataclass(frozen=True)
class Batch:
    """Rows of named columns: numeric columns are float64 (missing = NaN), categorical ones
    are arrays of ``str`` (missing = ``""``). ``source`` names the batch in messages."""

    columns: Mapping[str, NDArray[Any]]
    source: str = "batch"
    kinds: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cols: dict[str, NDArray[Any]] = {}
        kinds: dict[str, str] = {}
        lengths = set()
        for name, values in self.columns.items():
            arr = np.asarray(values)
            if arr.ndim != 1:
                raise InputError(f"{self.source}: column {name!r} is not one-dimensional")
            kind = self.kinds.get(name) or (NUMERIC if _is_numeric(arr) else CATEGORICAL)
            cols[name] = _as_kind(arr, kind, self.source, name)
            kinds[name] = kind
            lengths.add(len(arr))
        if len(lengths) > 1:
            raise InputError(f"{self.source}: columns have different lengths {sorted(lengths)}")
        object.__setattr__(self, "columns", cols)
        object.__setattr__(self, "kinds", kinds)

    @classmethod
    def from_array(cls, x: Any, names: Sequence[str] | None = None, source: str = "batch") -> Batch:
        """A 2-D numeric array as a batch; columns are named ``names`` or ``f0, f1, ...``."""
        arr = np.asarray(x)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise InputError(f"{source}: expected a 2-D array of rows, got shape {arr.shape}")
        names = list(names) if names is not None else [f"f{i}" for i in range(arr.shape[1])]
        if len(names) != arr.shape[1]:
            raise InputError(f"{source}: {len(names)} names for {arr.shape[1]} columns")
        if arr.dtype.kind in "biuf":
            arr = np.ascontiguousarray(arr.T, dtype=np.float64)  # one copy: columns contiguous
            return cls({n: arr[i] for i, n in enumerate(names)}, source=source)
        return cls({n: arr[:, i] for i, n in enumerate(names)}, source=source)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def numeric(self, names: Sequence[str]) -> NDArray[np.float64]:
        """The named numeric columns as one (rows, len(names)) float64 array."""
        return self.features(names).T

    def features(self, names: Sequence[str]) -> NDArray[np.float64]:
        """The named numeric columns feature-major: (len(names), rows), rows contiguous."""
        if not names:
            return np.empty((0, self.rows))
        return np.stack([self.columns[n] for n in names])

    def without(self, names: Sequence[str]) -> Batch:
        drop = set(names)
        keep = {n: v for n, v in self.columns.items() if n not in drop}
        return Batch(keep, self.source, {n: self.kinds[n] for n in keep})

    def take(self, rows: NDArray[Any]) -> Batch:
        return Batch({n: v[rows] for n, v in self.columns.items()}, self.source, self.kinds)


def _is_numeric(arr: NDArray[Any]) -> bool:
    if arr.dtype.kind in "biuf":
        return True
    if arr.dtype.kind in "US":
        try:
            _to_float(arr)
        except ValueError:
            return False
        return True
    return False


def _to_float(arr: NDArray[Any]) -> NDArray[np.float64]:
    text = np.char.strip(arr.astype(str))
    missing = (text == "") | (np.char.lower(text) == "nan")
    out = np.full(arr.shape, np.nan)
    out[~missing] = text[~missing].astype(np.float64)
    return out


def _as_kind(arr: NDArray[Any], kind: str, source: str, name: str) -> NDArray[Any]:
    if kind == NUMERIC:
        if arr.dtype.kind == "b":
            return arr.astype(np.float64)
        if arr.dtype.kind in "iuf":
            return np.ascontiguousarray(arr, dtype=np.float64)
        try:
            return _to_float(arr)
        except ValueError:
            raise InputError(f"{source}: column {name!r} is not numeric") from None
    if kind == CATEGORICAL:
        if arr.dtype.kind == "O":
            arr = np.array(["" if v is None else str(v) for v in arr], dtype=str)
        return arr.astype(str)
    raise InputError(f"{source}: column {name!r} has unknown kind {kind!r}")


def _limits(*, rows: int | None = None) -> Limits:
    """Read at call time, so a test (or a caller) can lower the module's limits."""
    return Limits(file_bytes=MAX_BYTES, rows=rows or Limits().rows)


def read_batch(path: str | Path) -> Batch:
    """Read ``.csv`` (UTF-8, header row), ``.parquet`` or ``.npz`` into a :class:`Batch`.

    An ``.npz`` holds either ``x`` (2-D; optional ``columns``: their names, else ``f0, f1,
    ...``) and any 1-D arrays with one value per row of ``x`` (``y``, ids, ...), each a
    column named by its key, or only 1-D arrays of one length. Object arrays are refused
    (they are pickles).
    """
    path = Path(path)
    limits = _limits()
    check_file(path, limits)
    kind = sniff(path)
    if kind == "npz":
        batch = Batch(npz_columns(path, read_npz(path, limits)), str(path))
    elif kind == "parquet":
        batch = _from_arrow(read_arrow(path, "parquet", limits), str(path))
    else:  # JSON Lines is not a batch format: its suffix is not special here
        batch = _read_csv(path)
    if batch.rows == 0:
        raise InputError(f"{path}: no rows")
    return batch


def _from_arrow(table: Any, source: str) -> Batch:
    import pyarrow as pa
    import pyarrow.compute as pc

    cols: dict[str, NDArray[Any]] = {}
    kinds: dict[str, str] = {}
    for name, col in zip(table.column_names, table.columns, strict=True):
        kind = col.type
        if pa.types.is_null(kind):  # every value missing: say so as a numeric column
            cols[name] = np.full(len(col), np.nan)
            kinds[name] = NUMERIC
        elif pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind):
            col = col.cast(pa.float64())
            cols[name] = np.asarray(col.to_numpy(zero_copy_only=False), dtype=np.float64)
            kinds[name] = NUMERIC
        else:
            text = pc.fill_null(col.cast(pa.string()), "")
            cols[name] = np.asarray(text.to_numpy(zero_copy_only=False), dtype=str)
            kinds[name] = CATEGORICAL
    return Batch(cols, source, kinds)


def _read_csv(path: Path) -> Batch:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:  # pragma: no cover - the data extra
        return _read_csv_plain(path)
    table = read_arrow(path, "csv", _limits())
    if table.num_columns == 0:
        raise InputError(f"{path}: no columns")
    return _from_arrow(table, str(path))


def _read_csv_plain(path: Path) -> Batch:
    header, rows = read_csv_rows(path, _limits(rows=MAX_CSV_ROWS))
    table = np.array(rows, dtype=str).reshape(len(rows), len(header))
    return Batch({h: table[:, i] for i, h in enumerate(header)}, str(path))


def validate_pair(reference: Batch, current: Batch) -> None:
    """Raise :class:`InputError` (one line naming the file and column) unless the two batches
    can be compared: rows in both, the same columns of the same kinds, no column without a
    single value, and no infinite number (a drift statistic on it is infinite or undefined, and
    an infinity is a broken pipeline upstream, not a shift to report)."""
    for batch in (reference, current):
        if batch.rows == 0 or not batch.columns:
            raise InputError(f"{batch.source}: empty batch (no rows or no columns)")
    missing = [n for n in reference.names if n not in current.columns]
    if missing:
        raise InputError(
            f"{current.source}: column {missing[0]!r} of the reference {reference.source} is "
            f"missing ({len(missing)} missing in all)"
        )
    extra = [n for n in current.names if n not in reference.columns]
    if extra:
        raise InputError(
            f"{current.source}: column {extra[0]!r} is not in the reference {reference.source} "
            f"({len(extra)} extra in all)"
        )
    for name in reference.names:
        if reference.kinds[name] != current.kinds[name]:
            raise InputError(
                f"{current.source}: column {name!r} is {current.kinds[name]} but "
                f"{reference.kinds[name]} in the reference {reference.source}"
            )
        for batch in (reference, current):
            values = batch.columns[name]
            empty = np.isnan(values) if batch.kinds[name] == NUMERIC else values == ""
            if empty.all():
                raise InputError(f"{batch.source}: column {name!r} has no values (all missing)")
            if batch.kinds[name] == NUMERIC:
                _refuse_infinite(values, batch.source, name)


def _refuse_infinite(values: NDArray[np.float64], source: str, name: str) -> None:
    infinite = np.isinf(values)
    if infinite.any():
        raise InputError(
            f"{source}: column {name!r} has {int(infinite.sum())} infinite value(s) (first at "
            f"row {int(np.argmax(infinite))}); replace them with numbers, or leave the cells "
            "empty to count them as missing"
        )
