"""``hauberk ledger policy|append --key|entries|verify --roles|init --postgres-roles`` through
``hauberk.cli.main`` (exit codes included), on real SQLite and PostgreSQL ledgers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from hauberk.core import ConfigError
from hauberk.ledger import open_ledger

ROLES = """
[principals.root]
keys = ["root.pub"]
roles = ["ledger-admin"]

[principals.gw]
keys = ["gw.pub"]
roles = ["deploy"]

[principals.aud]
keys = ["aud.pub"]
roles = ["read-audit"]

[ledger]
append = { "ci.note" = ["deploy"] }
"""


@pytest.fixture
def work(tmp_path: Path) -> Path:
    from hauberk.supplychain import generate_signing_keypair

    for name in ("root", "gw", "aud", "eve"):
        generate_signing_keypair(tmp_path / f"{name}.pem", tmp_path / f"{name}.pub",
                                 curve="ed25519")  # fmt: skip
    (tmp_path / "roles.toml").write_text(ROLES)
    (tmp_path / "body.json").write_text('{"note": "hello"}')
    return tmp_path


def run(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    from hauberk.cli import main

    monkeypatch.setattr(sys, "argv", ["hauberk", *args])
    capsys.readouterr()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_policy_append_entries_and_verify_from_the_command_line(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(work)
    db = "l.db"

    def cli(*args: str) -> tuple[int, str, str]:
        return run(list(args), monkeypatch, capsys)

    assert cli("ledger", "init", db)[0] == 0
    assert cli("ledger", "append", db, "body.json", "--kind", "ci.note")[1].strip() == "0"
    # only an admin sets the policy
    code, _, err = cli("ledger", "policy", db, "--roles", "roles.toml", "--key", "gw.pem")
    assert code == 2 and "admin" in err
    set_policy = cli("ledger", "policy", db, "--roles", "roles.toml", "--key", "root.pem")
    assert set_policy[:2] == (0, "1\n")
    # unsigned, or signed by a key without the kind's role: exit 2, nothing written
    code, _, err = cli("ledger", "append", db, "body.json", "--kind", "ci.note")
    assert code == 2 and "not signed" in err
    code, _, err = cli("ledger", "append", db, "body.json", "--kind", "ci.note", "--key", "eve.pem")
    assert code == 2 and "no principal" in err
    code, out, _ = cli("ledger", "append", db, "body.json", "--kind", "ci.note", "--key", "gw.pem")
    assert (code, out.strip()) == (0, "2")
    with open_ledger(db, read_only=True) as ledger:
        assert ledger.head().size == 3 and ledger.entry(2).principal == "gw"
    # reading the trail: a read-audit key only
    assert cli("ledger", "entries", db)[0] == 2
    assert cli("ledger", "entries", db, "--key", "gw.pem")[0] == 2
    code, out, _ = cli("ledger", "entries", db, "--key", "aud.pem", "--kind", "ci.note")
    assert code == 0 and [e["index"] for e in json.loads(out)] == [0, 2]
    code, out, _ = cli("ledger", "verify", db, "--roles", "roles.toml")
    assert code == 0 and "1 entries signed by holders" in out and "1 earlier" in out
    # a verifier whose roles file says something else: exit 1, named
    (work / "other.toml").write_text(ROLES.replace('"ci.note" = ["deploy"]', '"ci.*" = ["x"]'))
    code, out, _ = cli("ledger", "verify", db, "--roles", "other.toml")
    assert code == 1 and "given roles file" in out
    code, out, _ = cli("ledger", "verify", db, "-f", "json")
    assert code == 0 and json.loads(out)["roles"] == {"policy_entry": 1, "checked": 1,
                                                      "unchecked": 1}  # fmt: skip


def test_roles_toml_ledger_table_is_checked(work: Path) -> None:
    from hauberk.governance import load_roles

    store = load_roles(work / "roles.toml")
    policy = store.ledger_policy()
    assert policy.roles_for("ci.note") == ("deploy",)
    assert policy.roles_for("serve.request") == ("deploy",)  # a default kept
    assert policy.roles_for("registry.promote") == ("promote",)
    assert set(policy.principals) == {"root", "gw", "aud"}
    for bad, match in (
        ('[ledger]\nappend = { "Bad Kind" = ["x"] }\n', "pattern"),
        ('[ledger]\nappend = { "a.b" = ["No"] }\n', "must match"),
        ("[ledger]\nwrite = []\n", "unknown key 'write'"),
        ('[ledger]\nread = "read-audit"\n', "list of strings"),
    ):
        (work / "bad.toml").write_text(bad)
        with pytest.raises(ConfigError, match=match):
            load_roles(work / "bad.toml")


def test_postgres_roles_make_the_tables_append_only(
    postgres_url: str,
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import psycopg

    from hauberk.ledger import Entry

    monkeypatch.chdir(work)
    code, _, err = run(["ledger", "init", postgres_url, "--postgres-roles", "--role-prefix",
                        "hbtest"], monkeypatch, capsys)  # fmt: skip
    assert code == 0 and "hbtest_appender" in err
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for login, group in (("hbt_writer", "hbtest_appender"), ("hbt_auditor", "hbtest_reader")):
            conn.execute(f"DROP ROLE IF EXISTS {login}")
            conn.execute(f"CREATE ROLE {login} LOGIN IN ROLE {group}")
    base, _, dbname = postgres_url.rpartition("/")
    host = base.split("@")[-1]
    writer_url = f"postgresql://hbt_writer@{host}/{dbname}"
    reader_url = f"postgresql://hbt_auditor@{host}/{dbname}"

    with open_ledger(writer_url) as ledger:  # appends work with INSERT-only rights
        for i in range(5):
            ledger.append(Entry.create("serve.request", {"i": i}, principal="anon"))
        assert ledger.head().size == 5
        with pytest.raises(Exception, match="may not change the ledger's settings"):
            ledger.store.set_meta({"policy": "{}"})
    refused = [
        "UPDATE ledger_entries SET body = '{}' WHERE idx = 1",
        "DELETE FROM ledger_entries WHERE idx = 4",
        "TRUNCATE ledger_nodes",
        "UPDATE ledger_head SET size = 2",
        "DELETE FROM ledger_meta",
    ]
    with psycopg.connect(writer_url, autocommit=True) as conn:
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(reader_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM ledger_entries").fetchone() == (5,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO ledger_meta VALUES ('x', 'y')")
    with open_ledger(reader_url, read_only=True) as ledger:
        assert ledger.verify().ok
    # the owner is stopped by the triggers too, until it drops them (it can)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            conn.execute("DELETE FROM ledger_entries WHERE idx = 4")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only grow"):
            conn.execute("UPDATE ledger_head SET size = 2")
        conn.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only")
        conn.execute("UPDATE ledger_entries SET body = '{\"i\":9}' WHERE idx = 1")
    with open_ledger(postgres_url, read_only=True) as ledger:
        report = ledger.verify()
    assert not report.ok and report.problems[0].index == 1  # and verify names the row
    # --postgres-roles on a SQLite ledger is a usage error
    code, _, err = run(["ledger", "init", "x.db", "--postgres-roles"], monkeypatch, capsys)
    assert code == 2 and "postgresql://" in err
