"""Registry benchmark: promotion and rollback latency on the SQLite and PostgreSQL ledgers and
with the MLflow backend, against MLflow's own alias move (no gates) on the same server.

Each round registers a new signed version, promotes it to staging, approves it and promotes it
to production through every gate (model signature by a release key, a passing report bound to
its digest, no open incident, one approval, separation of duties), then rolls production back.
A hauberk promotion also verifies the whole ledger before writing, so its latency grows with
the ledger: ``--prefill`` appends that many unrelated entries first. The peer column is one
``POST registered-models/alias`` on the MLflow server: what moving production costs with no
gates and no audit trail.

usage: python bench/governance_registry.py [--rounds 8] [--prefill 2000] [--skip-postgres]
       [--skip-mlflow]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.governance.registry_support import add_model, workspace  # noqa: E402

from _record import recorded  # noqa: E402
from hauberk.governance import (  # noqa: E402
    LocalMlflowServer,
    MlflowMirror,
    Registry,
    load_registry_config,
)
from hauberk.ledger import (  # noqa: E402
    Entry,
    LocalPostgres,
    Signer,
    load_private_key,
    open_ledger,
)
from hauberk.ledger._pgserver import find_postgres_bin  # noqa: E402


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run_backend(
    root: Path, rounds: int, prefill: int, *, ledger: str, mlflow: str | None
) -> dict[str, list[float]]:
    workspace(root, ledger=ledger, mlflow=mlflow)
    config = load_registry_config(root / "registry.toml")
    mirror = MlflowMirror(mlflow) if mlflow else None
    out: dict[str, list[float]] = {"promote": [], "rollback": [], "register": []}
    with open_ledger(config.ledger_url()) as log:
        if prefill:
            stamp = "2025-01-01T00:00:00.000000Z"
            fill = [
                Entry.create("serve.request", {"i": i}, principal="gw", timestamp=stamp)
                for i in range(prefill)
            ]
            log.store.write_batch(fill)

        def reg(who: str) -> Registry:
            signer = Signer(load_private_key(root / f"{who}.pem"), principal="x")
            return Registry(log, config.roles, config.settings, signer=signer, mirror=mirror)

        alice, bob, carol = reg("alice"), reg("bob"), reg("carol")
        for k in range(1, rounds + 2):
            name = f"m{k}.bin"
            add_model(root, name, f"weights {k}".encode())
            sig = root / f"{name}.sig"
            out["register"].append(
                _ms(lambda n=name, s=sig: alice.register("iris", root / n, signature=s))
            )
            bob.promote("iris", k, "staging")
            carol.approve("iris", k, "production")
            report = root / f"{name}.report.json"
            out["promote"].append(
                _ms(lambda v=k, r=report: bob.promote("iris", v, "production", report=r))
            )
            if k > 1:
                out["rollback"].append(_ms(lambda: bob.rollback("iris")))
        problems = bob.verify()
        assert problems == [], problems
    if mirror is not None:
        mirror.close()
    return out


def peer_alias(url: str, rounds: int) -> list[float]:
    import httpx

    api = f"{url}/api/2.0/mlflow"
    times = []
    with httpx.Client(timeout=30) as client:
        for k in range(rounds):
            body = {"name": "iris", "alias": "production", "version": str(1 + k % 2)}
            times.append(_ms(lambda b=body: client.post(f"{api}/registered-models/alias", json=b)))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--prefill", type=int, default=2000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-mlflow", action="store_true")
    args = parser.parse_args()
    rows: list[tuple[str, dict[str, list[float]]]] = []
    peer: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "sqlite").mkdir()
        rows.append(
            ("SQLite ledger",
             run_backend(base / "sqlite", args.rounds, args.prefill, ledger="ledger.db",
                         mlflow=None)),
        )  # fmt: skip
        if not args.skip_postgres and find_postgres_bin() is not None:
            with LocalPostgres() as pg:
                (base / "pg").mkdir()
                url = pg.database("registry_bench")
                rows.append(
                    ("PostgreSQL ledger",
                     run_backend(base / "pg", args.rounds, args.prefill, ledger=url, mlflow=None)),
                )  # fmt: skip
        if not args.skip_mlflow:
            with LocalMlflowServer(timeout=180) as server:
                (base / "mlflow").mkdir()
                rows.append(
                    ("SQLite ledger + MLflow",
                     run_backend(base / "mlflow", args.rounds, args.prefill, ledger="ledger.db",
                                 mlflow=server.url)),
                )  # fmt: skip
                peer = peer_alias(server.url, args.rounds * 4)
    with recorded("governance_registry"):
        print(
            f"Registry latency, median of {args.rounds} rounds (ms); ledger prefilled with "
            f"{args.prefill} entries; every promotion passes all production gates"
        )
        print()
        ref = statistics.median(peer) if peer else None
        print("| backend | register | promote to production | rollback | promote / MLflow alias |")
        print("|---|---:|---:|---:|---:|")
        for label, out in rows:
            reg, pro, rb = (statistics.median(out[k]) for k in ("register", "promote", "rollback"))
            ratio = f"{pro / ref:.2f}x" if ref else "n/a"
            print(f"| {label} | {reg:.1f} | {pro:.1f} | {rb:.1f} | {ratio} |")
        if ref is not None:
            label = "MLflow alias move alone (peer, no gates, no audit)"
            print(f"| {label} | | {ref:.1f} | {ref:.1f} | 1.00x |")


if __name__ == "__main__":
    main()
