"""Governance: fairness against fairlearn's MetricFrame, SHAP within the check's budget, and
the explanation-stability finding on models built to be unstable and smooth.

1. Fairness: one generated data set (fixed seed; three groups, a model whose selection rate
   depends on the group) measured by fairlearn (``MetricFrame`` by group, and its
   ``demographic_parity_difference`` / ``equalized_odds_difference``) and by
   ``hauberk.governance.measure_fairness`` (the same fairlearn calls plus bootstrap
   intervals). Values must agree exactly, and so must the vectorised form the bootstrap
   resamples with; the timing columns give the cost of the intervals, against the naive way
   (calling fairlearn once per bootstrap round).
2. SHAP: ``governance.explanations`` with its default settings (20 rows, 120 s budget) on a
   100-feature tabular set (random forest: TreeExplainer; logistic regression:
   LinearExplainer; a gradient-free callable: PermutationExplainer) and on the demo's small
   digits CNN (PermutationExplainer on 64 pixels), with shap called directly on the same rows
   for the same explainer as the peer column.
3. Stability: the finding must fire on a model whose decision surface oscillates faster than
   the noise (sin(300 x)) and not on the smooth one (a logistic of the same weights).
4. BOM export: ``build_bom`` (CycloneDX 1.6, validated with cyclonedx-python-lib's strict
   schema validator) and ``build_spdx`` (SPDX 3.0.1 with spdx-python-model, validated
   against the JSON schema with jsonschema-rs and the SHACL model with pySHACL) on the same
   evidence: a model file, a report, a data manifest and the owner's statement, with the
   report's two dependencies and with the running interpreter's (no report). The first call
   in the process (imports, schema and SHACL loading) is shown apart.

    python bench/governance.py [--rows 20000] [--rounds 500]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import recorded
from hauberk.core import CheckContext, run_check
from hauberk.governance import Explanations, ExplanationSettings, measure_fairness
from hauberk.governance._fairness import group_codes, group_differences
from hauberk.models import CallableModel, Dataset, InputSpec, SklearnModel, Split, Target


def fairness_rows(n: int, rounds: int) -> list[list[str]]:
    from fairlearn.metrics import (
        MetricFrame,
        count,
        demographic_parity_difference,
        equalized_odds_difference,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )
    from sklearn.metrics import accuracy_score

    rng = np.random.default_rng(0)
    s = rng.integers(0, 3, n)
    y = rng.integers(0, 2, n)
    pred = (rng.random(n) < 0.25 + 0.15 * s + 0.2 * y).astype(int)
    labels = s.astype(str)
    metrics = {
        "count": count,
        "accuracy": accuracy_score,
        "selection_rate": selection_rate,
        "true_positive_rate": true_positive_rate,
        "false_positive_rate": false_positive_rate,
    }

    def theirs() -> tuple[Any, float, float]:
        frame = MetricFrame(metrics=metrics, y_true=y, y_pred=pred, sensitive_features=labels)
        return (
            frame.by_group,
            demographic_parity_difference(y, pred, sensitive_features=labels),
            equalized_odds_difference(y, pred, sensitive_features=labels),
        )

    theirs()  # warm-up: fairlearn's and pandas' first call costs far more than the next
    t0 = time.perf_counter()
    table, dp, eo = theirs()
    t_fl = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = measure_fairness(y, pred, s, rounds=rounds, seed=0)
    t_hb = time.perf_counter() - t0
    per_group = max(
        abs(ours.groups[str(g)][m] - float(table.loc[g, m])) for g in table.index for m in metrics
    )
    codes, _ = group_codes(s)
    vdp, veo = group_differences(y, pred, codes, 3)
    # the naive interval: fairlearn once per resample (timed on 50 rounds, scaled)
    idx = np.random.default_rng(1).integers(0, n, (50, n))
    t0 = time.perf_counter()
    for i in idx:
        demographic_parity_difference(y[i], pred[i], sensitive_features=labels[i])
        equalized_odds_difference(y[i], pred[i], sensitive_features=labels[i])
    t_naive = (time.perf_counter() - t0) * rounds / 50
    return [
        [
            "demographic parity difference",
            f"{dp:.6f}",
            f"{ours.demographic_parity.value:.6f}",
            f"{abs(ours.demographic_parity.value - dp):.1e}",
            f"{abs(vdp - dp):.1e}",
            f"{ours.demographic_parity.low:.4f}-{ours.demographic_parity.high:.4f}",
        ],
        [
            "equalised odds difference",
            f"{eo:.6f}",
            f"{ours.equalized_odds.value:.6f}",
            f"{abs(ours.equalized_odds.value - eo):.1e}",
            f"{abs(veo - eo):.1e}",
            f"{ours.equalized_odds.low:.4f}-{ours.equalized_odds.high:.4f}",
        ],
        [
            "per-group table (5 metrics x 3 groups)",
            "MetricFrame",
            "MetricFrame",
            f"{per_group:.1e}",
            "-",
            "-",
        ],
    ], [t_fl, t_hb, t_naive]  # type: ignore[return-value]


def mitigation_rows() -> list[list[str]]:
    """fairlearn's two mitigations through hauberk.governance.mitigate, measured before and
    after on the same 2000 held-out rows (generated, the group shifts the label)."""
    from sklearn.linear_model import LogisticRegression

    from hauberk.governance import mitigate

    rng = np.random.default_rng(5)
    n = 4000
    group = rng.integers(0, 2, n)
    x = np.c_[rng.normal(size=(n, 5)), group]
    y = (x[:, 0] + 0.5 * x[:, 1] + 1.2 * group + rng.normal(scale=0.7, size=n)) > 0.6
    y = y.astype(int)
    est = LogisticRegression().fit(x[:2000], y[:2000])
    rows = []
    for method in ("threshold", "exponentiated-gradient"):
        for constraint in ("demographic_parity", "equalized_odds"):
            t0 = time.perf_counter()
            r = mitigate(est, x[:2000], y[:2000], group[:2000], x[2000:], y[2000:],
                         group[2000:], method=method, constraint=constraint, rounds=200)  # fmt: skip
            rows.append([
                method, constraint,
                r.before.demographic_parity.describe(), r.after.demographic_parity.describe(),
                r.before.equalized_odds.describe(), r.after.equalized_odds.describe(),
                r.accuracy_before.describe(), r.accuracy_after.describe(),
                f"{time.perf_counter() - t0:.1f}",
            ])  # fmt: skip
    return rows


def _run(model: Any, x: np.ndarray, y: np.ndarray, **kw: Any) -> tuple[Any, float]:
    half = len(x) // 2
    target = Target(
        name="bench",
        model=model,
        data=Dataset(train=Split(x[:half], y[:half]), test=Split(x[half:], y[half:])),
    )
    kw.setdefault("model_agnostic", True)  # the bench measures the Permutation path too
    ctx = CheckContext(settings=ExplanationSettings(**kw), seed=0)
    t0 = time.perf_counter()
    result = run_check(Explanations(), target, ctx)
    return result, time.perf_counter() - t0


def _direct_shap(
    kind: str, model: Any, x: np.ndarray, bg: np.ndarray, shape: tuple[int, ...]
) -> float:
    """shap alone on as many rows (2 x samples) with the same explainer (the peer column)."""
    import shap

    from hauberk.models import torch_threads

    d = ExplanationSettings()
    rows = x[: 2 * d.samples].reshape(2 * d.samples, -1)
    t0 = time.perf_counter()
    if kind == "TreeExplainer":
        shap.TreeExplainer(model.estimator).shap_values(rows, check_additivity=False)
    elif kind == "LinearExplainer":
        shap.LinearExplainer(model.estimator, bg).shap_values(rows)
    else:
        f = rows.shape[1]

        def predict(flat: np.ndarray) -> np.ndarray:
            return model.predict_proba(flat.reshape(len(flat), *shape).astype(np.float32))

        masker = shap.maskers.Independent(bg, max_samples=len(bg))
        with torch_threads(1 if hasattr(model, "torch_module") else None):  # as the check does
            shap.PermutationExplainer(predict, masker, seed=0)(
                rows, max_evals=2 * f + 1, silent=True
            )
    return time.perf_counter() - t0


def explanation_rows() -> list[list[str]]:
    from sklearn.datasets import make_classification
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    from hauberk.demo import load_digits_split, train_digits_cnn
    from hauberk.models import TorchModel

    x, y = make_classification(n_samples=2000, n_features=100, n_informative=20, random_state=0)
    w = np.random.default_rng(1).normal(size=100) / 10

    def bumpy(b: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-(np.sin(300 * b) @ w) * 10))
        return np.c_[1 - p, p]

    def smooth(b: np.ndarray) -> np.ndarray:
        p = 1 / (1 + np.exp(-(b @ w)))
        return np.c_[1 - p, p]

    spec = InputSpec(shape=(100,), dtype="float64")
    digits = load_digits_split()
    cnn = TorchModel(
        train_digits_cnn(*digits["train"]), classes=tuple(range(10)),
        input_spec=InputSpec(shape=(1, 8, 8), lower=0.0, upper=1.0),
    )  # fmt: skip
    dx = np.concatenate([digits["train"][0], digits["test"][0]])
    dy = np.concatenate([digits["train"][1], digits["test"][1]])
    cases: list[tuple[str, Any, np.ndarray, np.ndarray, tuple[int, ...]]] = [
        ("random forest, 100 features", SklearnModel(
            RandomForestClassifier(100, random_state=0, n_jobs=1).fit(x[:1000], y[:1000])),
         x, y, (100,)),
        ("logistic regression, 100 features", SklearnModel(
            LogisticRegression(max_iter=2000).fit(x[:1000], y[:1000])), x, y, (100,)),
        ("smooth callable, 100 features", CallableModel(smooth, classes=(0, 1), input_spec=spec),
         x, y, (100,)),
        ("bumpy callable (sin 300x), 100 features",
         CallableModel(bumpy, classes=(0, 1), input_spec=spec), x, y, (100,)),
        ("digits CNN, 1x8x8 pixels", cnn, dx, dy, (1, 8, 8)),
    ]  # fmt: skip
    # shap's first PermutationExplainer call in a process compiles its numba kernels: time it
    # once here, so the table compares steady-state costs
    t0 = time.perf_counter()
    _run(CallableModel(smooth, classes=(0, 1), input_spec=spec), x[:200], y[:200], samples=2,
         min_samples=2, background=5)  # fmt: skip
    print(f"first PermutationExplainer use in this process (numba compilation): "
          f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    print()
    rows = []
    for name, model, xs, ys, shape in cases:
        result, seconds = _run(model, xs, ys)
        m = result.metrics
        kind = m.get("explainer", "?")
        rng = np.random.default_rng(0)
        flat = xs.reshape(len(xs), -1).astype(np.float64)
        bg = flat[: len(flat) // 2][
            rng.permutation(len(flat) // 2)[: ExplanationSettings().background]
        ]
        direct = _direct_shap(kind, model, xs[len(xs) // 2 :], bg, shape)
        rc = m.get("mean_rank_correlation_ci", {})
        us = m.get("unstable_share_ci", {})
        rows.append([
            name, kind, str(m.get("features")), str(m.get("samples")), f"{seconds:.2f}",
            f"{direct:.2f}", f"{seconds / direct:.2f}" if direct else "-",
            "yes" if seconds < ExplanationSettings().time_budget_s else "NO",
            f"{m.get('mean_rank_correlation', float('nan')):.3f} "
            f"({rc.get('ci_low', float('nan')):.3f}-{rc.get('ci_high', float('nan')):.3f})",
            f"{us.get('value', float('nan')):.2f} ({us.get('ci_low', float('nan')):.2f}-"
            f"{us.get('ci_high', float('nan')):.2f})",
            "FIRES" if result.findings else "no", result.status.value,
        ])  # fmt: skip
    return rows


def bom_rows(repeats: int = 3) -> tuple[list[list[str]], float, float]:
    """Seconds per export (median of ``repeats`` warm calls) for both formats, and the first
    (cold) call of each."""
    import hashlib
    import statistics
    import tempfile

    from hauberk.core import CheckResult, Report, clopper_pearson
    from hauberk.data._manifest import DataStore, ingest
    from hauberk.governance import build_bom, build_spdx, gather, validate_spdx

    work = Path(tempfile.mkdtemp(prefix="hauberk-bench-bom-"))
    (work / "model.bin").write_bytes(b"weights" * 1000)
    (work / "data").mkdir()
    (work / "data" / "train.csv").write_text("a,b,label\n" + "1,2,0\n" * 500)
    found = ingest(work / "data", store=DataStore(work / "store"), source="local", principal="b")
    (work / "manifest.json").write_text(found.to_json())
    (work / "use.toml").write_text('[model]\nname = "m"\nowners = ["team"]\n')
    acc = clopper_pearson(450, 500)
    Report(
        target={"name": "m", "data": {"test": {"rows": 500}}},
        environment={"python": "3.11", "hauberk": "0", "seed": 0,
                     "packages": {"numpy": "2.0.0", "scikit-learn": "1.5.0"},
                     "artifacts": {"model.bin": hashlib.sha256(b"weights" * 1000).hexdigest()}},
        results=(CheckResult.of("governance.performance", "performance", [],
                                {"accuracy": acc.value, "accuracy_ci": acc.to_dict()}),),
        tool={"name": "hauberk", "version": "0"}, created="2026-01-01T00:00:00+00:00",
    ).save(work / "report.json")  # fmt: skip
    with_report = gather(work / "model.bin", report=work / "report.json",
                         manifest=work / "manifest.json", intended_use=work / "use.toml")  # fmt: skip
    without = gather(work / "model.bin", manifest=work / "manifest.json")

    def timed(fn: Any, *args: Any) -> tuple[float, Any]:
        t0 = time.perf_counter()
        out = fn(*args)
        return time.perf_counter() - t0, out

    cold_cdx, _ = timed(build_bom, with_report)
    cold_spdx, _ = timed(build_spdx, with_report)
    rows = []
    for label, evidence in (("report's 2 packages", with_report),
                            ("interpreter's packages (no report)", without)):  # fmt: skip
        cdx = [timed(build_bom, evidence) for _ in range(repeats)]
        spdx = [timed(build_spdx, evidence) for _ in range(repeats)]
        text = spdx[-1][1]
        check = statistics.median(timed(validate_spdx, text)[0] for _ in range(repeats))
        t_cdx = statistics.median(t for t, _ in cdx)
        t_spdx = statistics.median(t for t, _ in spdx)
        import json

        elements = len(json.loads(text)["@graph"])
        rows.append([label, str(elements), f"{t_cdx:.3f}", f"{t_spdx:.3f}",
                     f"{t_spdx / t_cdx:.1f}x", f"{check:.3f}"])  # fmt: skip
    return rows, cold_cdx, cold_spdx


def table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import fairlearn
    import shap

    with recorded("governance"):
        print(f"# Governance: fairlearn {fairlearn.__version__}, shap {shap.__version__}")
        print()
        print(f"## Fairness: hauberk vs fairlearn MetricFrame ({args.rows} rows, 3 groups, "
              f"{args.rounds} bootstrap rounds)")  # fmt: skip
        print()
        rows, (t_fl, t_hb, t_naive) = fairness_rows(args.rows, args.rounds)  # type: ignore[misc]
        table(["quantity", "fairlearn", "hauberk", "|difference|",
               "|vectorised - fairlearn|", "hauberk 95% CI"], rows)  # fmt: skip
        print()
        table(
            ["timing", "fairlearn (point)", "hauberk (point + CI)", "ratio",
             f"naive CI: fairlearn x {args.rounds}", "naive / hauberk"],
            [["seconds", f"{t_fl:.3f}", f"{t_hb:.3f}", f"{t_hb / t_fl:.1f}x",
              f"{t_naive:.2f}", f"{t_naive / t_hb:.1f}x"]],
        )  # fmt: skip
        print()
        print("## Mitigation before/after (2000 held-out rows, 2 groups)")
        print()
        table(
            ["method", "constraint", "DP diff before", "DP diff after", "EO diff before",
             "EO diff after", "accuracy before", "accuracy after", "s"],
            mitigation_rows(),
        )  # fmt: skip
        print()
        d = ExplanationSettings()
        print(f"## SHAP within the check's budget ({d.time_budget_s:g} s, {d.samples} rows, "
              f"{d.background} background rows) and stability (noise {d.noise:g} std)")  # fmt: skip
        print()
        table(
            ["model", "explainer", "features", "rows", "check s", "shap alone s", "ratio",
             "within budget", "mean rank corr (95% CI)", "unstable share (95% CI)",
             "stability finding", "status"],
            explanation_rows(),
        )  # fmt: skip
        print()
        print("check s: the whole check (clean + noisy explanation of each row, the noise, "
              "statistics); shap alone: the same explainer on the same rows, one call.")  # fmt: skip
        print()
        print("## BOM export: CycloneDX 1.6 and SPDX 3.0.1, each validated before it is written")
        print()
        bom, cold_cdx, cold_spdx = bom_rows()
        table(["dependencies", "SPDX elements", "CycloneDX s", "SPDX 3 s", "SPDX / CycloneDX",
               "SPDX schema + SHACL check alone s"], bom)  # fmt: skip
        print()
        print(f"First call in the process (imports, schemas, SHACL model): CycloneDX "
              f"{cold_cdx:.2f} s, SPDX 3 {cold_spdx:.2f} s; the table gives the median of 3 "
              "warm calls.")  # fmt: skip


if __name__ == "__main__":
    main()
