"""What the output guard costs a streamed chat answer: time to the first text and the gaps
between text chunks, through ``hauberk serve``'s chat route, against the same upstream read
directly, in one run.

Two models: an OpenAI-compatible upstream on 127.0.0.1 that streams a benign answer one
token (four characters) at a time, ``--delay`` ms apart (a fast hosted model is 5-20 ms per
token), and a Python generator that yields a long answer as fast as it can (the guard's CPU
cost, nothing to hide it behind). Rows: the upstream read directly (the baseline), the
gateway without LLM guards, with the stream guard on the output, with both guards, and the
non-streaming route with both guards (it must buffer the whole answer, so its first text is
the whole answer). Medians of ``--runs`` requests; gaps are pooled over all runs.

No peer tool streams an output guard offline: LLM Guard's output scanners (``scan_output``)
take a whole answer, which is the buffering row.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

SYSTEM = "You are HelpBot for ACME. Internal reference CANARY-51F0-AB29. Be brief and kind."
WORDS = ("the", "shop", "opens", "at", "nine", "and", "ACME", "sells", "widgets,", "blue",
         "red", "gadgets.", "Thanks", "for", "asking!", "Our", "prices", "are", "fair",
         "delivery", "takes", "two", "days", "returns", "free")  # fmt: skip


def answer(chars: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < chars:
        out.append(rng.choice(WORDS))
    return " ".join(out)[:chars]


LONG = answer(8000, seed=1)


def fast_generator(messages: list[dict[str, str]]) -> Iterator[str]:
    """The long answer in four-character pieces, as fast as the consumer takes them."""
    for i in range(0, len(LONG), 4):
        yield LONG[i : i + 4]


def _model() -> Any:
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    from hauberk.models import InputSpec, SklearnModel

    x, y = load_iris(return_X_y=True)
    est = LogisticRegression(max_iter=500).fit(x, y)
    return SklearnModel(est, input_spec=InputSpec(shape=(4,), dtype="float64", lower=0, upper=10))


@contextmanager
def gateway(folder: Path, chat: dict[str, Any]) -> Iterator[tuple[str, str]]:
    import uvicorn

    from hauberk.gateway import KeyStore, create_app, parse_config, server_config

    keys = KeyStore(folder / "keys.json")
    _, key = keys.create("chat")
    raw = {
        "audit": {"ledger": str(folder / f"audit-{time.monotonic_ns()}.db")},
        "rate": {"principal_rate": 1e6, "principal_burst": 1e6, "address_rate": 1e6,
                 "address_burst": 1e6},
        "chat": {"token_budget": 10**9, **chat},
    }  # fmt: skip
    app = create_app(parse_config(raw, source="bench", base_dir=folder), _model(), keys=keys)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/v1/chat/completions", key
    finally:
        server.should_exit = True
        thread.join(10)


def measure(client: Any, url: str, key: str | None, stream: bool) -> dict[str, Any]:
    """Time to the first text, gaps between text chunks, total, and the text."""
    headers = {"authorization": f"Bearer {key}"} if key else {}
    body = {"model": "m", "stream": stream,
            "messages": [{"role": "system", "content": SYSTEM},
                         {"role": "user", "content": "When does the ACME shop open?"}]}  # fmt: skip
    start = time.perf_counter()
    stamps: list[float] = []
    parts: list[str] = []
    with client.stream("POST", url, json=body, headers=headers) as r:
        if not stream:
            data = json.loads(r.read())
            stamps.append(time.perf_counter())
            parts.append(data["choices"][0]["message"]["content"])
        else:
            for line in r.iter_lines():
                if not line.startswith("data: {"):
                    continue
                event = json.loads(line[6:])
                choices = event.get("choices") or [{}]
                text = (choices[0].get("delta") or {}).get("content")
                if text:
                    stamps.append(time.perf_counter())
                    parts.append(text)
    end = time.perf_counter()
    gaps = [b - a for a, b in pairwise(stamps)]
    return {"ttft": stamps[0] - start if stamps else float("nan"), "gaps": gaps,
            "total": end - start, "chunks": len(stamps), "text": "".join(parts)}  # fmt: skip


def run(label: str, url: str, key: str | None, stream: bool, runs: int) -> dict[str, Any]:
    import httpx

    with httpx.Client(timeout=60) as client:
        measure(client, url, key, stream)  # warm up (guards compile, connections open)
        got = [measure(client, url, key, stream) for _ in range(runs)]
    gaps = sorted(g for m in got for g in m["gaps"])

    def pct(q: float) -> float:
        return gaps[min(len(gaps) - 1, int(q * len(gaps)))] if gaps else float("nan")

    return {
        "label": label,
        "ttft": statistics.median(m["ttft"] for m in got),
        "gap50": pct(0.5),
        "gap95": pct(0.95),
        "total": statistics.median(m["total"] for m in got),
        "chunks": statistics.median(m["chunks"] for m in got),
        "text": got[-1]["text"],
    }


def table(title: str, rows: list[dict[str, Any]], expected: str) -> None:
    base = rows[0]
    print(f"\n{title}\n")
    print("| path | first text ms | x base | +ms | gap p50 ms | gap p95 ms | total ms | "
          "x base | text chunks | answer whole |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['label']} | {r['ttft'] * 1e3:.1f} | {r['ttft'] / base['ttft']:.2f} | "
            f"{(r['ttft'] - base['ttft']) * 1e3:+.1f} | {r['gap50'] * 1e3:.2f} | "
            f"{r['gap95'] * 1e3:.2f} | {r['total'] * 1e3:.0f} | "
            f"{r['total'] / base['total']:.2f} | {r['chunks']:.0f} | "
            f"{'yes' if r['text'] == expected else 'NO'} |"
        )


def main() -> None:
    from hauberk.llm import serve_chat

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--chars", type=int, default=800, help="the upstream's answer length")
    ap.add_argument("--delay", type=float, default=10.0, help="ms between upstream tokens")
    args = ap.parse_args()
    text = answer(args.chars)
    guards = {"system_prompt": SYSTEM, "canaries": ["CANARY-51F0-AB29"]}
    none = {"input_guard": False, "output_guard": False}
    out_only = {"input_guard": False, **guards}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with serve_chat(lambda m: text, piece=4, delay=args.delay / 1e3) as up:
            rows = [run("upstream, read directly", up, None, True, args.runs)]
            for label, chat, stream in (
                ("gateway, no LLM guard", none, True),
                ("gateway, stream guard on the output", out_only, True),
                ("gateway, both guards", guards, True),
                ("gateway, both guards, stream=false (buffered)", guards, False),
            ):
                with gateway(folder, {"upstream": up, **chat}) as (url, key):
                    rows.append(run(label, url, key, stream, args.runs))
        print(f"Upstream on 127.0.0.1 streaming a {args.chars}-character answer, one "
              f"4-character token every {args.delay:g} ms; median of {args.runs} requests.")  # fmt: skip
        table("Streamed from an upstream", rows, text)
        py = "llm_stream:fast_generator"
        fast = []
        for label, chat, stream in (
            ("gateway, no LLM guard", none, True),
            ("gateway, stream guard on the output", out_only, True),
            ("gateway, both guards, stream=false (buffered)", guards, False),
        ):
            with gateway(folder, {"python": py, **chat}) as (url, key):
                fast.append(run(label, url, key, stream, args.runs))
        print(f"\nA Python generator yielding an {len(LONG)}-character answer in 4-character "
              "pieces with no delay (the guard's CPU cost; base: the gateway without guards).")  # fmt: skip
        table("Streamed from a fast generator", fast, LONG)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _record import recorded

    with recorded("llm_stream"):
        main()
