"""Patterns whose time grows faster than their input: every ``str`` pattern of hauberk, run
with ``finditer`` over repeated units at two lengths.

Round 24 found five such patterns on paths a request reaches (the PII e-mail pattern, the
document's hidden parts, Base45 runs, two readers' patterns at their merge), each quadratic:
a crafted run of a few tens of thousands of characters held a worker for seconds. A pattern is
listed when four times the input takes more than ``--ratio`` times as long and over
``--floor`` seconds; whether a request reaches it is a separate question (hints, per-line
matching and length bounds stop most).

Besides the module-level patterns (found among each module's attributes), the source is read
with ``ast`` for the patterns written in calls (round 25): ``re.compile``, ``re.search``,
``re.match``, ``re.fullmatch``, ``re.finditer``, ``re.findall``, ``re.sub``, ``re.subn`` and
``re.split`` whose pattern is a ``str`` constant, or an f-string, concatenation or ``%``
built only of constants and the module's own names. Those that are not already among the
module-level patterns are swept too, named by module, function and line; a pattern built
from anything else (an argument, a local) cannot be evaluated and is only counted.
"""

from __future__ import annotations

import argparse
import ast
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
        for m in pkgutil.walk_packages(getattr(root, "__path__", []), package + ".")
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


CALLS = ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
FLAGS_AT = {"compile": 1, "sub": 4, "subn": 4}  # the flags argument's position; others at 2
EVALUABLE = (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.BinOp, ast.Add, ast.Mod,
             ast.BitOr, ast.Name, ast.Attribute, ast.Load, ast.Tuple)  # fmt: skip


def _evaluable(node: ast.AST, namespace: dict[str, object], local: set[str]) -> bool:
    """Whether ``node`` is built only of constants and names of the module (not locals)."""
    for sub in ast.walk(node):
        if not isinstance(sub, EVALUABLE):
            return False
        if isinstance(sub, ast.Name) and (sub.id in local or sub.id not in namespace):
            return False
    return True


def _locals(function: ast.AST) -> set[str]:
    """Names a function binds (its arguments and assignments), which shadow the module's."""
    names: set[str] = set()
    for sub in ast.walk(function):
        if isinstance(sub, ast.arg):
            names.add(sub.arg)
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
    return names


