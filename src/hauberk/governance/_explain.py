"""SHAP explanations (Lundberg & Lee 2017) and whether they survive small input noise.

The explainer is chosen by what the model is: ``shap.TreeExplainer`` for a tree ensemble
that shap supports (exact, fast), ``shap.LinearExplainer`` for a linear model (both on the
scikit-learn estimator behind the adapter), otherwise a bounded ``shap.PermutationExplainer``
on ``predict_proba`` with an independent masker over a background sample (model-agnostic:
torch, ONNX, callables and endpoints; ``max_evals`` per row is the budget, and every call is
counted as model queries).

Cost, and what runs by default: the Tree and Linear explainers are exact and take well under a
second on a 100-feature model, so they run in every assessment that has an estimator behind
its adapter. The model-agnostic path is opt-in (``[explanations] model_agnostic = true``):
on the demo CNN it spent about 2 s on 20 rows, plus about 6 s the first time in a process
while shap imports and numba compiles its masking code, on every ``hauberk assess`` that
selected it. Left off, the check is *skipped* with that reason, never passed: the model card,
the ML-BOM and ``hauberk comply`` list the explanations as missing evidence.

Global importance is the mean absolute attribution per feature; local explanations are the
top features of a few rows. Stability follows Alvarez-Melis & Jaakkola 2018: each explained
row ``x`` is perturbed by Gaussian noise of ``noise`` times each feature's standard deviation
and the attributions of the *same* class are compared; a row whose Spearman rank correlation
falls below ``min_rank_correlation`` is unstable, and a share of unstable rows above
``max_unstable_share`` (Clopper-Pearson interval quoted) is a finding.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    Lifecycle,
    Plot,
    Series,
    Stage,
    StageSettings,
    Verdict,
    bootstrap,
    clopper_pearson,
)
from hauberk.governance import _rules as rules
from hauberk.models import Model, Target, torch_threads

#: Rows explained per explainer call; the time budget is checked between calls.
CHUNK = 5

Attributor = Callable[[NDArray[np.float64]], NDArray[np.float64]]


class ExplanationSettings(StageSettings):
    samples: int = Field(default=20, ge=2, le=10_000, description="rows explained")
    min_samples: int = Field(default=10, ge=2, description="incomplete below")
    background: int = Field(default=20, ge=1, le=10_000, description="background rows")
    noise: float = Field(default=0.01, gt=0, le=1, description="noise std, x feature std")
    min_rank_correlation: float = Field(default=0.7, ge=-1, le=1, description="unstable below")
    max_unstable_share: float = Field(default=0.1, ge=0, le=1, description="finding above")
    top_k: int = Field(default=5, ge=1, le=100)
    local: int = Field(default=3, ge=0, le=50, description="rows shown as local explanations")
    max_evals: int = Field(
        default=0, ge=0, description="permutation explainer evaluations per row (0: 2F+1)"
    )
    time_budget_s: float = Field(default=120.0, gt=0, description="incomplete when exceeded")
    model_agnostic: bool = Field(
        default=False,
        description="also explain models that need shap's PermutationExplainer (torch, ONNX, "
        "callables, endpoints, estimators without a tree or linear explainer): seconds of "
        "model queries plus shap's start-up; off: those are skipped",
    )


EXPLANATIONS = Stage(
    name="explanations",
    lifecycle=Lifecycle.GOVERNANCE,
    description="SHAP global and local explanations, and their stability under input noise.",
    settings=ExplanationSettings,
)


def _per_class(values: Any, n: int, f: int, k: int) -> NDArray[np.float64]:
    """shap's outputs as ``(n, features, classes)`` (binary single-output: class 1 = +v)."""
    arr = np.asarray(values, dtype=np.float64)
    if isinstance(values, list):  # older list-per-class form
        arr = np.stack([np.asarray(v, dtype=np.float64) for v in values], axis=-1)
    if arr.ndim == 2:
        arr = np.stack([-arr, arr], axis=-1) if k == 2 else arr[..., None]
    return arr.reshape(n, f, -1)


OPT_IN = (
    "needs shap's model-agnostic PermutationExplainer (seconds of model queries plus shap's "
    "start-up, so it is opt-in): set [explanations] model_agnostic = true to explain it"
)


def _has_fast_path(estimator: Any) -> bool:
    """Whether shap's Tree or Linear explainer may fit ``estimator`` (a cheap look before
    importing shap: a tree ensemble has ``estimators_`` or ``tree_``/boosters, a linear model
    ``coef_``)."""
    if estimator is None:
        return False
    names = ("estimators_", "tree_", "get_booster", "booster_", "coef_")
    module = type(estimator).__module__.split(".")[0]
    return module in {"xgboost", "lightgbm", "catboost"} or any(
        hasattr(estimator, n) for n in names
    )


