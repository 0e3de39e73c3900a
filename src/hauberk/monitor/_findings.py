"""A :class:`DriftResult` as a core ``CheckResult``: findings, the drift table in the metrics,
histograms and a p-value chart as plots. Fail-closed: anything untested makes it incomplete."""

from __future__ import annotations

from typing import Any

import numpy as np

from hauberk.core import CheckResult, Finding, Plot, Series
from hauberk.monitor._result import DriftResult
from hauberk.monitor._rules import FEATURE_DRIFT, INPUT_DRIFT, OUTPUT_DRIFT, PERFORMANCE_DROP

CHECK = "monitor.drift"
STAGE = "monitoring"


def drift_findings(result: DriftResult) -> list[Finding]:
    out: list[Finding] = []
    alpha = result.alpha
    for f in result.drifted_features:
        out.append(
            FEATURE_DRIFT.finding(
                f"{result.current}#{f.name}",
                f"Feature {f.name!r} drifted: {f.test} statistic {f.statistic:.4g}, adjusted "
                f"p-value {f.p_adjusted:.3g} <= α={alpha:g} ({result.correction}), on "
                f"{f.rows[0]} reference and {f.rows[1]} current values.",
                {"feature": f.name, **f.to_dict()},
            )
        )
    for t in result.whole_input:
        if t.drifted:
            out.append(
                INPUT_DRIFT.finding(
                    f"{result.current}#(whole input: {t.name})",
                    f"The {t.name} two-sample test separates the batches: statistic "
                    f"{t.statistic:.4g}, adjusted p-value {t.p_adjusted:.3g} <= α={alpha:g}.",
                    {"test": t.name, **t.to_dict()},
                )
            )
    for t in result.outputs:
        if t.drifted:
            out.append(
                OUTPUT_DRIFT.finding(
                    f"{result.current}#(output: {t.name})",
                    f"The model's {t.name} distribution shifted: adjusted p-value "
                    f"{t.p_adjusted:.3g} <= α={alpha:g}.",
                    {"test": t.name, **t.to_dict()},
                )
            )
    perf = result.performance
    if perf is not None and perf.verdict == "dropped":
        out.append(
            PERFORMANCE_DROP.finding(
                f"{result.current}#(accuracy)",
                f"Accuracy fell from {perf.reference.describe()} to {perf.current.describe()}; "
                f"the drop {perf.drop:.3f} (95% CI {perf.drop_low:.3f} to {perf.drop_high:.3f}) "
                f"is above the tolerated {perf.max_drop:.3f}.",
                perf.to_dict(),
            )
        )
    return out


def drift_metrics(result: DriftResult) -> dict[str, Any]:
    drifted = [f.name for f in result.drifted_features]
    metrics: dict[str, Any] = {
        "drift": result.drift,
        "features_drifted": len(drifted),
        "features_tested": len(result.features),
        "features_untested": len([u for u in result.untested]),
        "alpha": result.alpha,
        "correction": result.correction,
        "test": result.test,
        "rows_reference": result.rows[0],
        "rows_current": result.rows[1],
        "drifted": drifted,
        "features": {f.name: f.to_dict() for f in result.features},
        "p_adjusted": {f.name: f.p_adjusted for f in result.features},
        "whole_input": {t.name: t.to_dict() for t in result.whole_input},
        "outputs": {t.name: t.to_dict() for t in result.outputs},
        "untested": {
            u.name: {"reason": u.reason, "rows_needed": u.rows_needed} for u in result.untested
        },
        "settings": dict(result.settings),
        "reference": result.reference,
        "current": result.current,
    }
    if result.performance is not None:
        metrics["performance"] = result.performance.to_dict()
    return metrics


def drift_plots(result: DriftResult) -> list[Plot]:
    plots = []
    if result.features:
        names = [f.name for f in result.features]
        score = [-float(np.log10(max(f.p_adjusted, 1e-300))) for f in result.features]
        plots.append(
            Plot(
                title="Drift by feature: -log10 adjusted p-value "
                f"(drifted above {-np.log10(result.alpha):.2f}, α={result.alpha:g})",
                kind="bar",
                x_label="feature index (see metrics.features for names: "
                + ", ".join(names[:8])
                + (", ..." if len(names) > 8 else "")
                + ")",
                y_label="-log10 adjusted p",
                series=(Series("features", tuple(range(len(names))), tuple(score)),),
            )
        )
    for h in result.histograms:
        x_label = h.name if not h.labels else "category: " + ", ".join(h.labels[:10])
        plots.append(
            Plot(
                title=f"{h.name}: reference and current",
                kind="bar",
                x_label=x_label,
                y_label="fraction of rows",
                series=(
                    Series("reference", h.edges, h.reference),
                    Series("current", h.edges, h.current),
                ),
            )
        )
    return plots


def drift_check_result(result: DriftResult, check: str = CHECK, stage: str = STAGE) -> CheckResult:
    """Failed when anything drifted; incomplete when some test could not run (with the rows
    it needs) or performance is inconclusive; passed only when everything was tested."""
    reasons = [f"{u.name}: {u.reason}" for u in result.untested]
    perf = result.performance
    if perf is not None and perf.verdict == "inconclusive":
        reasons.append(
            f"accuracy drop {perf.drop:.3f} (95% CI {perf.drop_low:.3f} to "
            f"{perf.drop_high:.3f}) straddles the tolerated {perf.max_drop:.3f}; about "
            f"{perf.rows_to_decide} labelled rows per batch would decide"
        )
    if not result.features and not result.whole_input and not result.outputs:
        reasons.append("no test could run")
    reason = "; ".join(reasons)
    if len(reason) > 2000:
        reason = reason[:1997] + "..."
    return CheckResult.of(
        check,
        stage,
        drift_findings(result),
        drift_metrics(result),
        drift_plots(result),
        partial=bool(reasons),
        reason=reason,
    )
