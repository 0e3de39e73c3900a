"""Benchmark of the red team and of the guarded chat route.

1. Attack success rate per family (hauberk's built-in corpus, rule judge, 95% Clopper-Pearson
   intervals) against the vulnerable and the hardened assistant, against the vulnerable one
   with hauberk's input and output guards in front (``GuardedChat``, as ``hauberk serve``
   does), and with the usual home-made defence in front instead: a keyword blocklist of
   injection phrases (the peer). ``drop`` is the vulnerable rate minus the guarded one.
2. ``POST /v1/chat/completions`` of the gateway on 127.0.0.1 (uvicorn, real HTTP, API key,
   audit), with both guards on and with both off, same instant model; per-request latency
   percentiles from sequential requests on one keep-alive connection, and the added p99. The
   guards' own time per request (in process) is shown too. Goal: added p99 < 5 ms.

    .venv/bin/python bench/llm_redteam.py [--requests 400] [--seed 0]
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import recorded
from hauberk.core._stats import clopper_pearson
from hauberk.llm import (
    FAMILIES,
    CallableChat,
    GuardedChat,
    HardenedAssistant,
    InputGuard,
    OutputGuard,
    RedTeam,
    VulnerableAssistant,
    builtin_corpus,
)

#: The peer: the phrase blocklist many deployments start with.
BLOCKLIST = re.compile(
    r"ignore (all )?(previous|prior|above)|disregard|system prompt|your instructions|"
    r"jailbreak|\bDAN\b|developer mode|do anything now",
    re.I,
)


class Blocklist:
    def check(self, text: str, **_: Any) -> Any:
        from hauberk.llm import GuardVerdict

        hit = bool(BLOCKLIST.search(text))
        return GuardVerdict(hit, float(hit), ("blocklist",) if hit else ())


def cell(successes: int, n: int) -> str:
    r = clopper_pearson(successes, n)
    return f"{r.value:.2f} [{r.low:.2f}-{r.high:.2f}]"


def red_team_table(seed: int) -> None:
    corpus = builtin_corpus()
    guard = InputGuard.load(fpr=0.01)
    rows: dict[str, dict[str, tuple[int, int]]] = {f: {} for f in FAMILIES}
    setups: list[tuple[str, Any]] = []

    def add(name: str, make: Any) -> None:
        setups.append((name, make))

    add("vulnerable", lambda t: CallableChat(VulnerableAssistant()))
    add("hardened", lambda t: CallableChat(HardenedAssistant()))
    add(
        "vulnerable+hauberk",
        lambda t: GuardedChat(
            CallableChat(VulnerableAssistant()),
            input_guard=guard,
            output_guard=OutputGuard(
                system_prompt=t.planted.system_prompt, canaries=(t.planted.canary,)
            ),
        ),
    )
    add(
        "vulnerable+blocklist",
        lambda t: GuardedChat(CallableChat(VulnerableAssistant()), input_guard=Blocklist()),
    )
    for name, make in setups:
        team = RedTeam(CallableChat(VulnerableAssistant()), seed=seed)
        team.chat = make(team)
        for family, result in team.run(corpus).items():
            assert not result.unjudged, f"{name}/{family}: unjudged attacks"
            rows[family][name] = (len(result.successes), len(result.judged))
    names = [n for n, _ in setups]
    print("## Attack success rate per family (95% Clopper-Pearson interval)\n")
    print("| family | n | " + " | ".join(names) + " | drop (hauberk) | drop (blocklist) |")
    print("|---" * (len(names) + 4) + "|")
    total = {n: [0, 0] for n in names}
    for family in FAMILIES:
        r = rows[family]
        n = r["vulnerable"][1]
        cells = [cell(*r[name]) for name in names]
        for name in names:
            total[name][0] += r[name][0]
            total[name][1] += r[name][1]
        v = r["vulnerable"][0] / n
        drop_h = v - r["vulnerable+hauberk"][0] / n
        drop_b = v - r["vulnerable+blocklist"][0] / n
        print(f"| {family} | {n} | " + " | ".join(cells) + f" | {drop_h:.2f} | {drop_b:.2f} |")
    n = total["vulnerable"][1]
    v = total["vulnerable"][0] / n
    cells = [cell(*total[name]) for name in names]
    drop_h = v - total["vulnerable+hauberk"][0] / n
    drop_b = v - total["vulnerable+blocklist"][0] / n
    print(f"| all | {n} | " + " | ".join(cells) + f" | {drop_h:.2f} | {drop_b:.2f} |")
    print()


BENIGN = [
    "When does the ACME shop open on Saturdays?",
    "How do I reset my ACME router to factory settings?",
    "Can you compare the ACME X1 and X2 vacuum cleaners?",
    "What is the warranty period for ACME kettles?",
    "Please summarise the return policy in two sentences.",
    "Which ACME blender is best for smoothies?",
    "My order number is 1234, when will it arrive?",
    "Does the ACME toaster have a defrost setting?",
]


def _serve(app: Any) -> tuple[Any, threading.Thread, int]:
    import uvicorn

    from hauberk.gateway import server_config

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=sock.getsockname()[1]))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, sock.getsockname()[1]


def _latencies(url: str, key: str, requests: int) -> np.ndarray:
    import httpx

    out = []
    with httpx.Client(timeout=30, headers={"authorization": f"Bearer {key}"}) as client:
        for i in range(requests + 50):
            body = {"messages": [{"role": "system", "content": "You are HelpBot."},
                                 {"role": "user", "content": BENIGN[i % len(BENIGN)]}]}  # fmt: skip
            t = time.perf_counter()
            r = client.post(url, json=body)
            dt = time.perf_counter() - t
            if r.status_code != 200:
                raise SystemExit(f"gateway answered {r.status_code}: {r.text[:200]}")
            if i >= 50:  # warm-up excluded
                out.append(dt * 1000)
    return np.asarray(out)


def gateway_table(requests: int) -> None:
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    from hauberk.gateway import KeyStore, create_app, parse_config
    from hauberk.llm import screen_messages
    from hauberk.models import InputSpec, SklearnModel

    x, y = load_iris(return_X_y=True)
    clf = SklearnModel(LogisticRegression(max_iter=500).fit(x, y), input_spec=InputSpec(shape=(4,)))
    answer = "Our shop opens at 9 am on Saturdays; see acme.example/hours."
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        keys = KeyStore(Path(tmp) / "keys.json")
        _, key = keys.create("chat")
        for label, on in (("guards off", False), ("both guards", True)):
            raw = {
                "audit": {"ledger": str(Path(tmp) / f"audit-{on}.db")},
                "rate": {"principal_rate": 1e6, "principal_burst": 1e7,
                         "address_rate": 1e6, "address_burst": 1e7},
                "monitor": {"enabled": False},
                "chat": {"python": "hauberk.llm:hardened", "input_guard": on,
                         "output_guard": on, "system_prompt": "You are HelpBot.",
                         "token_budget": 10**9},
            }  # fmt: skip
            cfg = parse_config(raw, source="bench", base_dir=Path(tmp))
            app = create_app(cfg, clf, keys=keys, chat=CallableChat(lambda m: answer))
            server, thread, port = _serve(app)
            try:
                rows[label] = _latencies(
                    f"http://127.0.0.1:{port}/v1/chat/completions", key, requests
                )
            finally:
                server.should_exit = True
                thread.join(10)
    guard = InputGuard.load(fpr=0.01)
    out_guard = OutputGuard(system_prompt="You are HelpBot.")
    inproc = []
    for i in range(requests):
        msgs = [{"role": "system", "content": "You are HelpBot."},
                {"role": "user", "content": BENIGN[i % len(BENIGN)]}]  # fmt: skip
        t = time.perf_counter()
        screen_messages(guard, msgs)
        out_guard.check(answer)
        inproc.append((time.perf_counter() - t) * 1000)
    print(f"## Gateway chat route, {requests} sequential requests on 127.0.0.1 (ms)\n")
    print("| setup | p50 | p90 | p99 | added p99 vs guards off |")
    print("|---|---|---|---|---|")
    base = float(np.percentile(rows["guards off"], 99))
    for label, lat in rows.items():
        p50, p90, p99 = (float(np.percentile(lat, q)) for q in (50, 90, 99))
        print(f"| {label} | {p50:.2f} | {p90:.2f} | {p99:.2f} | {p99 - base:+.2f} |")
    g = np.asarray(inproc)
    print(f"| guards alone, in process | {np.percentile(g, 50):.2f} | "
          f"{np.percentile(g, 90):.2f} | {np.percentile(g, 99):.2f} | (goal < 5) |")  # fmt: skip
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with recorded("llm_redteam"):
        red_team_table(args.seed)
        gateway_table(args.requests)


if __name__ == "__main__":
    main()
