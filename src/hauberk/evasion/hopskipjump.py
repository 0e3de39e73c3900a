"""HopSkipJump: a decision-based attack that needs only the predicted label.

Paper: Chen, Jordan and Wainwright, "HopSkipJumpAttack: A Query-Efficient Decision-Based
Attack", IEEE S&P 2020. Threat model: decision-based black-box (only ``argmax`` of
``predict_proba`` is used), untargeted, ℓ2 or ℓ∞.

Start from a random input of another class, bisect towards the original to the boundary, then
repeat: estimate the boundary's normal from the signs of ``n`` random probes (Monte Carlo,
baseline-corrected), step along it (its sign for ℓ∞) with a geometrically shrinking step that
stays adversarial, and bisect back to the boundary. ``n`` grows as ``init_evals·√t`` up to
``max_evals``. A sample stops once its adversarial example is within ε. Defaults (smaller
than the paper's, for evaluation budgets): ``steps=10``, ``init_evals=50``, ``max_evals=400``,
``init_tries=50``, ``gamma=1.0``.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded
from hauberk.evasion._attack import Attack, AttackRun, check_range
from hauberk.evasion._constraints import FeatureConstraints

_CHUNK = 32768
_BISECT = 16


class HopSkipJump(Attack):
    """HopSkipJump (ℓ2 or ℓ∞), decision-based."""

    name = "hopskipjump"
    threat = "decision-based"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "l2",
        steps: int = 10,
        init_evals: int = 50,
        max_evals: int = 400,
        init_tries: int = 50,
        gamma: float = 1.0,
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
        check_range("steps", steps, 1, 10_000, integer=True)
        check_range("init_evals", init_evals, 1, 1_000_000, integer=True)
        check_range("max_evals", max_evals, init_evals, 1_000_000, integer=True)
        check_range("init_tries", init_tries, 1, 100_000, integer=True)
        check_range("gamma", gamma, 1e-6, 1e6)
        self.steps, self.init_evals, self.max_evals = int(steps), int(init_evals), int(max_evals)
        self.init_tries, self.gamma = int(init_tries), float(gamma)

    def _run(self, run: AttackRun) -> Any:
        n = len(run.x)
        x = run.x.reshape(n, -1)
        d = x.shape[1]
        lo, hi = run.lo_hi()
        free = np.ones(d)
        if run.constraints is not None:
            free = run.constraints.continuous_mask.astype(np.float64)
        shape = run.x.shape[1:]

        def clip(z: NDArray[Any], x0: NDArray[Any]) -> NDArray[Any]:
            out: NDArray[Any] = x0 + (np.clip(z, lo, hi) - x0) * free
            return out

        def is_adv(z: NDArray[Any], y: NDArray[Any]) -> NDArray[np.bool_]:
            parts = []
            for i in range(0, len(z), _CHUNK):
                p = run.proba(z[i : i + _CHUNK].reshape(-1, *shape))
                parts.append(p.argmax(axis=1) != y[i : i + _CHUNK])
            return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)

        best = x.copy()
        with contextlib.suppress(BudgetExceeded):  # keep the best found within the budget
            self._attack(run, x, lo, hi, clip, is_adv, best)
        return best.reshape(run.x.shape)

    def _dist(self, a: NDArray[Any], norm: str) -> NDArray[np.float64]:
        out: NDArray[np.float64] = (
            np.abs(a).max(axis=1) if norm == "linf" else np.sqrt((a**2).sum(axis=1))
        )
        return out

    def _bisect(self, x: Any, xa: Any, y: Any, norm: str, is_adv: Any) -> NDArray[Any]:
        if norm == "l2":
            low, high = np.zeros(len(x)), np.ones(len(x))
        else:
            low, high = np.zeros(len(x)), self._dist(xa - x, "linf")
        for _ in range(_BISECT):
            mid = (low + high) / 2
            if norm == "l2":
                cand = (1 - mid[:, None]) * x + mid[:, None] * xa
            else:
                cand = np.clip(xa, x - mid[:, None], x + mid[:, None])
            ok = is_adv(cand, y)
            high = np.where(ok, mid, high)
            low = np.where(ok, low, mid)
        if norm == "l2":
            out: NDArray[Any] = (1 - high[:, None]) * x + high[:, None] * xa
            return out
        clipped: NDArray[Any] = np.clip(xa, x - high[:, None], x + high[:, None])
        return clipped

    def _attack(
        self,
        run: AttackRun,
        x: NDArray[Any],
        lo: NDArray[Any],
        hi: NDArray[Any],
        clip: Any,
        is_adv: Any,
        best: NDArray[Any],
    ) -> None:
        rng, norm, y = run.rng, run.norm, run.y
        d = x.shape[1]
        start = x.copy()
        found = is_adv(x, y)  # already misclassified: nothing to do
        span_lo = np.where(np.isfinite(lo), lo, x.min() - 1.0)
        span_hi = np.where(np.isfinite(hi), hi, x.max() + 1.0)
        for _ in range(self.init_tries):
            todo = np.nonzero(~found)[0]
            if len(todo) == 0:
                break
            cand = clip(rng.uniform(span_lo, span_hi, size=(len(todo), d)), x[todo])
            ok = is_adv(cand, y[todo])
            start[todo[ok]] = cand[ok]
            found[todo[ok]] = True
        act = np.nonzero(found & (self._dist(start - x, norm) > 0))[0]
        if len(act) == 0:
            return
        xb = self._bisect(x[act], start[act], y[act], norm, is_adv)
        best[act] = xb
        theta = self.gamma / (d * math.sqrt(d)) if norm == "l2" else self.gamma / d**2
        for t in range(1, self.steps + 1):
            dist = self._dist(best[act] - x[act], norm)
            keep = dist > run.eps
            act, xb, dist = act[keep], best[act][keep], dist[keep]
            if len(act) == 0:
                return
            delta = (math.sqrt(d) if norm == "l2" else d) * theta * dist
            evals = int(min(self.init_evals * math.sqrt(t), self.max_evals))
            grad = self._estimate(x[act], xb, y[act], delta, evals, norm, rng, clip, is_adv)
            update = grad if norm == "l2" else np.sign(grad)
            step = dist / math.sqrt(t)
            pending = np.ones(len(act), dtype=bool)
            for _ in range(20):
                idx = np.nonzero(pending)[0]
                if len(idx) == 0:
                    break
                cand = clip(xb[idx] + step[idx, None] * update[idx], x[act][idx])
                ok = is_adv(cand, y[act][idx])
                pending[idx[ok]] = False
                step[idx[~ok]] /= 2
            moved = clip(xb + step[:, None] * update, x[act])
            okay = ~pending
            if okay.any():
                sel = act[okay]
                nb = self._bisect(x[sel], moved[okay], y[sel], norm, is_adv)
                closer = self._dist(nb - x[sel], norm) < self._dist(best[sel] - x[sel], norm)
                best[sel[closer]] = nb[closer]

    def _estimate(
        self,
        x: Any,
        xb: Any,
        y: Any,
        delta: Any,
        evals: int,
        norm: str,
        rng: np.random.Generator,
        clip: Any,
        is_adv: Any,
    ) -> NDArray[Any]:
        m, d = xb.shape
        if norm == "l2":
            u = rng.standard_normal((m, evals, d))
        else:
            u = rng.uniform(-1, 1, size=(m, evals, d))
        u /= np.sqrt((u**2).sum(axis=2, keepdims=True)) + 1e-12
        probes = clip(
            (xb[:, None, :] + delta[:, None, None] * u).reshape(m * evals, d),
            np.repeat(x, evals, axis=0),
        )
        u = (probes.reshape(m, evals, d) - xb[:, None, :]) / np.maximum(delta[:, None, None], 1e-12)
        phi = is_adv(probes, np.repeat(y, evals)).reshape(m, evals).astype(np.float64) * 2 - 1
        mean = phi.mean(axis=1, keepdims=True)
        centred = np.where(np.abs(mean) == 1, phi, phi - mean)
        grad = (centred[:, :, None] * u).mean(axis=1)
        out: NDArray[Any] = grad / (np.sqrt((grad**2).sum(axis=1, keepdims=True)) + 1e-12)
        return out
