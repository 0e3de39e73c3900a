"""Ledger benchmark: durable appends/s and inclusion-proof latency, SQLite and PostgreSQL.

Runs in one process, on the same inputs:

* durable appends per second with 8 concurrent writer threads, each append acknowledged only
  after its commit is durable (SQLite ``synchronous=FULL`` / PostgreSQL ``synchronous_commit=on``):
  the naive baseline commits once per append; hauberk's group commit shares one commit per batch
  (writers blocking on each append, and writers keeping 32 appends in flight);
* inclusion and consistency proof latency on a 1,000,000-entry log (built by bulk batches);
* the same on a PostgreSQL 15 server this script starts on 127.0.0.1 (fsync on).

usage: python bench/ledger.py [--entries 1000000] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from hauberk.ledger import Entry, Ledger, LocalPostgres, open_ledger
from hauberk.ledger._pgserver import find_postgres_bin

WRITERS = 8
STAMP = "2025-01-01T00:00:00.000000Z"


def _entry(w: int, i: int) -> Entry:
    return Entry.create(
        "serve.request", {"writer": w, "seq": i, "status": 200}, principal=f"w{w}", timestamp=STAMP
    )


def _threads(target: Callable[[int], None]) -> float:
    threads = [threading.Thread(target=target, args=(w,)) for w in range(WRITERS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def naive_rate(ledger: Ledger, per_writer: int) -> float:
    """Commit per append: every append is its own transaction and fsync."""
    entries = [[_entry(w, i) for i in range(per_writer)] for w in range(WRITERS)]

    def run(w: int) -> None:
        for e in entries[w]:
            ledger.store.write_batch([e])

    return WRITERS * per_writer / _threads(run)


def group_rate(ledger: Ledger, per_writer: int, in_flight: int = 1) -> tuple[float, float]:
    """Group commit; each writer keeps ``in_flight`` appends outstanding (1 = blocking append)."""
    entries = [[_entry(w, i) for i in range(per_writer)] for w in range(WRITERS)]
    batches_before = ledger.batches

    def run(w: int) -> None:
        pending: list[Future[int]] = []
        for e in entries[w]:
            pending.append(ledger.submit(e))
            if len(pending) >= in_flight:
                pending.pop(0).result()
        for f in pending:
            f.result()

    rate = WRITERS * per_writer / _threads(run)
    batches = ledger.batches - batches_before
    return rate, WRITERS * per_writer / max(batches, 1)


def build_log(ledger: Ledger, total: int, chunk: int = 50_000) -> float:
    start = time.perf_counter()
    done = ledger.head().size
    while done < total:
        n = min(chunk, total - done)
        ledger.store.write_batch([_entry(0, done + i) for i in range(n)])
        done += n
    return time.perf_counter() - start


def proof_latency(ledger: Ledger, samples: int = 2000) -> tuple[float, float, float]:
    """Median and p99 inclusion-proof time (ms, read + build), median consistency time (ms)."""
    rng = random.Random(9162)
    size = ledger.head().size
    times = []
    for _ in range(samples):
        index = rng.randrange(size)
        t = time.perf_counter()
        proof = ledger.inclusion_proof(index)
        times.append(time.perf_counter() - t)
        if len(times) <= 50:
            proof.verify()
    cons = []
    for _ in range(samples // 4):
        old = rng.randrange(1, size)
        t = time.perf_counter()
        ledger.consistency_proof(old)
        cons.append(time.perf_counter() - t)
    times.sort()
    return (
        statistics.median(times) * 1e3,
        times[int(len(times) * 0.99)] * 1e3,
        statistics.median(cons) * 1e3,
    )


def run_backend(name: str, db: str, entries: int, naive_n: int, group_n: int) -> list[list[str]]:
    rows: list[list[str]] = []
    with open_ledger(db, create=True, origin=f"bench.example/{name}") as ledger:
        naive = naive_rate(ledger, naive_n)
        blocking, per_batch = group_rate(ledger, group_n, in_flight=1)
        piped, per_batch_p = group_rate(ledger, group_n * 4, in_flight=32)
        rows.append([name, "naive commit per append", f"{naive:,.0f}", "1.0x", "1.0", ""])
        rows.append(
            [
                name,
                "group commit, blocking append",
                f"{blocking:,.0f}",
                f"{blocking / naive:.1f}x",
                f"{per_batch:.1f}",
                "PASS" if blocking >= 5000 else "below 5,000",
            ]
        )
        rows.append(
            [
                name,
                "group commit, 32 in flight/writer",
                f"{piped:,.0f}",
                f"{piped / naive:.1f}x",
                f"{per_batch_p:.1f}",
                "PASS" if piped >= 5000 else "below 5,000",
            ]
        )
        build = build_log(ledger, entries)
        median, p99, cons = proof_latency(ledger)
        rows.append(
            [
                name,
                f"inclusion proof, {ledger.head().size:,} entries",
                f"{median:.3f} ms (p99 {p99:.3f})",
                f"{median / 1.0:.2f}x of 1 ms",
                "",
                "PASS" if median < 1.0 else "above 1 ms",
            ]
        )
        rows.append([name, "consistency proof", f"{cons:.3f} ms", "", "", ""])
        rows.append([name, "bulk build of the log", f"{build:.1f} s", "", "", ""])
    t = time.perf_counter()
    with open_ledger(db, read_only=True) as reader:  # what `hauberk ledger verify` opens
        report = reader.verify()
    took = time.perf_counter() - t
    assert report.ok, report.problems
    rows.append([name, f"verify (read-only), {report.size:,} entries", f"{took:.1f} s",
                 f"{report.size / took:,.0f} entries/s", "", ""])  # fmt: skip
    return rows


def table(rows: list[list[str]]) -> str:
    head = ["store", "measure", "value", "ratio", "appends/commit", "target"]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(head, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--naive", type=int, default=100, help="appends per writer, naive")
    parser.add_argument("--group", type=int, default=1000, help="appends per writer, group")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="hauberk-bench-") as tmp:
        db = str(Path(tmp) / "ledger.db")
        rows += run_backend("sqlite", db, args.entries, args.naive, args.group)
        print(table(rows), flush=True)
    if not args.skip_postgres and find_postgres_bin() is not None:
        with LocalPostgres() as pg:
            settings = pg.settings()
            url = pg.database("bench")
            rows += run_backend("postgres", url, args.entries, args.naive, args.group)
            print(
                f"\nPostgreSQL {settings.get('server_version')}: fsync={settings.get('fsync')}, "
                f"synchronous_commit={settings.get('synchronous_commit')}"
            )
    print()
    print(table(rows))


if __name__ == "__main__":
    from _record import recorded

    with recorded("ledger"):
        main()
