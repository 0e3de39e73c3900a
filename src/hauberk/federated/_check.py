"""``federated.robustness``: hostile clients against the user's aggregation strategy.

The target's labelled data is split into a server root set (100 rows), a test set and
``clients`` IID shards; a ``hostile`` fraction of clients runs each configured attack, and the
federation trains with the configured strategy and, for comparison, with plain FedAvg. The
check fails when an attack costs more than ``max_accuracy_drop`` accuracy below attack-free
FedAvg, or when the backdoor's success rate is above ``max_backdoor_success`` (judged on its
95% Clopper-Pearson interval; an interval straddling the threshold makes the result partial).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    ConfigError,
    Lifecycle,
    Severity,
    Stage,
    StageSettings,
    Verdict,
)
from hauberk.federated._rules import ACCURACY_DROP, BACKDOOR, RULES


class FederatedSettings(StageSettings):
    enabled: bool = Field(
        default=False,
        description="run the federated red team (opt-in: it simulates training, minutes of CPU)",
    )
    dataset: str | None = Field(
        default=None,
        description="'digits' or 'breast_cancer' to use a bundled set instead of the target's data",
    )
    strategy: str = Field(default="fltrust", description="the aggregation strategy to assess")
    clients: int = Field(default=10, ge=3, le=200)
    hostile: float = Field(default=0.2, ge=0, lt=0.5, description="fraction of hostile clients")
    attacks: tuple[str, ...] = Field(
        default=("backdoor", "label_flip", "lie", "scaling", "sign_flip"),
        description="attacks to run",
    )
    rounds: int = Field(default=8, ge=1, le=200)
    epochs: int = Field(default=2, ge=1, le=50, description="local epochs per round")
    max_accuracy_drop: float = Field(default=0.02, ge=0, lt=1)
    max_backdoor_success: float = Field(default=0.05, ge=0, lt=1)


FEDERATED = Stage(
    name="federated",
    lifecycle=Lifecycle.TRAINING,
    description="Federated training with simulated hostile clients against the chosen strategy.",
    settings=FederatedSettings,
)


def _dataset(target: Any, seed: int) -> Any:
    """The target's labelled rows as a federated Dataset (standardised; integer classes)."""
    from sklearn.model_selection import train_test_split

    from hauberk.federated._simulate import Dataset

    d = target.data
    splits = [s for s in (d.train, d.test, d.single) if s is not None]
    if not splits or any(s.y is None for s in splits):
        raise ConfigError("[federated] needs labelled data: set [data] labels")
    x = np.vstack([np.asarray(s.x, dtype=np.float64).reshape(len(s.x), -1) for s in splits])
    raw_y = np.concatenate([np.asarray(s.y) for s in splits])
    _, y = np.unique(raw_y, return_inverse=True)
    if x.shape[0] < 300:
        raise ConfigError(
            f"[federated] needs at least 300 labelled rows (root set, test set, shards), "
            f"the target has {x.shape[0]}"
        )
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.3, random_state=seed)
    mu, sd = xtr.mean(axis=0), xtr.std(axis=0) + 1e-9
    # The trigger sets the two features that say least about the label to +6 standard
    # deviations, so an honest model has no reason to send triggered rows to the target.
    z = (xtr - mu) / sd
    onehot = np.eye(int(y.max()) + 1)[ytr]
    corr = np.abs((z - z.mean(0)).T @ (onehot - onehot.mean(0))) / len(z)
    trigger = tuple(int(i) for i in np.argsort(corr.max(axis=1), kind="stable")[:2])
    return Dataset(
        name=str(target.name),
        x_train=(xtr - mu) / sd,
        y_train=ytr.astype(np.int64),
        x_test=(xte - mu) / sd,
        y_test=yte.astype(np.int64),
        classes=int(y.max()) + 1,
        trigger=trigger,
        trigger_value=6.0,
        target=0,
    )


