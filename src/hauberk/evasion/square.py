"""Square attack: score-based random search over square-shaped updates, ℓ∞ or ℓ2.

Paper: Andriushchenko, Croce, Flammarion and Hein, "Square Attack: a query-efficient
black-box adversarial attack via random search", ECCV 2020. Threat model: score-based
black-box; it calls ``predict_proba`` only, so it works on any adapter (scikit-learn, ONNX,
HTTP) and is blind to gradient masking. Untargeted; it minimises the margin
``log p_y − max_{j≠y} log p_j`` (the logit margin, as log-softmax shifts all logits equally)
and keeps a candidate only when the margin drops.

ℓ∞: start from vertical stripes of ±ε, then each step redraws one random square window of
side ``√(p·features/channels)`` to ±ε per channel. ℓ2: start from a grid of pseudo-Gaussian
bumps, then each step moves mass between two windows so the norm stays ε. The window
fraction ``p`` starts at ``p_init`` and halves on the paper's schedule. Inputs that are not
images are laid out as one row, so windows become segments. Defaults follow AutoAttack's
standard version: ``n_queries=5000``, ``p_init=0.8``. A sample stops as soon as it is fooled.
"""

from __future__ import annotations

import contextlib
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded
from hauberk.evasion._attack import Attack, AttackRun, check_range
from hauberk.evasion._constraints import FeatureConstraints


def p_selection(p_init: float, it: int, n_iters: int) -> float:
    """The paper's schedule for the fraction of pixels a window covers."""
    i = int(it / n_iters * 10000)
    for bound, div in ((10, 1), (50, 2), (200, 4), (500, 8), (1000, 16), (2000, 32), (4000, 64)):
        if i <= bound:
            return p_init / div
    if i <= 6000:
        return p_init / 128
    if i <= 8000:
        return p_init / 256
    return p_init / 512


def _layout(shape: tuple[int, ...]) -> tuple[int, int, int]:
    if len(shape) == 3:
        return shape[0], shape[1], shape[2]
    if len(shape) == 2:
        return 1, shape[0], shape[1]
    return 1, 1, int(np.prod(shape))


def _rect_pert(a: int, b: int) -> NDArray[np.float64]:
    delta = np.zeros((a, b))
    xc, yc = a // 2 + 1, b // 2 + 1
    c0, c1 = xc - 1, yc - 1
    for k in range(max(xc, yc)):
        delta[max(c0, 0) : min(c0 + 2 * k + 1, a), max(0, c1) : min(c1 + 2 * k + 1, b)] += (
            1.0 / (k + 1) ** 2
        )
        c0 -= 1
        c1 -= 1
    out: NDArray[np.float64] = delta / np.sqrt((delta**2).sum())
    return out


