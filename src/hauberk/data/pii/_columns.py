"""Personal data per column: sample the cells, run :func:`find` with the column's name as a
hint, count matching cells with an exact 95% interval on the share, and name the columns whose
names alone suggest personal data no pattern confirms (names, addresses, birth dates)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hauberk.core import Finding, Rate, clopper_pearson
from hauberk.data import _rules as rules
from hauberk.data._flags import RowFlags
from hauberk.data.pii import _patterns as pt
from hauberk.data.pii._detect import find
from hauberk.data.pii._table import as_columns, cell_text

DEFAULT_SAMPLE = 2000
# a column with no text cells: nothing measured, the share could be anything
NOTHING_SCANNED = Rate(0.0, 0, 0.0, 1.0, "clopper-pearson")
FIRST_ROWS = 20


@dataclass(frozen=True)
class ColumnReport:
    """What one column holds: scanned cells, cells with personal data, entity counts."""

    column: str
    rows: int
    scanned: int
    cells_with_pii: int
    share: Rate
    entities: dict[str, int]
    name_hints: tuple[str, ...]  # entity types the column's name suggests
    first_rows: tuple[int, ...]  # 0-based rows of the first cells found (no values)

    @property
    def personal(self) -> bool:
        return self.cells_with_pii > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "rows": self.rows,
            "scanned": self.scanned,
            "cells_with_pii": self.cells_with_pii,
            "share": self.share.to_dict(),
            "entities": dict(self.entities),
            "name_hints": list(self.name_hints),
            "first_rows": list(self.first_rows),
        }


@dataclass(frozen=True)
class TableReport:
    rows: int
    sampled: bool
    columns: tuple[ColumnReport, ...]
    entities: dict[str, int] = field(default_factory=dict)

    @property
    def personal_columns(self) -> tuple[ColumnReport, ...]:
        return tuple(c for c in self.columns if c.personal)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "sampled": self.sampled,
            "entities": dict(self.entities),
            "columns": [c.to_dict() for c in self.columns],
        }


def name_hints(column: str) -> tuple[str, ...]:
    name = pt.normalise_column(column)
    hinted = {r.entity for r in pt.RECOGNIZERS if r.column_hints.search(name)}
    hinted |= {e for e, rx in pt.NAME_ONLY_HINTS.items() if rx.search(name)}
    return tuple(sorted(hinted))


def scan_frame(
    table: Any,
    *,
    sample: int | None = DEFAULT_SAMPLE,
    seed: int = 0,
    entities: set[str] | None = None,
    tick: Callable[[], None] | None = None,
) -> TableReport:
    """Per-column personal-data report of a pandas DataFrame, pyarrow Table, mapping of
    columns or :class:`Table`. ``sample`` cells per column at most (None: every cell);
    ``tick`` is called every thousand cells (a deadline check may raise there)."""
    columns = as_columns(table)
    n = len(next(iter(columns.values()))) if columns else 0
    rng = np.random.default_rng(seed)
    rows = np.arange(n) if sample is None or sample >= n else np.sort(rng.choice(n, sample, False))
    reports = []
    totals: Counter[str] = Counter()
    for name, values in columns.items():
        if len(values) != n:
            raise ValueError(f"column {name!r} has {len(values)} values, others {n}")
        counts: Counter[str] = Counter()
        hits: list[int] = []
        scanned = 0
        for r in rows.tolist():
            text = cell_text(values[r])
            if text is None or not text:
                continue
            scanned += 1
            if tick is not None and scanned % 1000 == 0:
                tick()
            found = find(text, column=name, entities=entities)
            if found:
                hits.append(r)
                counts.update(e.type for e in found)
        totals.update(counts)
        reports.append(
            ColumnReport(
                column=name,
                rows=n,
                scanned=scanned,
                cells_with_pii=len(hits),
                share=clopper_pearson(len(hits), scanned) if scanned else NOTHING_SCANNED,
                entities=dict(sorted(counts.items())),
                name_hints=name_hints(name),
                first_rows=tuple(hits[:FIRST_ROWS]),
            )
        )
    return TableReport(n, len(rows) < n, tuple(reports), dict(sorted(totals.items())))


def flag_rows(table: Any, *, entities: set[str] | None = None) -> RowFlags:
    """Every row holding personal data (all cells scanned), for ``hauberk data scan``: the
    score is the number of entities in the row. Such rows are reported, not quarantined, by
    default: mask or pseudonymise them instead of dropping them."""
    columns = as_columns(table)
    n = len(next(iter(columns.values()))) if columns else 0
    per_row = np.zeros(n, dtype=np.float64)
    types: Counter[str] = Counter()
    where: dict[str, set[str]] = {}
    for name, values in columns.items():
        for r, value in enumerate(values):
            text = cell_text(value)
            if not text:
                continue
            found = find(text, column=name, entities=entities)
            if found:
                per_row[r] += len(found)
                types.update(e.type for e in found)
                where.setdefault(name, set()).update(e.type for e in found)
    rows = np.flatnonzero(per_row).astype(np.int64)
    summary = "; ".join(f"{c}: {', '.join(sorted(t))}" for c, t in sorted(where.items()))
    return RowFlags(
        detector="pii",
        reason=f"personal data ({summary})" if summary else "personal data",
        rows=rows,
        scores=per_row[rows],
        metrics={"entities": dict(sorted(types.items())), "columns": sorted(where)},
    )


def _rule_for(entity: str) -> Any:
    kind = pt.KIND.get(entity, "identifier")
    return {
        "identifier": rules.PII_IDENTIFIER,
        "contact": rules.PII_CONTACT,
        "online": rules.PII_ONLINE,
    }[kind]


def findings(report: TableReport, where: str) -> list[Finding]:
    """One finding per rule and column holding personal data, and one for columns whose
    names alone suggest it."""
    out: list[Finding] = []
    for col in report.columns:
        by_rule: dict[str, tuple[Any, dict[str, int]]] = {}
        for entity, count in col.entities.items():
            rule = _rule_for(entity)
            by_rule.setdefault(rule.id, (rule, {}))[1][entity] = count
        for rule, counts in by_rule.values():
            kinds = ", ".join(f"{k} ({v})" for k, v in counts.items())
            out.append(
                rule.finding(
                    f"{where}:{col.column}",
                    f"column {col.column!r}: {col.cells_with_pii} of {col.scanned} scanned cells "
                    f"hold personal data, {col.share.describe('.3f')}: {kinds}"
                    + (
                        f"; {col.rows} rows in all, the share is sampled."
                        if report.sampled
                        else "."
                    ),
                    {
                        "column": col.column,
                        "entities": dict(counts),
                        "share": col.share.to_dict(),
                        "scanned": col.scanned,
                        "rows": col.rows,
                        "first_rows": list(col.first_rows),
                    },
                )
            )
        unconfirmed = [h for h in col.name_hints if h in pt.NAME_ONLY_HINTS]
        if unconfirmed and not col.personal:
            out.append(
                rules.PII_COLUMN_NAME.finding(
                    f"{where}:{col.column}",
                    f"column {col.column!r} is named like {', '.join(unconfirmed)}; pattern "
                    "recognisers cannot confirm such values, review the column.",
                    {"column": col.column, "hints": unconfirmed},
                )
            )
    return out
