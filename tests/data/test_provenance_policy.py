"""``hauberk data ingest | mark-good | quarantine | rollback --ledger-key`` on a ledger with a
role policy: signed records are accepted, and a record the policy would refuse stops the
command before anything is stored, restored or written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hauberk.ledger import check_signature, open_ledger
from tests.data.support import config, data_folder, run_cli

Cli = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]

ROLES = """
[principals.root]
keys = ["root.pub"]
roles = ["ledger-admin"]

[principals.ada]
keys = ["ada.pub"]
roles = ["ingest"]

[principals.eve]
keys = ["eve.pub"]
roles = ["deploy"]
"""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    from hauberk.supplychain import generate_signing_keypair

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HAUBERK_KEY_PASSWORD", raising=False)
    for name in ("root", "ada", "eve", "nobody"):
        generate_signing_keypair(tmp_path / f"{name}.pem", tmp_path / f"{name}.pub",
                                 curve="ed25519")  # fmt: skip
    (tmp_path / "roles.toml").write_text(ROLES)
    return capsys, monkeypatch


def hb(cli: Cli, *args: str) -> tuple[int, str, str]:
    return run_cli(cli[0], cli[1], *args)


def _entries(db: Path) -> list[tuple[str, str, bool]]:
    with open_ledger(db, read_only=True) as log:
        found = [log.entry(i) for i in range(log.head().size)]
    return [(e.kind, e.principal, check_signature(e).ok) for e in found]


def _stored(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "store").rglob("*") if p.is_file())


def test_data_records_are_signed_and_refused_ones_write_nothing(cli: Cli, tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    config(tmp_path)
    db = tmp_path / "ledger.db"
    assert hb(cli, "ledger", "init", "ledger.db")[0] == 0
    code, _, err = hb(cli, "ledger", "policy", "ledger.db", "--roles", "roles.toml",
                      "--key", "root.pem")  # fmt: skip
    assert code == 0, err
    before = _entries(db)

    ingest = ("data", "ingest", "incoming/census", "--source", "census", "-o", "m1.json")
    # unsigned, a key without a data role, a key of no principal: exit 2, nothing written
    for extra, says in (
        ((), "sign it with --ledger-key"),
        (("--ledger-key", "eve.pem"), "ingest"),
        (("--ledger-key", "nobody.pem"), "no principal"),
        (("--ledger-key", "ada.pem", "--principal", "mallory"), "mallory"),
    ):
        code, _, err = hb(cli, *ingest, *extra)
        assert code == 2, (extra, err)
        assert "would be refused" in err and says in err, err
        assert _stored(tmp_path) == [] and not (tmp_path / "m1.json").exists()
        assert _entries(db) == before

    code, out, err = hb(cli, *ingest, "--ledger-key", "ada.pem", "-f", "json")
    assert code == 0, err
    m1 = json.loads(out)
    assert m1["principal"] == "ada"  # who ingested is the key's principal
    assert hb(cli, "data", "mark-good", "m1.json")[0] == 2
    assert hb(cli, "data", "mark-good", "m1.json", "--ledger-key", "ada.pem")[0] == 0

    (folder / "train.csv").write_text((folder / "train.csv").read_text() + "999,20,1.5,red,1\n")
    changed = (folder / "train.csv").read_text()
    code, _, err = hb(cli, *ingest[:5], "-o", "m2.json", "--ledger-key", "ada.pem")
    assert code == 0, err
    code, _, err = hb(cli, "data", "quarantine", "m2.json", "--reason", "bad feed")
    assert code == 2 and "would be refused" in err
    code, _, err = hb(cli, "data", "quarantine", "m2.json", "--reason", "bad feed",
                      "--ledger-key", "ada.pem")  # fmt: skip
    assert code == 0, err

    # a refused rollback restores nothing; --check writes no entry and needs no key
    code, _, err = hb(cli, "data", "rollback", "--dataset", "census")
    assert code == 2 and "data.rollback entry would be refused" in err
    assert (folder / "train.csv").read_text() == changed
    code, out, _ = hb(cli, "data", "rollback", "--dataset", "census", "--check")
    assert code == 0 and "changed  train.csv" in out
    code, out, err = hb(cli, "data", "rollback", "--dataset", "census", "--ledger-key",
                        "ada.pem", "-f", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["restored"]
    assert (folder / "train.csv").read_text() != changed

    added = _entries(db)[len(before) :]
    assert added == [
        ("data.ingest", "ada", True),
        ("data.mark-good", "ada", True),
        ("data.ingest", "ada", True),
        ("data.quarantine", "ada", True),
        ("data.rollback", "ada", True),
    ]
    assert hb(cli, "ledger", "verify", "ledger.db", "--roles", "roles.toml")[0] == 0


def test_refused_delivery_is_recorded_signed(cli: Cli, tmp_path: Path) -> None:
    """A delivery refused for its signature leaves a signed data.refuse entry."""
    data_folder(tmp_path)
    config(tmp_path, 'require_signature = true\npublic_key = "ada.pub"\n')
    assert hb(cli, "ledger", "init", "ledger.db")[0] == 0
    assert hb(cli, "ledger", "policy", "ledger.db", "--roles", "roles.toml",
              "--key", "root.pem")[0] == 0  # fmt: skip
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                      "--ledger-key", "ada.pem")  # fmt: skip
    assert code != 0 and "requires a signature" in err
    assert _entries(tmp_path / "ledger.db")[-1] == ("data.refuse", "ada", True)


def test_ledger_key_without_a_ledger_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path)
    (tmp_path / "data.toml").write_text(
        '[data]\nstore = "store"\n\n[data.sources.census]\npaths = ["incoming/census"]\n'
    )
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                      "--ledger-key", "ada.pem")  # fmt: skip
    assert code == 2 and "--ledger" in err
    assert _stored(tmp_path) == []


def test_without_a_policy_a_ledger_key_still_signs(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path)
    config(tmp_path)
    code, _, err = hb(cli, "data", "ingest", "incoming/census", "--source", "census",
                      "--ledger-key", "ada.pem", "--principal", "ada")  # fmt: skip
    assert code == 0, err
    assert _entries(tmp_path / "ledger.db") == [("data.ingest", "ada", True)]
