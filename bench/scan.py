"""Scanner benchmark: detection, throughput and large-checkpoint cost, hauberk against peers.

Peers (the ``bench`` extra, never runtime dependencies): picklescan 1.0.5, modelscan 0.8.8,
fickling 0.1.12. All inputs are generated into a temporary folder by this run:

1. detection on the corpus of ``bench/corpus/generate.py``: files flagged per tool among the
   malicious and the benign samples (recall, false positives, files the tool failed on);
   ``hauberk`` counts any finding at medium or above, ``hauberk@high`` only what fails
   ``hauberk scan`` at its default ``--fail-on high``; then the same counts on the red team
   round 2 pickle gadgets alone (issue 12);
2. 1,000 small pickles: files per second, hauberk against picklescan;
3. a ~500 MB torch state_dict: scan time and peak memory (each tool in a fresh child process);
4. red team round 2 formats and containers (``bench/corpus/redteam2.py``, issue 12):
   polyglots, container errors, format coverage, TorchScript, and ordinary files of the same
   formats; ``hauberk scan`` counts as catching a file when it exits 1 at its default
   ``--fail-on high`` (a finding at high or above, or a file it could not vouch for);
5. whole processes, as CI runs them (issue 15): each tool's command line from process start
   to exit, best of ``--repeat``, peers interleaved: start-up on one tiny pickle; 5,000
   small pickles of the kind training code writes (dicts of NumPy arrays, OrderedDicts,
   lists, protocols 2-5, fixed seed): ``hauberk scan DIR`` (default ``--jobs auto`` and
   ``--jobs 1``) against ``picklescan -p DIR``, ``modelscan -p DIR`` and fickling (its
   Python API, ``fickling.is_likely_safe`` on each file in one process: its CLI takes one
   file a process); and the ~500 MB state_dict of section 3.

Usage: ``python bench/scan.py [--small 1000] [--big-mb 500] [--skip-big] [--skip-detection]
[--whole-files 5000] [--skip-whole] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing as mp
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "corpus"))

from generate import Sample, build

from hauberk.core import Severity
from hauberk.supplychain import scan

Verdict = tuple[bool, bool]  # (flagged, tool failed on the file)


def hauberk_verdict(path: Path) -> Verdict:
    report = scan([path])
    worst = report.worst
    return (worst is not None and worst >= Severity.MEDIUM), bool(report.errors)


def hauberk_high_verdict(path: Path) -> Verdict:
    """Flagged at ``hauberk scan``'s default gate (``--fail-on high``): what fails CI."""
    report = scan([path])
    worst = report.worst
    return (worst is not None and worst >= Severity.HIGH), bool(report.errors)


def picklescan_verdict(path: Path) -> Verdict:
    from picklescan.scanner import scan_file_path

    try:
        result = scan_file_path(str(path))
    except Exception:
        return False, True
    return result.issues_count > 0 or result.infected_files > 0, bool(result.scan_err)


def modelscan_verdict(path: Path) -> Verdict:
    from modelscan.modelscan import ModelScan

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result = ModelScan().scan(str(path))
    except Exception:
        return False, True
    issues = result.get("issues") or []
    return bool(issues), bool(result.get("errors"))


def fickling_verdict(path: Path) -> Verdict:
    import fickling

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            safe = fickling.is_likely_safe(str(path))
    except Exception:
        return False, True
    return not safe, False


TOOLS: dict[str, Callable[[Path], Verdict]] = {
    "hauberk": hauberk_verdict,
    "hauberk@high": hauberk_high_verdict,
    "picklescan": picklescan_verdict,
    "modelscan": modelscan_verdict,
    "fickling": fickling_verdict,
}


def detection(samples: list[Sample]) -> dict[str, dict[str, object]]:
    bad = [s for s in samples if s.malicious]
    good = [s for s in samples if not s.malicious]
    rows: dict[str, dict[str, object]] = {}
    round2 = [s for s in bad if s.technique.startswith("red team round 2")]
    for tool, judge in TOOLS.items():
        try:
            verdicts = {s.name: judge(s.path) for s in samples}
        except ImportError:
            continue
        caught = [s.name for s in bad if verdicts[s.name][0]]
        false_pos = [s.name for s in good if verdicts[s.name][0]]
        failed_good = [s.name for s in good if verdicts[s.name][1]]
        rows[tool] = {
            "caught": len(caught),
            "recall": len(caught) / len(bad),
            "false_pos": len(false_pos),
            "failed_benign": len(failed_good),
            "missed": [s.name for s in bad if not verdicts[s.name][0]],
            "fp_names": false_pos,
            "round2": sum(verdicts[s.name][0] for s in round2),
        }
    print(f"\n## Detection: {len(bad)} malicious, {len(good)} benign files")
    print(
        f"{'tool':12} {'caught':>8} {'recall':>7} {'false+':>7} {'failed on benign':>17} {'recall vs hauberk':>18}"
    )
    base = rows["hauberk"]["recall"]
    for tool, row in rows.items():
        ratio = row["recall"] / base if base else float("nan")  # type: ignore[operator]
        print(
            f"{tool:12} {row['caught']:>4}/{len(bad):<3} {row['recall']:>7.2f} {row['false_pos']:>7} "
            f"{row['failed_benign']:>17} {ratio:>18.2f}"
        )
    if round2:
        print(f"\n## Red team round 2 (issue 12) pickle gadgets: {len(round2)} files")
        print(f"{'tool':12} {'caught':>8}")
        for tool, row in rows.items():
            print(f"{tool:12} {row['round2']:>4}/{len(round2):<3}")
    for tool, row in rows.items():
        missed = row["missed"]
        if missed:
            print(f"  {tool} missed: {', '.join(missed)}")  # type: ignore[arg-type]
        if row["fp_names"]:
            print(f"  {tool} false positives: {', '.join(row['fp_names'])}")  # type: ignore[arg-type]
    return rows


