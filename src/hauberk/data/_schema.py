"""Table schemas with pandera: inferred from a trusted snapshot, saved for review, checked on
new batches with every violation named by row and column.

``infer_schema`` goes further than ``pandera.infer_schema`` (which gives dtypes and numeric
ranges only): it also infers nullability (a column with no missing value in the snapshot
must have none), categories (a text column, or an integer one with at most 20 values, whose
values repeat and number at most ``max_categories``), and uniqueness (an integer or text
column of at least 20 rows whose values are all distinct, like an id; such a column gets
no range or category check, since new batches bring new ids). Numeric ranges are
the snapshot's, widened by ``margin`` times the observed range for float columns so that a
fresh sample from the same distribution does not trip them (integers keep the exact range).
The schema is a plain pandera ``DataFrameSchema`` (``coerce`` and ``strict`` on), written as
pandera's YAML or JSON for a person to review and edit.

``validate`` runs pandera lazily, so it reports every failure, and returns one
:class:`Violation` per failing cell (row = 0-based position in the file, as
:class:`~hauberk.data._flags.RowFlags` counts rows). A batch whose columns differ from the
schema's is an :class:`InputError` naming the column: that is a wrong file, not bad rows.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hauberk.core import CheckResult, ConfigError, InputError, clopper_pearson, write_atomic
from hauberk.data._flags import RowFlags

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pa

MAX_SCHEMA_BYTES = 4 * 1024 * 1024
MAX_CATEGORIES = 50
MAX_INT_CATEGORIES = 20
MIN_UNIQUE_ROWS = 20


def _kind(series: pd.Series) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int64"
    if pd.api.types.is_float_dtype(series):
        # integers with gaps are read as floats: keep them integral if every value is
        values = series.dropna()
        if len(values) and np.all(np.mod(values.to_numpy(), 1) == 0) and series.isna().any():
            return "Int64"
        return "float64"
    if pd.api.types.is_datetime64_any_dtype(series):
        return str(series.dtype)
    return "str"


def infer_schema(
    frame: pd.DataFrame,
    *,
    name: str = "snapshot",
    margin: float = 0.1,
    max_categories: int = MAX_CATEGORIES,
) -> pa.DataFrameSchema:
    """A pandera schema that ``frame`` (a trusted snapshot) satisfies; see the module doc."""
    import pandera.pandas as pa

    if not 0 <= margin <= 10:
        raise ConfigError(f"margin must be between 0 and 10, got {margin}")
    if not 1 <= max_categories <= 10_000:
        raise ConfigError(f"max_categories must be between 1 and 10000, got {max_categories}")
    if len(frame) == 0:
        raise InputError(f"{name}: no rows; a schema needs a snapshot with data")
    columns: dict[str, pa.Column] = {}
    for col in frame.columns:
        series = frame[col]
        kind = _kind(series)
        values = series.dropna()
        if len(values) == 0:
            raise InputError(f"{name}: column {col!r} has no values (all missing)")
        checks: list[pa.Check] = []
        distinct = values.nunique()
        repeats = distinct < len(values)
        unique = kind in ("int64", "Int64", "str") and distinct == len(values)
        unique = unique and len(values) >= MIN_UNIQUE_ROWS
        if unique:
            pass  # an id: new batches bring new values, so no range or category list
        elif kind in ("int64", "Int64", "float64"):
            lo, hi = float(values.min()), float(values.max())
            if kind == "float64":
                pad = margin * (hi - lo)
                lo, hi = lo - pad, hi + pad
            else:
                lo, hi = int(lo), int(hi)
            if (
                kind != "float64"
                and repeats
                and distinct <= min(MAX_INT_CATEGORIES, max_categories)
            ):
                checks.append(pa.Check.isin(sorted(int(v) for v in values.unique())))
            else:
                checks.append(pa.Check.in_range(lo, hi))
        elif kind == "str" and repeats and distinct <= max_categories:
            checks.append(pa.Check.isin(sorted(str(v) for v in values.unique())))
        columns[str(col)] = pa.Column(
            kind,
            checks=checks,
            nullable=bool(series.isna().any()),
            unique=unique,
            coerce=True,
        )
    return pa.DataFrameSchema(columns, strict=True, coerce=True, name=name)


def save_schema(schema: pa.DataFrameSchema, path: Path) -> None:
    """YAML for ``.yaml``/``.yml``, JSON for ``.json``; written atomically."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = schema.to_yaml()
    elif suffix == ".json":
        text = json.dumps(json.loads(schema.to_json()), indent=2) + "\n"
    else:
        raise ConfigError(f"{path}: write the schema as .yaml, .yml or .json")
    write_atomic(Path(path), str(text))


