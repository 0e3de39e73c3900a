"""Assess a scikit-learn model from Python and write the report: the README's snippet, whole.

Run: python examples/assess_python_api.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import hauberk
from hauberk.core import Policy


def load() -> dict[str, tuple[Any, Any]]:
    """Breast-cancer data shipped with scikit-learn, split into members and non-members."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    x, y = load_breast_cancer(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.5, random_state=0)
    return {"train": (x_train, y_train), "test": (x_test, y_test)}


def main(out: Path) -> int:
    from sklearn.ensemble import RandomForestClassifier

    data = load()
    model = RandomForestClassifier(n_estimators=50, random_state=0).fit(*data["train"])
    report = hauberk.assess(
        model,
        data,
        name="breast-cancer forest",
        stages=["ingestion", "performance"],
        progress=lambda e: e.kind == "check_finished" and print(f"{e.check}: {e.status}"),
    )
    for path in report.save(out):
        print(f"wrote {path}")
    for finding in report.findings:
        print(f"[{finding.severity.label}] {finding.id}: {finding.detail}")
    return Policy().exit_code(report)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
