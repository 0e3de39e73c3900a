"""The ledger-backed model registry: gated promotion, approvals, rollback, roles, tampering."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.data.support import run_cli
from tests.governance.registry_support import add_model, passing_report, workspace

from hauberk.core import ConfigError, InputError, VerificationError
from hauberk.governance import GateFailed, Registry, load_registry_config, load_roles
from hauberk.governance._registry import Condition
from hauberk.ledger import Signer, load_private_key, open_ledger
from hauberk.monitor import IncidentLog


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    workspace(tmp_path)
    return tmp_path


@contextmanager
def reg(root: Path, who: str | None, **kw: object) -> Iterator[Registry]:
    config = load_registry_config(root / "registry.toml")
    signer = None
    if who is not None:
        signer = Signer(load_private_key(root / f"{who}.pem"), principal="x")
    with open_ledger(config.ledger_url()) as ledger:
        yield Registry(ledger, config.roles, config.settings, signer=signer, **kw)  # type: ignore[arg-type]


def _register(root: Path, model: str = "model.bin") -> int:
    with reg(root, "alice") as r:
        return r.register("iris", root / model, signature=root / f"{model}.sig").version


def _to_production(root: Path, version: int, model: str = "model.bin") -> None:
    with reg(root, "bob") as r:
        r.promote("iris", version, "staging")
        r.approve("iris", version, "production")
        r.promote("iris", version, "production", report=root / f"{model}.report.json")


def test_full_lifecycle_through_the_cli(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws)
    monkeypatch.setenv("HAUBERK_REGISTRY", "registry.toml")
    run = lambda *a: run_cli(capsys, monkeypatch, "registry", *a)  # noqa: E731
    assert run("register", "iris", "model.bin", "--signature", "model.bin.sig",
               "--key", "alice.pem")[0] == 0  # fmt: skip
    assert run("promote", "iris", "1", "--stage", "staging", "--key", "bob.pem")[0] == 0
    code, _, err = run("promote", "iris", "1", "--key", "bob.pem")
    assert code == 1
    # every failed condition is named: no report, no approval, so no one but the signer
    assert "FAILED assess" in err and "FAILED approvals" in err and "FAILED separation" in err
    assert run("approve", "iris", "1", "--key", "carol.pem")[0] == 0
    code, out, err = run("promote", "iris", "1", "--key", "bob.pem", "--report",
                         "model.bin.report.json", "-f", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["stage"] == "production"
    code, out, _ = run("show", "iris", "-f", "json")
    assert json.loads(out)["production"] == 1
    assert run("verify")[0] == 0
    assert run("list")[1].startswith("iris: 1 versions, production 1")


def test_a_refused_promotion_names_every_failure_and_writes_nothing(ws: Path) -> None:
    _register(ws)
    with reg(ws, "bob") as r:
        r.promote("iris", 1, "staging")
        size = r.ledger.head().size
        old = passing_report(ws / "model.bin", created=datetime.now(UTC) - timedelta(days=30))
        old.save(ws / "old.json")
        IncidentLog(r.ledger, Signer(load_private_key(ws / "bob.pem"), principal="bob")).open(
            rule="HB-X", evidence=[0]
        )
        size = r.ledger.head().size
        with pytest.raises(GateFailed) as info:
            r.promote("iris", 1, "production", report=ws / "old.json")
        names = {c.name for c in info.value.failed}
        assert names == {"assess", "incident", "approvals", "separation"}
        assert "30 days old" in str(info.value)
        assert r.ledger.head().size == size
        assert r.version("iris", 1).stage == "staging"


def test_the_incident_gate_blocks_only_the_models_an_incident_is_about(ws: Path) -> None:
    _register(ws)
    add_model(ws, "wine.bin", b"weights of another model")
    with reg(ws, "alice") as r:
        r.register("wine", ws / "wine.bin", signature=ws / "wine.bin.sig")

    def incident_gate(r: Registry) -> Condition:
        found = r.evaluate("iris", 1, "production", report=ws / "model.bin.report.json")
        return next(c for c in found if c.name == "incident")

    with reg(ws, "bob") as r:
        r.promote("iris", 1, "staging")
        r.approve("iris", 1, "production")
        digest = r.version("iris", 1).sha256
        log = IncidentLog(r.ledger, Signer(load_private_key(ws / "bob.pem"), principal="bob"))
        # about another model, by name or by an evidence report of its file: iris may go
        wine = log.open(rule="HB-X", evidence=[0], models=["wine"])
        log.open(rule="HB-Y", reports=[ws / "wine.bin.report.json"])
        cond = incident_gate(r)
        assert cond.ok and "2 open about other models" in cond.detail
        # about iris: by its SHA-256, or by an evidence report that assessed its file
        by_digest = log.open(rule="HB-Z", evidence=[0], digests=[digest])
        by_report = log.open(rule="HB-Z", reports=[ws / "model.bin.report.json"])
        cond = incident_gate(r)
        assert not cond.ok and f"[{by_digest}, {by_report}]" in cond.detail
        assert "name no model" not in cond.detail
        # an incident that names nothing is about every model (fail closed), and says so
        unscoped = log.open(alert="drift", evidence=[0])
        cond = incident_gate(r)
        assert not cond.ok and f"[{unscoped}] name no model" in cond.detail
        with pytest.raises(InputError, match="64 lower-case hex"):
            log.open(rule="HB-Z", evidence=[0], digests=["abc"])
    # incident_scope = "global": any open incident blocks every promotion, as before
    text = (ws / "registry.toml").read_text()
    (ws / "registry.toml").write_text(
        text.replace(
            "no_open_incident = true", 'no_open_incident = true\nincident_scope = "global"'
        )
    )
    with reg(ws, "bob") as r:
        cond = incident_gate(r)
        assert not cond.ok and str(wine) in cond.detail


def test_report_must_be_for_this_exact_digest(ws: Path) -> None:
    _register(ws)
    other = ws / "other.bin"
    other.write_bytes(b"another model")
    passing_report(other).save(ws / "other.json")
    with reg(ws, "bob") as r:
        r.promote("iris", 1, "staging")
        r.approve("iris", 1, "production")
        conditions = {
            c.name: c for c in r.evaluate("iris", 1, "production", report=ws / "other.json")
        }
    assert not conditions["assess"].ok
    assert "digest binding" in conditions["assess"].detail


def test_signature_must_be_by_a_release_holder(ws: Path) -> None:
    add_model(ws, "evil.bin", b"weights evil", signer="mallory-release")
    with reg(ws, "mallory") as r:  # mallory may register (sign role) but does not hold release
        r.register("iris", ws / "evil.bin", signature=ws / "evil.bin.sig")
    with reg(ws, "bob") as r, pytest.raises(GateFailed) as info:
        r.promote("iris", 1, "staging")
    assert [c.name for c in info.value.failed] == ["signature"]


def test_changed_model_file_fails_the_signature_gate(ws: Path) -> None:
    _register(ws)
    (ws / "model.bin").write_bytes(b"weights v1 tampered")
    with reg(ws, "bob") as r:
        failed = [c for c in r.evaluate("iris", 1, "staging") if not c.ok]
    assert [c.name for c in failed] == ["signature"]
    assert "registered SHA-256" in failed[0].detail


def test_roles_are_enforced(ws: Path) -> None:
    with reg(ws, "bob") as r, pytest.raises(GateFailed, match="register needs 'sign'"):
        r.register("iris", ws / "model.bin")
    _register(ws)
    with reg(ws, "alice") as r, pytest.raises(GateFailed) as info:
        r.promote("iris", 1, "staging")
    assert info.value.failed[0].name == "role"
    with reg(ws, None) as r, pytest.raises(GateFailed, match="signing key"):
        r.approve("iris", 1, "production")


def test_signer_cannot_be_the_only_approver(ws: Path) -> None:
    # carol holds sign and promote: she registers (signer fallback) and approves her own model
    with reg(ws, "carol") as r:
        r.register("iris", ws / "model.bin", signature=ws / "model.bin.sig")
        r.promote("iris", 1, "staging")
        r.approve("iris", 1, "production")
    config = load_registry_config(ws / "registry.toml")
    # without a signature gate, the signer is the registering principal: carol
    gate = config.settings.gates["production"].model_copy(update={"signature_role": None})
    settings = config.settings.model_copy(update={"gates": {"production": gate}})
    with open_ledger(config.ledger_url()) as ledger:
        signer = Signer(load_private_key(ws / "bob.pem"), principal="x")
        r = Registry(ledger, config.roles, settings, signer=signer)
        report = ws / "model.bin.report.json"
        conditions = r.evaluate("iris", 1, "production", report=report)
        failed = {c.name: c for c in conditions if not c.ok}
        assert list(failed) == ["separation"]
        assert "'carol' cannot be its only approver" in failed["separation"].detail
        r.approve("iris", 1, "production")
        r.promote("iris", 1, "production", report=ws / "model.bin.report.json")


def test_promotion_replaces_and_rollback_restores(ws: Path) -> None:
    _register(ws)
    _to_production(ws, 1)
    add_model(ws, "model2.bin", b"weights v2")
    _register(ws, "model2.bin")
    _to_production(ws, 2, "model2.bin")
    with reg(ws, "bob") as r:
        assert r.version("iris", 1).stage == "archived"
        assert r.version("iris", 1).reason == "replaced"
        back = r.rollback("iris")
        assert back.version == 1 and back.stage == "production"
        assert r.version("iris", 2).stage == "archived"
        assert r.model("iris").production == 1
        r.archive("iris", 2, reason="bad calibration")
        with pytest.raises(GateFailed) as info:
            r.rollback("iris")
        assert {c.name for c in info.value.failed} == {"target"}
        assert r.verify() == []


def test_tampered_registry_entry_is_caught(ws: Path) -> None:
    _register(ws)
    _to_production(ws, 1)
    db = ws / "ledger.db"
    with sqlite3.connect(db) as conn:
        idx, body = conn.execute(
            "SELECT idx, body FROM ledger_entries WHERE kind = 'registry.register'"
        ).fetchone()
        forged = body.replace(json.loads(body)["sha256"], "0" * 64)
        conn.execute("UPDATE ledger_entries SET body = ? WHERE idx = ?", (forged, idx))
    with reg(ws, "bob") as r:
        problems = r.verify()
        assert any(f"entry {idx}: content does not match its stored leaf hash" in p
                   for p in problems)  # fmt: skip
        assert any("signature does not verify" in p for p in problems)
        with pytest.raises(VerificationError, match=f"registry entry {idx}"):
            r.models()


def test_forged_entry_signed_by_an_outsider_is_reported(ws: Path) -> None:
    _register(ws)
    with reg(ws, "mallory") as r:
        # a validly signed entry that claims to be bob's
        entry = Signer(load_private_key(ws / "mallory.pem"), principal="bob").entry(
            "registry.archive",
            {"name": "iris", "version": 1, "sha256": "x", "reason": "x", "prev": 0},
        )
        r.ledger.append(entry)
        assert any("does not give to 'bob'" in p for p in r.verify())
        with pytest.raises(VerificationError, match="does not give to 'bob'"):
            r.models()  # the state is never built past a forged entry


def test_stale_writer_loses_the_race(ws: Path) -> None:
    _register(ws)
    with reg(ws, "bob") as r:
        # an entry written against an old state (prev = None) is ignored and reported
        stale = Signer(load_private_key(ws / "bob.pem"), principal="bob").entry(
            "registry.archive",
            {"name": "iris", "version": 1, "sha256": "x", "reason": "r", "prev": None},
        )
        index = r.ledger.append(stale)
        assert r.version("iris", 1).stage == "registered"
        assert any(f"registry entry {index}" in p and "stale" in p for p in r.verify())
        junk = Signer(load_private_key(ws / "bob.pem"), principal="bob").entry(
            "registry.archive", {"name": "iris", "version": 99, "prev": 0}
        )
        r.ledger.append(junk)
        with pytest.raises(VerificationError, match="does not fit"):
            r.models()


def test_bad_config_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "roles.toml").write_text('[principals.a]\nroles = ["Bad Role"]\n')
    with pytest.raises(ConfigError, match=r"\[principals.a\]: role 'Bad Role'"):
        load_roles(tmp_path / "roles.toml")
    (tmp_path / "roles.toml").write_text("")
    (tmp_path / "registry.toml").write_text(
        '[registry]\nledger = "l.db"\nroles = "roles.toml"\n[registry.gates.production]\n'
        "approvals = -1\n"
    )
    with pytest.raises(ConfigError, match=r"registry\.gates\.production\.approvals"):
        load_registry_config(tmp_path / "registry.toml")


def test_one_key_one_principal(ws: Path) -> None:
    (ws / "roles.toml").write_text(
        '[principals.a]\nkeys = ["bob.pub"]\nroles = ["promote"]\n'
        '[principals.b]\nkeys = ["bob.pub"]\nroles = ["sign"]\n'
    )
    with pytest.raises(ConfigError, match="each key belongs to one principal"):
        load_roles(ws / "roles.toml")


def test_cli_bad_input_exits_2(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws)
    base = ("registry", "register", "iris", "missing.bin", "-c", "registry.toml", "--key")
    code, _, err = run_cli(capsys, monkeypatch, *base, "alice.pem")
    assert code == 2 and "missing.bin" in err
    code, _, err = run_cli(capsys, monkeypatch, "registry", "list", "-c", "nope.toml")
    assert code == 2 and "nope.toml" in err
    with open_ledger(ws / "ledger.db") as ledger:
        assert ledger.head().size == 0


def test_write_refused_when_a_registry_entry_left_the_tree(ws: Path) -> None:
    _register(ws)
    with sqlite3.connect(ws / "ledger.db") as conn:  # the stored leaf hash of entry 0 changes
        conn.execute("UPDATE ledger_nodes SET hash = ? WHERE level = 0 AND idx = 0", (b"\0" * 32,))
    with reg(ws, "bob") as r:
        with pytest.raises(VerificationError, match="registry entry 0 does not match"):
            r.promote("iris", 1, "staging")
        assert r.ledger.head().size == 1
        assert any("entry 0" in p for p in r.verify())


def test_unusable_report_is_bad_input(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ws)
    _register(ws)
    (ws / "junk.json").write_text('{"not": "a report"}')
    args = ("registry", "promote", "iris", "1", "--stage", "staging", "--key", "bob.pem")
    for report in ("junk.json", "missing.json"):
        code, _, err = run_cli(capsys, monkeypatch, *args, "--report", report)
        assert code == 2 and report in err
    with open_ledger(ws / "ledger.db") as ledger:
        assert ledger.head().size == 1
