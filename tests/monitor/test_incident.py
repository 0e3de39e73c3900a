"""``hauberk incident``: signed steps in the ledger, evidence by digest, playbook actions that
need no gateway (quarantine, retrain hooks, re-assess), and the verified close."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.core import ConfigError, InputError
from hauberk.ledger import Entry, open_ledger
from hauberk.monitor import IncidentLog, Signer, check_signature, load_playbooks

from ._incident_support import drift_report, incident, ok, run, run_process, setup_ledger


@pytest.fixture
def work(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return tmp_path, setup_ledger(tmp_path)


def test_open_note_refused_close_then_verified_close(work: tuple[Path, dict[str, str]]) -> None:
    path, env = work
    drifted = drift_report(path, "drifted", 0.6, 1)
    out = run_process(["incident", "open", "--report", str(drifted), "--title", "a moved"], path,
                      env)  # fmt: skip
    number = int(ok(out).strip())
    assert "HB-MON-FEATURE-DRIFT" in out.stderr  # the worst finding's rule opened it
    ok(run(["incident", "note", str(number), "upstream changed units"], path, env))
    # the evidence report again: older than the incident, already cited, still drifting
    out = run_process(["incident", "close", str(number), "--report", str(drifted)], path, env)
    ok(out, 1)
    assert "refused" in out.stderr and "before the incident opened" in out.stderr
    assert "already evidence" in out.stderr and "still has" in out.stderr
    time.sleep(1.1)  # reports carry their start time to the second
    fixed = drift_report(path, "fixed", 0.0, 2)
    ok(run(["incident", "close", str(number), "--report", str(fixed), "--note", "fixed"], path,
           env))  # fmt: skip
    shown = incident(path, env, number)
    assert shown["status"] == "closed" and shown["signatures_ok"]
    kinds = [s["kind"] for s in shown["steps"]]
    assert kinds == ["incident.open", "incident.note", "incident.verify", "incident.verify",
                     "incident.close"]  # fmt: skip
    assert [s["body"]["outcome"] for s in shown["steps"] if s["kind"] == "incident.verify"] == [
        "refused", "verified"]  # fmt: skip
    cited = shown["steps"][0]["body"]["evidence"][0]
    assert cited["kind"] == "assess.report"
    assert cited["sha256"] == hashlib.sha256(drifted.read_bytes()).hexdigest()
    # closed is closed
    ok(run(["incident", "close", str(number), "--report", str(fixed)], path, env), 2)
    listed = json.loads(ok(run(["incident", "list", "-f", "json"], path, env)))
    assert [(i["id"], i["status"]) for i in listed] == [(number, "closed")]


def test_close_refuses_a_report_that_could_not_see_the_problem(
    work: tuple[Path, dict[str, str]],
) -> None:
    path, env = work
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    time.sleep(1.1)
    tiny = drift_report(path, "tiny", 0.0, 3, rows=10)  # too few rows: incomplete, no finding
    out = run(["incident", "close", str(number), "--report", str(tiny)], path, env)
    ok(out, 1)
    assert "ran to completion" in out.stderr
    assert incident(path, env, number)["status"] == "open"


def test_steps_need_a_key_and_an_existing_incident(work: tuple[Path, dict[str, str]]) -> None:
    path, env = work
    no_key = {k: v for k, v in env.items() if k != "HAUBERK_INCIDENT_KEY"}
    out = run(["incident", "open", "--rule", "HB-MON-FEATURE-DRIFT", "--evidence", "0"], path,
              {**no_key, "HAUBERK_INCIDENT_KEY": ""})  # fmt: skip
    assert out.returncode == 2
    out = run(["incident", "open", "--rule", "HB-MON-FEATURE-DRIFT"], path, env)
    assert out.returncode == 2 and "needs evidence" in out.stderr
    out = run(["incident", "note", "7", "x"], path, env)
    assert out.returncode == 2 and "no incident 7" in out.stderr
    with open_ledger(path / "ledger.db") as ledger:
        size = ledger.head().size
    assert size == 0  # nothing half-written


def test_open_names_its_models_and_works_on_a_ledger_with_a_role_policy(
    work: tuple[Path, dict[str, str]],
) -> None:
    from hauberk.ledger import LedgerPolicy, PolicyPrincipal, load_private_key
    from hauberk.ledger._signed import raw_public_key

    path, env = work
    responder = load_private_key(path / "responder.key")
    admin = Ed25519PrivateKey.generate()
    with open_ledger(path / "ledger.db") as ledger:
        ledger.record("monitor.alert", {"kind": "drift"}, principal="alerter")
        policy = LedgerPolicy(
            {
                "root": PolicyPrincipal(
                    "root", frozenset({"ledger-admin"}), (raw_public_key(admin.public_key()),)
                ),
                "oncall": PolicyPrincipal(
                    "oncall", frozenset({"respond"}), (raw_public_key(responder.public_key()),)
                ),
            }
        )
        ledger.set_policy(policy, Signer(admin, principal="root"))
    digest = "ab" * 32
    # the responder's principal comes from the policy; an unsigned write would be refused
    number = ok(run(["incident", "open", "--rule", "HB-X", "--evidence", "0", "--model", "iris",
                     "--sha256", digest], path, env)).split()[0]  # fmt: skip
    opened = incident(path, env, int(number))["steps"][0]
    assert opened["principal"] == "oncall" and opened["signature_ok"]
    assert opened["body"]["subject"] == {"models": ["iris"], "sha256": [digest]}
    out = run(["incident", "open", "--rule", "HB-X", "--evidence", "0", "--sha256", "xyz"],
              path, env)  # fmt: skip
    assert out.returncode == 2 and "64 lower-case hex" in out.stderr
    with open_ledger(path / "ledger.db") as ledger:
        assert ledger.verify().ok


def test_signatures_and_trust(tmp_path: Path) -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    with open_ledger(tmp_path / "l.db", create=True) as ledger:
        audit = ledger.record("serve.alert", {"monitor": "prada", "w": 0.8}, principal="key:ab")
        log = IncidentLog(ledger, Signer(key, principal="alice"))
        number = log.open(alert="prada", evidence=[audit])
        entry = ledger.entry(number)
        assert check_signature(entry).ok
        assert check_signature(entry, [key.public_key()]).ok
        assert not check_signature(entry, [other.public_key()]).ok
        assert not check_signature(ledger.entry(audit)).ok  # unsigned
        forged = Entry(kind=entry.kind, timestamp=entry.timestamp, principal="mallory",
                       body_json=entry.body_json)  # fmt: skip
        assert check_signature(forged).reason.startswith("signature does not verify")
        assert log.get(number).steps == [] and log.evidence_intact(log.get(number)) == []
        with pytest.raises(ConfigError):
            IncidentLog(ledger).note(number, "unsigned")


def data_manifest(path: Path) -> Path:
    """A real data manifest (``hauberk data`` ingest of one CSV) written to ``path``."""
    from hauberk.data import DataStore, ingest

    (path / "train").mkdir()
    (path / "train" / "rows.csv").write_text("a,b,label\n1,2,0\n3,4,1\n")
    found = ingest(path / "train", store=DataStore(path / "store"), source="vendor",
                   dataset="loans", principal="ci")  # fmt: skip
    out = path / "manifest.json"
    out.write_text(found.to_json())
    return out


def test_quarantine_is_a_data_quarantine_the_data_commands_honour(
    work: tuple[Path, dict[str, str]],
) -> None:
    from hauberk.data import load_manifest
    from hauberk.data._provenance import quarantined

    path, env = work
    manifest = data_manifest(path)
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--rule", "HB-DA-SUSPECT-LABELS", "--report",
                         str(drifted)], path, env)))  # fmt: skip
    ok(run(["incident", "act", str(number), "quarantine", "--manifest", "manifest.json",
            "--reason", "flipped labels"], path, env))  # fmt: skip
    with open_ledger(path / "ledger.db") as ledger:
        [index] = ledger.find("data.quarantine")
        body = ledger.entry(index).body
        assert quarantined(ledger, "loans") == {load_manifest(manifest).id: "flipped labels"}
    assert body["sha256"] == hashlib.sha256(manifest.read_bytes()).hexdigest()
    assert body["incident"] == number and body["dataset"] == "loans"
    act = incident(path, env, number)["steps"][-1]
    assert act["body"]["outcome"] == "ok" and act["body"]["evidence"][0]["ledger"] == index
    (path / "junk.json").write_text('{"files": []}')
    out = run(["incident", "act", str(number), "quarantine", "--manifest", "junk.json"], path,
              env)  # fmt: skip
    assert out.returncode == 2  # not a manifest: nothing recorded


def test_actions_outside_the_playbook_are_refused_unless_asked(
    work: tuple[Path, dict[str, str]],
) -> None:
    path, env = work
    data_manifest(path)
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    args = ["incident", "act", str(number), "quarantine", "--manifest", "manifest.json"]
    out = run(args, path, env)
    assert out.returncode == 2 and "--off-playbook" in out.stderr
    ok(run([*args, "--off-playbook"], path, env))
    assert incident(path, env, number)["steps"][-1]["body"]["in_playbook"] is False


def _playbook(path: Path, hook: str) -> Path:
    file = path / "playbooks.toml"
    file.write_text(f"[hooks.retrain]\n{hook}\n")
    return file


def test_retrain_command_hook_runs_without_a_shell(work: tuple[Path, dict[str, str]]) -> None:
    path, env = work
    script = "import sys, pathlib; pathlib.Path('asked').write_text(sys.argv[1]); print('queued')"
    book = _playbook(path, f"command = [{json.dumps(sys.executable)}, '-c', {json.dumps(script)}, "
                           "'{incident};{rule}']\ntimeout = 60")  # fmt: skip
    env = {**env, "HAUBERK_PLAYBOOKS": str(book)}
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    ok(run(["incident", "act", str(number), "retrain"], path, env))
    # the placeholders went in as one argument; ';' did not split it (no shell)
    assert (path / "asked").read_text() == f"{number};HB-MON-FEATURE-DRIFT"
    step = incident(path, env, number)["steps"][-1]["body"]
    assert step["outcome"] == "ok" and step["detail"]["stdout_tail"].strip() == "queued"


def test_retrain_hook_timeout_is_a_recorded_failure(work: tuple[Path, dict[str, str]]) -> None:
    path, env = work
    book = _playbook(path, f"command = [{json.dumps(sys.executable)}, '-c', "
                           "'import time; time.sleep(30)']\ntimeout = 1")  # fmt: skip
    env = {**env, "HAUBERK_PLAYBOOKS": str(book)}
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    start = time.monotonic()
    out = run(["incident", "act", str(number), "retrain"], path, env)
    assert out.returncode == 1 and "timed out" in out.stderr
    assert time.monotonic() - start < 20
    step = incident(path, env, number)["steps"][-1]["body"]
    assert step["outcome"] == "failed" and "timed out" in step["detail"]["error"]


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes]]]]:
    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append((dict(self.headers), body))
            self.send_response(202)
            self.end_headers()
            self.wfile.write(b"queued")

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/retrain", got
    finally:
        server.shutdown()
        server.server_close()


def test_retrain_webhook_is_signed(
    work: tuple[Path, dict[str, str]], webhook: tuple[str, list[tuple[dict[str, str], bytes]]]
) -> None:
    path, env = work
    url, got = webhook
    book = _playbook(path, f'url = "{url}"\nsecret_env = "HOOK_SECRET"\ntimeout = 10')
    env = {**env, "HAUBERK_PLAYBOOKS": str(book), "HOOK_SECRET": "s3cret"}
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    ok(run(["incident", "act", str(number), "retrain"], path, env))
    [(headers, body)] = got
    mac = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["X-Hauberk-Signature"] == f"sha256={mac}"
    assert json.loads(body)["incident"] == number
    shown = json.dumps(incident(path, env, number))
    assert "s3cret" not in shown and '"status": 202' in shown


def test_reassess_runs_assess_and_cites_its_report(work: tuple[Path, dict[str, str]]) -> None:
    path, env = work
    drifted = drift_report(path, "drifted", 0.6, 1)
    (path / "assess.toml").write_text(
        '[data]\npath = "drifted.csv"\n[assess]\nstages = ["monitoring"]\n'
        '[monitoring]\nreference = "reference.csv"\n'
    )
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    ok(run(["incident", "act", str(number), "reassess", "--config", "assess.toml",
            "--output-dir", "again"], path, env))  # fmt: skip
    report = path / "again" / "report.json"
    step = incident(path, env, number)["steps"][-1]["body"]
    assert step["outcome"] == "ok"
    assert step["detail"]["sha256"] == hashlib.sha256(report.read_bytes()).hexdigest()
    assert step["detail"]["still_found"] >= 1  # the data still drifts
    assert step["evidence"][0]["kind"] == "assess.report"


def test_shipped_playbooks_name_real_rules_and_actions() -> None:
    from hauberk.core import default_registry
    from hauberk.monitor import ACTION_NAMES, ACTIONS, RULES

    books = load_playbooks()
    known = set(default_registry().rules()) | {r.id for r in RULES}
    assert set(books.rules) <= known, set(books.rules) - known
    for book in [books.default, *books.rules.values(), *books.alerts.values()]:
        assert set(book.verify_rules) <= known
    assert set(ACTION_NAMES) == set(ACTIONS)


def test_user_playbooks_overlay_and_errors(tmp_path: Path) -> None:
    file = tmp_path / "p.toml"
    file.write_text('[rules."HB-MON-FEATURE-DRIFT"]\nactions = ["rollback"]\n')
    books = load_playbooks(file)
    assert books.for_rule("HB-MON-FEATURE-DRIFT").actions == ("rollback",)
    assert books.for_rule("HB-MON-PERFORMANCE-DROP").actions[0] == "rollback"  # shipped kept
    file.write_text('[rules."HB-MON-FEATURE-DRIFT"]\nactions = ["reboot"]\n')
    with pytest.raises(ConfigError, match=r"rules\.HB-MON-FEATURE-DRIFT\.actions.*unknown action"):
        load_playbooks(file)
    file.write_text('[hooks.retrain]\ncommand = ["x"]\nurl = "http://h"\n')
    with pytest.raises(ConfigError, match="not both"):
        load_playbooks(file)
    file.write_text("[surprise]\n")
    with pytest.raises(ConfigError, match="unknown table"):
        load_playbooks(file)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)  # fmt: skip
_KEY = Ed25519PrivateKey.generate()


@settings(max_examples=60, deadline=None)
@given(body=st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k != "signature"),
                            _JSON, max_size=5), extra=st.text(min_size=1, max_size=8))  # fmt: skip
def test_any_body_signs_and_any_change_is_caught(body: dict[str, Any], extra: str) -> None:
    entry = Signer(_KEY, principal="p").entry("incident.note", body)
    assert check_signature(entry).ok
    changed = {**entry.body, "zz" + extra: 1}
    forged = Entry.create(entry.kind, changed, principal=entry.principal,
                          timestamp=entry.timestamp)  # fmt: skip
    assert not check_signature(forged).ok


def test_show_fails_on_an_untrusted_signer(work: tuple[Path, dict[str, str]]) -> None:
    from cryptography.hazmat.primitives import serialization

    path, env = work
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    stranger = path / "stranger.pub"
    stranger.write_bytes(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))  # fmt: skip
    out = run(["incident", "show", str(number), "--trust", str(stranger)], path, env)
    assert out.returncode == 1 and "not trusted" in out.stdout
    out = run(["incident", "show", str(number), "--trust", "responder.key"], path, env)
    assert out.returncode == 0 and "signed " in out.stdout
    assert run(["incident", "act", str(number), "reboot"], path, env).returncode == 2
    assert run(["incident", "show", "0"], path, env).returncode == 2  # the report, not an incident


def test_alert_entries_give_the_trigger(work: tuple[Path, dict[str, str]]) -> None:
    path, env = work
    with open_ledger(path / "ledger.db") as ledger:
        drift = ledger.record("alert", {"kind": "drift", "dedup": "a"}, principal="monitor")
        ruled = ledger.record("alert", {"rule": "HB-MON-PERFORMANCE-DROP"}, principal="monitor")
    first = int(ok(run(["incident", "open", "--evidence", str(drift)], path, env)))
    second = int(ok(run(["incident", "open", "--evidence", str(ruled)], path, env)))
    assert incident(path, env, first)["alert"] == "drift"
    assert incident(path, env, second)["rule"] == "HB-MON-PERFORMANCE-DROP"


def test_two_racing_closes_only_one_succeeds(tmp_path: Path) -> None:
    """Both closes read the incident as open before either lands (the ledger has no
    conditional append); the second one to land is refused, not reported as a success."""
    drifted = drift_report(tmp_path, "drifted", 0.6, 1)
    key = Ed25519PrivateKey.generate()
    with open_ledger(tmp_path / "l.db", create=True) as ledger:
        alice = IncidentLog(ledger, Signer(key, principal="alice"))
        number = alice.open(rule="HB-MON-FEATURE-DRIFT", reports=[drifted])
        time.sleep(1.1)  # reports carry their start time to the second
        fixed = drift_report(tmp_path, "fixed", 0.0, 2)
        bob = IncidentLog(ledger, Signer(key, principal="bob"))
        stale = bob.get(number)  # bob's read, before alice's close lands
        real_get = bob.get
        calls = iter([stale])
        bob.get = lambda n, trusted=(): next(calls, None) or real_get(n, trusted)  # type: ignore[method-assign]
        rules, checks = ["HB-MON-FEATURE-DRIFT"], ["monitor.drift"]
        won, problems = alice.close(number, fixed, rules=rules, checks=checks)
        assert problems == []
        with pytest.raises(InputError, match=f"closed concurrently at ledger entry {won}"):
            bob.close(number, fixed, rules=rules, checks=checks)
        assert alice.get(number).closed.index == won  # type: ignore[union-attr]


def test_a_clean_report_about_another_target_does_not_close(
    work: tuple[Path, dict[str, str]],
) -> None:
    from ._incident_support import write_batch

    path, env = work
    drifted = drift_report(path, "drifted", 0.6, 1)
    number = int(ok(run(["incident", "open", "--report", str(drifted)], path, env)))
    time.sleep(1.1)
    # no drift, but judged against another baseline: says nothing about this incident
    write_batch(path / "elsewhere.csv", 7, 5.0)
    write_batch(path / "calm.csv", 8, 5.0)
    out = run(["monitor", "drift", "elsewhere.csv", "calm.csv", "--output-dir", "other", "-f",
               "json", "-q"], path)  # fmt: skip
    ok(out)
    other = path / "other" / "report.json"
    out = run(["incident", "close", str(number), "--report", str(other)], path, env)
    ok(out, 1)
    assert "the incident about" in out.stderr and "--replaces" in out.stderr
    assert incident(path, env, number)["status"] == "open"
    # the same report, said to replace the old baseline: closes, and the ledger says so
    time.sleep(1.1)
    out = run(["monitor", "drift", "elsewhere.csv", "calm.csv", "--output-dir", "other2", "-f",
               "json", "-q"], path)  # fmt: skip
    ok(out)
    ok(run(["incident", "close", str(number), "--report", str(path / "other2" / "report.json"),
            "--replaces"], path, env))  # fmt: skip
    shown = incident(path, env, number)
    assert shown["status"] == "closed"
    verified = [s["body"] for s in shown["steps"] if s["kind"] == "incident.verify"]
    assert verified[-1]["outcome"] == "verified"
    assert verified[-1]["replaces"] and verified[-1]["replaces"][0].startswith("reference sha256:")
    assert verified[-1]["subject"] != verified[-1]["replaces"][0]
