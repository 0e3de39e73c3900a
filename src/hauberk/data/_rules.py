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
SCHEMA_VIOLATION = Rule(
    id="HB-DA-SCHEMA",
    title="Rows violate the data set's schema",
    severity=Severity.HIGH,
    description=(
        "Cells of the wrong type, out of the reviewed range, outside the known categories, "
        "duplicated in a unique column or missing where none may be: broken ingestion, or "
        "rows crafted to poison or to evade the model."
    ),
    remediation=(
        "Quarantine the listed rows and trace them to their source; if the schema is what "
        "changed, review and re-infer it from a trusted snapshot."
    ),
    atlas=("AML.T0020",),
    owasp=("ML02:2023",),
)
PII_IDENTIFIER = Rule(
    id="HB-DA-PII-IDENTIFIER",
    title="Data holds national identifiers or payment numbers",
    severity=Severity.HIGH,
    description=(
        "Checksum-valid card numbers, IBANs, social-security and national identity numbers or "
        "wallet addresses in training data can be memorised and reproduced by the model, "
        "recovered by inversion or membership attacks, and leak with any copy of the data."
    ),
    remediation=(
        "Drop the column if the model does not need it; otherwise pseudonymise it with a key "
        "(`hauberk data mask FILE --mode pseudonymise --key KEY -o OUT`) before training."
    ),
    atlas=("AML.T0024.000", "AML.T0024.001"),
    owasp=("ML03:2023", "ML04:2023"),
    papers=("Carlini et al. 2021, Extracting Training Data from Large Language Models",),
)
PII_CONTACT = Rule(
    id="HB-DA-PII-CONTACT",
    title="Data holds e-mail addresses or phone numbers",
    severity=Severity.MEDIUM,
    description=(
        "Contact details identify people directly; a model trained on them can emit them, and "
        "data protection law (GDPR Art. 5, 25) asks for minimisation or pseudonymisation."
    ),
    remediation=(
        "Mask or pseudonymise the values (`hauberk data mask`), keeping the e-mail domain if "
        "the model needs it (`--keep-email-domain`)."
    ),
    atlas=("AML.T0024.000",),
    owasp=("ML03:2023", "ML04:2023"),
)
PII_ONLINE = Rule(
    id="HB-DA-PII-ONLINE",
    title="Data holds IP addresses or URLs",
    severity=Severity.LOW,
    description=(
        "IP addresses and personal URLs are online identifiers (GDPR recital 30); they link "
        "records to people and devices."
    ),
    remediation="Truncate, mask or pseudonymise them before training (`hauberk data mask`).",
    atlas=("AML.T0024.000",),
    owasp=("ML04:2023",),
)
PII_COLUMN_NAME = Rule(
    id="HB-DA-PII-COLUMN-NAME",
    title="Column names suggest personal data the patterns cannot confirm",
    severity=Severity.LOW,
    description=(
        "Columns named like names, addresses or birth dates usually hold personal data that "
        "no pattern recogniser confirms without a language model."
    ),
    remediation=(
        "Review the column; drop it, or pseudonymise it whole "
        "(`hauberk data mask FILE --columns NAME ...`)."
    ),
    atlas=("AML.T0024.000",),
    owasp=("ML04:2023",),
)
BACKDOOR = Rule(
    id="HB-DA-BACKDOOR",
    title="Training rows look like backdoor poison",
    severity=Severity.HIGH,
    description=(
        "In a model's penultimate-layer features, a class holds a group of rows that stands "
        "apart from the rest (spectral signature, a cluster whose pattern transfers, rows "
        "that look like inputs stamped with a reverse-engineered trigger, or exact pixel values "
        "the rows share that move other classes' inputs to the class): the trace a trigger "
        "relabelled into that class leaves. A model trained on them obeys the trigger."
    ),
    remediation=(
        "Quarantine the listed rows, trace them to their source, retrain without them and check "
        "that no trigger moves the new model's predictions (STRIP on the served model)."
    ),
    atlas=("AML.T0020", "AML.T0018"),
    owasp=("ML02:2023", "ML10:2023"),
    papers=(
        "Tran, Li, Madry 2018, Spectral Signatures in Backdoor Attacks",
        "Chen et al. 2018, Detecting Backdoor Attacks on Deep Neural Networks by Activation "
        "Clustering",
        "Wang et al. 2019, Neural Cleanse: Identifying and Mitigating Backdoor Attacks in "
        "Neural Networks",
        "Gu, Dolan-Gavitt, Garg 2017, BadNets: Identifying Vulnerabilities in the Machine "
        "Learning Model Supply Chain",
        "Turner, Tsipras, Madry 2019, Label-Consistent Backdoor Attacks",
    ),
)
TABULAR_BACKDOOR = Rule(
    id="HB-DA-TABULAR-BACKDOOR",
    title="Table rows carry a backdoor trigger",
    severity=Severity.HIGH,
    description=(
        "A few rows of a class share an exact feature value (or a few) that, stamped on rows "
        "of other classes, makes a model trained on the table predict that class, while the "
        "rows' other features say another class: rows relabelled with a trigger. A model "
        "trained on them obeys the trigger."
    ),
    remediation=(
        "Quarantine the listed rows (`hauberk data scan` writes them apart), trace them to "
        "their source, retrain without them, and reject inputs carrying the trigger value."
    ),
    atlas=("AML.T0020", "AML.T0018"),
    owasp=("ML02:2023", "ML10:2023"),
    papers=(
        "Chen et al. 2017, Targeted Backdoor Attacks on Deep Learning Systems Using Data Poisoning",
        "Cohen et al. 2023, Backdoor Attacks and Defenses on Tabular Data",
    ),
)
