"""Group fairness with fairlearn: per-group metrics, demographic parity and equalised odds.

The per-group table and the two differences are fairlearn's own (``MetricFrame``,
``demographic_parity_difference``, ``equalized_odds_difference`` with its default
``worst_case`` aggregation; Bird et al. 2020). Their 95% intervals are percentile bootstraps
(``hauberk.core.bootstrap``) over rows; the resampled differences are computed by
:func:`group_differences`, a vectorised numpy form of the same definitions, because calling
fairlearn a thousand times costs seconds (pandas per call). The two agree exactly on the
full sample; tests/governance/test_fairness.py and bench/governance.py check that.

The sensitive feature(s) are input columns named in ``[fairness] sensitive``: a name the
model's input spec knows, or ``col:<index>``. When none is configured or a name is not a
column the check is skipped with the reason; when a group has fewer rows than
``min_group_size`` the check is incomplete (the numbers are still recorded) because such a
group's rates decide nothing.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    ConfigError,
    Finding,
    Lifecycle,
    Plot,
    Rate,
    Series,
    Stage,
    StageSettings,
    Verdict,
    bootstrap,
    clopper_pearson,
)
from hauberk.governance import _rules as rules
from hauberk.models import Target, label_indices

MAX_GROUPS = 50


class FairnessSettings(StageSettings):
    sensitive: tuple[str, ...] = Field(
        default=(), description="input column(s) holding the sensitive feature: name or col:<i>"
    )
    positive_label: str | None = Field(
        default=None, description="the favourable class (default: the second of two classes)"
    )
    max_demographic_parity_difference: float = Field(
        default=0.1, ge=0, le=1, description="finding above"
    )
    max_equalized_odds_difference: float = Field(
        default=0.1, ge=0, le=1, description="finding above"
    )
    min_group_size: int = Field(default=30, ge=1, description="incomplete below, per group")
    bootstrap_rounds: int = Field(default=500, ge=50, le=10_000)


FAIRNESS = Stage(
    name="fairness",
    lifecycle=Lifecycle.GOVERNANCE,
    description="Group fairness (fairlearn): per-group rates, parity and equalised odds.",
    settings=FairnessSettings,
)


def resolve_columns(
    names: tuple[str, ...], feature_names: tuple[str, ...], width: int
) -> list[int]:
    """Column indices of the sensitive features; ``ConfigError`` names the one not found."""
    out = []
    for name in names:
        if name in feature_names:
            out.append(feature_names.index(name))
            continue
        head, _, index = name.partition(":")
        if head == "col" and index.isdigit() and int(index) < width:
            out.append(int(index))
            continue
        known = ", ".join(feature_names[:20]) or "none named"
        raise ConfigError(
            f"[fairness] sensitive: {name!r} is not an input column (model columns: {known}; "
            f"or give col:<index> with index below {width})"
        )
    return out


def group_codes(sensitive: NDArray[Any]) -> tuple[NDArray[np.int64], list[str]]:
    """One integer group per row (intersections of several columns) and each group's name."""
    cols = sensitive.reshape(len(sensitive), -1)
    uniq, codes = np.unique(cols, axis=0, return_inverse=True)
    names = [",".join(_fmt(v) for v in row) for row in uniq]
    return codes.reshape(-1).astype(np.int64), names


def _fmt(value: Any) -> str:
    f = float(value)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def group_differences(
    y: NDArray[np.int64], pred: NDArray[np.int64], groups: NDArray[np.int64], k: int
) -> tuple[float, float]:
    """(demographic parity difference, equalised odds difference), fairlearn's definitions.

    A group with no rows in this sample (a bootstrap resample can miss one) is left out. A
    present group with no positives (negatives) has a true- (false-) positive rate of 0, as
    in fairlearn, whose rates follow scikit-learn's ``zero_division`` default.
    """
    n = np.bincount(groups, minlength=k).astype(np.float64)
    sel = np.bincount(groups, weights=pred, minlength=k)
    pos = np.bincount(groups, weights=y, minlength=k).astype(np.float64)
    tp = np.bincount(groups, weights=pred * y, minlength=k)
    fp = sel - tp
    neg = n - pos
    present = n > 0
    rate = sel[present] / n[present]
    tpr = np.divide(tp, pos, out=np.zeros(k), where=pos > 0)[present]
    fpr = np.divide(fp, neg, out=np.zeros(k), where=neg > 0)[present]
    dp = float(rate.max() - rate.min())
    eo = float(max(tpr.max() - tpr.min(), fpr.max() - fpr.min()))
    return dp, eo


