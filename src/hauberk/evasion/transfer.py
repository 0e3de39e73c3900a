"""Transfer attack: train a surrogate by querying the model, attack the surrogate, replay.

Papers: Papernot et al., "Practical Black-Box Attacks against Machine Learning", AsiaCCS
2017 (a surrogate trained on the victim's answers); Dong et al., "Boosting Adversarial Attacks
with Momentum", CVPR 2018 (momentum iterations transfer better). Threat model: score-based
black-box for models without gradients (scikit-learn, ONNX, HTTP): it only calls
``predict_proba``, at most about ``n_queries`` rows per batch.

The query set is the batch itself plus random points of the 2ε-ball around it; the
surrogate (a small torch MLP unless ``surrogate`` builds another module) is fitted to the
victim's probabilities with a soft cross-entropy; then momentum PGD (``steps`` steps) attacks
the surrogate and the result is checked on the victim: samples it does not fool keep the
point that lowered the victim's margin most among the iterates ``checkpoints`` sampled.
Defaults: ``n_queries=4000``, ``epochs=60``, ``hidden=256``, ``steps=20``, ``checkpoints=4``.
The surrogate trains and is attacked on ``threads=1`` torch thread: a small MLP's ~10⁴ steps
ran several times slower on two contended threads (issue 14; ``None`` keeps torch's setting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from hauberk.evasion._attack import Attack, AttackRun, check_range
from hauberk.evasion._constraints import FeatureConstraints
from hauberk.evasion._ops import ball, ce_loss, steepest
from hauberk.models import torch_threads


def mlp(features: int, classes: int, hidden: int) -> Any:
    import torch

    return torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(features, hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden, hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(hidden, classes),
    )


class TransferAttack(Attack):
    """Surrogate trained on the victim's answers, attacked with momentum PGD."""

    name = "transfer"
    threat = "transfer"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        n_queries: int = 4000,
        epochs: int = 60,
        hidden: int = 256,
        steps: int = 20,
        checkpoints: int = 4,
        surrogate: Callable[[int, int], Any] | None = None,
        threads: int | None = 1,
        seed: int = 0,
        batch_size: int = 512,
        max_queries: int | None = None,
        constraints: FeatureConstraints | None = None,
    ) -> None:
        super().__init__(
            eps=eps,
            norm=norm,
            seed=seed,
            batch_size=batch_size,
            max_queries=max_queries,
            constraints=constraints,
        )
        check_range("n_queries", n_queries, 1, 100_000_000, integer=True)
        check_range("epochs", epochs, 1, 10_000, integer=True)
        check_range("hidden", hidden, 1, 1 << 16, integer=True)
        check_range("steps", steps, 1, 10_000, integer=True)
        check_range("checkpoints", checkpoints, 1, steps, integer=True)
        self.n_queries, self.epochs, self.hidden = int(n_queries), int(epochs), int(hidden)
        self.steps, self.checkpoints = int(steps), int(checkpoints)
        if threads is not None:
            check_range("threads", threads, 1, 1024, integer=True)
        self.surrogate = surrogate
        self.threads = threads

    def _fit(self, run: AttackRun) -> Any:
        import torch

        n, shape = len(run.x), run.x.shape[1:]
        lo, hi = run.lo_hi()
        reps = max(1, self.n_queries // (n * (1 + self.checkpoints)) - 1)
        flat = run.x.reshape(n, -1)
        noise = run.rng.uniform(-2 * run.eps, 2 * run.eps, size=(reps, n, flat.shape[1]))
        if run.norm == "l2":
            g = run.rng.standard_normal((reps, n, flat.shape[1]))
            r = run.rng.uniform(0, 2 * run.eps, size=(reps, n, 1))
            noise = g / np.linalg.norm(g, axis=2, keepdims=True) * r
        pts = np.concatenate([flat[None], np.clip(flat[None] + noise, lo, hi)]).reshape(-1, *shape)
        probs = run.proba(pts)
        torch.manual_seed(run.seed)
        feats = int(np.prod(shape))
        build = self.surrogate or (lambda f, k: mlp(f, k, self.hidden))
        net = build(feats, run.n_classes)
        xt = torch.as_tensor(pts, dtype=torch.float32)
        pt = torch.as_tensor(probs, dtype=torch.float32)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        gen = torch.Generator().manual_seed(run.seed)
        net.train()
        for _ in range(self.epochs):
            perm = torch.randperm(len(xt), generator=gen)
            for i in range(0, len(xt), 128):
                idx = perm[i : i + 128]
                opt.zero_grad()
                logp = torch.log_softmax(net(xt[idx]), dim=1)
                loss = -(pt[idx] * logp).sum(dim=1).mean()
                loss.backward()  # type: ignore[no-untyped-call]
                opt.step()
        return net.eval()

    def _run(self, run: AttackRun) -> Any:
        with torch_threads(self.threads):
            return self._attack(run)

    def _attack(self, run: AttackRun) -> Any:
        import torch

        net = self._fit(run)
        lo, hi = run.lo_hi()
        shape = run.x.shape[1:]
        lo_t = torch.as_tensor(np.clip(lo, -3e38, 3e38).reshape(shape), dtype=torch.float32)
        hi_t = torch.as_tensor(np.clip(hi, -3e38, 3e38).reshape(shape), dtype=torch.float32)
        x = torch.as_tensor(np.array(run.x, dtype=np.float32))  # a copy: run.x may be read-only
        y = torch.as_tensor(run.y, dtype=torch.int64)
        free = None
        if run.constraints is not None:
            free = torch.as_tensor(
                run.constraints.continuous_mask.reshape(shape), dtype=torch.float32
            )
        alpha = 2.5 * run.eps / self.steps
        xa, mom = x.clone(), torch.zeros_like(x)
        keep = set(np.linspace(1, self.steps, self.checkpoints).round().astype(int).tolist())
        snaps = []
        for step in range(1, self.steps + 1):
            xa.requires_grad_(True)
            loss = ce_loss(net(xa), y).sum()
            (g,) = torch.autograd.grad(loss, xa)
            with torch.no_grad():
                g = g / (
                    g.abs().reshape(len(g), -1).mean(dim=1).reshape(-1, *([1] * (g.dim() - 1)))
                    + 1e-12
                )
                mom = mom + g
                xa = ball(x, xa + alpha * steepest(mom, run.norm), run.eps, run.norm)
                xa = torch.max(torch.min(xa, hi_t), lo_t)
                if free is not None:
                    xa = x + (xa - x) * free
            if step in keep:
                snaps.append(xa.detach().numpy().astype(np.float64))
        best, best_m = snaps[-1], np.full(len(x), np.inf)
        for snap in snaps:
            p = np.log(np.clip(run.proba(snap), 1e-30, None))
            rows = np.arange(len(p))
            own = p[rows, run.y].copy()
            p[rows, run.y] = -np.inf
            m = own - p.max(axis=1)
            better = m < best_m
            best = np.where(better.reshape(-1, *([1] * (snap.ndim - 1))), snap, best)
            best_m = np.where(better, m, best_m)
        return best
