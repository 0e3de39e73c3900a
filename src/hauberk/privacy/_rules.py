"""The rules privacy checks report, with their MITRE ATLAS and OWASP ML Top 10 references."""

from __future__ import annotations

from hauberk.core import Rule, Severity

#: Every privacy rule may report a measurement whose interval straddles its limit as info.
INCONCLUSIVE = (Severity.INFO, "the sample is too small to decide either way (inconclusive)")

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
    also=(
        (
            Severity.HIGH,
            "an attack's TPR at 1% FPR is at least 0.2, or its AUC at least 0.8, at the lower "
            "end of the 95% interval",
        ),
        INCONCLUSIVE,
    ),
)

INVERSION = Rule(
    id="HB-PRIV-INVERSION",
    title="Class representatives can be reconstructed from the model",
    severity=Severity.LOW,
    description=(
        "A model-inversion attack reconstructs inputs that an independent classifier "
        "recognises as the class they were reconstructed for, more often than the limit."
    ),
    remediation=(
        "Train with differential privacy; return labels or coarse scores, not gradients or "
        "full confidence vectors; limit and monitor queries per client."
    ),
    atlas=("AML.T0024.001",),
    owasp=("ML03:2023",),
    papers=("Fredrikson et al. 2015, Model Inversion Attacks that Exploit Confidence Information",),
    also=(INCONCLUSIVE,),
)

ATTRIBUTE = Rule(
    id="HB-PRIV-ATTRIBUTE",
    title="A sensitive attribute of training records can be inferred from the model",
    severity=Severity.MEDIUM,
    description=(
        "An attribute-inference attack guesses a sensitive column of training records from "
        "the model's confidence better than imputation from the other columns does without "
        "the model."
    ),
    remediation=(
        "Train with differential privacy, remove the sensitive attribute's proxies, and "
        "return labels or coarse scores only."
    ),
    atlas=("AML.T0024.001",),
    owasp=("ML03:2023",),
    papers=(
        "Fredrikson et al. 2014, Privacy in Pharmacogenetics",
        "Jayaraman and Evans 2022, Are Attribute Inference Attacks Just Imputation?",
    ),
    also=(INCONCLUSIVE,),
)
