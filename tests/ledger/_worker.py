"""Subprocess appender for the crash and multi-process tests (run as a script).

usage: _worker.py DB WORKER_ID COUNT THREADS
Appends COUNT entries per thread; prints "index worker thread seq" after each append returned.
COUNT 0 means forever (until killed).
"""

from __future__ import annotations

import itertools
import sys
import threading

from hauberk.ledger import Entry, open_ledger


def main() -> None:
    db, worker, count, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    lock = threading.Lock()
    ledger = open_ledger(db)

    def run(thread: int) -> None:
        seqs = itertools.count() if count == 0 else range(count)
        for seq in seqs:
            body = {"worker": worker, "thread": thread, "seq": seq}
            index = ledger.append(Entry.create("test.append", body, principal=f"w{worker}"))
            with lock:
                sys.stdout.write(f"{index} {worker} {thread} {seq}\n")
                sys.stdout.flush()

    pool = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    ledger.close()


if __name__ == "__main__":
    main()
