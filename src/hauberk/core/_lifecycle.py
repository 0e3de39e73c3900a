"""The lifecycle phases a report grades (no pydantic here: the scanner's report needs them)."""

from __future__ import annotations

import enum


class Lifecycle(enum.StrEnum):
    """The five phases of a model's life that the report grades."""

    DATA = "data"
    TRAINING = "training"
    ARTIFACT = "artifact"
    INFERENCE = "inference"
    GOVERNANCE = "monitoring/governance"