@dataclass(frozen=True)
class FairnessMeasure:
    """Per-group table and the two differences, with their bootstrap intervals."""

    groups: dict[str, dict[str, float]]
    demographic_parity: Rate
    equalized_odds: Rate
    smallest_group: int

    def to_metrics(self) -> dict[str, Any]:
        return {
            "demographic_parity_difference": self.demographic_parity.value,
            "demographic_parity_difference_ci": self.demographic_parity.to_dict(),
            "equalized_odds_difference": self.equalized_odds.value,
            "equalized_odds_difference_ci": self.equalized_odds.to_dict(),
            "by_group": self.groups,
            "smallest_group": self.smallest_group,
            "samples": self.demographic_parity.n,
        }


def measure_fairness(
    y: NDArray[Any],
    pred: NDArray[Any],
    sensitive: NDArray[Any],
    *,
    rounds: int = 500,
    seed: int = 0,
) -> FairnessMeasure:
    """fairlearn's per-group metrics and differences for binary ``y``/``pred`` (1 favourable),
    with percentile bootstrap intervals over rows."""
    from sklearn.exceptions import UndefinedMetricWarning

    y = np.asarray(y).astype(np.int64)
    pred = np.asarray(pred).astype(np.int64)
    codes, names = group_codes(np.asarray(sensitive))
    labelled = np.asarray(names, dtype=object)[codes]
    with warnings.catch_warnings():
        # a group without positives (negatives): its TPR (FPR) is 0, scikit-learn warns
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return _measure(y, pred, codes, names, labelled, rounds, seed)


