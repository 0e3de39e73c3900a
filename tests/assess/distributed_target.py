"""The fastest target that exercises split work: a small torch MLP on scikit-learn's digits
(gradients for the evasion ensemble) with a trainer for the shadow models. Importable by
name, so Ray workers started with the repository on PYTHONPATH load it by reference."""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

SETTINGS = {
    "privacy": {"shadow_models": 4, "max_records": 200, "skip": ["privacy.attribute",
                                                                 "privacy.inversion"]},
    "evasion": {"max_samples": 60, "split": 20, "epsilons": [0.05, 0.2], "diagnostics": False,
                "attacks": ["apgd-ce"], "skip": ["evasion.black_box"]},
}  # fmt: skip


def digits() -> dict[str, tuple[Any, Any]]:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    order = np.random.default_rng(0).permutation(len(x))[:400]
    x, y = x[order], y[order]
    return {"train": (x[:200], y[:200]), "test": (x[200:], y[200:])}


def train_mlp(x: Any, y: Any) -> Any:
    """A fresh MLP fitted on ``(x, y)``, seeded from the data (as the demo's trainer)."""
    import torch
    from torch import nn

    torch.set_num_threads(1)  # tiny networks: threads only contend
    xa = np.ascontiguousarray(x, dtype=np.float32)
    ya = np.asarray(y, dtype=np.int64)
    torch.manual_seed(zlib.crc32(xa.tobytes()) ^ zlib.crc32(ya.tobytes()))
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    xt, yt = torch.from_numpy(xa), torch.from_numpy(ya)
    for _ in range(60):
        opt.zero_grad()
        nn.functional.cross_entropy(model(xt), yt).backward()
        opt.step()
    return model.eval()


def assess(**kw: Any) -> Any:
    import torch

    import hauberk

    torch.set_num_threads(1)
    data = digits()
    model = train_mlp(*data["train"])
    return hauberk.assess(model, data, trainer=train_mlp, stages=["privacy", "evasion"],
                          settings=SETTINGS, lower=0.0, upper=1.0, seed=3, **kw)  # fmt: skip


def metrics(report: Any) -> dict[str, Any]:
    """What must not depend on the executor: statuses and metrics of every check (timings
    aside: ``seconds_by_attack`` is wall time)."""
    return {
        r.check: (r.status.value, {k: v for k, v in r.metrics.items() if "seconds" not in k})
        for r in report.results
    }
