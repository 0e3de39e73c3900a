"""A registry workspace for tests, docs and the benchmark: keys, role store, config, model,
its signature and a passing assess report bound to its digest."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from hauberk.core import CheckResult, Report
from hauberk.supplychain import generate_signing_keypair, sign_model

ROLES = """
[principals.alice]
keys = ["alice-release.pub", "alice.pub"]
roles = ["sign", "release"]

[principals.bob]
keys = ["bob.pub"]
roles = ["promote"]

[principals.carol]
keys = ["carol.pub"]
roles = ["promote", "sign"]

[principals.mallory]
keys = ["mallory-release.pub", "mallory.pub"]
roles = ["sign"]
"""

CONFIG = """
[registry]
ledger = "{ledger}"
roles = "roles.toml"
{mlflow}
[registry.gates.staging]
signature_role = "release"

[registry.gates.production]
allowed_from = ["staging"]
signature_role = "release"
assess_max_age_days = 7
fail_on = "high"
no_open_incident = true
approvals = 1
separation_of_duties = true
"""


def passing_report(model: Path, *, created: datetime | None = None) -> Report:
    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    stamp = (created or datetime.now(UTC)).isoformat(timespec="seconds")
    return Report(
        target={"name": model.name},
        environment={
            "python": "3.11",
            "hauberk": "0",
            "seed": 0,
            "packages": {},
            "artifacts": {str(model): digest},
        },
        results=(CheckResult.of("governance.performance", "performance", [], {"accuracy": 0.9}),),
        stages={"performance": "monitoring/governance"},
        tool={"name": "hauberk", "version": "0"},
        created=stamp,
    )


def workspace(root: Path, *, ledger: str = "ledger.db", mlflow: str | None = None) -> Path:
    """Write everything into ``root``; return the registry config path."""
    from hauberk.ledger import open_ledger

    for name in ("alice", "bob", "carol", "mallory"):
        generate_signing_keypair(root / f"{name}.pem", root / f"{name}.pub", curve="ed25519")
    for name in ("alice-release", "mallory-release"):
        generate_signing_keypair(root / f"{name}.pem", root / f"{name}.pub")
    (root / "roles.toml").write_text(ROLES)
    line = f'mlflow = "{mlflow}"\n' if mlflow else ""
    (root / "registry.toml").write_text(CONFIG.format(ledger=ledger, mlflow=line))
    if "://" in ledger:
        open_ledger(ledger, create=True).close()
    else:
        open_ledger(root / ledger, create=True).close()
    add_model(root, "model.bin", b"weights v1")
    return root / "registry.toml"


def add_model(root: Path, name: str, content: bytes, *, signer: str = "alice-release") -> Path:
    model = root / name
    model.write_bytes(content)
    sign_model(model, private_key=root / f"{signer}.pem", signature=root / f"{name}.sig")
    passing_report(model).save(root / f"{name}.report.json")
    return model
