"""The fairness and explanations sections of a model card and an ML-BOM, from the report.

Each section is built from the ``governance.fairness`` / ``governance.explanations`` result
of the assessment; when there is none, or it was skipped or did not finish, the section says
so and why (``gap``) instead of being left out or blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from hauberk.core import Status

if TYPE_CHECKING:
    from hauberk.core import CheckResult, Report

FAIRNESS_CHECK = "governance.fairness"
EXPLANATIONS_CHECK = "governance.explanations"


def _result(report: Report | None, name: str) -> CheckResult | None:
    if report is None:
        return None
    return next((r for r in report.results if r.check == name), None)


def _gap(result: CheckResult | None, name: str, how: str) -> str | None:
    """Why a section has no measured content (None: it has)."""
    if result is None:
        return f"not measured: the report has no {name} result; {how}"
    if result.status is Status.SKIPPED:
        return f"not measured: {name} was skipped ({result.reason}); {how}"
    if result.status is Status.ERROR:
        return f"not measured: {name} did not run ({result.reason})"
    return None


def _interval(metrics: Mapping[str, Any], key: str) -> str:
    value, ci = metrics.get(key), metrics.get(f"{key}_ci")
    if not isinstance(value, int | float) or not isinstance(ci, Mapping):
        return "not recorded"
    return f"{value:.3f} (95% CI {ci['ci_low']:.3f}-{ci['ci_high']:.3f}, n={ci.get('n')})"


def fairness_section(report: Report | None) -> dict[str, Any]:
    result = _result(report, FAIRNESS_CHECK)
    gap = _gap(
        result,
        FAIRNESS_CHECK,
        'run hauberk assess with stage "fairness" and [fairness] sensitive = ["column"]',
    )
    if gap is not None or result is None:
        return {"gap": gap}
    m = result.metrics
    sensitive = m.get("sensitive")
    groups = m.get("by_group") if isinstance(m.get("by_group"), Mapping) else {}
    assert isinstance(groups, Mapping)
    return {
        "gap": None,
        "status": result.status.value,
        "incomplete": result.reason if result.unfinished else "",
        "sensitive": ", ".join(str(s) for s in sensitive) if isinstance(sensitive, list) else "",
        "favourable": str(m.get("favourable_class", "")),
        "demographic_parity": _interval(m, "demographic_parity_difference"),
        "equalized_odds": _interval(m, "equalized_odds_difference"),
        "groups": [
            {
                "group": str(g),
                "count": int(v.get("count", 0)),
                "accuracy": f"{v.get('accuracy', float('nan')):.3f}",
                "selection_rate": f"{v.get('selection_rate', float('nan')):.3f}",
                "tpr": f"{v.get('true_positive_rate', float('nan')):.3f}",
                "fpr": f"{v.get('false_positive_rate', float('nan')):.3f}",
            }
            for g, v in groups.items()
            if isinstance(v, Mapping)
        ],
        "findings": [f.id for f in result.findings],
    }


def explanations_section(report: Report | None) -> dict[str, Any]:
    result = _result(report, EXPLANATIONS_CHECK)
    gap = _gap(result, EXPLANATIONS_CHECK, 'run hauberk assess with stage "explanations"')
    if gap is not None or result is None:
        return {"gap": gap}
    m = result.metrics
    importance = m.get("global_importance")
    local = m.get("local_explanations")
    return {
        "gap": None,
        "status": result.status.value,
        "incomplete": result.reason if result.unfinished else "",
        "explainer": str(m.get("explainer", "not recorded")),
        "samples": m.get("samples"),
        "noise": m.get("noise"),
        "rank_correlation": _interval(m, "mean_rank_correlation"),
        "unstable_share": _interval(m, "unstable_share"),
        "top_k_overlap": f"{m.get('mean_top_k_overlap', float('nan')):.3f}",
        "importance": [
            {"feature": str(k), "value": f"{float(v):.4g}"}
            for k, v in list(importance.items())[:10]
        ]
        if isinstance(importance, Mapping)
        else [],
        "local": [
            {
                "row": e.get("row"),
                "predicted": e.get("predicted_class"),
                "top": ", ".join(
                    f"{k} {float(v):+.3g}" for k, v in (e.get("top_features") or {}).items()
                ),
            }
            for e in local
            if isinstance(e, Mapping)
        ]
        if isinstance(local, list)
        else [],
        "findings": [f.id for f in result.findings],
    }


def section_gaps(report: Report | None) -> list[str]:
    """One line per section that has no measurement, for the card's and BOM's missing list."""
    out = []
    for label, section in (
        ("fairness", fairness_section(report)),
        ("explanations", explanations_section(report)),
    ):
        if section["gap"] is not None:
            out.append(f"{label} {section['gap']}")
    return out
