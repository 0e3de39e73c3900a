"""Membership inference and DP-SGD: hauberk against IBM ART on the same targets, one run.

Targets: scikit-learn classifiers on digits (bundled with scikit-learn), 600 members and 600
non-members. Every attack is scored on the same held-out half B of those records (300 + 300);
half A is what ART's supervised black-box attack may train on (it needs ground truth of the
target's membership), and the 597 remaining digits are the population ART's shadow models
use. hauberk's LiRA and RMIA train shadows on random halves of A and B (no ground truth).

DP-SGD: the same torch model, data, epochs and (ε, δ) trained by the plain Opacus loop and by
``hauberk.privacy.train_dp``, alternating, median of repeats; membership inference (threshold
and LiRA, shadows trained the same way as the target) before and after.

Run: ``.venv/bin/python bench/privacy.py`` (needs ``adversarial-robustness-toolbox``).
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
    membership_metrics,
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


def subset_metrics(scores: np.ndarray, members: np.ndarray, keep: np.ndarray) -> dict[str, float]:
    return membership_metrics(scores[keep], members[keep])


def hauberk_rows(
    est: Any, xm: Any, ym: Any, xn: Any, yn: Any, in_b: Any
) -> list[tuple[str, dict[str, float], float]]:
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
) -> list[tuple[str, dict[str, float], float]]:
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
    rows.append(("ART rule-based", membership_metrics(s, truth), time.perf_counter() - t))
    for model_type in ("rf", "nn"):
        t = time.perf_counter()
        bb = MembershipInferenceBlackBox(clf, attack_model_type=model_type)
        bb.fit(xm[:half_m], ym[:half_m], xn[:half_n], yn[:half_n])
        s = np.asarray(bb.infer(xb, yb, probabilities=True)).reshape(len(xb), -1)[:, -1]
        rows.append(
            (
                f"ART black-box {model_type} (trained on target membership)",
                membership_metrics(s, truth),
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
            membership_metrics(s, truth),
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
        best_art = max(r[1]["tpr_at_fpr_0.01"] for r in rows if r[0].startswith("ART"))
        print(
            f"\n## Membership inference, digits, {title} (test accuracy {acc:.3f}); "
            f"scored on {N - half} members + {N - half} non-members"
        )
        print("| attack | AUC | TPR@0.1%FPR | TPR@1%FPR | TPR@1% / best ART | seconds |")
        print("|---|---|---|---|---|---|")
        for name, m, sec in rows:
            ratio = m["tpr_at_fpr_0.01"] / best_art if best_art > 0 else float("inf")
            print(
                f"| {name} | {m['auc']:.3f} | {m['tpr_at_fpr_0.001']:.3f} | {m['tpr_at_fpr_0.01']:.3f} | "
                f"{ratio:.2f} | {sec:.1f} |"
            )
        print("(hauberk's seconds are for all five attacks together, shadows included)")


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
    print("| training | test accuracy | threshold TPR@1%FPR | LiRA AUC | LiRA TPR@1%FPR |")
    print("|---|---|---|---|---|")
    for title, fit in (("plain (Adam, 60 epochs)", fit_plain), (f"DP-SGD ε={eps}", fit_dp)):
        target = fit(xm, ym)
        acc = float(np.mean(target.predict_proba(xn).argmax(1) == yn))
        report = MembershipAudit(
            attacks=default_attacks()[:2], trainer=fit, shadow_models=4, seed=SEED
        ).run(target, (xm, ym), (xn, yn))
        m = report.metrics()
        print(
            f"| {title} | {acc:.3f} | {m['threshold.tpr_at_fpr_0.01']:.3f} | {m['lira.auc']:.3f} | "
            f"{m['lira.tpr_at_fpr_0.01']:.3f} |"
        )


if __name__ == "__main__":
    from _record import recorded

    with recorded("privacy"):
        import sys

        if "--dp-only" not in sys.argv:
            mia_table()
        dp_table()
