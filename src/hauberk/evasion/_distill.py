"""Transfer from a surrogate distilled from the model's own outputs, for masked gradients.

Papers: Athalye, Carlini and Wagner, "Obfuscated Gradients Give a False Sense of Security",
ICML 2018 (BPDA with a differentiable approximation of the whole model); Papernot et al.,
"Practical Black-Box Attacks against Machine Learning", AsiaCCS 2017 (a surrogate trained on
the victim's answers, refined with points near its decision boundary). Threat model: the
model's scores only (``predict_proba``); the model's own gradients are never used, so it works
whatever hides them (a custom ``autograd.Function``, preprocessing outside torch, saturated
logits).

The surrogate, a small torch MLP, is fitted with a soft cross-entropy to the model's
probabilities over a pool (the evaluation samples, the other data the target gives, and noisy
copies of them inside the largest ε-ball and the input domain). It is then attacked with
sign-gradient PGD steps (cross-entropy, then targeted margins towards the surrogate's runner-up
classes), and the iterates are checked on the model itself every few steps: a sample counts as
broken only when the model misclassifies a point inside its ε-ball and the domain. One
refinement round adds the checked iterates, with the model's answers, to the pool and fits the
surrogate again (the points near the boundary are those it most needs). Written here rather
than taken from a library because the peers (ART, torchattacks) transfer from a fixed
surrogate and never check the iterates on the victim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import Deadline
from hauberk.evasion._constraints import FeatureConstraints, project
from hauberk.evasion.transfer import mlp
from hauberk.models import Model


@dataclass(frozen=True)
class DistillSettings:
    """Pool, training and attack sizes (defaults measured in ``bench/evasion.py``)."""

    copies_eval: int = 8  # noisy copies of each evaluation sample
    copies_other: int = 2  # noisy copies of each other data row
    max_other: int = 2000  # other data rows used at most
    hidden: int = 256
    epochs: int = 40
    steps: int = 60
    check_every: int = 5
    restarts: int = 2
    targets: int = 3
    rounds: int = 2


def _noise(
    x: NDArray[Any], copies: int, eps: float, norm: str, rng: np.random.Generator
) -> NDArray[Any]:
    """``copies`` random points per row: half on the ε-ball's surface region, half inside."""
    if copies == 0 or len(x) == 0:
        return np.zeros((0, x.shape[1]))
    flat = np.repeat(x, copies, axis=0)
    if norm == "linf":
        d = rng.choice([-1.0, 1.0], size=flat.shape) * rng.uniform(0.5, 1.0, size=flat.shape)
        d[::2] = rng.uniform(-1.0, 1.0, size=d[::2].shape)
        d *= eps
    else:
        g = rng.standard_normal(flat.shape)
        g /= np.linalg.norm(g, axis=1, keepdims=True) + 1e-12
        d = g * eps * rng.uniform(0.3, 1.0, size=(len(flat), 1))
    out: NDArray[Any] = flat + d
    return out


