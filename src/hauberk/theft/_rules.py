"""The rules theft checks report, with their MITRE ATLAS and OWASP ML Top 10 references."""

from __future__ import annotations

from hauberk.core import Rule, Severity

EXTRACTION = Rule(
    id="HB-THEFT-EXTRACTION",
    title="A functional copy of the model can be extracted through its prediction API",
    severity=Severity.MEDIUM,
    description=(
        "An extraction attack trained a copy that agrees with the model's top-1 answer on "
        "held-out data at least as often as the configured limit, within the query budget. "
        "Whoever can query the model that much can steal its function (and then craft "
        "transferable adversarial examples against it offline)."
    ),
    remediation=(
        "Return labels or rounded top-k scores only (hauberk.theft output hardening), rate "
        "limit and monitor per-client query distributions (PRADA), and watermark the model "
        "so that a stolen copy can be proven."
    ),
    atlas=("AML.T0024.002",),
    owasp=("ML05:2023",),
    papers=(
        "Orekondy et al. 2019, Knockoff Nets: Stealing Functionality of Black-Box Models",
        "Papernot et al. 2017, Practical Black-Box Attacks against Machine Learning",
        "Tramèr et al. 2016, Stealing Machine Learning Models via Prediction APIs",
    ),
    also=(
        (Severity.HIGH, "the copy reaches the limit with a quarter of the query budget or less"),
        (Severity.INFO, "too few evaluation rows to decide either way (inconclusive)"),
    ),
)