def explainer_for(
    model: Model, background: NDArray[np.float64], settings: ExplanationSettings, seed: int
) -> tuple[str, Attributor | None]:
    """The explainer that fits the model, as a function of flat rows -> (n, F, classes).

    ``None`` in place of the function: the model needs the PermutationExplainer and
    ``settings.model_agnostic`` is off.
    """
    with warnings.catch_warnings():  # shap 0.51 builds matplotlib colormaps on import
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        import shap

    f = background.shape[1]
    k = len(model.classes)
    estimator = getattr(model, "estimator", None)
    if estimator is not None:
        try:
            tree = shap.TreeExplainer(estimator)
        except Exception:
            tree = None
        if tree is not None:
            explainer = tree
            return "TreeExplainer", lambda x: _per_class(
                explainer.shap_values(x, check_additivity=False), len(x), f, k
            )
        if hasattr(estimator, "coef_") and not hasattr(estimator, "steps"):
            linear = shap.LinearExplainer(estimator, background)
            return "LinearExplainer", lambda x: _per_class(linear.shap_values(x), len(x), f, k)
    if not settings.model_agnostic:
        return "PermutationExplainer", None
    shape = tuple(model.input_spec.shape)

    def predict(flat: NDArray[np.float64]) -> NDArray[np.float64]:
        dtype = model.input_spec.dtype
        return model.predict_proba(flat.reshape(len(flat), *shape).astype(dtype))

    masker = shap.maskers.Independent(background, max_samples=len(background))
    evals = max(settings.max_evals, 2 * f + 1)

    def permutation(x: NDArray[np.float64]) -> NDArray[np.float64]:
        # shap's PermutationExplainer draws its permutations from numpy's global generator,
        # seeded when it is built: a fresh one per call gives row i of the clean call and
        # row i of the noisy call the same permutation, so the comparison sees the model and
        # not the explainer's sampling. The caller's global state is restored.
        state = np.random.get_state()
        try:
            perm = shap.PermutationExplainer(predict, masker, seed=seed)
            return _per_class(perm(x, max_evals=evals, silent=True).values, len(x), f, k)
        finally:
            np.random.set_state(state)

    return "PermutationExplainer", permutation