def load_schema(path: Path) -> pa.DataFrameSchema:
    """Read a pandera YAML or JSON schema (YAML through ``yaml.safe_load``)."""
    import pandera.pandas as pa

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such schema file")
    if path.stat().st_size > MAX_SCHEMA_BYTES:
        raise InputError(f"{path}: larger than {MAX_SCHEMA_BYTES} bytes; not a schema")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; not a schema") from None
    try:
        if path.suffix.lower() == ".json":
            schema = pa.DataFrameSchema.from_json(text)
        else:
            schema = pa.DataFrameSchema.from_yaml(text)
    except Exception as exc:  # yaml, json, and pandera's own errors
        detail = " ".join(str(exc).split())[:300]
        raise InputError(f"{path}: not a pandera schema ({type(exc).__name__}: {detail})") from None
    if not isinstance(schema, pa.DataFrameSchema) or not schema.columns:
        raise InputError(f"{path}: the schema lists no columns")
    return schema


@dataclass(frozen=True)
class Violation:
    """One failing cell (or, with ``row`` None, a whole column)."""

    row: int | None
    column: str | None
    check: str
    value: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "check": self.check, "value": self.value}

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "all rows"
        return f"{where}, column {self.column}: {self.check} (value {self.value})"


@dataclass(frozen=True)
class Validation:
    """All violations of one batch against one schema."""

    source: str
    rows: int
    columns: tuple[str, ...]
    violations: tuple[Violation, ...]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({v.row for v in self.violations if v.row is not None})

    @property
    def ok(self) -> bool:
        return not self.violations

    def by_column(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for v in self.violations:
            out[v.column or "(table)"][v.check] += 1
        return dict(out)

    def row_flags(self) -> RowFlags:
        """Violating rows for ``data scan``'s quarantine; score = failing cells in the row."""
        if not self.violations:
            return RowFlags.none("schema", "violates the schema")
        counts = Counter(v.row for v in self.violations if v.row is not None)
        rows = np.array(sorted(counts), dtype=np.int64)
        reasons: dict[str, list[str]] = defaultdict(list)
        for v in self.violations:
            if v.row is not None and len(reasons[str(v.row)]) < 10:
                reasons[str(v.row)].append(f"{v.column}: {v.check}")
        return RowFlags(
            detector="schema",
            reason="violates the schema (types, ranges, categories, uniqueness or nulls)",
            rows=rows,
            scores=np.array([float(counts[r]) for r in rows], dtype=np.float64),
            metrics={"violations": len(self.violations), "per_row": dict(reasons)},
        )


def check_columns(schema: pa.DataFrameSchema, frame: pd.DataFrame, source: str) -> None:
    """Raise naming the first column the batch lacks or has beyond the schema."""
    want = [str(c) for c in schema.columns]
    have = [str(c) for c in frame.columns]
    missing = [c for c in want if c not in have]
    if missing:
        raise InputError(
            f"{source}: column {missing[0]!r} of the schema is missing "
            f"({len(missing)} missing in all)"
        )
    extra = [c for c in have if c not in want]
    if extra and schema.strict:
        raise InputError(
            f"{source}: column {extra[0]!r} is not in the schema ({len(extra)} extra in all)"
        )


def validate_table(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, *, source: str = "batch"
) -> Validation:
    """Every violation of ``frame`` against ``schema``, by row and column."""
    import pandera.pandas as pa

    if len(frame) == 0:
        raise InputError(f"{source}: no rows to validate (an empty batch)")
    check_columns(schema, frame, source)
    frame = frame.reset_index(drop=True)
    try:
        schema.validate(frame, lazy=True)
        return Validation(source, len(frame), tuple(map(str, frame.columns)), ())
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    except pa.errors.SchemaError as exc:  # not lazy-collectable (rare): one failure
        return Validation(
            source, len(frame), tuple(map(str, frame.columns)),
            (Violation(None, None, str(exc.check or "schema"), str(exc)[:200]),),
        )  # fmt: skip
    violations = _violations(cases)
    coerce_failed: dict[str, set[int]] = defaultdict(set)
    for v in violations:
        if v.column is not None and v.row is not None and v.check.startswith("coerce_dtype"):
            coerce_failed[v.column].add(v.row)
    # A cell not of the column's type also fails the dtype check, and no value check can run
    # on a column that did not coerce; drop those echoes and re-check the cells that coerce.
    violations = [
        v
        for v in violations
        if v.column not in coerce_failed
        or v.check.startswith("coerce_dtype")
        or (
            v.row is not None
            and not v.check.startswith("dtype(")
            and v.row not in coerce_failed[v.column]
        )
    ]
    for column, rows in coerce_failed.items():
        keep = ~frame.index.isin(sorted(rows))
        sub = frame.loc[keep, [column]]
        try:
            schema.select_columns([column]).validate(sub, lazy=True)
        except pa.errors.SchemaErrors as exc:
            violations += [v for v in _violations(exc.failure_cases) if v.row is not None]
    violations = list(dict.fromkeys(violations))
    violations.sort(key=lambda v: (v.row if v.row is not None else -1, v.column or "", v.check))
    return Validation(source, len(frame), tuple(map(str, frame.columns)), tuple(violations))


def _violations(cases: pd.DataFrame) -> list[Violation]:
    out: list[Violation] = []
    for rec in cases.to_dict("records"):
        column = rec.get("column")
        missing = column is None or (isinstance(column, float) and np.isnan(column))
        index = rec.get("index")
        no_row = index is None or (isinstance(index, float) and np.isnan(index))
        out.append(
            Violation(
                None if no_row else int(index),
                None if missing else str(column),
                str(rec.get("check")),
                _show(rec.get("failure_case")),
            )
        )
    return out


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "missing"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


SCHEMA_CHECK = "data.schema"
MAX_LISTED = 1000


def schema_check_result(validation: Validation, *, schema_source: str) -> CheckResult:
    """The validation as a ``data.schema`` result: one finding per column that fails, the
    violations (first 1,000) and the violating-row rate with its 95% interval in the metrics."""
    from hauberk.data._rules import SCHEMA_VIOLATION
    from hauberk.data._stage import DATA

    bad = validation.bad_rows
    rate = clopper_pearson(len(bad), validation.rows)
    findings = []
    for column, checks in sorted(validation.by_column().items()):
        rows = sorted(
            {
                v.row
                for v in validation.violations
                if (v.column or "(table)") == column and v.row is not None
            }
        )
        listed = ", ".join(f"{name} ×{n}" for name, n in checks.most_common())
        findings.append(
            SCHEMA_VIOLATION.finding(
                f"{validation.source}#{column}",
                f"Column {column!r}: {sum(checks.values())} violation(s) of {schema_source} "
                f"({listed}) in {len(rows)} of {validation.rows} rows; all columns: "
                f"violating rows {rate.describe()}"
                + (f", first rows {', '.join(map(str, rows[:10]))}." if rows else "."),
                {"column": column, "checks": dict(checks), "rows": rows[:100]},
            )
        )
    metrics: dict[str, Any] = {
        "rows": validation.rows,
        "violations": len(validation.violations),
        "violating_rows": rate.to_dict(),
        "schema": schema_source,
        "listed": [v.to_dict() for v in validation.violations[:MAX_LISTED]],
        "truncated": len(validation.violations) > MAX_LISTED,
    }
    return CheckResult.of(SCHEMA_CHECK, DATA.name, findings, metrics)


def drift_columns(
    schema: pa.DataFrameSchema, frame: pd.DataFrame
) -> tuple[dict[str, Any], dict[str, str]]:
    """``frame`` as plain columns for the drift tests: numeric columns of the schema as float64
    (cells that do not parse are missing; they are schema violations already), others as text
    (missing = ""). Unique columns (ids) are left out: a new batch has new ids by design."""
    import pandas as pd

    columns: dict[str, Any] = {}
    kinds: dict[str, str] = {}
    for name, col in schema.columns.items():
        if col.unique or name not in frame.columns:
            continue
        series = frame[name]
        dtype = str(col.dtype).lower()
        if any(k in dtype for k in ("int", "float", "bool")):
            values = series.astype("float64") if series.dtype == bool else series
            columns[name] = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
            kinds[name] = "numeric"
        else:
            text = series.astype("object").where(series.notna(), "")
            columns[name] = np.array([str(v) for v in text], dtype=str)
            kinds[name] = "categorical"
    return columns, kinds
