"""Group commit: many concurrent appenders, one transaction and one fsync per batch.

Appenders put their entry on a queue and wait on a future. One committer thread takes every
entry queued so far (up to ``max_batch``), hands them to the store's ``write_batch`` (one
transaction, one fsync) and resolves each future with its index only after that commit
returned. While a batch commits, the next one gathers; no timer is involved, so a lone
appender pays one commit and many appenders share one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future

from hauberk.core import ConfigError, InputError
from hauberk.ledger._entry import Entry

MAX_BATCH_LIMIT = 100_000


class GroupCommitter:
    """Batches :meth:`submit` calls from any number of threads into ``write`` calls."""

    def __init__(
        self,
        write: Callable[[Sequence[Entry]], int],
        *,
        max_batch: int = 1024,
        commit_delay: float = 0.001,
    ) -> None:
        if not 1 <= max_batch <= MAX_BATCH_LIMIT:
            raise ConfigError(f"max_batch must be in [1, {MAX_BATCH_LIMIT}], got {max_batch}")
        if not 0.0 <= commit_delay <= 0.1:
            raise ConfigError(f"commit_delay must be in [0, 0.1] seconds, got {commit_delay}")
        self._write = write
        self._max_batch = max_batch
        self._delay = commit_delay
        self._cond = threading.Condition()
        self._queue: list[tuple[Entry, Future[int]]] = []
        self._thread: threading.Thread | None = None
        self._closed = False
        self._wanted = 1  # queue length at which the committer wants to be woken
        self.batches = 0

    def submit(self, entry: Entry) -> Future[int]:
        """Queue ``entry``; the future resolves to its index once its batch is durable."""
        if not isinstance(entry, Entry):
            raise InputError(f"append needs an Entry, got {type(entry).__name__}")
        future: Future[int] = Future()
        with self._cond:
            if self._closed:
                raise InputError("the ledger is closed; open it again to append")
            self._queue.append((entry, future))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hauberk-ledger-commit", daemon=True
                )
                self._thread.start()
            if len(self._queue) >= self._wanted:
                # Wake the committer only when it waits for this: one thread switch per batch
                # rather than one per append.
                self._cond.notify()
        return future

    def _run(self) -> None:
        released = 0  # writers acknowledged by the previous commit, probably coming back
        while True:
            with self._cond:
                expected = min(len(self._queue) + released, self._max_batch)
                self._wanted = 1
                while not self._queue and not self._closed:
                    self._cond.wait()
                if not self._queue:
                    return
                if self._delay and len(self._queue) < expected:
                    self._wanted = expected
                    deadline = time.monotonic() + self._delay
                    while len(self._queue) < expected and not self._closed:
                        left = deadline - time.monotonic()
                        if left <= 0:
                            break
                        self._cond.wait(left)
                self._wanted = MAX_BATCH_LIMIT + 1  # busy committing: it looks again after
                batch = self._queue[: self._max_batch]
                del self._queue[: self._max_batch]
            released = len(batch)
            try:
                first = self._write([entry for entry, _ in batch])
            except BaseException as exc:  # every waiter learns why its append failed
                for _, future in batch:
                    future.set_exception(exc)
                continue
            self.batches += 1
            for offset, (_, future) in enumerate(batch):
                future.set_result(first + offset)

    def close(self) -> None:
        """Commit what is queued, then stop the committer thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()