def _measure(
    y: NDArray[np.int64],
    pred: NDArray[np.int64],
    codes: NDArray[np.int64],
    names: list[str],
    labelled: NDArray[Any],
    rounds: int,
    seed: int,
) -> FairnessMeasure:
    from fairlearn.metrics import (
        MetricFrame,
        count,
        demographic_parity_difference,
        equalized_odds_difference,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score

    frame = MetricFrame(
        metrics={
            "count": count,
            "accuracy": accuracy_score,
            "selection_rate": selection_rate,
            "true_positive_rate": true_positive_rate,
            "false_positive_rate": false_positive_rate,
        },
        y_true=y,
        y_pred=pred,
        sensitive_features=labelled,
    )
    table = frame.by_group
    groups = {str(g): {str(m): float(table.loc[g, m]) for m in table.columns} for g in table.index}
    dp = float(demographic_parity_difference(y, pred, sensitive_features=labelled))
    eo = float(equalized_odds_difference(y, pred, sensitive_features=labelled))
    k = len(names)
    n = len(y)
    dp_ci = bootstrap(
        lambda i: group_differences(y[i], pred[i], codes[i], k)[0], n, rounds=rounds, seed=seed
    )
    eo_ci = bootstrap(
        lambda i: group_differences(y[i], pred[i], codes[i], k)[1], n, rounds=rounds, seed=seed
    )
    return FairnessMeasure(
        groups=groups,
        demographic_parity=Rate(dp, n, dp_ci.low, dp_ci.high, "bootstrap"),
        equalized_odds=Rate(eo, n, eo_ci.low, eo_ci.high, "bootstrap"),
        smallest_group=int(np.bincount(codes).min()),
    )


class Fairness:
    name = "governance.fairness"
    stage = FAIRNESS
    needs = frozenset({"model", "data", "labels"})
    rules = (rules.DEMOGRAPHIC_PARITY, rules.EQUALIZED_ODDS)
    description = "Per-group rates, demographic parity and equalised odds differences (fairlearn)."

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, FairnessSettings)
        if not settings.sensitive:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                'no sensitive feature configured; set [fairness] sensitive = ["column"]',
            )
        assert target.model is not None
        assert target.data is not None
        split = target.data.eval
        assert split.y is not None
        model = target.model
        flat = split.x.reshape(len(split), -1)
        try:
            cols = resolve_columns(
                settings.sensitive, tuple(model.input_spec.feature_names), flat.shape[1]
            )
        except ConfigError as exc:
            return CheckResult.skipped(self.name, self.stage.name, str(exc))
        classes = [str(c) for c in model.classes]
        if settings.positive_label is not None:
            if settings.positive_label not in classes:
                return CheckResult.skipped(
                    self.name,
                    self.stage.name,
                    f"[fairness] positive_label {settings.positive_label!r} is not one of the "
                    f"model's classes {classes[:20]}",
                )
            favourable = classes.index(settings.positive_label)
        elif len(classes) == 2:
            favourable = 1
        else:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                f"{len(classes)} classes: set [fairness] positive_label to the favourable one",
            )
        n = ctx.sample_limit(len(split))
        rows = ctx.rng().permutation(len(split))[:n]
        sensitive = flat[rows][:, cols]
        _, names = group_codes(sensitive)
        if len(names) > MAX_GROUPS:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                f"the sensitive column(s) {list(settings.sensitive)} hold {len(names)} distinct "
                f"values (more than {MAX_GROUPS}); a sensitive feature must be categorical",
            )
        if len(names) < 2:
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                f"the sensitive column(s) {list(settings.sensitive)} hold one group only",
            )
        y = (label_indices(model, split.y[rows]) == favourable).astype(np.int64)
        proba = model.predict_proba(split.x[rows])
        pred = (proba.argmax(axis=1) == favourable).astype(np.int64)
        ctx.check_time()
        m = measure_fairness(y, pred, sensitive, rounds=settings.bootstrap_rounds, seed=ctx.seed)
        metrics = m.to_metrics()
        metrics.update(
            {
                "sensitive": list(settings.sensitive),
                "favourable_class": classes[favourable],
                "groups": len(names),
            }
        )
        findings = self._findings(target.name, settings, m)
        plot = Plot(
            title="Favourable-prediction rate per group",
            kind="bar",
            x_label="group",
            y_label="selection rate",
            series=(
                Series(
                    "selection rate",
                    tuple(range(len(m.groups))),
                    tuple(g["selection_rate"] for g in m.groups.values()),
                ),
            ),
        )
        small = {
            g: int(v["count"]) for g, v in m.groups.items() if v["count"] < settings.min_group_size
        }
        reason = ""
        if small:
            reason = (
                f"group(s) {small} have fewer than min_group_size={settings.min_group_size} "
                "rows; their rates decide nothing: give more evaluation rows for them"
            )
        return CheckResult.of(
            self.name,
            self.stage.name,
            findings,
            metrics,
            [plot],
            partial=bool(small),
            reason=reason,
        )

    def _findings(
        self, where: str, settings: FairnessSettings, m: FairnessMeasure
    ) -> list[Finding]:
        out = []
        for rule, rate, limit, label in (
            (
                rules.DEMOGRAPHIC_PARITY,
                m.demographic_parity,
                settings.max_demographic_parity_difference,
                "Demographic parity difference",
            ),
            (
                rules.EQUALIZED_ODDS,
                m.equalized_odds,
                settings.max_equalized_odds_difference,
                "Equalised odds difference",
            ),
        ):
            if not rate.value > limit:
                continue
            verdict = rate.verdict(limit, strict=True)
            note = (
                ""
                if verdict is Verdict.ABOVE
                else "; the interval reaches below it "
                "(inconclusive: more rows per group would decide)"
            )
            out.append(
                rule.finding(
                    where,
                    f"{label} {rate.describe()} across groups of "
                    f"{', '.join(settings.sensitive)} is above the limit {limit:.3f}{note}.",
                    {
                        "difference": rate.to_dict(),
                        "limit": limit,
                        "verdict": verdict.value,
                        "by_group": m.groups,
                    },
                )
            )
        return out


@dataclass(frozen=True)
class Mitigation:
    """A mitigated predictor and the fairness and accuracy before and after, on test rows."""

    method: str
    constraint: str
    before: FairnessMeasure
    after: FairnessMeasure
    accuracy_before: Rate
    accuracy_after: Rate
    predictor: Any

    def to_metrics(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "constraint": self.constraint,
            "before": {**self.before.to_metrics(), "accuracy": self.accuracy_before.to_dict()},
            "after": {**self.after.to_metrics(), "accuracy": self.accuracy_after.to_dict()},
        }


METHODS = ("threshold", "exponentiated-gradient")
CONSTRAINTS = ("demographic_parity", "equalized_odds")


