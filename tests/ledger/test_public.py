"""The public surface: sorted, importable __all__; no heavy imports; the CLI stays lazy."""

from __future__ import annotations

import subprocess
import sys

import hauberk.ledger


def test_all_is_sorted_and_importable() -> None:
    names = hauberk.ledger.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n[:1].islower(), n))
    for name in names:
        assert getattr(hauberk.ledger, name) is not None


def test_import_does_not_pull_heavy_modules() -> None:
    code = (
        "import sys, hauberk.ledger, hauberk.cli._ledger;"
        "bad = [m for m in ('torch', 'onnxruntime', 'psycopg') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert out == ""


def test_cli_module_imports_no_ledger_code_at_import_time() -> None:
    code = "import sys, hauberk.cli._ledger; print('hauberk.ledger' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert out == "False"
