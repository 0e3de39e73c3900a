"""The data stage and its settings."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from hauberk.core import Lifecycle, Stage, StageSettings


class DataSettings(StageSettings):
    min_class_share: float = Field(
        default=0.2, gt=0, le=1, description="flag a class below this share of the mean count"
    )
    neighbours: int = Field(default=10, ge=3, le=100, description="k of the label check")
    neighbour_agreement: float = Field(
        default=0.7, gt=0.5, le=1, description="share of neighbours that must agree elsewhere"
    )
    label_folds: int = Field(
        default=5, ge=2, le=20, description="cross-validation folds of the label-flip model"
    )
    max_suspect_share: float = Field(
        default=0.03, ge=0, le=1, description="finding when more samples than this look flipped"
    )
    schema_file: Path | None = Field(
        default=None, description="reviewed pandera schema (hauberk data schema infer) to check"
    )
    schema_label: str | None = Field(
        default=None, description="the schema's label column (matched to the data's labels)"
    )
    pii_max_rows: int = Field(
        default=200_000,
        ge=1,
        description="rows per split the personal-data check scans; beyond, it samples and is "
        "incomplete",
    )


# Not "data": that table names the data set itself in assess.toml.
DATA = Stage(
    name="ingestion",
    lifecycle=Lifecycle.DATA,
    description="Integrity of training and evaluation data: hygiene, leakage, poisoning signs.",
    settings=DataSettings,
)
