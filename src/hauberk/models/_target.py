"""What is assessed: a model, its data, its files, and what together they let checks do."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import InputError
from hauberk.models._protocol import Differentiable, Model

Trainer = Callable[[NDArray[Any], NDArray[Any]], Model]


@dataclass(frozen=True)
class Split:
    """Inputs and (optional) labels of one part of a data set."""

    x: NDArray[Any]
    y: NDArray[Any] | None = None

    def __post_init__(self) -> None:
        x = np.asarray(self.x)
        if x.ndim < 2 or len(x) == 0:
            raise InputError(f"data must be a non-empty batch of samples, got shape {x.shape}")
        object.__setattr__(self, "x", x)
        if self.y is not None:
            y = np.asarray(self.y)
            if y.shape != (len(x),):
                raise InputError(
                    f"labels must be one per sample: {len(x)} samples but labels of shape {y.shape}"
                )
            object.__setattr__(self, "y", y)

    def __len__(self) -> int:
        return len(self.x)


@dataclass(frozen=True)
class Dataset:
    """Evaluation data, and where known, the members (``train``) and non-members (``test``).

    Checks evaluate on ``test`` when given (held-out data), else on the single split.
    ``label_encoding`` maps label names to the integers in ``y`` when the labels were words.
    """

    train: Split | None = None
    test: Split | None = None
    single: Split | None = None
    label_encoding: Mapping[str, int] | None = None

    def __post_init__(self) -> None:
        if self.single is None and self.test is None and self.train is None:
            raise InputError("data set is empty: give (x, y) or {'train': ..., 'test': ...}")

    @property
    def eval(self) -> Split:
        split = self.test or self.single or self.train
        assert split is not None
        return split

    @property
    def x(self) -> NDArray[Any]:
        return self.eval.x

    @property
    def y(self) -> NDArray[Any] | None:
        return self.eval.y

    @property
    def has_membership(self) -> bool:
        return self.train is not None and self.test is not None

    def describe(self) -> dict[str, Any]:
        parts = {"train": self.train, "test": self.test, "data": self.single}
        out: dict[str, Any] = {
            name: {"rows": len(s), "shape": list(s.x.shape[1:]), "labels": s.y is not None}
            for name, s in parts.items()
            if s is not None
        }
        if self.label_encoding is not None:
            out["label_encoding"] = dict(self.label_encoding)
        return out


@dataclass
class Target:
    """Everything one assessment looks at. ``provides()`` drives check selection."""

    name: str
    model: Model | None = None
    data: Dataset | None = None
    artifacts: tuple[Path, ...] = ()
    trainer: Trainer | None = None
    endpoint: str | None = None
    chat: Any = None  # a hauberk.llm.ChatModel (typed loosely: hauberk.llm is a layer above)
    source: dict[str, Any] = field(default_factory=dict)

    def provides(self) -> frozenset[str]:
        have: set[str] = set()
        if self.model is not None:
            have.add("model")
            if isinstance(self.model, Differentiable):
                have.update(("gradients", "torch"))
        if self.data is not None:
            have.add("data")
            if self.data.y is not None:
                have.add("labels")
            if self.data.has_membership:
                have.add("membership")
        if self.artifacts:
            have.add("artifacts")
        if self.trainer is not None:
            have.add("trainer")
        if self.endpoint:
            have.add("endpoint")
        if self.chat is not None:
            have.add("chat")
        return frozenset(have)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, **self.source}
        if self.model is not None:
            out["model"] = {
                "adapter": type(self.model).__name__,
                "classes": [str(c) for c in self.model.classes],
                "input": self.model.input_spec.to_dict(),
            }
        if self.data is not None:
            out["data"] = self.data.describe()
        out["artifacts"] = [str(p) for p in self.artifacts]
        out["provides"] = sorted(self.provides())
        return out