def _spearman(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    from scipy.stats import spearmanr

    if np.allclose(a, b):
        return 1.0
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(spearmanr(a, b).statistic)


def _top(a: NDArray[np.float64], k: int) -> NDArray[np.int64]:
    return np.argsort(-np.abs(a), kind="stable")[:k]


@dataclass(frozen=True)
class Stability:
    rank_correlation: list[float]
    top_k_overlap: list[float]


def stability(clean: NDArray[np.float64], noisy: NDArray[np.float64], top_k: int) -> Stability:
    """Per row: Spearman correlation and top-k overlap of two ``(n, F)`` attribution sets."""
    k = min(top_k, clean.shape[1])
    rho = [_spearman(a, b) for a, b in zip(clean, noisy, strict=True)]
    overlap = [
        len(set(_top(a, k).tolist()) & set(_top(b, k).tolist())) / k
        for a, b in zip(clean, noisy, strict=True)
    ]
    return Stability(rho, overlap)


class Explanations:
    name = "governance.explanations"
    stage = EXPLANATIONS
    needs = frozenset({"model", "data"})
    rules = (rules.UNSTABLE_EXPLANATIONS,)
    description = "SHAP global/local explanations; stability of attributions under small noise."

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        import time

        settings = ctx.settings
        assert isinstance(settings, ExplanationSettings)
        assert target.model is not None
        assert target.data is not None
        model = target.model
        if not settings.model_agnostic and not _has_fast_path(getattr(model, "estimator", None)):
            return CheckResult.skipped(
                self.name, self.stage.name, f"{type(model).__name__} {OPT_IN}"
            )
        start = time.monotonic()
        rng = ctx.rng()
        pool = target.data.train or target.data.eval
        evalx = target.data.eval.x
        flat_pool = pool.x.reshape(len(pool), -1).astype(np.float64)
        background = flat_pool[rng.permutation(len(flat_pool))[: settings.background]]
        n = min(ctx.sample_limit(len(evalx)), settings.samples)
        rows = rng.permutation(len(evalx))[:n]
        x = evalx[rows].reshape(n, -1).astype(np.float64)
        # noise scale from the background: a feature constant there gets no noise, so the
        # set of features the explainer varies is the same for the clean and noisy row (shap
        # skips features equal to every background value; changing that set, not the model,
        # would move the attributions)
        std = background.std(axis=0)
        spec = model.input_spec
        kind, found = explainer_for(model, background, settings, ctx.seed)
        if found is None:
            return CheckResult.skipped(
                self.name, self.stage.name, f"{type(model).__name__} {OPT_IN}"
            )
        attribute = found
        shape = tuple(spec.shape)
        pred = model.predict_proba(x.reshape(n, *shape).astype(spec.dtype)).argmax(axis=1)
        noisy_x = x + rng.normal(size=x.shape) * std * settings.noise
        if spec.lower is not None or spec.upper is not None:
            noisy_x = np.clip(noisy_x, spec.lower, spec.upper)
        clean_all: list[NDArray[np.float64]] = []
        noisy_all: list[NDArray[np.float64]] = []
        done = 0
        threads = 1 if hasattr(model, "torch_module") else None
        with torch_threads(threads):  # small torch models: one thread beats contention
            while done < n:
                if time.monotonic() - start > settings.time_budget_s or ctx.deadline.expired:
                    break
                part = slice(done, min(n, done + CHUNK))
                picked = pred[part]
                rows_ = np.arange(len(picked))
                clean_all += list(attribute(x[part])[rows_, :, picked])
                noisy_all += list(attribute(noisy_x[part])[rows_, :, picked])
                done = part.stop
        elapsed = time.monotonic() - start
        if done == 0:
            return CheckResult.error(
                self.name,
                self.stage.name,
                f"{kind}: no row explained within time_budget_s={settings.time_budget_s}s; "
                "raise it or lower max_evals",
            )
        clean = np.asarray(clean_all)
        noisy = np.asarray(noisy_all)
        stab = stability(clean, noisy, settings.top_k)
        names = list(spec.feature_names) or [f"x{j}" for j in range(clean.shape[1])]
        if len(names) != clean.shape[1]:
            names = [f"x{j}" for j in range(clean.shape[1])]
        importance = np.abs(clean).mean(axis=0)
        order = np.argsort(-importance, kind="stable")[:20]
        unstable = sum(r < settings.min_rank_correlation for r in stab.rank_correlation)
        rate = clopper_pearson(unstable, done)
        rho = np.asarray(stab.rank_correlation)
        rho_ci = bootstrap(lambda i: float(rho[i].mean()), done, rounds=500, seed=ctx.seed)
        classes = [str(c) for c in model.classes]
        local = [
            {
                "row": int(rows[i]),
                "predicted_class": classes[int(pred[i])],
                "top_features": {
                    names[j]: float(clean[i, j]) for j in _top(clean[i], settings.top_k)
                },
            }
            for i in range(min(settings.local, done))
        ]
        metrics: dict[str, Any] = {
            "explainer": kind,
            "features": int(clean.shape[1]),
            "samples": done,
            "seconds": round(elapsed, 3),
            "global_importance": {names[j]: float(importance[j]) for j in order},
            # the same as plain text, which the HTML report shows beside the scalar metrics
            "top_features": ", ".join(f"{names[j]} {importance[j]:.3g}" for j in order[:10]),
            "local_explanations": local,
            "noise": settings.noise,
            "mean_rank_correlation": float(rho.mean()),
            "mean_rank_correlation_ci": rho_ci.to_dict(),
            "mean_top_k_overlap": float(np.mean(stab.top_k_overlap)),
            "unstable_share": rate.value,
            "unstable_share_ci": rate.to_dict(),
        }
        for i in range(len(local)):
            top = ", ".join(
                f"{names[j]} {clean[i, j]:+.3g}" for j in _top(clean[i], settings.top_k)
            )
            metrics[f"local_{i + 1}"] = f"row {rows[i]}, predicted {classes[int(pred[i])]}: {top}"
        findings = []
        if rate.value > settings.max_unstable_share:
            verdict = rate.verdict(settings.max_unstable_share, strict=True)
            note = "" if verdict is Verdict.ABOVE else " (the interval reaches below it)"
            findings.append(
                rules.UNSTABLE_EXPLANATIONS.finding(
                    target.name,
                    f"{unstable} of {done} explained rows, {rate.describe()}, rank their "
                    f"features differently after noise of {settings.noise:g} x feature std "
                    f"(Spearman below {settings.min_rank_correlation}); above the "
                    f"{settings.max_unstable_share:.1%} limit{note}. {kind}, mean rank "
                    f"correlation {rho_ci.describe()}.",
                    {
                        "unstable_share": rate.to_dict(),
                        "mean_rank_correlation": rho_ci.to_dict(),
                        "mean_top_k_overlap": metrics["mean_top_k_overlap"],
                        "verdict": verdict.value,
                    },
                )
            )
        plot = Plot(
            title=f"Global importance (mean |SHAP|, {kind})",
            kind="bar",
            x_label="feature rank",
            y_label="mean |attribution|",
            series=(Series("importance", tuple(range(len(order))), tuple(importance[order])),),
        )
        partial = done < n or done < settings.min_samples
        reason = ""
        if partial:
            reason = (
                f"explained {done} of {n} rows in {elapsed:.1f}s"
                + (f" (time_budget_s={settings.time_budget_s})" if done < n else "")
                + (
                    f"; fewer than min_samples={settings.min_samples}"
                    if done < settings.min_samples
                    else ""
                )
            )
        if not math.isfinite(rho_ci.low):
            partial, reason = True, reason or "rank correlation interval undefined"
        return CheckResult.of(
            self.name, self.stage.name, findings, metrics, [plot], partial=partial, reason=reason
        )
