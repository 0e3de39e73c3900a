"""Assess a scikit-learn model from Python and write the report: the README's snippet, whole.

Run: python examples/assess_python_api.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hauberk.assess import assess, parse_config
from hauberk.core import Policy, default_registry, write_reports


def load() -> dict[str, tuple[Any, Any]]:
    """Breast-cancer data shipped with scikit-learn, split into members and non-members."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    x, y = load_breast_cancer(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.5, random_state=0)
    return {"train": (x_train, y_train), "test": (x_test, y_test)}


def build() -> Any:
    from sklearn.ensemble import RandomForestClassifier

    x, y = load()["train"]
    return RandomForestClassifier(n_estimators=50, random_state=0).fit(x, y)


def main(out: Path) -> int:
    raw = {
        "model": {"python": "__main__:build"},
        "data": {"python": "__main__:load"},
        "assess": {"name": "breast-cancer forest", "stages": ["ingestion", "performance"]},
    }
    config = parse_config(raw, default_registry(), source="example", base_dir=Path.cwd())
    report = assess(config)
    for path in write_reports(report, ["html", "json"], out):
        print(f"wrote {path}")
    for finding in report.findings:
        print(f"[{finding.severity.label}] {finding.id}: {finding.detail}")
    return Policy().exit_code(report)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
