"""Playbook actions against a real ``hauberk serve`` process with two model versions on
127.0.0.1: roll back a switch, and follow an extraction alert from the audit trail to a
revoked key that the running gateway then refuses, and to a verified close."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from hauberk.ledger import open_ledger

from ._incident_support import incident, linear_onnx, ok, run, setup_ledger, start_gateway, stop

pytest.importorskip("onnxruntime")
pytest.importorskip("uvicorn")


def jbda_queries(x: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Papernot et al.-style synthetic queries: a few seeds, then rounds of +-lambda steps."""
    rng = np.random.default_rng(seed)
    pool = x[:10].copy()
    while len(pool) < n:
        step = 1.6 * np.sign(rng.standard_normal(pool.shape))
        pool = np.concatenate([pool, np.clip(pool + step, 0, 16)])
    return pool[:n]


@dataclass
class Served:
    url: str
    work: Path
    env: dict[str, str]
    admin: str
    keys: Path
    digits: np.ndarray

    def predict(self, key: str, rows: Any) -> httpx.Response:
        return httpx.post(f"{self.url}/v1/predict", json={"inputs": np.asarray(rows).tolist()},
                          headers={"Authorization": f"Bearer {key}"}, timeout=30)  # fmt: skip

    def new_key(self, role: str) -> tuple[str, str]:
        from hauberk.gateway import KeyStore

        record, key = KeyStore(self.keys).create(role)
        return record.id, key

    def versions(self) -> dict[str, Any]:
        r = httpx.get(f"{self.url}/admin/versions", timeout=10,
                      headers={"Authorization": f"Bearer {self.admin}"})  # fmt: skip
        data: dict[str, Any] = r.json()
        return data


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression

    from hauberk.gateway import KeyStore

    work = tmp_path_factory.mktemp("served")
    x, y = load_digits(return_X_y=True)
    blue = LogisticRegression(max_iter=2000).fit(x[:900], y[:900])
    green = LogisticRegression(max_iter=2000, C=1e-4).fit(x[:900], y[:900])
    linear_onnx(work / "blue.onnx", blue.coef_, blue.intercept_)
    linear_onnx(work / "green.onnx", green.coef_, green.intercept_)
    digest = {n: hashlib.sha256((work / f"{n}.onnx").read_bytes()).hexdigest()
              for n in ("blue", "green")}  # fmt: skip
    (work / "serve.toml").write_text(
        '[model]\nversion = "blue"\nlower = 0.0\nupper = 16.0\n'
        f'[[versions]]\nname = "green"\npath = "green.onnx"\nsha256 = "{digest["green"]}"\n'
        '[audit]\nledger = "ledger.db"\ndurable = true\n'
        "[rate]\nprincipal_rate = 1000.0\nprincipal_burst = 1000.0\n"
    )
    env = setup_ledger(work)  # the gateway audits into the ledger the incidents live in
    store = work / "keys.json"
    _, admin = KeyStore(store).create("admin")
    proc, url = start_gateway(work, "blue.onnx", digest["blue"], store)
    try:
        yield Served(url, work, {**env, "HAUBERK_ADMIN_KEY": admin}, admin, store, x)
    finally:
        stop(proc)


def test_rollback_switches_a_running_gateway_back(served: Served) -> None:
    _, user = served.new_key("predict")
    assert served.predict(user, served.digits[:1]).json()["model_version"] == "blue"
    r = httpx.post(f"{served.url}/admin/versions/switch", json={"version": "green"},
                   headers={"Authorization": f"Bearer {served.admin}"}, timeout=10)  # fmt: skip
    assert r.status_code == 200
    assert served.predict(user, served.digits[:1]).json()["model_version"] == "green"
    with open_ledger(served.work / "ledger.db", read_only=True) as ledger:
        [switch] = ledger.find("serve.admin", route="POST /admin/versions/switch")
    work, env = served.work, served.env
    number = int(ok(run(["incident", "open", "--rule", "HB-MON-PERFORMANCE-DROP", "--evidence",
                         str(switch), "--title", "green answers worse"], work, env)))  # fmt: skip
    # a wrong admin credential: the gateway refuses, the failure is recorded, exit 1
    out = run(["incident", "act", str(number), "rollback", "--gateway", served.url,
               "--admin-key-env", "WRONG_KEY"], work, {**env, "WRONG_KEY": "hbk_nope"})  # fmt: skip
    ok(out, 1)
    assert served.versions()["active"] == "green"
    out = run(["incident", "act", str(number), "rollback", "--gateway", served.url, "-f",
               "json"], work, env)  # fmt: skip
    detail = json.loads(ok(out))["detail"]
    assert detail["before"] == {"active": "green", "previous": "blue"}
    assert detail["after"]["active"] == "blue"
    assert served.predict(user, served.digits[:1]).json()["model_version"] == "blue"
    steps = incident(work, env, number)["steps"]
    assert [s["body"].get("outcome") for s in steps[1:]] == ["failed", "ok"]
    assert served.admin not in json.dumps(steps)  # the admin key is never recorded
    # --to names the version outright
    ok(run(["incident", "act", str(number), "rollback", "--gateway", served.url, "--to",
            "blue"], work, env))  # fmt: skip
    assert served.versions()["active"] == "blue"


