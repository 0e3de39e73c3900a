"""What a monitoring finding means, kept as data (one table, reviewed and tested as such)."""

from __future__ import annotations

from hauberk.core import Rule, Severity

_PAPERS = ("Rabanser, Günnemann & Lipton 2019, Failing Loudly: detecting dataset shift",)

FEATURE_DRIFT = Rule(
    id="HB-MON-FEATURE-DRIFT",
    title="An input feature's distribution has shifted",
    severity=Severity.HIGH,
    description=(
        "The current batch's values of this feature differ from the reference beyond what "
        "chance explains at the configured false-alarm rate (after correction for testing "
        "many features). The model's measured accuracy and robustness no longer apply as is."
    ),
    remediation=(
        "Find the cause (pipeline change, new population, poisoning or probing traffic); "
        "re-run hauberk assess on current data, and retrain or roll back if it degraded."
    ),
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
    papers=_PAPERS,
)
INPUT_DRIFT = Rule(
    id="HB-MON-INPUT-DRIFT",
    title="The joint input distribution has shifted",
    severity=Severity.HIGH,
    description=(
        "A whole-input two-sample test (MMD or a classifier) tells current rows from "
        "reference rows beyond chance: the joint distribution moved even where single "
        "features may not."
    ),
    remediation=FEATURE_DRIFT.remediation,
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
    papers=(
        *_PAPERS,
        "Gretton et al. 2012, A Kernel Two-Sample Test",
        "Lopez-Paz & Oquab 2017, Revisiting Classifier Two-Sample Tests",
    ),
)
OUTPUT_DRIFT = Rule(
    id="HB-MON-OUTPUT-DRIFT",
    title="The model's outputs or the labels have shifted",
    severity=Severity.HIGH,
    description=(
        "The distribution of predicted classes, of the model's confidence, or of the labels "
        "differs from the reference beyond chance: a sign of concept drift, label shift, or "
        "traffic crafted against the model, visible before labels arrive."
    ),
    remediation=(
        "Compare against labelled samples as soon as they arrive; inspect the traffic that "
        "moved (per principal) for probing; re-assess and retrain or roll back."
    ),
    atlas=("AML.T0031", "AML.T0043"),
    owasp=("ML08:2023",),
    papers=_PAPERS,
)
PERFORMANCE_DROP = Rule(
    id="HB-MON-PERFORMANCE-DROP",
    title="Accuracy on current data dropped",
    severity=Severity.HIGH,
    description=(
        "Accuracy on the labelled current batch is lower than on the reference by more than "
        "the tolerated drop, with the whole 95% interval of the difference above it."
    ),
    remediation="Roll back to the previous model version or retrain on current data.",
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
)

QUERY_PATTERN = Rule(
    id="HB-MON-QUERY-PATTERN",
    title="A credential's query pattern looks like model extraction",
    severity=Severity.HIGH,
    description=(
        "The gateway's extraction monitor (PRADA: a Shapiro-Wilk test on the distances between "
        "a principal's successive queries) flagged this principal: its queries are spread "
        "unlike natural traffic, as synthetic queries that map a model's decision boundary are."
    ),
    remediation=(
        "Revoke the credential (hauberk incident act ID revoke-key), check what else it "
        "queried in the audit trail, and harden outputs (labels only, rounding) if it persists."
    ),
    atlas=("AML.T0024.002",),
    owasp=("ML05:2023",),
    papers=("Juuti et al. 2019, PRADA: Protecting Against DNN Model Stealing Attacks",),
)

#: What ``monitor.drift`` can find (the check's catalog); the rest come from other monitors.
DRIFT_RULES = (FEATURE_DRIFT, INPUT_DRIFT, OUTPUT_DRIFT, PERFORMANCE_DROP)
RULES = (*DRIFT_RULES, QUERY_PATTERN)
