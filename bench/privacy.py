"""Membership inference and DP-SGD: hauberk against IBM ART on the same targets, one run.

Targets: scikit-learn classifiers on digits (bundled with scikit-learn), 600 members and 600
non-members. Every attack is scored on the same held-out half B of those records (300 + 300);
half A is what ART's supervised black-box attack may train on (it needs ground truth of the
target's membership), and the 597 remaining digits are the population ART's shadow models
use. hauberk's LiRA and RMIA train shadows on random halves of A and B (no ground truth).

DP-SGD: the same torch model, data, epochs and (ε, δ) trained by the plain Opacus loop and by
``hauberk.privacy.train_dp``, alternating, median of repeats; membership inference (threshold
and LiRA, shadows trained the same way as the target) before and after.

Label-only: the same SVC behind an API that answers with one-hot labels; every digit is
audited (600 members, 1,197 non-members, enough for TPR at 1% FPR, not at 0.1%). hauberk's
audit (score attacks, then the label-only robustness attack, the gap attack and LiRA on
augmented queries, which it adds itself on seeing labels) against IBM ART's
``LabelOnlyGapAttack`` and ``LabelOnlyDecisionBoundary`` (Choquette-Choo et al.'s boundary
distance by HopSkipJump, threshold calibrated without ground truth), same records, one run.
Every rate with its 95% interval (bootstrap for AUC, Clopper-Pearson for TPR and accuracy).

Run: ``.venv/bin/python bench/privacy.py`` (needs ``adversarial-robustness-toolbox``);
``--mia``, ``--label-only``, ``--dp-only`` run only the tables named (default: all three).
ML Privacy Meter is not included: its PyPI release (1.0.1, 2022) predates its current API and
pulls TensorFlow, so it does not install offline next to this environment.
"""

from __future__ import annotations

import statistics
import time
import warnings
from typing import Any

import numpy as np
import torch
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.svm import SVC

from hauberk.models import InputSpec, SklearnModel, TorchModel
from hauberk.privacy import (
    MembershipAudit,
    default_attacks,
    membership_rates,
    sklearn_trainer,
    train_dp,
)

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
SEED = 0
N = 600
SHADOWS = 8
REPEATS = 7


def digits() -> tuple[np.ndarray, np.ndarray]:
    x, y = load_digits(return_X_y=True)
    order = np.random.default_rng(SEED).permutation(len(x))
    return (x[order] / 16.0).astype(np.float64), y[order]


#: FPR levels the tables report; a level needs 10 / FPR non-members (300 resolve only 5%).
LEVELS = ((0.001, "tpr_at_fpr_0.001"), (0.01, "tpr_at_fpr_0.01"), (0.05, "tpr_at_fpr_0.05"))


def rates_of(scores: np.ndarray, members: np.ndarray) -> Any:
    return membership_rates(scores, members, seed=SEED, levels=LEVELS)


def subset_metrics(scores: np.ndarray, members: np.ndarray, keep: np.ndarray) -> Any:
    return rates_of(scores[keep], members[keep])


def tpr_cell(rates: Any, name: str, level: float) -> str:
    from hauberk.core._stats import min_negatives_for

    rate = rates.tpr.get(name)
    return fmt_rate(rate) if rate else f"n/a (needs {min_negatives_for(level)} non-members)"


def hauberk_rows(
    est: Any, xm: Any, ym: Any, xn: Any, yn: Any, in_b: Any
) -> list[tuple[str, Any, float]]:
    model = SklearnModel(est)
    t = time.perf_counter()
    audit = MembershipAudit(
        attacks=default_attacks(offline=True),
        trainer=sklearn_trainer(est),
        shadow_models=SHADOWS,
        seed=SEED,
    )
    report = audit.run(model, (xm, ym), (xn, yn))
    elapsed = time.perf_counter() - t
    keep = np.array([in_b[split][i] for split, i in report.origin])
    rows = []
    for name, res in report.results.items():
        rows.append((f"hauberk {name}", subset_metrics(res.scores, report.members, keep), elapsed))
    return rows


