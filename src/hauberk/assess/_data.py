"""``[data]``: one file or factory, or ``train`` and ``test`` (each a file or a factory).

CSV is read here rather than by :func:`hauberk.models.load_data` so that every refusal names
the file, the row and the column, and so that a label column of words (``"cat"``, ``"dog"``)
is encoded (sorted names → 0, 1, …) with the mapping kept in the report instead of refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError, import_object
from hauberk.core._tables import Limits, read_csv_rows
from hauberk.models import Dataset, Split, as_dataset, load_data

MAX_CSV_ROWS = 5_000_000
LABEL_NAMES = ("label", "target", "y", "class")
FACTORY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


def _number(value: str) -> float:
    return float(value.strip())


def read_csv(path: Path, *, label: str | None, where: str) -> tuple[Split, dict[str, int] | None]:
    """Features as float64, the label column as numbers or encoded names."""
    try:
        names, rows = read_csv_rows(path, Limits(rows=MAX_CSV_ROWS))
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    if label is None:
        label = next((c for c in LABEL_NAMES if c in names), None)
    elif label not in names:
        raise InputError(f"{where}: label column {label!r} is not in {path} (columns: {names})")
    li = names.index(label) if label is not None else None
    x = np.empty((len(rows), len(names) - (li is not None)), dtype=np.float64)
    columns = [i for i in range(len(names)) if i != li]
    for r, row in enumerate(rows):
        for j, i in enumerate(columns):
            try:
                x[r, j] = _number(row[i])
            except ValueError:
                hint = (
                    f"if {names[i]!r} is the label, set label = {names[i]!r} in [data]"
                    if label is None
                    else "encode it as numbers or drop the column"
                )
                raise InputError(
                    f"{where}: {path} row {r} column {names[i]!r}: {row[i]!r} is not a "
                    f"number; {hint} (line {r + 2})"
                ) from None
    if li is None:
        return Split(x), None
    raw = [row[li].strip() for row in rows]
    try:
        y: NDArray[Any] = np.asarray([_number(v) for v in raw])
        if np.all(y == np.round(y)):
            y = y.astype(np.int64)
        return Split(x, y), None
    except ValueError:
        pass
    encoding = {name: i for i, name in enumerate(sorted(set(raw)))}
    return Split(x, np.asarray([encoding[v] for v in raw], dtype=np.int64)), encoding


def _load(spec: str | Path, *, label: str | None, where: str, base: Path) -> Any:
    """A file (CSV read here, .npz/.parquet by hauberk.models) or a ``module:function``."""
    text = str(spec)
    if FACTORY.match(text) and not (base / text).exists():
        loader: Callable[[], Any] = import_object(text, key=where, search=base)
        try:
            return loader()
        except Exception as exc:
            raise InputError(
                f"{where}: {text} raised {type(exc).__name__}: {exc}; fix the loader"
            ) from None
    path = Path(spec) if Path(spec).is_absolute() else base / spec
    if path.is_dir():
        raise InputError(f"{where}: {path} is a folder; give a .csv, .npz or .parquet file")
    if not path.is_file():
        raise InputError(f"{where}: {path} does not exist")
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(b"PK\x03\x04") or head == b"PAR1":
        try:
            return load_data(path, label=label)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
    try:
        return read_csv(path, label=label, where=where)
    except UnicodeDecodeError:
        raise InputError(f"{where}: {path} is not .npz, .parquet or UTF-8 .csv") from None


def _as_split(obj: Any, where: str) -> tuple[Split, dict[str, int] | None]:
    if isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[0], Split):
        return obj[0], obj[1]
    data = obj if isinstance(obj, Dataset) else as_dataset(obj)
    return data.eval, None


def _single(obj: Any) -> tuple[Dataset, dict[str, int] | None]:
    if isinstance(obj, tuple) and len(obj) == 2 and isinstance(obj[0], Split):
        return Dataset(single=obj[0]), obj[1]
    return (obj if isinstance(obj, Dataset) else as_dataset(obj)), None


def load_dataset(
    *,
    path: Path | None,
    python: str | None,
    train: str | None,
    test: str | None,
    label: str | None,
    base: Path,
) -> Dataset:
    """The ``[data]`` table as a :class:`Dataset`; string labels encoded, mapping kept."""
    if path is not None or python is not None:
        where = "[data] path" if path is not None else "[data] python"
        data, encoding = _single(_load(path or str(python), label=label, where=where, base=base))
        return _with_encoding(data, encoding)
    assert train is not None and test is not None
    tr, enc_tr = _as_split(_load(train, label=label, where="[data] train", base=base), "train")
    te, enc_te = _as_split(_load(test, label=label, where="[data] test", base=base), "test")
    if tr.x.shape[1:] != te.x.shape[1:]:
        raise InputError(
            f"[data] train rows have shape {tr.x.shape[1:]} but test rows {te.x.shape[1:]}; "
            "give both files the same columns"
        )
    if (enc_tr is None) != (enc_te is None):
        raise InputError("[data] train and test labels differ in kind: one has names, one numbers")
    encoding = None
    if enc_tr is not None and enc_te is not None:
        # one mapping for both files: re-encode against the union of their names
        encoding = {n: i for i, n in enumerate(sorted({*enc_tr, *enc_te}))}
        tr, te = _recode(tr, enc_tr, encoding), _recode(te, enc_te, encoding)
    return _with_encoding(Dataset(train=tr, test=te), encoding)


def _recode(split: Split, old: dict[str, int], new: dict[str, int]) -> Split:
    assert split.y is not None
    names = {i: n for n, i in old.items()}
    return Split(split.x, np.asarray([new[names[int(v)]] for v in split.y], dtype=np.int64))


def _with_encoding(data: Dataset, encoding: dict[str, int] | None) -> Dataset:
    if encoding is None:
        return data
    return Dataset(train=data.train, test=data.test, single=data.single, label_encoding=encoding)