def test_extraction_alert_to_revoked_key_to_verified_close(served: Served) -> None:
    work, env = served.work, served.env
    thief_id, thief = served.new_key("predict")
    attack = jbda_queries(served.digits[1500:], 600)
    flagged = None
    for i in range(0, len(attack), 100):
        r = served.predict(thief, attack[i : i + 100])
        if r.status_code == 429 and r.json()["error"]["code"] == "extraction_throttled":
            flagged = r
            break
    assert flagged is not None, "the extraction monitor did not flag the synthetic queries"
    # the responder reads the audit trail, not the process: a monitor.query_pattern result
    out = run(["monitor", "traffic", "ledger.db", "--output-dir", "traffic", "-f", "json"],
              work, env)  # fmt: skip
    ok(out, 1)
    report = json.loads((work / "traffic" / "report.json").read_text())
    [finding] = report["results"][0]["findings"]
    assert finding["id"] == "HB-MON-QUERY-PATTERN" and f"key:{thief_id}" in finding["target"]
    alert = finding["evidence"]["alert_entries"][0]["ledger"]
    number = int(ok(run(["incident", "open", "--evidence", str(alert), "--report",
                         "traffic/report.json"], work, env)))  # fmt: skip
    assert incident(work, env, number)["alert"] == "prada"
    # revoke-key takes the key from the alert's principal and revokes it on the gateway
    ok(run(["incident", "act", str(number), "revoke-key", "--gateway", served.url], work, env))
    time.sleep(0.05)
    r = served.predict(thief, served.digits[:1])
    assert r.status_code == 401, r.text
    # no traffic since: nothing can show the pattern gone, so the close is refused
    with open_ledger(work / "ledger.db", read_only=True) as ledger:
        since = ledger.head().size
    time.sleep(1.1)
    ok(run(["monitor", "traffic", "ledger.db", "--start", str(since), "--output-dir", "quiet", "-f",
            "json"], work, env), 1)  # fmt: skip
    out = run(["incident", "close", str(number), "--report", "quiet/report.json"], work, env)
    ok(out, 1)
    assert "ran to completion" in out.stderr
    # natural traffic from another key, judged and not flagged: verified, closed
    _, honest = served.new_key("predict")
    for i in range(900, 1400, 100):
        assert served.predict(honest, served.digits[i : i + 100]).status_code == 200
    ok(run(["monitor", "traffic", "ledger.db", "--start", str(since), "--output-dir", "after", "-f",
            "json"], work, env))  # fmt: skip
    ok(run(["incident", "close", str(number), "--report", "after/report.json"], work, env))
    shown = incident(work, env, number)
    assert shown["status"] == "closed"
    act = next(s for s in shown["steps"] if s["kind"] == "incident.act")
    assert act["body"]["params"]["key_id"] == thief_id and act["body"]["outcome"] == "ok"


def test_revoke_in_the_key_store_file_is_seen_by_the_running_gateway(served: Served) -> None:
    work, env = served.work, served.env
    key_id, key = served.new_key("predict")
    assert served.predict(key, served.digits[:1]).status_code == 200
    with open_ledger(work / "ledger.db", read_only=True) as ledger:
        [record] = ledger.find("serve.request", limit=1)
    number = int(ok(run(["incident", "open", "--rule", "HB-MON-QUERY-PATTERN", "--evidence",
                         str(record)], work, env)))  # fmt: skip
    ok(run(["incident", "act", str(number), "revoke-key", "--key-id", key_id, "--store",
            str(served.keys)], work, env))  # fmt: skip
    assert served.predict(key, served.digits[:1]).status_code == 401
