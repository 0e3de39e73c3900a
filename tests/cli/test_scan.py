"""``hauberk scan`` as CI runs it: a fast start that imports only the scanner, one definition
of its options, the core report renderers, a readable listing of big folders, ``--jobs``."""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from tests.supplychain.corpus_loader import corpus
from typer.testing import CliRunner

from hauberk.cli import _options as opt
from hauberk.cli._scan import build_parser
from hauberk.supplychain import scan

REPO = Path(__file__).resolve().parents[2]
EVIL = corpus().EVIL
#: What a scan of pickles, torch zips, JSON configs and unknown files must never load.
NOT_FOR_SCANNING = ("numpy", "typer", "rich", "click", "torch", "pydantic", "jinja2",
                    "cryptography", "jsonschema")  # fmt: skip


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users have bytecode caches: time with them
    return env


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hauberk", *args],
        capture_output=True, text=True, env=_env(), timeout=300,
    )  # fmt: skip


def _mixed(folder: Path) -> Path:
    """A folder of what model repositories hold: pickles, a torch-style zip, a config, a
    README, a nested folder."""
    folder.mkdir()
    (folder / "state.pkl").write_bytes(pickle.dumps({"w": [1.0, 2.0], "n": 3}, protocol=4))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("archive/data.pkl", pickle.dumps({"a": 1}, protocol=2))
        zf.writestr("archive/version", "3\n")
    (folder / "model.pt").write_bytes(buf.getvalue())
    (folder / "config.json").write_text('{"hidden": 8}')
    (folder / "README.md").write_text("# a model\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "opt.pkl").write_bytes(pickle.dumps([1, 2, 3], protocol=5))
    return folder


def test_scan_imports_only_the_scanner(tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "repo")
    code = (
        "import sys\n"
        f"sys.argv = ['hauberk', 'scan', {str(folder)!r}, '-q', '-f', 'json']\n"
        "from hauberk.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('EXIT', exc.code)\n"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules}"
        f" & {set(NOT_FOR_SCANNING)!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=300
    ).stdout
    assert "EXIT 0" in out and "LOADED []" in out, out


def test_supplychain_package_loads_its_parts_on_first_use() -> None:
    code = (
        "import sys\n"
        "from hauberk.supplychain import scan, ScanLimits, FileScan\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        f" & {set(NOT_FOR_SCANNING)!r}))\n"
        "from hauberk.supplychain import sign_model\n"
        "print('cryptography' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=300
    ).stdout.split()
    assert out == ["[]", "True"]