class Distilled:
    """A surrogate of ``model`` distilled from its probabilities, and the transfer attack."""

    def __init__(
        self,
        model: Model,
        *,
        norm: str,
        constraints: FeatureConstraints | None,
        seed: int = 0,
        settings: DistillSettings | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        self.model = model
        self.norm = norm
        self.constraints = constraints
        self.seed = seed
        self.cfg = settings or DistillSettings()
        self.deadline = deadline
        self.rng = np.random.default_rng(seed)
        self.pool_x: NDArray[Any] = np.zeros((0, model.input_spec.features))
        self.pool_p: NDArray[Any] = np.zeros((0, len(model.classes)))
        self.net: Any = None

    # -- the pool and the fit --------------------------------------------------------

    def _bounds(self) -> tuple[NDArray[Any], NDArray[Any]]:
        spec = self.model.input_spec
        n = spec.features
        lo = np.full(n, -np.inf if spec.lower is None else spec.lower)
        hi = np.full(n, np.inf if spec.upper is None else spec.upper)
        if self.constraints is not None:
            clo, chi = self.constraints.bounds()
            lo, hi = np.maximum(lo, clo), np.minimum(hi, chi)
        return lo, hi

    def _ask(self, flat: NDArray[Any]) -> None:
        """Query the model on ``flat`` rows and add them, with its answers, to the pool."""
        if len(flat) == 0:
            return
        lo, hi = self._bounds()
        flat = np.clip(flat, lo, hi)
        spec = self.model.input_spec
        probs = self.model.predict_proba(flat.reshape(len(flat), *spec.shape).astype(spec.dtype))
        self.pool_x = np.concatenate([self.pool_x, flat])
        self.pool_p = np.concatenate([self.pool_p, probs])

    def fit(self, x_eval: NDArray[Any], x_other: NDArray[Any], eps: float) -> Distilled:
        """Build the pool around ``x_eval`` (and ``x_other``) at radius ``eps``, then fit."""
        nf = self.model.input_spec.features
        ev = np.asarray(x_eval, dtype=np.float64).reshape(len(x_eval), nf)
        other = np.asarray(x_other, dtype=np.float64).reshape(len(x_other), nf)
        if len(other) > self.cfg.max_other:
            other = other[self.rng.choice(len(other), self.cfg.max_other, replace=False)]
        self._ask(
            np.concatenate(
                [
                    ev,
                    other,
                    _noise(ev, self.cfg.copies_eval, eps, self.norm, self.rng),
                    _noise(other, self.cfg.copies_other, eps, self.norm, self.rng),
                ]
            )
        )
        self._train()
        return self

    def _train(self) -> None:
        import torch

        torch.manual_seed(self.seed)
        spec = self.model.input_spec
        self.net = mlp(spec.features, len(self.model.classes), self.cfg.hidden)
        xt = torch.as_tensor(self.pool_x, dtype=torch.float32)
        pt = torch.as_tensor(self.pool_p, dtype=torch.float32)
        opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        gen = torch.Generator().manual_seed(self.seed)
        self.net.train()
        for _ in range(self.cfg.epochs):
            if self.deadline is not None:
                self.deadline.check()
            perm = torch.randperm(len(xt), generator=gen)
            for i in range(0, len(xt), 128):
                idx = perm[i : i + 128]
                opt.zero_grad()
                logp = torch.log_softmax(self.net(xt[idx]), dim=1)
                loss = -(pt[idx] * logp).sum(dim=1).mean()
                loss.backward()  # type: ignore[no-untyped-call]
                opt.step()
        self.net.eval()

    # -- the attack --------------------------------------------------------------------

    def attack(self, x: NDArray[Any], cols: NDArray[np.int64], eps: float) -> NDArray[np.bool_]:
        """Which samples of ``x`` (labels as column indices) the transfer breaks within ``eps``.

        Runs ``rounds`` rounds; after each but the last, the checked iterates join the pool and
        the surrogate is fitted again.
        """
        flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        broken = np.zeros(len(x), dtype=bool)
        for rnd in range(self.cfg.rounds):
            todo = np.nonzero(~broken)[0]
            if len(todo) == 0:
                break
            seen: list[NDArray[Any]] = []
            broken[todo] = self._pgd(flat[todo], cols[todo], eps, seen)
            if rnd + 1 < self.cfg.rounds and seen:
                pts = np.concatenate(seen)
                keep = min(len(pts), self.cfg.copies_eval * len(todo))
                self._ask(pts[self.rng.choice(len(pts), keep, replace=False)])
                self._train()
        return broken

    def _losses(self, cols: Any, z0: Any) -> list[Callable[[Any, Any], Any]]:
        """Per-sample losses ``fn(logits, rows)`` for the samples at index tensor ``rows``."""
        import torch

        from hauberk.evasion._ops import ce_loss

        out: list[Callable[[Any, Any], Any]] = [lambda z, rows: ce_loss(z, cols[rows])]
        ranked = z0.masked_fill(
            torch.nn.functional.one_hot(cols, z0.shape[1]).bool(), float("-inf")
        ).argsort(dim=1, descending=True)
        for k in range(min(self.cfg.targets, z0.shape[1] - 1)):
            out.append(_targeted(cols, ranked[:, k]))
        return out

    def _pgd(
        self, flat: NDArray[Any], cols: NDArray[np.int64], eps: float, seen: list[NDArray[Any]]
    ) -> NDArray[np.bool_]:
        import torch

        from hauberk.evasion._ops import steepest

        spec = self.model.input_spec
        lo, hi = self._bounds()
        x0 = torch.as_tensor(flat, dtype=torch.float32)
        yt = torch.as_tensor(cols, dtype=torch.int64)
        gen = torch.Generator().manual_seed(self.seed)
        fooled = np.zeros(len(flat), dtype=bool)
        with torch.no_grad():
            z0 = self.net(x0)
        losses = self._losses(yt, z0)
        for r in range(self.cfg.restarts):
            for loss_fn in losses:
                alive = np.nonzero(~fooled)[0]
                if len(alive) == 0:
                    return fooled
                if self.deadline is not None:
                    self.deadline.check()
                xs = x0[alive]
                alive_t = torch.as_tensor(alive)
                start = (torch.rand(xs.shape, generator=gen) * 2 - 1) * eps * (0.5 if r else 0.0)
                xa = xs + start
                step = 2.0 * eps / 4
                for s in range(1, self.cfg.steps + 1):
                    xa = xa.detach().requires_grad_(True)
                    (g,) = torch.autograd.grad(loss_fn(self.net(xa), alive_t).sum(), xa)
                    with torch.no_grad():
                        if s in (self.cfg.steps // 2, 3 * self.cfg.steps // 4):
                            step /= 2
                        xa = xa + step * steepest(g, self.norm)
                    if s % self.cfg.check_every == 0 or s == self.cfg.steps:
                        cand = project(
                            flat[alive],
                            xa.detach().numpy().astype(np.float64),
                            eps=eps,
                            norm=self.norm,
                            lower=spec.lower,
                            upper=spec.upper,
                            constraints=self.constraints,
                        )
                        cand = np.clip(cand, lo, hi)
                        xa = torch.as_tensor(cand, dtype=torch.float32)
                        seen.append(cand)
                        pred = self.model.predict_proba(
                            cand.reshape(len(cand), *spec.shape).astype(spec.dtype)
                        ).argmax(axis=1)
                        fooled[alive[pred != cols[alive]]] = True
                    else:
                        xa = _ball(xs, xa.detach(), eps, self.norm, lo, hi)
        return fooled


def _targeted(cols: Any, t: Any) -> Callable[[Any, Any], Any]:
    """The margin of target ``t`` over the label, capped so confident points stop pulling."""

    def loss(z: Any, rows: Any) -> Any:
        diff = z.gather(1, t[rows, None])[:, 0] - z.gather(1, cols[rows, None])[:, 0]
        return diff.clamp(max=10.0)

    return loss


def _ball(x: Any, xa: Any, eps: float, norm: str, lo: NDArray[Any], hi: NDArray[Any]) -> Any:
    import torch

    from hauberk.evasion._ops import ball

    out = ball(x, xa, eps, norm)
    big = 3e38
    lo_t = torch.as_tensor(np.clip(lo, -big, big), dtype=torch.float32)
    hi_t = torch.as_tensor(np.clip(hi, -big, big), dtype=torch.float32)
    return torch.max(torch.min(out, hi_t), lo_t)