def art_rows(
    est: Any, xm: Any, ym: Any, xn: Any, yn: Any, half_m: int, half_n: int, pop: tuple[Any, Any]
) -> list[tuple[str, Any, float]]:
    from art.attacks.inference.membership_inference import (
        MembershipInferenceBlackBox,
        MembershipInferenceBlackBoxRuleBased,
        ShadowModels,
    )
    from art.estimators.classification import SklearnClassifier

    clf = SklearnClassifier(model=est)
    xb = np.concatenate([xm[half_m:], xn[half_n:]])
    yb = np.concatenate([ym[half_m:], yn[half_n:]])
    truth = np.r_[np.ones(len(xm) - half_m, bool), np.zeros(len(xn) - half_n, bool)]
    rows = []
    t = time.perf_counter()
    rule = MembershipInferenceBlackBoxRuleBased(clf)
    s = rule.infer(xb, yb, probabilities=True)
    s = np.asarray(s).reshape(len(xb), -1)[:, -1]
    rows.append(("ART rule-based", rates_of(s, truth), time.perf_counter() - t))
    for model_type in ("rf", "nn"):
        t = time.perf_counter()
        bb = MembershipInferenceBlackBox(clf, attack_model_type=model_type)
        bb.fit(xm[:half_m], ym[:half_m], xn[:half_n], yn[:half_n])
        s = np.asarray(bb.infer(xb, yb, probabilities=True)).reshape(len(xb), -1)[:, -1]
        rows.append(
            (
                f"ART black-box {model_type} (trained on target membership)",
                rates_of(s, truth),
                time.perf_counter() - t,
            )
        )
    t = time.perf_counter()
    template = SklearnClassifier(
        model=clone(est).fit(pop[0], pop[1])
    )  # ART needs a fitted template
    shadows = ShadowModels(template, num_shadow_models=SHADOWS, random_state=SEED)
    (mx, my, mp), (nx, ny, npred) = shadows.generate_shadow_dataset(pop[0], np.eye(10)[pop[1]])
    bb = MembershipInferenceBlackBox(clf, attack_model_type="rf")
    bb.fit(mx, my, nx, ny, pred=mp, test_pred=npred)
    s = np.asarray(bb.infer(xb, yb, probabilities=True)).reshape(len(xb), -1)[:, -1]
    rows.append(
        (
            f"ART shadow models ({SHADOWS}) + black-box rf",
            rates_of(s, truth),
            time.perf_counter() - t,
        )
    )
    return rows


