"""How long ``hauberk assess`` takes on an everyday tabular target, per check.

A scikit-learn RandomForest (100 trees) fitted on a pandas DataFrame of 250 rows of
scikit-learn's breast-cancer data, saved with joblib; 500 rows as two CSV files (train.csv:
the 250 training rows; test.csv: 250 held-out rows) with a label column of words
("malignant"/"benign"). ``hauberk assess`` runs every stage this target allows (artifact,
ingestion, performance, evasion black-box, privacy membership, theft), as the CLI does,
and this prints each check's status and wall-clock time. Target (issue 14): under 30 s.

Run: ``.venv/bin/python bench/assess_tabular.py`` (``--skip evasion.black_box`` leaves a
check out to show the rest).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import joblib
import numpy as np

from _record import recorded


def build(folder: Path) -> None:
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import RandomForestClassifier

    data = load_breast_cancer(as_frame=True)
    frame = data.data.iloc[:, :10].copy()
    frame.columns = [c.replace(" ", "_") for c in frame.columns]
    labels = np.asarray(data.target_names)[data.target.to_numpy()]
    order = np.random.default_rng(0).permutation(len(frame))[:500]
    x, y = frame.iloc[order].reset_index(drop=True), labels[order]
    model = RandomForestClassifier(n_estimators=100, random_state=0).fit(x[:250], y[:250])
    joblib.dump(model, folder / "forest.joblib")
    for name, rows in (("train", slice(0, 250)), ("test", slice(250, 500))):
        part = x[rows].assign(diagnosis=y[rows])
        part.to_csv(folder / f"{name}.csv", index=False)
    skip = "\n".join(f"[{c.split('.')[0]}]\nskip = [{c!r}]" for c in ARGS.skip)
    (folder / "assess.toml").write_text(
        '[model]\npath = "forest.joblib"\nallow_pickle = true\n'
        '[data]\ntrain = "train.csv"\ntest = "test.csv"\nlabel = "diagnosis"\n' + skip + "\n"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder)
        env = {**os.environ}
        start = time.perf_counter()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = subprocess.run(
            [sys.executable, "-m", "hauberk", "assess", "-c", "assess.toml", "-f", "json",
             "-o", "out", "--allow-incomplete"],
            cwd=folder, capture_output=True, text=True, env=env,
        )  # fmt: skip
        total = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        if run.returncode not in (0, 1):
            sys.exit(run.stderr)
        import json

        report = json.loads((folder / "out" / "report.json").read_text())
    load = os.getloadavg()[0]
    print(
        f"hauberk assess, RandomForest on a 500-row CSV (train 250 / test 250), cpus={os.cpu_count()}, "
        f"load average at the end {load:.1f} (wall times are inflated on a loaded machine; the "
        "user+sys CPU time of the whole command is the steadier number)"
    )
    print()
    print("| check | status | seconds |")
    print("| --- | --- | --- |")
    for r in sorted(report["results"], key=lambda r: -r["duration_s"]):
        print(f"| {r['check']} | {r['status']} | {r['duration_s']:.1f} |")
    print(f"| whole command (process start to exit) | exit {run.returncode} | {total:.1f} |")
    print(f"| whole command, user+sys CPU | | {cpu:.1f} |")
    for r in report["results"]:
        if r["check"] == "evasion.black_box" and r["status"] in ("passed", "failed"):
            m = r["metrics"]
            print()
            print(
                "evasion.black_box robust accuracy (95% Clopper-Pearson interval), n =",
                m["samples"],
            )
            print()
            print("| ε | robust accuracy | 95% CI |")
            print("| --- | --- | --- |")
            for e in m["epsilon"]:
                ci = m[f"robust_accuracy_ci@eps={e:g}"]
                print(f"| {e:g} | {ci['value']:.3f} | {ci['ci_low']:.3f}-{ci['ci_high']:.3f} |")
            print(f"seconds by attack: {m['seconds_by_attack']}; queries: {m['ensemble_queries']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", action="append", default=[], help="check name to leave out")
    ARGS = parser.parse_args()
    with recorded("assess_tabular"):
        main()
