"""The rules privacy checks report, with their MITRE ATLAS and OWASP ML Top 10 references."""

from __future__ import annotations

from hauberk.core import Rule, Severity

MEMBERSHIP = Rule(
    id="HB-PRIV-MEMBERSHIP",
    title="Training-set membership can be inferred from the model's outputs",
    severity=Severity.MEDIUM,
    description=(
        "A membership-inference attack tells training records from unseen ones better than "
        "the configured limits (AUC, or true-positive rate at a low false-positive rate). "
        "Whoever can query the model can learn who was in its training data."
    ),
    remediation=(
        "Train with differential privacy (hauberk.privacy.train_dp, DP-SGD) or stronger "
        "regularisation and early stopping; expose labels or rounded top-k scores only; "
        "limit and monitor queries per client."
    ),
    atlas=("AML.T0024.000",),
    owasp=("ML04:2023",),
    papers=(
        "Carlini et al. 2022, Membership Inference Attacks From First Principles (LiRA)",
        "Zarifzadeh et al. 2024, Low-Cost High-Power Membership Inference Attacks (RMIA)",
        "Yeom et al. 2018, Privacy Risk in Machine Learning",
    ),
)

INVERSION = Rule(
    id="HB-PRIV-INVERSION",
    title="Hidden attributes or class representatives can be reconstructed from the model",
    severity=Severity.MEDIUM,
    description=(
        "An attribute-inference or model-inversion attack recovers sensitive inputs better "
        "than a baseline that does not query the model."
    ),
    remediation=(
        "Train with differential privacy, remove the sensitive attribute's proxies, and "
        "return labels or coarse scores only."
    ),
    atlas=("AML.T0024.001",),
    owasp=("ML03:2023",),
    papers=(
        "Fredrikson et al. 2015, Model Inversion Attacks that Exploit Confidence Information",
        "Jayaraman and Evans 2022, Are Attribute Inference Attacks Just Imputation?",
    ),
)
