"""Helpers for the red team round 2 format regressions (issue 12).

The files come from ``bench/corpus/redteam2.py``. Each builder is run twice: with the real
payload (``os.system``) for the scanner, and with :func:`record` as a harmless stand-in to
prove that the real loader reaches the call. Nothing here executes a payload.
"""

from __future__ import annotations

import importlib.util
import pickle
import sys
import types
from pathlib import Path
from types import ModuleType
from typing import Any

import typer
from typer.testing import CliRunner

from hauberk.cli._scan import register
from hauberk.core import Severity
from hauberk.supplychain import ScanReport, scan

PATH = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "redteam2.py"
STAND_IN = (__name__, "record", "reached")
SHELL_ARGS = ("os", "system", "echo hauberk-redteam2")
CALLS: list[str] = []


def record(arg: str) -> int:
    """The stand-in for ``os.system``: remembers that the loader called it."""
    CALLS.append(arg)
    return 0


def corpus() -> ModuleType:
    name = "hauberk_bench_redteam2"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Probe(pickle.Unpickler):
    """CPython's unpickler with ``os.system`` replaced by :func:`record` (everything else is
    resolved as usual)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("os", "system"):
            return record
        return super().find_class(module, name)


def probe_module() -> ModuleType:
    """A ``pickle_module`` for ``torch.load`` whose unpickler is :class:`Probe`."""
    module = types.ModuleType("probe_pickle")
    module.Unpickler = Probe  # type: ignore[attr-defined]
    module.load = lambda f, **kw: Probe(f, **kw).load()  # type: ignore[attr-defined]
    module.__name__ = "probe_pickle"
    return module


def caught(path: Path) -> ScanReport:
    """Scan ``path``; it must be flagged at high or above and ``hauberk scan`` must exit 1."""
    report = scan([path])
    assert report.worst is not None and report.worst >= Severity.HIGH, report.to_text()
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["scan", str(path), "--quiet"])
    assert result.exit_code == 1, result.output
    return report


def clean(path: Path) -> None:
    report = scan([path])
    assert report.worst is None and not report.unfinished, report.to_text()
    assert all(f.status == "clean" for f in report.files), report.to_text()