def mia_table() -> None:
    x, y = digits()
    xm, ym, xn, yn = x[:N], y[:N], x[N : 2 * N], y[N : 2 * N]
    pop = (x[2 * N :], y[2 * N :])
    half = N // 2
    in_b = {"train": np.arange(N) >= half, "test": np.arange(N) >= half}
    targets = {
        "SVC rbf (C=100, gamma=0.5)": SVC(C=100, gamma=0.5, probability=True, random_state=SEED),
        "random forest (100 trees)": RandomForestClassifier(100, random_state=SEED),
    }
    for title, est in targets.items():
        est.fit(xm, ym)
        acc = float(np.mean(est.predict(xn) == yn))
        rows = hauberk_rows(est, xm, ym, xn, yn, in_b) + art_rows(
            est, xm, ym, xn, yn, half, half, pop
        )
        arts = [r[1] for r in rows if r[0].startswith("ART")]
        best_tpr = max(r.tpr["tpr_at_fpr_0.05"].value for r in arts)
        best_auc = max(r.auc.value for r in arts)
        print(
            f"\n## Membership inference, digits, {title} (test accuracy {acc:.3f}); "
            f"scored on {N - half} members + {N - half} non-members"
        )
        print(
            "| attack | AUC [95% CI] | TPR@5%FPR [95% CI] | TPR@1%FPR | TPR@0.1%FPR | "
            "AUC / best ART | TPR@5% / best ART | seconds |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for name, r, sec in rows:
            tpr = r.tpr["tpr_at_fpr_0.05"]
            ratio = f"{tpr.value / best_tpr:.2f}" if best_tpr > 0 else "-"
            print(
                f"| {name} | {fmt_rate(r.auc)} | {fmt_rate(tpr)} | "
                f"{tpr_cell(r, 'tpr_at_fpr_0.01', 0.01)} | "
                f"{tpr_cell(r, 'tpr_at_fpr_0.001', 0.001)} | {r.auc.value / best_auc:.2f} | "
                f"{ratio} | {sec:.1f} |"
            )
        print(
            "(hauberk's seconds are for its whole audit, shadows included: the five attacks asked "
            "for, and on coarse outputs such as the forest's the label-only attacks it adds)"
        )


# --- label-only -------------------------------------------------------------------------

#: HopSkipJump per record for ART's boundary attack. ART's defaults (50 iterations, 10,000
#: evaluations) would take hours for 1,797 records on two shared cores; this is its budget here.
HSJ = {"max_iter": 5, "max_eval": 200, "init_eval": 20, "verbose": False}
COPIES = 16


def fmt_rate(rate: Any) -> str:
    return f"{rate.value:.3f} [{rate.low:.3f}, {rate.high:.3f}]"


def label_only_table() -> None:
    from art.attacks.inference.membership_inference import (
        LabelOnlyDecisionBoundary,
        LabelOnlyGapAttack,
    )
    from art.estimators.classification import SklearnClassifier

    from hauberk.core._stats import min_negatives_for
    from hauberk.models import CallableModel
    from hauberk.privacy import membership_rates
    from hauberk.privacy._labelonly import calibrated_accuracy

    x, y = digits()
    xm, ym, xn, yn = x[:N], y[:N], x[N:], y[N:]
    est = SVC(C=100, gamma=0.5, probability=True, random_state=SEED).fit(xm, ym)
    full = SklearnModel(est)

    def labels(batch: Any) -> Any:
        p = est.predict_proba(batch)
        out = np.zeros_like(p)
        out[np.arange(len(p)), p.argmax(axis=1)] = 1.0
        return out

    api = CallableModel(labels, classes=full.classes, input_spec=full.input_spec)
    t = time.perf_counter()
    audit = MembershipAudit(trainer=sklearn_trainer(est), shadow_models=SHADOWS, seed=SEED,
                            copies=COPIES)  # fmt: skip
    report = audit.run(api, (xm, ym), (xn, yn))
    ours_s = time.perf_counter() - t
    records = len(report.members)
    per_record = api.counter.total / records
    order = np.array([i if split == "train" else N + i for split, i in report.origin])
    truth = report.members
    rows: list[tuple[str, Any, Any, Any, str, float]] = []
    for name, res in report.results.items():
        q = f"{per_record:.0f} (shared)"
        rows.append((f"hauberk {name}", res.rates, res.accuracy, None, q, ours_s))

    clf = SklearnClassifier(model=est, clip_values=(0.0, 1.0))
    xs, ys = x[order], y[order]
    t = time.perf_counter()
    gap = LabelOnlyGapAttack(clf).infer(xs, ys, probabilities=True)
    gap_s = np.asarray(gap).reshape(records, -1)[:, -1]
    gap_acc, _ = calibrated_accuracy(gap_s, truth, fixed=0.5)
    rows.append(("ART LabelOnlyGapAttack", membership_rates(gap_s, truth, seed=SEED), gap_acc,
                 None, "1", time.perf_counter() - t))  # fmt: skip
    t = time.perf_counter()
    boundary = LabelOnlyDecisionBoundary(clf)
    boundary.calibrate_distance_threshold_unsupervised(top_t=50, num_samples=100, max_queries=1,
                                                       **HSJ)  # fmt: skip
    b = boundary.infer(xs, ys, probabilities=True, **HSJ)
    b_s = np.asarray(b).reshape(records, -1)[:, -1]
    b_acc, _ = calibrated_accuracy(b_s, truth, fixed=0.5)
    rows.append((f"ART LabelOnlyDecisionBoundary (HSJ {HSJ['max_iter']} iterations)",
                 membership_rates(b_s, truth, seed=SEED), b_acc, None,
                 f"<= {HSJ['max_eval'] * HSJ['max_iter']}", time.perf_counter() - t))  # fmt: skip

    arts = [r[1] for r in rows if r[0].startswith("ART")]
    best_auc = max(r.auc.value for r in arts)
    best_tpr = max(r.tpr["tpr_at_fpr_0.01"].value for r in arts)
    neg = int((~truth).sum())
    acc = float(np.mean(est.predict(xn) == yn))
    print(
        f"\n## Label-only membership inference, digits SVC rbf (C=100, gamma=0.5; test accuracy "
        f"{acc:.3f}) answering one-hot labels; {int(truth.sum())} members + {neg} non-members, "
        f"{SHADOWS} shadow models, {COPIES} perturbed copies per record"
    )
    print(
        "| attack | AUC [95% CI] | TPR@1%FPR [95% CI] | TPR@0.1%FPR | accuracy [95% CI] | "
        "AUC / best ART | TPR@1% / best ART | queries per record | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, rates, accuracy, _, queries, sec in rows:
        tpr = rates.tpr.get("tpr_at_fpr_0.01")
        low = rates.tpr.get("tpr_at_fpr_0.001")
        low_s = fmt_rate(low) if low else f"n/a (needs {min_negatives_for(0.001)} non-members)"
        ratio_t = f"{tpr.value / best_tpr:.2f}" if tpr and best_tpr > 0 else "-"
        print(
            f"| {name} | {fmt_rate(rates.auc)} | {fmt_rate(tpr) if tpr else '-'} | {low_s} | "
            f"{fmt_rate(accuracy) if accuracy else '-'} | {rates.auc.value / best_auc:.2f} | "
            f"{ratio_t} | {queries} | {sec:.1f} |"
        )
    print(
        "(hauberk's seconds and queries are for its whole audit: all six attacks, shadows "
        "included; accuracy: gap and ART at their fixed thresholds, hauberk label_only at a "
        "threshold calibrated on the shadow models)"
    )


# --- DP-SGD ---------------------------------------------------------------------------


def net() -> torch.nn.Module:
    return torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def loader(x: Any, y: Any) -> Any:
    ds = torch.utils.data.TensorDataset(torch.tensor(x, dtype=torch.float32), torch.tensor(y))
    return torch.utils.data.DataLoader(ds, batch_size=64)


def plain_opacus(x: Any, y: Any, eps: float, delta: float, epochs: int) -> float:
    from opacus import PrivacyEngine

    torch.manual_seed(SEED)
    model = net()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    t = time.perf_counter()
    engine = PrivacyEngine(accountant="rdp")
    model, opt, dl = engine.make_private_with_epsilon(
        module=model,
        optimizer=opt,
        data_loader=loader(x, y),
        target_epsilon=eps,
        target_delta=delta,
        epochs=epochs,
        max_grad_norm=1.0,
    )
    for _ in range(epochs):
        for xb, yb in dl:
            if len(xb) == 0:
                continue
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    engine.get_epsilon(delta)
    return time.perf_counter() - t


def hauberk_dp(x: Any, y: Any, eps: float, delta: float, epochs: int) -> tuple[float, Any]:
    torch.manual_seed(SEED)
    model = net()
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    t = time.perf_counter()
    result = train_dp(model, opt, loader(x, y), epsilon=eps, delta=delta, epochs=epochs)
    return time.perf_counter() - t, result


def train_plain(x: Any, y: Any, epochs: int) -> torch.nn.Module:
    torch.manual_seed(SEED)
    model = net()
    opt = torch.optim.Adam(model.parameters(), 3e-3)
    for _ in range(epochs):
        for xb, yb in loader(x, y):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    return model.eval()


def dp_table() -> None:
    x, y = digits()
    xm, ym, xn, yn = x[:N], y[:N], x[N : 2 * N], y[N : 2 * N]
    eps, delta, epochs = 3.0, 1e-4, 40
    plain_t, ours_t = [], []
    plain_opacus(xm, ym, eps, delta, 1)  # warm-up: imports and first-call costs
    hauberk_dp(xm, ym, eps, delta, 1)
    for i in range(REPEATS):  # alternate who goes first, so drifting load hits both alike
        runs = [("plain", plain_opacus), ("ours", hauberk_dp)]
        for name, fn in runs if i % 2 == 0 else runs[::-1]:
            out = fn(xm, ym, eps, delta, epochs)
            if name == "plain":
                plain_t.append(out)
            else:
                ours_t.append(out[0])
                result = out[1]
    p, o = statistics.median(plain_t), statistics.median(ours_t)
    pm, om = min(plain_t), min(ours_t)
    print(f"\n## DP-SGD, digits MLP, {N} records, {epochs} epochs, target ε={eps}, δ={delta}")
    print(
        f"| trainer | min seconds ({REPEATS} runs) | median seconds | ε spent | ratio (min) | ratio (median) |"
    )
    print("|---|---|---|---|---|---|")
    print(f"| plain Opacus loop | {pm:.3f} | {p:.3f} | - | 1.000 | 1.000 |")
    print(
        f"| hauberk train_dp | {om:.3f} | {o:.3f} | {result.epsilon:.3f} | {om / pm:.3f} | {o / p:.3f} |"
    )
    print("(same calls, same function-call count under cProfile; the machine is shared, so the")
    print(" minimum is the less noisy estimate of the cost)")

    spec = InputSpec(shape=(64,), dtype="float64", lower=0, upper=1)

    def as_model(m: torch.nn.Module) -> TorchModel:
        return TorchModel(m, input_spec=spec, classes=range(10))

    def fit_plain(xs: Any, ys: Any) -> TorchModel:
        return as_model(train_plain(xs, ys, 60))

    def fit_dp(xs: Any, ys: Any) -> TorchModel:
        return as_model(hauberk_dp(xs, ys, eps, min(delta, 0.5 / len(xs)), epochs)[1].module)

    print(
        "\n## Membership inference before and after DP-SGD (4 shadow models trained the same way)"
    )
    print(
        "| training | test accuracy | threshold AUC [95% CI] | LiRA AUC [95% CI] | "
        "LiRA TPR@5%FPR [95% CI] |"
    )
    print("|---|---|---|---|---|")
    for title, fit in (("plain (Adam, 60 epochs)", fit_plain), (f"DP-SGD ε={eps}", fit_dp)):
        target = fit(xm, ym)
        acc = float(np.mean(target.predict_proba(xn).argmax(1) == yn))
        report = MembershipAudit(
            attacks=default_attacks()[:2], trainer=fit, shadow_models=4, seed=SEED
        ).run(target, (xm, ym), (xn, yn))
        thr, lira = report.results["threshold"], report.results["lira"]
        lira_tpr = rates_of(lira.scores, report.members).tpr["tpr_at_fpr_0.05"]
        print(
            f"| {title} | {acc:.3f} | {fmt_rate(thr.rates.auc)} | {fmt_rate(lira.rates.auc)} | "
            f"{fmt_rate(lira_tpr)} |"
        )


if __name__ == "__main__":
    from _record import recorded

    with recorded("privacy"):
        import sys

        chosen = [a.removeprefix("--") for a in sys.argv[1:]] or ["mia", "label", "dp"]
        tables = {"mia": mia_table, "label": label_only_table, "dp": dp_table}
        for name in chosen:
            tables[name.removesuffix("-only")]()
