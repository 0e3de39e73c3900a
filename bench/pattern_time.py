"""Patterns whose time grows faster than their input: every module-level ``str`` pattern of
hauberk, run with ``finditer`` over repeated units at two lengths.

Round 24 found five such patterns on paths a request reaches (the PII e-mail pattern, the
document's hidden parts, Base45 runs, two readers' patterns at their merge), each quadratic:
a crafted run of a few tens of thousands of characters held a worker for seconds. A pattern is
listed when four times the input takes more than ``--ratio`` times as long and over
``--floor`` seconds; whether a request reaches it is a separate question (hints, per-line
matching and length bounds stop most). Patterns compiled inside functions are not seen.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import pkgutil
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

UNITS = (" ", "\n", "\r\n", "\t", "a ", "A ", "1 ", ". ", "- ", ": ", "/ ", "= ", "a", "1", "A",
         ".", "-", "=", "/", "//", "aA", "a1", "A1", "G1", "0x", "\\x", "%2", "&#", "01", "10 ",
         "AB ", "ab ", ",", ";", "'", '"', "_", "a.", "a-", "1.", "1,", "1-", "1:", "a:", "A\n",
         "a\n", "1\n", "aa ", "a b", "é ", "\u200b", "/*", "<a", "a=", "a=1&", "+", "@", "a@",
         "?", "!", "$", "#", "*", "()")  # fmt: skip
PREFIXES = ("", "A", "1", "a", "Z9", "G1\n")


def patterns(package: str) -> list[tuple[str, re.Pattern[str]]]:
    """Every module-level ``str`` pattern of ``package`` and its modules, by name."""
    root = importlib.import_module(package)
    names = [package] + [
        m.name
        for m in pkgutil.walk_packages(root.__path__, package + ".")
        if "__main__" not in m.name
    ]
    found: list[tuple[str, re.Pattern[str]]] = []
    seen: set[int] = set()  # a pattern imported into another module is listed once
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # an optional extra not installed: say so, go on
            print(f"skipped {name}: {type(exc).__name__}", file=sys.stderr)
            continue
        for attr, value in vars(module).items():
            fresh = isinstance(value, re.Pattern) and id(value) not in seen
            if fresh and isinstance(value.pattern, str):
                seen.add(id(value))
                found.append((f"{name}.{attr}", value))
    return found


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


def worst(pattern: re.Pattern[str], short: int) -> tuple[float, float, str, str]:
    """(seconds at 4 x ``short``, ratio to ``short``, unit, prefix) of the slowest input."""
    best = (0.0, 0.0, "", "")
    for unit, prefix in itertools.product(UNITS, PREFIXES):
        times = [
            _seconds(pattern, prefix + unit * (n // len(unit)) + "\x00") for n in (short, 4 * short)
        ]
        ratio = times[1] / max(times[0], 1e-7)
        if times[1] > best[0] and ratio > 2:
            best = (times[1], ratio, unit, prefix)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="hauberk")
    parser.add_argument("--short", type=int, default=1500, help="characters of the short input")
    parser.add_argument("--ratio", type=float, default=8.0)
    parser.add_argument("--floor", type=float, default=0.02)
    args = parser.parse_args()
    from _record import recorded

    found = patterns(args.package)
    with recorded("pattern_time"):
        print(f"{len(found)} module-level patterns of {args.package}; inputs of "
              f"{args.short} and {4 * args.short} characters, {len(UNITS)} units x "
              f"{len(PREFIXES)} prefixes\n")  # fmt: skip
        print("| pattern | seconds at 4x | ratio to 1x | unit | prefix |")
        print("|---|---|---|---|---|")
        listed = 0
        for name, pattern in found:
            seconds, ratio, unit, prefix = worst(pattern, args.short)
            if seconds > args.floor and ratio > args.ratio:
                listed += 1
                print(f"| {name} | {seconds:.3f} | {ratio:.1f} | {unit!r} | {prefix!r} |")
        print(f"\n{listed} of {len(found)} grow faster than their input (ratio over {args.ratio})")


if __name__ == "__main__":
    main()