def _meta_pert(a: int, b: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """Two pseudo-Gaussian halves of opposite sign (the paper's ℓ2 update shape)."""
    delta = np.zeros((a, b))
    if a >= 2:
        delta[: a // 2] = _rect_pert(a // 2, b)
        delta[a // 2 :] = -_rect_pert(a - a // 2, b)
    elif b >= 2:
        delta[:, : b // 2] = _rect_pert(a, b // 2)
        delta[:, b // 2 :] = -_rect_pert(a, b - b // 2)
    else:
        delta[:] = 1.0
    delta /= np.sqrt((delta**2).sum())
    if a == b and rng.random() > 0.5:
        delta = delta.T
    return delta


class Square(Attack):
    """Square attack (ℓ∞ or ℓ2), score-based: it only calls ``predict_proba``."""

    name = "square"
    threat = "score-based"

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        n_queries: int = 5000,
        p_init: float = 0.8,
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
        check_range("n_queries", n_queries, 1, 10_000_000, integer=True)
        check_range("p_init", p_init, 1e-6, 1.0)
        self.n_queries = int(n_queries)
        self.p_init = float(p_init)

    def _margin(self, run: AttackRun, x: NDArray[Any], y: NDArray[Any]) -> NDArray[np.float64]:
        logp = np.log(np.clip(run.proba(x.reshape(len(x), *run.x.shape[1:])), 1e-30, None))
        rows = np.arange(len(x))
        own = logp[rows, y]
        logp[rows, y] = -np.inf
        out: NDArray[np.float64] = own - logp.max(axis=1)
        return out

    def _run(self, run: AttackRun) -> Any:
        c, h, w = _layout(run.x.shape[1:])
        n = len(run.x)
        x = run.x.reshape(n, c, h, w)
        lo, hi = (b.reshape(1, c, h, w) for b in run.lo_hi())
        free = np.ones((1, c, h, w))
        if run.constraints is not None:
            free = run.constraints.continuous_mask.reshape(1, c, h, w).astype(np.float64)

        def clip(xa: NDArray[Any], x0: NDArray[Any]) -> NDArray[Any]:
            out: NDArray[Any] = x0 + (np.clip(xa, lo, hi) - x0) * free
            return out

        rng, eps, y = run.rng, run.eps, run.y
        if run.norm == "linf":
            init = rng.choice([-eps, eps], size=(n, c, 1, w))
        else:
            init = self._l2_init(n, c, h, w, rng) * eps
        best = clip(x + init, x)
        with contextlib.suppress(BudgetExceeded):  # keep what was found within the budget
            m = self._margin(run, best, y)
            for it in range(self.n_queries - 1):
                todo = np.nonzero(m > 0)[0]
                if len(todo) == 0:
                    break
                left = run.remaining()
                if left is not None and left < len(todo):
                    break
                p = p_selection(self.p_init, it, self.n_queries)
                xc, bc = x[todo], best[todo]
                if run.norm == "linf":
                    new = self._linf_step(xc, bc, p, eps, rng, clip)
                else:
                    new = self._l2_step(xc, bc, p, eps, rng, clip)
                mn = self._margin(run, new, y[todo])
                better = mn < m[todo]
                m[todo] = np.where(better, mn, m[todo])
                best[todo] = np.where(better[:, None, None, None], new, bc)
        return best.reshape(run.x.shape)

    @staticmethod
    def _window(
        h: int, w: int, p: float, c: int, rng: np.random.Generator
    ) -> tuple[int, int, int, int]:
        n_feat = c * h * w
        if h == 1:
            sw = int(min(max(round(p * n_feat / c), 1), max(w - 1, 1)))
            return 0, 1, int(rng.integers(0, w - sw + 1)), sw
        s = int(min(max(round(np.sqrt(p * n_feat / c)), 1), h - 1, w - 1))
        return int(rng.integers(0, h - s + 1)), s, int(rng.integers(0, w - s + 1)), s

    def _linf_step(
        self, xc: Any, bc: Any, p: float, eps: float, rng: np.random.Generator, clip: Any
    ) -> NDArray[Any]:
        m, c, h, w = xc.shape
        r0, sh, c0, sw = self._window(h, w, p, c, rng)
        deltas = bc - xc
        win = (slice(None), slice(None), slice(r0, r0 + sh), slice(c0, c0 + sw))
        vals = rng.choice([-eps, eps], size=(m, c, 1, 1))
        for _ in range(10):  # redraw where the new window would equal the current one
            cand = deltas.copy()
            cand[win] = vals
            same = np.abs(clip(xc + cand, xc)[win] - bc[win]).max(axis=(1, 2, 3)) < 1e-7
            if not same.any():
                break
            vals[same] = rng.choice([-eps, eps], size=(int(same.sum()), c, 1, 1))
        out: NDArray[Any] = clip(xc + cand, xc)
        return out

    @staticmethod
    def _l2_init(n: int, c: int, h: int, w: int, rng: np.random.Generator) -> NDArray[Any]:
        delta = np.zeros((n, c, h, w))
        s = max(h // 5, 1)
        sw = max(w // 5, 1)
        sp_h, sp_w = (h - s * (h // s)) // 2, (w - sw * (w // sw)) // 2
        for i in range(h // s):
            for j in range(w // sw):
                bump = _meta_pert(s, sw, rng).reshape(1, 1, s, sw)
                sign = rng.choice([-1.0, 1.0], size=(n, c, 1, 1))
                r, q = sp_h + i * s, sp_w + j * sw
                delta[:, :, r : r + s, q : q + sw] += bump * sign
        norms = np.sqrt((delta**2).sum(axis=(1, 2, 3), keepdims=True))
        out: NDArray[Any] = delta / np.maximum(norms, 1e-12)
        return out

    def _l2_step(
        self, xc: Any, bc: Any, p: float, eps: float, rng: np.random.Generator, clip: Any
    ) -> NDArray[Any]:
        m, c, h, w = xc.shape
        n_feat = c * h * w
        if h == 1:
            s_h, s_w = 1, int(min(max(round(p * n_feat / c), 3), w))
        else:
            s = int(max(round(np.sqrt(p * n_feat / c)), 3))
            s += s % 2 == 0
            s_h, s_w = min(s, h), min(s, w)
        r1, q1 = int(rng.integers(0, h - s_h + 1)), int(rng.integers(0, w - s_w + 1))
        r2, q2 = int(rng.integers(0, h - s_h + 1)), int(rng.integers(0, w - s_w + 1))
        w1 = (slice(None), slice(None), slice(r1, r1 + s_h), slice(q1, q1 + s_w))
        w2 = (slice(None), slice(None), slice(r2, r2 + s_h), slice(q2, q2 + s_w))
        delta = bc - xc
        mask1 = np.zeros_like(delta)
        mask1[w1] = 1.0
        mask2 = np.zeros_like(delta)
        mask2[w2] = 1.0
        norm_w1 = np.sqrt(((delta * mask1) ** 2).sum(axis=(2, 3), keepdims=True))
        norm_img = np.sqrt((delta**2).sum(axis=(1, 2, 3), keepdims=True))
        both = np.maximum(mask1, mask2)
        norm_ws = np.sqrt(((delta * both) ** 2).sum(axis=(2, 3), keepdims=True))
        new = np.ones((m, c, s_h, s_w)) * _meta_pert(s_h, s_w, rng).reshape(1, 1, s_h, s_w)
        new *= rng.choice([-1.0, 1.0], size=(m, c, 1, 1))
        new += delta[w1] / (1e-10 + norm_w1)
        new = (
            new
            / np.sqrt((new**2).sum(axis=(2, 3), keepdims=True))
            * np.sqrt(np.maximum(eps**2 - norm_img**2, 0) / c + norm_ws**2)
        )
        delta[w2] = 0.0
        delta[w1] = new
        total = np.sqrt((delta**2).sum(axis=(1, 2, 3), keepdims=True))
        out: NDArray[Any] = clip(xc + delta / np.maximum(total, 1e-12) * eps, xc)
        return out
