"""Every attack with small settings, so tests stay fast."""

from __future__ import annotations

from typing import Any

from hauberk.evasion import (
    APGD,
    APGDT,
    FAB,
    FGSM,
    PGD,
    Attack,
    CarliniWagnerL2,
    DeepFool,
    FeatureConstraints,
    HopSkipJump,
    Square,
    TransferAttack,
)


def all_attacks(
    eps: float, norm: str, *, seed: int = 0, constraints: FeatureConstraints | None = None
) -> list[Attack]:
    kw: dict[str, Any] = {"eps": eps, "norm": norm, "seed": seed, "constraints": constraints}
    out: list[Attack] = [
        FGSM(**kw),
        PGD(**kw, steps=5, restarts=2),
        APGD(**kw, steps=10),
        APGD(**kw, steps=10, loss="dlr"),
        APGDT(**kw, steps=10, n_target_classes=2),
        FAB(**kw, steps=10),
        FAB(**kw, steps=10, targeted=True, n_target_classes=2),
        DeepFool(**kw, steps=10),
        Square(**kw, n_queries=30),
        HopSkipJump(**kw, steps=2, init_evals=10, max_evals=20, init_tries=5),
        TransferAttack(**kw, n_queries=200, epochs=2, steps=5, checkpoints=2),
    ]
    if norm == "l2":
        out.append(CarliniWagnerL2(**kw, steps=10, binary_search_steps=2))
    return out
