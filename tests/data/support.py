"""Helpers for the data tests: run the real CLI in-process, and generated tables."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest


def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """``hauberk ARGS`` through ``hauberk.cli.main`` (errors, exit codes and all)."""
    from hauberk.cli import main

    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["hauberk", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def census(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": np.arange(n),
            "age": rng.integers(18, 90, n),
            "income": rng.normal(5e4, 1e4, n).round(2),
            "colour": rng.choice(["red", "green", "blue"], n),
            "label": rng.integers(0, 3, n),
        }
    )


def data_folder(root: Path, n: int = 300) -> Path:
    """``root/incoming/census`` with train.csv, test.csv and a README."""
    folder = root / "incoming" / "census"
    folder.mkdir(parents=True)
    frame = census(n)
    cut = n * 2 // 3
    frame.iloc[:cut].to_csv(folder / "train.csv", index=False)
    frame.iloc[cut:].to_csv(folder / "test.csv", index=False)
    (folder / "README.txt").write_text("census extract\n")
    return folder


def config(root: Path, extra: str = "") -> Path:
    path = root / "data.toml"
    path.write_text(
        '[data]\nstore = "store"\nledger = "ledger.db"\n\n'
        '[data.sources.census]\npaths = ["incoming/census"]\n' + extra
    )
    return path