def test_scan_starts_fast(tmp_path: Path) -> None:
    """The target is under 0.1 s from process start to the end of a one-file scan on an idle
    machine (bench/scan.py prints it). A shared test machine under load stretches wall time
    many times over, so this asserts on CPU time (best of 5, with slack: the old start-up
    took 0.35 s of CPU) and only loosely on wall time; the import list above is the strict
    guard."""
    import resource

    path = tmp_path / "tiny.pkl"
    path.write_bytes(pickle.dumps({"a": 1}))
    _run("scan", str(path))  # writes the bytecode caches
    cpu = wall = float("inf")
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        assert _run("scan", str(path)).returncode == 0
        wall = min(wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        cpu = min(cpu, used)
    assert cpu < 0.2, f"hauberk scan used {cpu:.3f} s of CPU to scan one tiny file"
    assert wall < 1.0, f"hauberk scan took {wall:.3f} s to scan one tiny file"


def test_scan_options_are_the_shared_ones() -> None:
    """One definition: the lean parser takes the shared flags and help from _options, which
    the Typer commands' option types are built from too."""
    from typing import get_args

    from hauberk.cli import _common

    actions = {a.dest: a for a in build_parser()._actions}
    for dest, spec in [("format", opt.FORMAT), ("output", opt.OUTPUT_FILE),
                       ("fail_on", opt.FAIL_ON), ("quiet", opt.QUIET),
                       ("allow_incomplete", opt.ALLOW_INCOMPLETE)]:  # fmt: skip
        assert tuple(actions[dest].option_strings) == spec.flags, dest
    assert actions["output"].help == opt.OUTPUT_FILE.help
    assert actions["fail_on"].help == opt.FAIL_ON.help
    assert actions["quiet"].help == opt.QUIET.help
    for typed, spec in [(_common.Format, opt.FORMAT), (_common.OutputFile, opt.OUTPUT_FILE),
                        (_common.FailOn, opt.FAIL_ON), (_common.Quiet, opt.QUIET)]:  # fmt: skip
        info = get_args(typed)[1]
        assert (info.default, *info.param_decls) == spec.flags and info.help == spec.help


def test_typer_app_and_fast_path_share_one_parser(tmp_path: Path) -> None:
    from hauberk.cli import app

    fast = _run("scan", "--help")
    assert fast.returncode == 0 and fast.stdout == build_parser().format_help()
    listed = _run("--help")
    assert listed.returncode == 0 and "scan" in listed.stdout
    path = tmp_path / "e.pkl"
    path.write_bytes(EVIL)
    via_typer = CliRunner().invoke(app, ["scan", str(path), "-f", "json"])
    via_main = _run("scan", str(path), "-f", "json")
    assert via_typer.exit_code == via_main.returncode == 1
    strip = ("created", "results")  # the time and the duration differ between two runs
    a, b = json.loads(via_typer.output), json.loads(via_main.stdout)
    assert {k: v for k, v in a.items() if k not in strip} == {
        k: v for k, v in b.items() if k not in strip
    }
    assert _run("scan", str(path), "--jobs", "0").returncode == 2
    assert _run("scan", str(path), "-f", "xml").returncode == 2
    assert _run("scan", str(tmp_path / "missing")).returncode == 2


def test_json_keeps_files_and_errors_and_reads_back_as_a_report(tmp_path: Path) -> None:
    from hauberk.core import read_report

    folder = _mixed(tmp_path / "repo")
    (folder / "evil.pkl").write_bytes(EVIL)
    out = tmp_path / "scan.json"
    run = _run("scan", str(folder), "-f", "json", "-o", str(out))
    assert run.returncode == 1 and run.stdout == "" and "scanned 6 file(s)" in run.stderr
    data = json.loads(out.read_text())
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path[str(folder / "evil.pkl")]["status"] == "findings"
    assert by_path[str(folder / "README.md")]["status"] == "not vouched for"
    assert data["errors"] == []
    assert data["summary"]["worst"] == "critical"
    (result,) = data["results"]
    assert result["check"] == "supplychain.scan" and result["metrics"]["not_vouched_for"] == 1
    report = read_report(out)  # validates against the shipped schema
    assert report.findings[0].id == "HB-SC-PICKLE-GLOBAL"


def test_sarif_junit_and_html_come_from_the_core_renderers(tmp_path: Path) -> None:
    path = tmp_path / "e.pkl"
    path.write_bytes(EVIL)
    sarif = json.loads(_run("scan", str(path), "-f", "sarif").stdout)
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "hauberk"
    assert run["results"][0]["ruleId"] == "HB-SC-PICKLE-GLOBAL"
    assert run["results"][0]["partialFingerprints"]  # only the core writer sets them
    junit = ET.fromstring(_run("scan", str(path), "-f", "junit").stdout)
    assert junit.get("failures") == "1"
    html = _run("scan", str(path), "-f", "html").stdout
    assert html.lstrip().lower().startswith("<!doctype html") and "HB-SC-PICKLE-GLOBAL" in html
    # a scan that could not vouch for a file is not a successful run in SARIF either
    sys.path.insert(0, str(REPO / "bench" / "corpus"))
    import redteam2

    broken = tmp_path / "broken.zip"  # a member in a compression method nobody reads
    broken.write_bytes(
        redteam2.set_central_method(redteam2.zip_of([("a.txt", b"hello")]), "a.txt", 99)
    )
    sarif = json.loads(_run("scan", str(broken), "-f", "sarif").stdout)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_big_folder_lists_only_what_is_not_clean(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(300):
        (folder / f"f{i:03d}.pkl").write_bytes(pickle.dumps({"i": i}, protocol=2 + i % 4))
    (folder / "evil.pkl").write_bytes(EVIL)
    (folder / "blob.bin").write_bytes(b"\x01\x02 no format")
    run = _run("scan", str(folder), "--jobs", "1")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[-1].startswith("scanned 302 file(s) in ")
    assert "300 clean, 1 findings, 0 could not vouch, 1 not vouched for, 0 error(s)" in lines[-1]
    assert lines[-1].endswith("worst: critical")
    listed = [line for line in lines if not line.startswith(" ")][:-1]
    assert listed == [
        f"{folder / 'blob.bin'} [unknown] not vouched for: a format hauberk does not read",
        f"{folder / 'evil.pkl'} [pickle] findings, worst critical",
    ]
    verbose = _run("scan", str(folder), "--verbose", "--jobs", "1").stdout.splitlines()
    assert sum(line.endswith("[pickle] clean") for line in verbose) == 300
    # an unknown blob alone is never "clean", and (documented) does not fail the scan
    alone = _run("scan", str(folder / "blob.bin"))
    assert alone.returncode == 0 and "clean" not in alone.stdout.splitlines()[0]
    assert "0 clean" in alone.stdout


def test_jobs_give_the_same_report(tmp_path: Path) -> None:
    folder = _mixed(tmp_path / "repo")
    (folder / "evil.pkl").write_bytes(EVIL)
    (folder / "sub" / "broken.pkl").write_bytes(b"\x80\x02]K\x01")
    (folder / "sub" / "deeper").mkdir()
    for i in range(40):
        (folder / "sub" / "deeper" / f"{i}.pkl").write_bytes(pickle.dumps(list(range(i))))
    (folder / "out").symlink_to(tmp_path)  # a link to a folder: not followed
    (folder / "escape.pkl").symlink_to(tmp_path / "outside.pkl")
    (tmp_path / "outside.pkl").write_bytes(EVIL)
    one = scan([folder, tmp_path / "missing"], jobs=1)
    assert len(one.files) > 45 and one.errors and one.findings
    for jobs in (2, 3):
        many = scan([folder, tmp_path / "missing"], jobs=jobs)
        assert many.to_dict() == one.to_dict()
        assert many.findings == one.findings
    a = _run("scan", str(folder), "-f", "json", "--jobs", "1")
    b = _run("scan", str(folder), "-f", "json", "--jobs", "2")
    assert a.returncode == b.returncode == 1
    da, db = json.loads(a.stdout), json.loads(b.stdout)
    assert (da["files"], da["errors"]) == (db["files"], db["errors"])
    assert da["results"][0]["findings"] == db["results"][0]["findings"]


def test_auto_jobs_use_one_process_for_few_files() -> None:
    from hauberk.core import ConfigError
    from hauberk.supplychain._scanner import FILES_PER_JOB, idle_cpus, resolve_jobs, usable_cpus

    assert resolve_jobs("auto", FILES_PER_JOB * 2 - 1) == 1
    assert 1 <= idle_cpus() <= usable_cpus()
    assert 1 <= resolve_jobs("auto", 100_000) <= min(usable_cpus(), 8)  # the load moves
    assert resolve_jobs(3, 1) == 3
    with pytest.raises(ConfigError, match="jobs"):
        resolve_jobs(0, 10)