def small_pickles(folder: Path, count: int) -> list[Path]:
    rng = random.Random(0)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        obj = {
            "id": i,
            "name": f"layer-{i}",
            "weights": [rng.random() for _ in range(rng.randint(10, 100))],
            "counts": [rng.randint(0, 70000) for _ in range(rng.randint(10, 60))],
            "vocab": [f"tok{rng.randint(0, 999)}" for _ in range(rng.randint(10, 60))],
            "shape": (rng.randint(1, 64), rng.randint(1, 64)),
            "meta": {"lr": 0.01, "tags": ["a", "b", "c"], "ok": True, "none": None},
            "nested": [{"k": j, "v": (j, str(j))} for j in range(rng.randint(1, 10))],
        }
        path = folder / f"small_{i:04d}.pkl"
        path.write_bytes(pickle.dumps(obj, protocol=2 + i % 4))
        paths.append(path)
    return paths


def throughput(folder: Path, count: int, repeat: int) -> None:
    from picklescan.scanner import scan_directory_path, scan_file_path

    paths = small_pickles(folder, count)
    # warm up imports and caches for both tools
    scan(paths[:5])
    scan_file_path(str(paths[0]))

    def hauberk_folder() -> None:
        report = scan([folder])
        assert len(report.files) == count and report.worst is None, "benign pickles are clean"

    def hauberk_files() -> None:
        for path in paths:
            scan([path])

    def picklescan_folder() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            scan_directory_path(str(folder))

    def picklescan_files() -> None:
        for path in paths:
            scan_file_path(str(path))

    runs: dict[str, Callable[[], None]] = {
        "hauberk scan(folder)": hauberk_folder,
        "hauberk per file": hauberk_files,
        "picklescan scan_directory_path": picklescan_folder,
        "picklescan per file": picklescan_files,
    }
    # Best of ``repeat`` rounds, the tools interleaved, so that a burst of load from other
    # processes on a shared machine does not decide the ratio.
    timings = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            timings[name] = min(timings[name], time.perf_counter() - start)
    print(f"\n## {count} small pickles (protocols 2-5), best of {repeat}")
    print(f"{'run':34} {'seconds':>8} {'files/s':>9} {'vs picklescan':>14}")
    ref = {
        "hauberk scan(folder)": timings["picklescan scan_directory_path"],
        "hauberk per file": timings["picklescan per file"],
    }
    for name, seconds in timings.items():
        ratio = f"{ref[name] / seconds:.2f}x" if name in ref else ""
        print(f"{name:34} {seconds:8.3f} {count / seconds:9.0f} {ratio:>14}")


