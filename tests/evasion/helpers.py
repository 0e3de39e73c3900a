"""Shared by the evasion tests: tiny models, tabular constraints, every attack, small settings."""

from __future__ import annotations

from typing import Any

import numpy as np

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
from hauberk.models import InputSpec

SPEC = InputSpec(shape=(1, 8, 8), dtype="float32", lower=0.0, upper=1.0)


def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    x = (data.data / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)
    y = data.target.astype(np.int64)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
    return xtr, ytr, xte, yte


def small_cnn() -> Any:
    import torch

    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(16, 32, 3, padding=1, stride=2),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(32 * 4 * 4, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )


def train(module: Any, x: np.ndarray, y: np.ndarray, *, epochs: int = 15, seed: int = 0) -> Any:
    import torch

    torch.manual_seed(seed)
    opt = torch.optim.Adam(module.parameters(), lr=3e-3)
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)
    gen = torch.Generator().manual_seed(seed)
    module.train()
    for _ in range(epochs):
        perm = torch.randperm(len(xt), generator=gen)
        for i in range(0, len(xt), 64):
            idx = perm[i : i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(module(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    return module.eval()


TAB = FeatureConstraints(
    n_features=9,
    lower=[0, 0, 0, 0, 0, 0, 0, 0, 0],
    upper=[1, 1, 1, 5, 5, 1, 1, 1, 1],
    integer=[3, 4],
    categorical=[[5, 6, 7]],
    immutable=[8],
)


def tabular(rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros((rows, 9))
    x[:, :3] = rng.random((rows, 3))
    x[:, 3:5] = rng.integers(0, 6, size=(rows, 2))
    x[np.arange(rows), 5 + rng.integers(0, 3, size=rows)] = 1.0
    x[:, 8] = rng.random(rows)
    return x


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


def quantized(module: Any, levels: int = 4) -> Any:
    """``module`` behind input quantisation: zero gradients everywhere (obfuscated gradients)."""
    import torch

    class Quantize(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.round(x * levels) / levels

    return torch.nn.Sequential(Quantize(), module).eval()


def noisy(module: Any, sigma: float = 0.1) -> Any:
    """``module`` behind Gaussian input noise at inference: randomised outputs."""
    import torch

    class Noise(torch.nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x + sigma * torch.randn_like(x)

    return torch.nn.Sequential(Noise(), module).eval()


# -- masked models and their straight-through references (tests/regressions/test_evasion_redteam2_*)


def straight_through_pgd(
    ref: Any,
    true: Any,
    x: np.ndarray,
    y: np.ndarray,
    eps: float,
    *,
    steps: int = 50,
    restarts: int = 4,
    seed: int = 0,
) -> float:
    """Robust accuracy of ``true`` under ℓ∞ PGD that follows the gradients of ``ref``.

    ``ref`` computes what ``true`` does with the masking replaced by the identity on the
    backward pass (BPDA). Restarts alternate cross-entropy and the logit margin; a sample
    counts as broken when ``true`` misclassifies any iterate (inside the ball and [0, 1]).
    """
    import torch

    torch.manual_seed(seed)
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)
    with torch.no_grad():
        robust = true(xt).argmax(1) == yt
    for r in range(restarts):
        idx = torch.nonzero(robust)[:, 0]
        if len(idx) == 0:
            break
        x0, y0 = xt[idx], yt[idx]
        xa = (x0 + torch.empty_like(x0).uniform_(-eps, eps)).clamp(0, 1)
        for s in range(steps):
            xa.requires_grad_(True)
            z = ref(xa)
            if r % 2 == 0:
                loss = torch.nn.functional.cross_entropy(z, y0, reduction="sum")
            else:
                own = z.gather(1, y0[:, None])[:, 0]
                other = z.masked_fill(torch.nn.functional.one_hot(y0, z.shape[1]).bool(), -1e9)
                loss = (other.amax(1) - own).sum()
            (g,) = torch.autograd.grad(loss, xa)
            with torch.no_grad():
                step = eps / 4 if s < steps // 2 else eps / 16
                xa = torch.min(torch.max(xa + step * g.sign(), x0 - eps), x0 + eps).clamp(0, 1)
                robust[idx[true(xa).argmax(1) != y0]] = False
    return float(robust.float().mean())


def robustness_check(module: Any, x: np.ndarray, y: np.ndarray, eps: float, **settings: Any) -> Any:
    """``evasion.robustness`` on ``module`` (digits, inputs in [0, 1]) at one ε."""
    from hauberk.core import CheckContext, run_check
    from hauberk.evasion import EvasionCheck, EvasionSettings
    from hauberk.models import Dataset, Split, Target, TorchModel

    model = TorchModel(module, input_spec=SPEC, classes=range(10))
    target = Target(name="masked", model=model, data=Dataset(single=Split(x, y)))
    cfg = EvasionSettings(epsilons=(eps,), max_samples=len(x), min_robust_accuracy=0.0, **settings)
    return run_check(EvasionCheck(), target, CheckContext(settings=cfg, seed=0), model.counter)
