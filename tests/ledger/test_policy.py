"""Role enforcement by the ledger itself: signed appends by role holders, read-audit, policy
changes by admins, and what the database owner can still do (verify names it). Real SQLite
files and a real PostgreSQL server (conftest), never a mock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hauberk.core import InputError
from hauberk.ledger import (
    AccessDenied,
    Entry,
    LedgerPolicy,
    PolicyPrincipal,
    Signer,
    open_ledger,
)
from hauberk.ledger._signed import raw_public_key

KEYS = {name: Ed25519PrivateKey.generate() for name in ("root", "gw", "ops", "aud", "eve")}
ROLES = {
    "root": {"ledger-admin"},
    "gw": {"deploy"},
    "ops": {"respond", "promote"},
    "aud": {"read-audit"},
}


def policy(roles: dict[str, set[str]] | None = None, **kw: object) -> LedgerPolicy:
    table = ROLES if roles is None else roles
    return LedgerPolicy(
        {
            name: PolicyPrincipal(name, frozenset(r), (raw_public_key(KEYS[name].public_key()),))
            for name, r in table.items()
        },
        **kw,  # type: ignore[arg-type]
    )


def signer(name: str) -> Signer:
    return Signer(KEYS[name], principal=name)


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return str(request.getfixturevalue("postgres_url"))


def test_appends_need_a_signature_by_a_holder_of_the_kinds_role(db: str) -> None:
    with open_ledger(db, create=True) as ledger:
        ledger.record("model.sign", {"before": "policy"}, principal="ci")  # no policy yet
        at = ledger.set_policy(policy(), signer("root"))
        assert at == 1 and ledger.policy is not None
        # the gateway's key records callers on their behalf (serve.* is an on_behalf kind)
        ledger.submit_signed(signer("gw"), "serve.request", {"r": 1}, principal="key:0a").result()
        ledger.append(signer("ops").entry("incident.open", {"rule": "HB-X"}))
        refused = {
            "unsigned": Entry.create("serve.request", {"r": 2}, principal="gw"),
            "unknown key": Signer(KEYS["eve"], principal="gw").entry("serve.request", {}),
            "wrong role": signer("gw").entry("registry.promote", {"name": "m"}),
            "someone else's name": Signer(KEYS["ops"], principal="alice").entry(
                "incident.open", {}
            ),
            "unmapped kind": signer("ops").entry("custom.thing", {}),
            "policy by append": signer("root").entry("ledger.policy", {"policy": {}}),
        }
        size = ledger.head().size
        for why, entry in refused.items():
            with pytest.raises(AccessDenied):
                ledger.append(entry)
            assert ledger.head().size == size, why  # nothing written
        with pytest.raises(AccessDenied, match="needs one of"):
            ledger.submit_signed(signer("gw"), "incident.open", {})
    with open_ledger(db, read_only=True) as ledger:  # the policy is read back when opened
        assert ledger.policy is not None and ledger.policy.canonical() == policy().canonical()
        report = ledger.verify(roles=policy())
        assert report.ok, report.problems
        assert (report.policy_index, report.roles_checked, report.roles_unchecked) == (1, 2, 1)
        assert report.to_json()["roles"] == {"policy_entry": 1, "checked": 2, "unchecked": 1}
        # a verifier whose roles file differs is told
        other = ledger.verify(roles=policy({**ROLES, "eve": {"deploy"}}))
        assert not other.ok and "not the one in the given roles file" in str(other.problems)


def test_the_owner_can_switch_enforcement_off_and_verify_names_what_it_let_in(db: str) -> None:
    with open_ledger(db, create=True) as ledger:
        ledger.set_policy(policy(), signer("root"))
        ledger.submit_signed(signer("gw"), "serve.request", {"r": 1}, principal="anon").result()
    # the database owner removes the settings that switch enforcement on ...
    if db.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute("DELETE FROM ledger_meta WHERE key LIKE 'policy%'")
    else:
        with sqlite3.connect(db) as conn:
            conn.execute("DELETE FROM ledger_meta WHERE key LIKE 'policy%'")
    # ... and writes through hauberk, so every hash is consistent
    with open_ledger(db) as ledger:
        assert ledger.policy is None
        forged = ledger.record("registry.promote", {"name": "m", "stage": "production"},
                               principal="ops")  # fmt: skip
        report = ledger.verify()
    assert not report.ok
    named = {p.index: p.message for p in report.problems}
    assert forged in named and "not signed" in named[forged] and "promote" in named[forged]
    assert any("switched off" in p.message for p in report.problems if p.index is None)
    # the hash audit alone finds nothing: the rows are consistent
    assert not [p for p in report.problems if "hash" in p.message]


def test_a_stored_policy_changed_in_the_database_is_refused_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with open_ledger(db, create=True) as ledger:
        ledger.set_policy(policy(), signer("root"))
    widened = policy({**ROLES, "eve": {"promote"}}).canonical()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE ledger_meta SET value = ? WHERE key = 'policy'", (widened,))
    with pytest.raises(InputError, match="altered outside hauberk"):
        open_ledger(db)


def test_policy_changes_need_an_admin_of_the_policy_in_force(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with open_ledger(db, create=True) as ledger:
        # the first policy must be signed by an admin it names itself
        with pytest.raises(AccessDenied, match="first policy"):
            ledger.set_policy(policy(), signer("ops"))
        ledger.set_policy(policy(), signer("root"))
        # ops makes itself admin in a new policy: refused, the current policy decides
        grab = policy({**ROLES, "ops": {"ledger-admin"}})
        with pytest.raises(AccessDenied, match="policy before it"):
            ledger.set_policy(grab, Signer(KEYS["ops"], principal="ops"))
        # the admin hands over to a new admin (root leaves): later changes need the new one
        handed = policy({"ops": {"ledger-admin", "respond"}, "gw": {"deploy"}})
        ledger.set_policy(handed, signer("root"))
        with pytest.raises(AccessDenied):
            ledger.set_policy(policy(), signer("root"))
        assert ledger.verify().ok


def test_reading_entries_needs_a_read_audit_key(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with open_ledger(db, create=True) as ledger:
        ledger.record("serve.request", {"r": 0}, principal="anon")
        assert len(ledger.read_audit(None)) == 1  # no policy: anyone reading through hauberk
        ledger.set_policy(policy(), signer("root"))
    with open_ledger(db, read_only=True) as ledger:
        with pytest.raises(AccessDenied, match="needs --key"):
            ledger.read_audit(None)
        with pytest.raises(AccessDenied, match="holds \\['deploy'\\]"):
            ledger.read_audit(KEYS["gw"])
        with pytest.raises(AccessDenied, match="not in its role policy"):
            ledger.read_audit(KEYS["eve"])
        rows = ledger.read_audit(KEYS["aud"], kind="serve.request")
        assert [i for i, _ in rows] == [0]
        assert len(ledger.read_audit(KEYS["aud"], 0, 1)) == 1


def test_a_policy_refuses_bad_patterns_and_shared_keys() -> None:
    with pytest.raises(InputError, match="pattern"):
        policy(append={"Serve.*": ("deploy",)})
    with pytest.raises(InputError, match=r"ledger\.policy"):
        policy(append={"ledger.policy": ("deploy",)})
    shared = raw_public_key(KEYS["gw"].public_key())
    with pytest.raises(InputError, match="both"):
        LedgerPolicy(
            {
                "a": PolicyPrincipal("a", frozenset(), (shared,)),
                "b": PolicyPrincipal("b", frozenset(), (shared,)),
            }
        )
    p = policy(append={"a.*": ("x",), "a.b.*": ("y",), "*": ("z",)})
    assert p.roles_for("a.b.c") == ("y",) and p.roles_for("a.c") == ("x",)
    assert p.roles_for("q") == ("z",) and p.roles_for("ledger.policy") == p.admin
    assert LedgerPolicy.from_json(p.to_json()).canonical() == p.canonical()
    with pytest.raises(InputError, match="malformed"):
        LedgerPolicy.from_json({"v": 1, "principals": {}})
