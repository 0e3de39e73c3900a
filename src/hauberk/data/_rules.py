"""Rules of the data stage, as data."""

from __future__ import annotations

from hauberk.core import Rule, Severity

NONFINITE = Rule(
    id="HB-DA-NONFINITE",
    title="Data contains NaN or infinite values",
    severity=Severity.HIGH,
    description=(
        "Non-finite inputs make training and scoring undefined; a poisoner can hide in them and "
        "many pipelines silently impute or drop them."
    ),
    remediation="Reject or explicitly impute non-finite values at ingestion, and log how many.",
    atlas=("AML.T0020", "AML.T0031"),
    owasp=("ML02:2023",),
)
CONFLICTING_LABELS = Rule(
    id="HB-DA-CONFLICTING-LABELS",
    title="Identical inputs carry different labels",
    severity=Severity.MEDIUM,
    description=(
        "The same input appears with two or more labels: either label noise or label flipping, a "
        "cheap data-poisoning attack."
    ),
    remediation="Trace each conflicting row to its source and fix or drop it before training.",
    atlas=("AML.T0020",),
    owasp=("ML02:2023",),
    papers=("Biggio et al. 2012, Poisoning Attacks against Support Vector Machines",),
)
LEAKAGE = Rule(
    id="HB-DA-TRAIN-TEST-LEAKAGE",
    title="Test rows also occur in the training data",
    severity=Severity.MEDIUM,
    description=(
        "Rows shared between training and test data inflate every accuracy and robustness "
        "figure and blur membership-inference measurements."
    ),
    remediation="Deduplicate before splitting, and split by source (user, patient, document).",
    atlas=("AML.T0031",),
    owasp=("ML02:2023", "ML08:2023"),
)
IMBALANCE = Rule(
    id="HB-DA-CLASS-IMBALANCE",
    title="A class is strongly under-represented",
    severity=Severity.LOW,
    description=(
        "A rare class is learned poorly and is the cheapest target for skewing and poisoning."
    ),
    remediation="Collect more data for rare classes, re-weight them, or report per-class metrics.",
    atlas=("AML.T0031",),
    owasp=("ML08:2023",),
)
SUSPECT_LABELS = Rule(
    id="HB-DA-SUSPECT-LABELS",
    title="Samples whose labels look flipped",
    severity=Severity.MEDIUM,
    description=(
        "A sample whose label both an out-of-sample model (confident learning) and its nearest "
        "neighbours doubt is likely mislabelled or flipped on purpose; a high share of them "
        "suggests label-flipping poisoning."
    ),
    remediation="Review the listed samples; relabel or drop them and retrain.",
    atlas=("AML.T0020",),
    owasp=("ML02:2023",),
    papers=(
        "Peri et al. 2020, Deep k-NN Defense against Clean-label Data Poisoning Attacks",
        "Northcutt et al. 2021, Confident Learning: Estimating Uncertainty in Dataset Labels",
    ),
)
QUARANTINED = Rule(
    id="HB-DA-QUARANTINED",
    title="Rows quarantined as likely poisoned",
    severity=Severity.MEDIUM,
    description=(
        "A poisoning detector (label flips, backdoor triggers, personal data) flagged these rows; "
        "`hauberk data scan` moved them to the quarantine set, with each detector's score and "
        "reason, and wrote the remaining rows as the clean set. Nothing was deleted."
    ),
    remediation=(
        "Review quarantine.<ext>: relabel or drop the rows, or return those a reviewer clears to "
        "the clean set; train only on the clean set until then."
    ),
    atlas=("AML.T0020",),
    owasp=("ML02:2023",),
    papers=("Northcutt et al. 2021, Confident Learning: Estimating Uncertainty in Dataset Labels",),
)
