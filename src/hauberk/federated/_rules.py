"""What a federated finding means, kept as data (one table, reviewed and tested as such)."""

from __future__ import annotations

from hauberk.core import Rule, Severity

_BYZANTINE = (
    "Blanchard et al. 2017, Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent",
    "Cao et al. 2021, FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping",
)

ACCURACY_DROP = Rule(
    id="HB-FL-ACCURACY-DROP",
    title="Hostile clients degrade the federated model",
    severity=Severity.HIGH,
    description=(
        "With the configured aggregation strategy, a minority of hostile clients running this "
        "attack lowers the final model's test accuracy by more than the allowed margin below "
        "attack-free FedAvg on the same clients: the server trusts updates it cannot see."
    ),
    remediation=(
        "Aggregate with a robust rule (hauberk.federated.RobustStrategy: FLTrust with a small "
        "clean root dataset, or Multi-Krum / median behind the update screen), bound update "
        "norms, and authenticate clients so one party cannot run many."
    ),
    atlas=("AML.T0020", "AML.T0019"),
    owasp=("ML02:2023",),
    papers=(*_BYZANTINE, "Baruch et al. 2019, A Little Is Enough"),
)
BACKDOOR = Rule(
    id="HB-FL-BACKDOOR",
    title="A hostile client can plant a backdoor in the federated model",
    severity=Severity.CRITICAL,
    description=(
        "A model-replacement update (trained on inputs stamped with a trigger and boosted) "
        "survives the configured aggregation: triggered test inputs of other classes go to the "
        "attacker's class at a rate above the allowed threshold."
    ),
    remediation=(
        "Use norm clipping or a trust-scored rule (FLTrust) so one boosted update cannot "
        "replace the model; screen updates per round and audit the ledger's round entries."
    ),
    atlas=("AML.T0018", "AML.T0020"),
    owasp=("ML10:2023", "ML02:2023"),
    papers=(
        "Bagdasaryan et al. 2020, How To Backdoor Federated Learning",
        *_BYZANTINE,
    ),
    also=((Severity.INFO, "the interval straddles the threshold: inconclusive"),),
)

RULES = (ACCURACY_DROP, BACKDOOR)
