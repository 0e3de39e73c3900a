"""Keep each bench's last output: ``bench/results/<name>.md`` is what the bench printed, as it
printed it, with the command line and the date.

Documented tables are checked against these files (tests/docs/test_bench_numbers.py): a number
in ``docs/``, README or a code comment that cites a bench must be one that the bench printed.
A run with options that change what is measured (a shorter duration, one table only) is
recorded under ``<name>.<options>.md`` so it never overwrites the full run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


class _Tee(io.TextIOBase):
    def __init__(self, *streams: io.TextIOBase) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


MAX_OPTIONS_CHARS = 120  # file names stop at 255 bytes; the header keeps the whole command


def record_path(name: str, argv: list[str]) -> Path:
    options = "-".join(re.sub(r"[^A-Za-z0-9=.]+", "", a) for a in argv if a.strip("-"))
    if len(options) > MAX_OPTIONS_CHARS:  # e.g. --sets naming every held-out file
        digest = hashlib.sha256(options.encode()).hexdigest()[:10]
        options = f"{options[:MAX_OPTIONS_CHARS]}-{digest}"
    return RESULTS / (f"{name}.{options}.md" if options else f"{name}.md")


@contextlib.contextmanager
def recorded(name: str) -> Iterator[None]:
    """Print as usual and also keep the output; written only if the bench finishes."""
    buffer = io.StringIO()
    real = sys.stdout
    sys.stdout = _Tee(real, buffer)  # type: ignore[assignment]
    try:
        yield
    except SystemExit as exc:
        sys.stdout = real
        if exc.code not in (None, 0):
            raise
        _write(name, buffer.getvalue())
        raise
    finally:
        sys.stdout = real
    _write(name, buffer.getvalue())


def _write(name: str, text: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join(["python", f"bench/{name}.py", *sys.argv[1:]])
    header = f"<!-- recorded by bench/_record.py: `{command}`, {stamp} -->\n\n"
    record_path(name, sys.argv[1:]).write_text(header + text)