def _calls(tree: ast.Module) -> list[tuple[str, set[str], ast.Call]]:
    """Each ``re.<call>(...)`` of ``tree`` with the function it is in ("" at module level)
    and the names bound there."""
    found: list[tuple[str, set[str], ast.Call]] = []

    def visit(node: ast.AST, where: str, local: set[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                name = getattr(child, "name", "<lambda>")
                visit(child, f"{where}.{name}" if where else name, local | _locals(child))
                continue
            if isinstance(child, ast.ClassDef):
                visit(child, f"{where}.{child.name}" if where else child.name, local)
                continue
            func = getattr(child, "func", None)
            if (
                isinstance(child, ast.Call)
                and isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "re"
                and func.attr in CALLS
                and child.args
            ):
                found.append((where, local, child))
            visit(child, where, local)

    visit(tree, "", set())
    return found


def written_patterns(
    package: str, known: list[tuple[str, re.Pattern[str]]]
) -> tuple[list[tuple[str, re.Pattern[str]]], int, int]:
    """The patterns written in ``re`` calls of ``package``'s source that are not among
    ``known``, by module, function and line; with how many calls were read and how many of
    them could not be evaluated."""
    root = importlib.import_module(package)
    have = {(p.pattern, p.flags) for _, p in known}
    found: list[tuple[str, re.Pattern[str]]] = []
    calls = skipped = 0
    for info in pkgutil.walk_packages(getattr(root, "__path__", []), package + "."):
        if "__main__" in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # listed as skipped by patterns()
            continue
        source = Path(module.__file__ or "")
        if source.suffix != ".py":
            continue
        namespace = vars(module)
        for where, local, call in _calls(ast.parse(source.read_text(), str(source))):
            calls += 1
            at = FLAGS_AT.get(call.func.attr, 2)  # type: ignore[attr-defined]
            flag_nodes = [k.value for k in call.keywords if k.arg == "flags"]
            flag_nodes += call.args[at : at + 1]
            nodes = [call.args[0], *flag_nodes]
            if not all(_evaluable(node, namespace, local) for node in nodes):
                skipped += 1
                continue
            try:
                values = [
                    eval(compile(ast.Expression(node), str(source), "eval"), dict(namespace))
                    for node in nodes
                ]
                if not isinstance(values[0], str):
                    raise TypeError(type(values[0]).__name__)
                pattern = re.compile(values[0], *values[1:2])
            except Exception:
                skipped += 1
                continue
            key = (pattern.pattern, pattern.flags)
            if key in have:
                continue
            have.add(key)
            name = f"{info.name}.{where}:{call.lineno}" if where else f"{info.name}:{call.lineno}"
            if any(name == n for n, _ in found):  # two on one line
                name += f":{call.col_offset}"
            found.append((name, pattern))
    return found, calls, skipped


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    start = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - start


def _times(pattern: re.Pattern[str], short: int, unit: str, prefix: str) -> list[float]:
    return [
        _seconds(pattern, prefix + unit * (n // len(unit)) + "\x00") for n in (short, 4 * short)
    ]


def worst(pattern: re.Pattern[str], short: int) -> tuple[float, float, str, str]:
    """(seconds at 4 x ``short``, ratio to ``short``, unit, prefix) of the slowest input."""
    best = (0.0, 0.0, "", "")
    for unit, prefix in itertools.product(UNITS, PREFIXES):
        times = _times(pattern, short, unit, prefix)
        ratio = times[1] / max(times[0], 1e-7)
        if times[1] > best[0] and ratio > 2:
            best = (times[1], ratio, unit, prefix)
    return best


def confirmed(pattern: re.Pattern[str], short: int, unit: str, prefix: str) -> tuple[float, float]:
    """(seconds, ratio) of the slowest input measured again, the fastest of three runs at
    each length: on a shared machine one slow run of a fast pattern is not growth."""
    runs = [_times(pattern, short, unit, prefix) for _ in range(3)]
    times = [min(r[0] for r in runs), min(r[1] for r in runs)]
    return times[1], times[1] / max(times[0], 1e-7)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="hauberk", help="a package or one module")
    parser.add_argument("--short", type=int, default=1500, help="characters of the short input")
    parser.add_argument("--ratio", type=float, default=8.0)
    parser.add_argument("--floor", type=float, default=0.02)
    args = parser.parse_args()
    from _record import recorded

    found = patterns(args.package)
    written, calls, skipped = written_patterns(args.package, found)
    with recorded("pattern_time"):
        print(f"{len(found)} module-level patterns of {args.package} and {len(written)} more "
              f"written in its {calls} re calls ({skipped} calls not evaluable: a pattern "
              f"from an argument or a local); inputs of {args.short} and {4 * args.short} "
              f"characters, {len(UNITS)} units x {len(PREFIXES)} prefixes\n")  # fmt: skip
        print("| pattern | seconds at 4x | ratio to 1x | unit | prefix |")
        print("|---|---|---|---|---|")
        listed = {"module-level": 0, "written in calls": 0}
        for kind, group in (("module-level", found), ("written in calls", written)):
            for name, pattern in group:
                seconds, ratio, unit, prefix = worst(pattern, args.short)
                if seconds > args.floor and ratio > args.ratio:
                    seconds, ratio = confirmed(pattern, args.short, unit, prefix)
                if seconds > args.floor and ratio > args.ratio:
                    listed[kind] += 1
                    print(f"| {name} | {seconds:.3f} | {ratio:.1f} | {unit!r} | {prefix!r} |")
        print(f"\n{listed['module-level']} of {len(found)} module-level patterns and "
              f"{listed['written in calls']} of {len(written)} written in calls grow faster "
              f"than their input (ratio over {args.ratio})")  # fmt: skip


if __name__ == "__main__":
    main()