def _vm(field: str) -> float:
    """A /proc/self/status memory field in MB (VmHWM resets at exec, unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(tool: str, path: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    if tool == "hauberk":
        # import cost is not scan cost (handler modules load on first use otherwise)
        from hauberk.supplychain._scanner import _load_handlers

        _load_handlers()
    else:
        import picklescan.scanner  # noqa: F401
    before = _vm("VmRSS")
    start = time.perf_counter()
    if tool == "hauberk":
        result = scan([path])
        flagged = result.worst is not None
    else:
        from picklescan.scanner import scan_file_path

        flagged = scan_file_path(path).issues_count > 0
    seconds = time.perf_counter() - start
    queue.put((seconds, before, _vm("VmHWM"), flagged))


def big_state_dict(folder: Path, megabytes: int) -> tuple[Path, int]:
    """A torch state_dict of about ``megabytes`` MB in ``megabytes // 2`` tensors (made once)."""
    import torch

    path = folder / "big_state_dict.pt"
    tensors = max(1, megabytes // 2)
    if not path.exists():
        per = (megabytes * 1024 * 1024) // (4 * tensors)
        state = {f"layers.{i}.weight": torch.zeros(per) for i in range(tensors)}
        torch.save(state, path)
        del state
    return path, tensors


def big_checkpoint(folder: Path, megabytes: int, repeat: int) -> None:
    path, tensors = big_state_dict(folder, megabytes)
    size_mb = path.stat().st_size / 2**20
    print(
        f"\n## torch state_dict of {size_mb:.0f} MB ({tensors} tensors), each tool in a fresh "
        f"process, best of {repeat}"
    )
    print(
        f"{'tool':12} {'seconds':>8} {'peak RSS MB':>12} {'RSS growth MB':>14} {'time vs picklescan':>19}"
    )
    results: dict[str, tuple[float, float, float, bool]] = {}
    ctx = mp.get_context("spawn")
    for _ in range(repeat):  # best of ``repeat`` fresh processes per tool, interleaved
        for tool in ("hauberk", "picklescan"):
            queue = ctx.Queue()
            proc = ctx.Process(target=_child, args=(tool, str(path), queue))
            proc.start()
            got = queue.get(timeout=600)
            proc.join()
            if tool not in results or got[0] < results[tool][0]:
                results[tool] = got
    ref = results["picklescan"][0]
    for tool, (seconds, before, peak, _flagged) in results.items():
        print(f"{tool:12} {seconds:8.3f} {peak:12.0f} {peak - before:14.0f} {ref / seconds:18.2f}x")


def hauberk_exit_verdict(path: Path) -> Verdict:
    """What ``hauberk scan PATH`` (default ``--fail-on high``) exits 1 on."""
    report = scan([path])
    return bool(report.at_or_above(Severity.HIGH)) or report.unfinished, False


def formats_round2(folder: Path) -> None:
    """Red team round 2 format and container cases, every tool side by side."""
    import redteam2

    folder.mkdir(parents=True, exist_ok=True)
    bad: list[tuple[str, Path]] = []
    for cls, name, write in redteam2.malicious_cases():
        path = folder / f"{cls}-{name}"
        write(path, *redteam2.SHELL)
        bad.append((cls, path))
    good: list[Path] = []
    for name, make in redteam2.benign_cases():
        path = folder / f"benign-{name}"
        make(path)
        good.append(path)
    tools: dict[str, Callable[[Path], Verdict]] = {"hauberk scan": hauberk_exit_verdict}
    tools.update((k, v) for k, v in TOOLS.items() if not k.startswith("hauberk"))
    classes = sorted({cls for cls, _ in bad})
    print(
        f"\n## Red team round 2, formats and containers: {len(bad)} malicious, {len(good)} benign"
    )
    header = "".join(f"{c:>13}" for c in classes)
    print(f"{'tool':14}{header}{'all':>9}{'false+':>8}")
    for tool, judge in tools.items():
        try:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                flagged = {p: judge(p)[0] for _, p in bad}
                false_pos = [p.name for p in good if judge(p)[0]]
        except ImportError:
            continue
        cells = ""
        for c in classes:
            mine = [p for k, p in bad if k == c]
            cells += f"{sum(flagged[p] for p in mine):>9}/{len(mine):<3}"
        total = sum(flagged.values())
        print(f"{tool:14}{cells}{total:>5}/{len(bad):<3}{len(false_pos):>8}")
        missed = [p.name for _, p in bad if not flagged[p]]
        if missed:
            print(f"  {tool} missed: {', '.join(missed)}")
        if false_pos:
            print(f"  {tool} false positives: {', '.join(false_pos)}")


def training_pickles(folder: Path, count: int) -> None:
    """``count`` small pickles as training code writes them (fixed seed): dicts of NumPy
    arrays, OrderedDicts of them, lists of arrays and numbers, checkpoints with scalars;
    protocols 2-5 in turn."""
    from collections import OrderedDict

    import numpy as np

    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        kind, protocol = i % 4, 2 + (i // 4) % 4

        def size() -> int:
            return int(rng.integers(2, 48))

        obj: object
        if kind == 0:
            obj = {f"layer{j}.weight": rng.standard_normal(size()).astype(np.float32)
                   for j in range(int(rng.integers(1, 6)))}  # fmt: skip
        elif kind == 1:
            obj = OrderedDict((f"block.{j}", rng.standard_normal((2, size())))
                              for j in range(int(rng.integers(1, 5))))  # fmt: skip
        elif kind == 2:
            obj = [rng.integers(0, 1000, size=size()), float(rng.random()), i, f"run-{i}"]
        else:
            obj = {"epoch": i, "lr": 1e-3, "loss": [float(x) for x in rng.random(size())],
                   "optimizer": OrderedDict(step=np.int64(i), exp_avg=rng.random(size()))}  # fmt: skip
        (folder / f"{i:05d}.pkl").write_bytes(pickle.dumps(obj, protocol=protocol))


FICKLING_LOOP = """
import contextlib, io, os, sys
import fickling
flagged = failed = 0
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            flagged += not fickling.is_likely_safe(os.path.join(folder, name))
        except Exception:
            failed += 1
print(f"{flagged} unsafe, {failed} failed")
"""


def _commands(target: Path) -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    hauberk = [sys.executable, "-m", "hauberk"]
    return {
        "hauberk scan": [*hauberk, "scan", str(target), "-q"],
        "hauberk scan --jobs 1": [*hauberk, "scan", str(target), "-q", "--jobs", "1"],
        "picklescan -p": [str(bin_dir / "picklescan"), "-p", str(target)],
        "modelscan -p": [str(bin_dir / "modelscan"), "-p", str(target)],
        "fickling (API loop)": [sys.executable, "-c", FICKLING_LOOP, str(target)],
    }


def _time_commands(
    commands: dict[str, list[str]], repeat: int, give_up_s: float = 60.0
) -> dict[str, tuple[float, str]]:
    """Best wall time of each command over ``repeat`` interleaved rounds, and what it said
    (exit code, or fickling's count of files it judged unsafe); a command slower than
    ``give_up_s`` runs once."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path[1:])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed tools run: bytecode cached
    best: dict[str, tuple[float, str]] = {}
    for _ in range(repeat):
        for name, cmd in commands.items():
            if name in best and best[name][0] > give_up_s:
                continue
            start = time.perf_counter()
            run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
            seconds = time.perf_counter() - start
            said = f"exit {run.returncode}"
            if name.startswith("fickling") and run.returncode == 0:
                said = run.stdout.strip()
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, said)
    return best


def _print_whole(title: str, best: dict[str, tuple[float, str]], count: int) -> None:
    print(f"\n## {title}")
    print(f"{'command':24} {'seconds':>8} {'files/s':>9} {'÷ picklescan':>13}  result")
    ref = best["picklescan -p"][0]
    for name, (seconds, said) in best.items():
        print(f"{name:24} {seconds:8.3f} {count / seconds:9.0f} {seconds / ref:12.2f}x  {said}")


def whole_process(root: Path, count: int, big_mb: int | None, repeat: int) -> None:
    """Whole processes, as CI runs them: start-up, many small pickles, one big checkpoint."""
    tiny = root / "tiny.pkl"
    tiny.write_bytes(pickle.dumps({"a": 1}))
    start_cmds = _commands(tiny)
    start_cmds = {k: v for k, v in start_cmds.items() if k in ("hauberk scan", "picklescan -p",
                                                                "modelscan -p")}  # fmt: skip
    start_cmds = {"python -c pass": [sys.executable, "-c", "pass"], **start_cmds}
    _time_commands(start_cmds, 1)  # bytecode caches written, files in the page cache
    best = _time_commands(start_cmds, max(5, repeat))
    _print_whole(f"Start-up: one tiny pickle, whole process, best of {max(5, repeat)}", best, 1)
    folder = root / "training"
    training_pickles(folder, count)
    best = _time_commands(_commands(folder), repeat)
    _print_whole(
        f"{count} small training pickles (dicts of NumPy arrays, OrderedDicts, lists; "
        f"protocols 2-5), whole process, best of {repeat} (fickling once if over 60 s); "
        f"{usable_cpus()} CPUs",
        best,
        count,
    )
    if big_mb is not None:
        path, tensors = big_state_dict(root, big_mb)
        cmds = {k: v for k, v in _commands(path).items() if "jobs" not in k and "fickling" not in k}
        best = _time_commands(cmds, repeat)
        size = path.stat().st_size / 2**20
        _print_whole(
            f"torch state_dict of {size:.0f} MB ({tensors} tensors), whole process, "
            f"best of {repeat}",
            best,
            1,
        )


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--big-mb", type=int, default=500)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the best is shown")
    parser.add_argument("--skip-detection", action="store_true", help="run only the speed sections")
    parser.add_argument("--whole-files", type=int, default=5000)
    parser.add_argument("--skip-whole", action="store_true", help="no whole-process section")
    parser.add_argument("--skip-inprocess", action="store_true", help="no in-process sections")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hauberk-scan-bench-") as tmp:
        root = Path(tmp)
        if not args.skip_detection:
            with contextlib.redirect_stderr(io.StringIO()):
                samples = build(root / "corpus")
            detection(samples)
            formats_round2(root / "round2")
        if not args.skip_inprocess:
            throughput(root / "small", args.small, args.repeat)
            if not args.skip_big:
                big_checkpoint(root, args.big_mb, args.repeat)
        if not args.skip_whole:
            big = None if args.skip_big else args.big_mb
            whole_process(root, args.whole_files, big, args.repeat)


if __name__ == "__main__":
    from _record import recorded

    with recorded("scan"):
        main()