def mitigate(
    estimator: Any,
    x_train: NDArray[Any],
    y_train: NDArray[Any],
    s_train: NDArray[Any],
    x_test: NDArray[Any],
    y_test: NDArray[Any],
    s_test: NDArray[Any],
    *,
    method: str = "threshold",
    constraint: str = "demographic_parity",
    rounds: int = 500,
    seed: int = 0,
    max_iter: int = 50,
) -> Mitigation:
    """Mitigate with fairlearn and measure before and after on the same held-out rows.

    ``threshold``: ``ThresholdOptimizer`` (Hardt et al. 2016) post-processes the fitted
    ``estimator`` with group-specific thresholds (it needs the sensitive feature at
    prediction time). ``exponentiated-gradient``: ``ExponentiatedGradient`` (Agarwal et al.
    2018) retrains a clone of ``estimator`` under the constraint (at most ``max_iter``
    rounds of the reduction). Labels are binary 0/1.
    """
    if method not in METHODS:
        raise ConfigError(f"mitigation method {method!r} is not one of {', '.join(METHODS)}")
    if constraint not in CONSTRAINTS:
        raise ConfigError(f"constraint {constraint!r} is not one of {', '.join(CONSTRAINTS)}")
    s_tr, s_te = _sensitive_labels(s_train), _sensitive_labels(s_test)
    pred_before = np.asarray(estimator.predict(x_test)).astype(np.int64)
    rng = np.random.RandomState(seed)
    with warnings.catch_warnings():
        # fairlearn 0.15 on pandas 3 warns about its own Series.at use; nothing to act on
        warnings.filterwarnings("ignore", module="fairlearn")
        pred_after, predictor = _fit_mitigation(
            estimator, method, constraint, x_train, y_train, s_tr, x_test, s_te, rng, max_iter
        )
    y = np.asarray(y_test).astype(np.int64)
    return _mitigation_result(
        method, constraint, y, pred_before, pred_after, s_test, predictor, rounds, seed
    )


def _fit_mitigation(
    estimator: Any,
    method: str,
    constraint: str,
    x_train: NDArray[Any],
    y_train: NDArray[Any],
    s_tr: NDArray[Any],
    x_test: NDArray[Any],
    s_te: NDArray[Any],
    rng: np.random.RandomState,
    max_iter: int,
) -> tuple[NDArray[np.int64], Any]:
    from fairlearn.postprocessing import ThresholdOptimizer
    from fairlearn.reductions import DemographicParity, EqualizedOdds, ExponentiatedGradient
    from sklearn.base import clone

    if method == "threshold":
        post = ThresholdOptimizer(
            estimator=estimator,
            constraints=constraint,
            predict_method="predict_proba" if hasattr(estimator, "predict_proba") else "auto",
            prefit=True,
        )
        post.fit(x_train, y_train, sensitive_features=s_tr)
        pred_after = np.asarray(
            post.predict(x_test, sensitive_features=s_te, random_state=rng)
        ).astype(np.int64)
        predictor: Any = post
    else:
        moment = DemographicParity() if constraint == "demographic_parity" else EqualizedOdds()
        reduction = ExponentiatedGradient(clone(estimator), constraints=moment, max_iter=max_iter)
        reduction.fit(x_train, y_train, sensitive_features=s_tr)
        pred_after = np.asarray(reduction.predict(x_test, random_state=rng)).astype(np.int64)
        predictor = reduction
    return pred_after, predictor


def _mitigation_result(
    method: str,
    constraint: str,
    y: NDArray[np.int64],
    pred_before: NDArray[np.int64],
    pred_after: NDArray[np.int64],
    s_test: NDArray[Any],
    predictor: Any,
    rounds: int,
    seed: int,
) -> Mitigation:
    def acc(pred: NDArray[np.int64]) -> Rate:
        return clopper_pearson(int((pred == y).sum()), len(y))

    return Mitigation(
        method=method,
        constraint=constraint,
        before=measure_fairness(y, pred_before, s_test, rounds=rounds, seed=seed),
        after=measure_fairness(y, pred_after, s_test, rounds=rounds, seed=seed),
        accuracy_before=acc(pred_before),
        accuracy_after=acc(pred_after),
        predictor=predictor,
    )


def _sensitive_labels(sensitive: NDArray[Any]) -> NDArray[Any]:
    codes, names = group_codes(np.asarray(sensitive))
    return np.asarray(names, dtype=object)[codes]
