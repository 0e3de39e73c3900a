"""``bench/llm_speed.py --sets`` naming every held-out file (round 20) crashed at the very end:
``bench/_record.py`` built the result's file name from every option, past the 255 bytes a
file name may have (OSError 36), and the whole run's output was lost. Long option strings
are now cut and given a digest; the header keeps the whole command."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_a_long_option_list_gives_a_short_distinct_file_name() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from _record import record_path
    finally:
        sys.path.remove(str(BENCH))
    sets = [f"heldout_{n}.jsonl" for n in range(1, 18)]
    long = record_path("llm_speed", ["--before", "3b3e56e", "--sets", *sets])
    other = record_path("llm_speed", ["--before", "3b3e56e", "--sets", *sets[1:]])
    assert len(long.name.encode()) < 255 and long != other
    assert record_path("llm", ["--sets", "17"]).name == "llm.sets-17.md"
