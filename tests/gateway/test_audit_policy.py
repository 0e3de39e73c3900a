"""A gateway writing to a ledger with a role policy: it signs every audit record with its
``[audit] key`` (a ``deploy`` holder), and without one it refuses to start (fail closed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.core import ConfigError
from hauberk.gateway import create_app
from hauberk.ledger import LedgerPolicy, PolicyPrincipal, Signer, open_ledger
from hauberk.ledger._signed import raw_public_key
from hauberk.models import SklearnModel

from ._support import config, live_server, make_keys


def _policy(admin: Ed25519PrivateKey, gateway: Ed25519PrivateKey) -> LedgerPolicy:
    return LedgerPolicy(
        {
            "root": PolicyPrincipal(
                "root", frozenset({"ledger-admin"}), (raw_public_key(admin.public_key()),)
            ),
            "gateway": PolicyPrincipal(
                "gateway", frozenset({"deploy"}), (raw_public_key(gateway.public_key()),)
            ),
        }
    )


def test_a_gateway_signs_its_audit_records_for_a_ledger_with_a_role_policy(
    tmp_path: Path, iris_clf: SklearnModel
) -> None:
    from hauberk.supplychain import generate_signing_keypair

    generate_signing_keypair(tmp_path / "gw.pem", tmp_path / "gw.pub", curve="ed25519")
    generate_signing_keypair(tmp_path / "other.pem", tmp_path / "other.pub", curve="ed25519")
    from hauberk.ledger import load_private_key

    gateway = load_private_key(tmp_path / "gw.pem")
    admin = Ed25519PrivateKey.generate()
    db = tmp_path / "audit.db"
    with open_ledger(db, create=True) as ledger:
        ledger.set_policy(_policy(admin, gateway), Signer(admin, principal="root"))
    keys = make_keys(tmp_path)
    # no key, or a key the policy does not give deploy: refused at start, not per request
    for audit in ({}, {"key": "other.pem"}):
        with pytest.raises(ConfigError, match=r"\[audit\] key"):
            create_app(config(tmp_path, audit=audit), iris_clf, keys=keys.store)
    app = create_app(config(tmp_path, audit={"key": "gw.pem"}), iris_clf, keys=keys.store)
    with live_server(app) as live:
        assert live.predict(keys.predict, [[5.1, 3.5, 1.4, 0.2]]).status_code == 200
        assert live.predict("wrong", [[5.1, 3.5, 1.4, 0.2]]).status_code == 401
    with open_ledger(db, read_only=True) as ledger:
        records = [ledger.entry(i) for i in range(1, ledger.head().size)]
        report = ledger.verify()
    assert report.ok, report.problems
    assert len(records) >= 2 and report.roles_checked == len(records)
    assert {e.principal for e in records} >= {f"key:{keys.predict_id}", "anonymous"}