class FederatedCheck:
    name = "federated.robustness"
    stage = FEDERATED
    needs = frozenset({"data", "labels"})
    rules = RULES
    description = (
        "Hostile clients (sign flip, scaling, label flip, model-replacement backdoor, "
        "little-is-enough) against the configured Flower strategy and plain FedAvg."
    )

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        from hauberk.federated._scenario import STRATEGIES, simulate
        from hauberk.federated._simulate import ATTACKS, load_dataset

        settings = ctx.settings
        assert isinstance(settings, FederatedSettings)
        if not settings.enabled:
            # A model trained centrally has no federation to attack; grading its training on
            # a simulated one would be a finding about a setup the user does not run.
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                "not a federated setup: set [federated] enabled = true (and strategy, clients, "
                "hostile) to assess federated training against hostile clients",
            )
        if settings.strategy not in STRATEGIES:
            raise ConfigError(
                f"[federated] strategy = {settings.strategy!r} is unknown; use one of "
                + ", ".join(STRATEGIES)
            )
        bad = [a for a in settings.attacks if a not in ATTACKS or a == "none"]
        if bad or not settings.attacks:
            raise ConfigError(
                f"[federated] attacks {bad or '[]'} invalid; choose from "
                + ", ".join(a for a in ATTACKS if a != "none")
            )
        if settings.dataset is not None:
            data = load_dataset(settings.dataset, ctx.seed)
        else:
            data = _dataset(target, ctx.seed)
        common: dict[str, Any] = {
            "dataset": data,
            "clients": settings.clients,
            "rounds": settings.rounds,
            "seed": ctx.seed,
            "epochs": settings.epochs,
        }
        clean = simulate(attack="none", hostile=0.0, strategy="flwr_fedavg", **common)
        metrics: dict[str, Any] = {
            "attack_free_trigger_rate": clean.backdoor.to_dict(),
            "strategy": settings.strategy,
            "clients": settings.clients,
            "hostile": settings.hostile,
            "rounds": settings.rounds,
            "attack_free_fedavg_accuracy": clean.accuracy,
            "test_n": clean.test_n,
            "attacks": {},
        }
        findings = []
        partial: list[str] = []
        done: list[str] = []
        where = f"federated:{settings.strategy}"
        for attack in settings.attacks:
            try:
                ctx.check_time()
            except Exception as exc:
                partial.append(f"time budget reached before {attack}: {exc}")
                break
            runs = {
                label: simulate(attack=attack, hostile=settings.hostile, strategy=name, **common)
                for label, name in (("defended", settings.strategy), ("fedavg", "flwr_fedavg"))
            }
            d = runs["defended"]
            metrics["attacks"][attack] = {
                label: {
                    "accuracy": r.accuracy,
                    "backdoor_success": r.backdoor.to_dict(),
                    "flagged_hostile": sum(1 for c in r.flagged if c in r.hostile_ids),
                    "flagged_honest": sum(1 for c in r.flagged if c not in r.hostile_ids),
                }
                for label, r in runs.items()
            }
            done.append(attack)
            drop = clean.accuracy - d.accuracy
            if drop > settings.max_accuracy_drop:
                findings.append(
                    ACCURACY_DROP.finding(
                        where,
                        f"{attack}: accuracy {d.accuracy:.3f} with {settings.strategy} against "
                        f"{clean.accuracy:.3f} for attack-free FedAvg (n={d.test_n} test rows; "
                        f"plain FedAvg under attack: {runs['fedavg'].accuracy:.3f})",
                        {"attack": attack, "accuracy": d.accuracy, "drop": drop},
                    )
                )
            if attack == "backdoor":
                verdict = d.backdoor.verdict(settings.max_backdoor_success, strict=True)
                if verdict is Verdict.ABOVE:
                    findings.append(
                        BACKDOOR.finding(
                            where,
                            f"backdoor success {d.backdoor.describe()} with "
                            f"{settings.strategy}, above {settings.max_backdoor_success}",
                            {"backdoor_success": d.backdoor.to_dict()},
                        )
                    )
                elif verdict is Verdict.INCONCLUSIVE:
                    findings.append(
                        BACKDOOR.finding(
                            where,
                            f"backdoor success {d.backdoor.describe()} straddles "
                            f"{settings.max_backdoor_success}: inconclusive",
                            {"backdoor_success": d.backdoor.to_dict()},
                            severity=Severity.INFO,
                        )
                    )
                    partial.append("backdoor success interval straddles the threshold")
        metrics["attacks_done"] = done
        return CheckResult.of(
            self.name,
            self.stage.name,
            findings,
            metrics,
            partial=bool(partial),
            reason="; ".join(partial),
        )
