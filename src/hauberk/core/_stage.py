"""Assessment stages, the lifecycle phase each belongs to, and their settings tables."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from hauberk.core._lifecycle import Lifecycle

__all__ = ["RESERVED_STAGE_NAMES", "Lifecycle", "Stage", "StageSettings"]


class StageSettings(BaseModel):
    """Keys every stage table accepts. Stages subclass this with their own settings.

    Unknown keys are errors (``extra="forbid"``) so that a typo never silently does nothing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_seconds: float | None = Field(default=None, gt=0, description="wall-clock budget")
    max_queries: int | None = Field(default=None, gt=0, description="model queries (rows)")
    max_samples: int | None = Field(default=None, gt=0, description="data rows to use")
    skip: tuple[str, ...] = Field(default=(), description="check names to leave out")


#: Tables of assess.toml that describe the target; no stage may take their names.
RESERVED_STAGE_NAMES = frozenset({"model", "data", "assess"})


@dataclass(frozen=True)
class Stage:
    """A named group of checks, selected with ``[assess] stages`` and set up by its table.

    Several packages may put checks in one stage; they must agree on its lifecycle phase.
    ``settings`` is the model of the keys *this* check reads from the stage's table: a key
    is valid when any check of the stage knows it, and each check sees only its own keys.
    """

    name: str
    lifecycle: Lifecycle
    description: str
    settings: type[StageSettings] = StageSettings

    def __post_init__(self) -> None:
        if self.name in RESERVED_STAGE_NAMES or not self.name.isidentifier():
            raise ValueError(
                f"stage name {self.name!r} must be an identifier other than "
                f"{', '.join(sorted(RESERVED_STAGE_NAMES))}"
            )
