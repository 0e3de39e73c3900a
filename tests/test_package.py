"""Package-wide contracts: public surfaces, lazy heavy imports, start-up time."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hauberk

SRC = Path(hauberk.__file__).parent
PACKAGES = sorted(
    f"hauberk.{p.name}" for p in SRC.iterdir() if (p / "__init__.py").is_file() and p.name != "cli"
)
HEAVY = ("torch", "onnxruntime", "opacus", "ray", "flwr", "presidio_analyzer", "shap")


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert list(exported) == sorted(exported, key=isort_key), f"{name}.__all__ is unsorted"
    for attr in exported:
        assert getattr(module, attr) is not None


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    ).stdout


def test_import_hauberk_loads_no_heavy_library() -> None:
    out = _run(
        "import sys, hauberk, hauberk.core, hauberk.models, hauberk.assess;"
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    assert out.strip() == "[]"


def test_cli_help_loads_no_heavy_library() -> None:
    out = _run(
        "import sys; sys.argv = ['hauberk', '--help']\n"
        "from hauberk.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY', [m for m in {HEAVY!r} if m in sys.modules])"
    )
    assert "HEAVY []" in out


def _best_of(cmd: list[str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def test_import_time_under_budget() -> None:
    assert _best_of([sys.executable, "-c", "import hauberk"]) < 0.3


def test_help_time_under_budget() -> None:
    assert _best_of([sys.executable, "-m", "hauberk", "--help"]) < 0.6


# Distribution name -> the module code imports (where they differ).
IMPORT_NAME = {
    "scikit-learn": "sklearn",
    "model-signing": "model_signing",
    "pyopenssl": None,  # imported by model_signing, which does not declare it
    "pyjwt": "jwt",
    "prometheus-client": "prometheus_client",
    "psycopg": "psycopg",
    "torch": "torch",
    "cyclonedx-python-lib": "cyclonedx",
}


def _requirement_names() -> set[str]:
    import re
    import tomllib

    root = SRC.parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra, reqs in project["optional-dependencies"].items():
        if extra not in ("dev", "bench", "all"):
            specs += reqs
    names = {re.split(r"[\[<>=!~ ;]", spec, maxsplit=1)[0].lower() for spec in specs}
    return names - {"hauberk"}


def test_every_runtime_dependency_is_imported_by_code() -> None:
    """The design's rule: an extra lists a package only once code imports it."""
    import re

    code = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    unused = []
    for name in sorted(_requirement_names()):
        module = IMPORT_NAME.get(name, name.replace("-", "_"))
        if module is None:
            continue
        if not re.search(rf"^\s*(import|from) {re.escape(module)}\b", code, re.M):
            unused.append(name)
    assert unused == [], f"dependencies no code imports: {unused}"
