"""What a fairness or explanation finding means, kept as data (one table, reviewed and tested
as such). The performance rules live beside their check in ``_performance``."""

from __future__ import annotations

from hauberk.core import Rule, Severity

DEMOGRAPHIC_PARITY = Rule(
    id="HB-GV-DEMOGRAPHIC-PARITY",
    title="The model selects one group far more often than another",
    severity=Severity.MEDIUM,
    description=(
        "The demographic parity difference (largest minus smallest rate of the favourable "
        "prediction across the groups of the sensitive feature(s)) is above the configured "
        "limit. The difference carries a bootstrap 95% interval and the per-group table."
    ),
    remediation=(
        "Check the data for under-represented or mislabelled groups; retrain, or post-process "
        "with hauberk.governance.mitigate (ThresholdOptimizer / ExponentiatedGradient) and "
        "re-assess; record the decision and its justification in the model card."
    ),
    atlas=("AML.T0048.002",),
    owasp=("ML08:2023",),
    papers=(
        "Bird et al. 2020, Fairlearn: A toolkit for assessing and improving fairness in AI",
        "Agarwal et al. 2018, A Reductions Approach to Fair Classification",
    ),
)
EQUALIZED_ODDS = Rule(
    id="HB-GV-EQUALIZED-ODDS",
    title="Error rates differ between groups",
    severity=Severity.MEDIUM,
    description=(
        "The equalised odds difference (the larger of the between-group differences in "
        "true-positive and false-positive rates) is above the configured limit: the model "
        "makes more mistakes of one kind for one group."
    ),
    remediation=DEMOGRAPHIC_PARITY.remediation,
    atlas=("AML.T0048.002",),
    owasp=("ML08:2023",),
    papers=("Hardt, Price & Srebro 2016, Equality of Opportunity in Supervised Learning",),
)
UNSTABLE_EXPLANATIONS = Rule(
    id="HB-GV-UNSTABLE-EXPLANATIONS",
    title="Explanations change under small input noise",
    severity=Severity.MEDIUM,
    description=(
        "For too many explained inputs, the SHAP attributions of the same prediction before "
        "and after a small Gaussian perturbation rank the features differently (Spearman "
        "rank correlation below the limit). Such explanations cannot back a decision shown "
        "to a person (GDPR Art. 22, EU AI Act Art. 13) and hint at a brittle decision surface."
    ),
    remediation=(
        "Smooth the model (regularise, fewer deep interactions, monotone constraints), or "
        "explain on aggregated features; do not show per-decision explanations until stable."
    ),
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
    papers=(
        "Alvarez-Melis & Jaakkola 2018, On the Robustness of Interpretability Methods",
        "Lundberg & Lee 2017, A Unified Approach to Interpreting Model Predictions",
    ),
)
