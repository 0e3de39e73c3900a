"""``data.schema`` as a check of ``hauberk assess``: the target's data against a reviewed schema
(``[ingestion] schema_file = "schema.yaml"``).

The target's data carries no column names, so the schema's columns, without
``schema_label``, name the feature columns in order; the labels become ``schema_label``. A
shape that does not fit the schema is an error, never a pass. Without ``schema_file`` the
check is skipped and says how to enable it.
"""

from __future__ import annotations

from typing import Any

from hauberk.core import CheckContext, CheckResult, ConfigError
from hauberk.data import _rules as rules
from hauberk.data._schema import SCHEMA_CHECK, load_schema, schema_check_result, validate_table
from hauberk.data._stage import DATA, DataSettings


class SchemaCheck:
    name = SCHEMA_CHECK
    stage = DATA
    needs = frozenset({"data"})
    rules = (rules.SCHEMA_VIOLATION,)
    description = "pandera schema: types, ranges, categories, uniqueness and nulls, by row."

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        import pandas as pd

        settings = ctx.settings
        assert isinstance(settings, DataSettings)
        if settings.schema_file is None:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                'no schema: set [ingestion] schema_file = "schema.yaml" (from `hauberk data '
                "schema infer SNAPSHOT -o schema.yaml`, reviewed) to check the data against it",
            )
        path = settings.schema_file
        if not path.is_absolute():
            path = ctx.base_dir / path
        schema = load_schema(path)
        label = settings.schema_label
        if label is not None and label not in schema.columns:
            raise ConfigError(f"[ingestion] schema_label {label!r} is not a column of {path}")
        split = target.data.eval
        names = [str(n) for n in schema.columns if n != label]
        x = split.x
        if x.ndim != 2 or x.shape[1] != len(names):
            raise ConfigError(
                f"[ingestion] schema_file {path} has {len(names)} feature columns but the "
                f"target's data has shape {tuple(x.shape[1:])}"
            )
        frame = pd.DataFrame({n: x[:, i] for i, n in enumerate(names)})
        if label is not None:
            if split.y is None:
                raise ConfigError(f"{path} has the label column {label!r}; the data has no labels")
            frame[label] = split.y
        frame = frame[[str(c) for c in schema.columns]]
        total = len(frame)
        rows = ctx.sample_limit(total)
        partial = rows < total
        if partial:
            frame = frame.iloc[ctx.rng().permutation(len(frame))[:rows]]
            frame = frame.reset_index(drop=True)
        validation = validate_table(schema, frame, source=str(target.name))
        result = schema_check_result(validation, schema_source=str(path))
        if partial:
            return CheckResult.of(
                result.check, result.stage, result.findings, dict(result.metrics),
                partial=True,
                reason=f"checked a sample of {rows} of {total} rows "
                f"(max_samples); the other {total - rows} were not checked",
            )  # fmt: skip
        return result
