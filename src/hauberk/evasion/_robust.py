"""Robust accuracy: the worst case per sample over an ensemble of attacks, over a range of ε.

The ensemble follows AutoAttack (Croce and Hein, ICML 2020): APGD-CE, APGD-T, FAB-T and
Square, each run only on the samples that every earlier attack failed on, so a sample stops
as soon as one attack breaks it. ε values are swept in increasing order and a sample broken at
one ε is not attacked again at a larger one (the smaller ball lies inside the larger). Success
is always judged by the model's own ``predict_proba`` on the projected adversarial input,
never by what an attack reports.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError, Deadline, InputError
from hauberk.evasion._attack import Attack
from hauberk.evasion._constraints import NORMS, FeatureConstraints
from hauberk.evasion.apgd import APGD, APGDT
from hauberk.evasion.cw import CarliniWagnerL2
from hauberk.evasion.deepfool import DeepFool
from hauberk.evasion.fab import FAB
from hauberk.evasion.fgsm import FGSM
from hauberk.evasion.hopskipjump import HopSkipJump
from hauberk.evasion.pgd import PGD
from hauberk.evasion.square import Square
from hauberk.evasion.transfer import TransferAttack
from hauberk.models import Differentiable, Model, label_indices

AttackFactory = Callable[..., Attack]

#: Attack names the ensemble understands, and how each is built for one ε. ``fast`` trades
#: AutoAttack's exhaustive target sweep for the three most likely targets and fewer Square
#: queries; ``bench/evasion.py`` measures that this costs no strength on the reference models.
ATTACKS: dict[str, AttackFactory] = {
    "fgsm": lambda **kw: FGSM(**_common(kw)),
    "pgd": lambda **kw: PGD(
        **_common(kw), steps=kw.get("steps", 20), restarts=kw.get("restarts", 1)
    ),
    "apgd-ce": lambda **kw: APGD(**_common(kw), **_grad(kw), steps=kw.get("steps", 100)),
    "apgd-dlr": lambda **kw: APGD(
        **_common(kw), **_grad(kw), loss="dlr", steps=kw.get("steps", 100)
    ),
    "apgd-t": lambda **kw: APGDT(
        **_common(kw),
        **_grad(kw),
        steps=kw.get("steps", 100),
        n_target_classes=kw.get("targets", 9),
    ),
    "fab": lambda **kw: FAB(**_common(kw), steps=kw.get("steps", 100)),
    "fab-t": lambda **kw: FAB(
        **_common(kw),
        targeted=True,
        steps=kw.get("steps", 100),
        n_target_classes=kw.get("targets", 9),
    ),
    "deepfool": lambda **kw: DeepFool(**_common(kw)),
    "cw-l2": lambda **kw: CarliniWagnerL2(**_common(kw)),
    "square": lambda **kw: Square(**_common(kw), n_queries=kw.get("queries", 5000)),
    "hopskipjump": lambda **kw: HopSkipJump(**_common(kw)),
    "transfer": lambda **kw: TransferAttack(**_common(kw)),
}

#: The per-attack settings an ensemble entry may give (anything else is a typo: an error).
SETTINGS: dict[str, frozenset[str]] = {
    "fgsm": frozenset(),
    "pgd": frozenset({"steps", "restarts"}),
    "apgd-ce": frozenset({"steps"}),
    "apgd-dlr": frozenset({"steps"}),
    "apgd-t": frozenset({"steps", "targets"}),
    "fab": frozenset({"steps"}),
    "fab-t": frozenset({"steps", "targets"}),
    "deepfool": frozenset(),
    "cw-l2": frozenset(),
    "square": frozenset({"queries"}),
    "hopskipjump": frozenset(),
    "transfer": frozenset(),
}

#: Named ensembles. ``standard`` is AutoAttack's standard version; ``fast`` keeps its four
#: attacks with fewer targets and queries; ``black-box`` needs only ``predict_proba``.
ENSEMBLES: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = {
    "standard": (
        ("apgd-ce", {"steps": 100}),
        ("apgd-t", {"steps": 100, "targets": 9}),
        ("fab-t", {"steps": 100, "targets": 9}),
        ("square", {"queries": 5000}),
    ),
    "fast": (
        ("apgd-ce", {"steps": 50}),
        ("apgd-t", {"steps": 50, "targets": 3}),
        ("fab-t", {"steps": 20, "targets": 3}),
        ("square", {"queries": 300}),
    ),
    "black-box": (
        ("square", {"queries": 1000}),
        ("transfer", {}),
    ),
}


#: The class behind each name: its threat model and norms, without building it.
CLASSES: dict[str, type[Attack]] = {
    "fgsm": FGSM,
    "pgd": PGD,
    "apgd-ce": APGD,
    "apgd-dlr": APGD,
    "apgd-t": APGDT,
    "fab": FAB,
    "fab-t": FAB,
    "deepfool": DeepFool,
    "cw-l2": CarliniWagnerL2,
    "square": Square,
    "hopskipjump": HopSkipJump,
    "transfer": TransferAttack,
}


def _common(kw: dict[str, Any]) -> dict[str, Any]:
    keys = ("eps", "norm", "seed", "batch_size", "constraints")
    return {k: kw[k] for k in keys if k in kw}


def _grad(kw: dict[str, Any]) -> dict[str, Any]:
    return {"eot_iter": kw.get("eot_iter", 1), "bpda": kw.get("bpda", False)}


@dataclass(frozen=True)
class RobustAccuracy:
    """Robust accuracy at each ε, with the per-sample outcome behind it.

    ``robust[i, j]`` is true when sample ``j`` was classified correctly and no attack of the
    ensemble changed its prediction within ``epsilons[i]``. ``broken_by[i]`` counts, per
    attack, the samples it was first to break at that ε. ``partial`` is true when the time or
    query budget ran out; the ε values not reached are then missing from ``epsilons``.
    """

    norm: str
    epsilons: tuple[float, ...]
    clean: NDArray[np.bool_]
    robust: NDArray[np.bool_]
    labels: NDArray[np.int64]
    broken_by: tuple[dict[str, int], ...]
    attacks: tuple[str, ...]
    seconds: float
    queries: int
    partial: bool = False
    reason: str = ""
    seconds_by_attack: dict[str, float] = field(default_factory=dict)

    @property
    def clean_accuracy(self) -> float:
        return float(self.clean.mean()) if len(self.clean) else 0.0

    @property
    def accuracy(self) -> tuple[float, ...]:
        """Robust accuracy at each ε (fraction of all samples)."""
        return tuple(float(r.mean()) for r in self.robust)

    def at(self, eps: float) -> float:
        for e, acc in zip(self.epsilons, self.accuracy, strict=True):
            if abs(e - eps) <= 1e-12 * max(1.0, abs(eps)):
                return acc
        raise KeyError(f"ε={eps} was not evaluated; evaluated {list(self.epsilons)}")

    def per_class(self, classes: Sequence[Any]) -> list[dict[str, float]]:
        """Clean and robust accuracy per class, at each ε: ``[{class: accuracy}, ...]``."""
        out = []
        for row in self.robust:
            acc = {}
            for i, c in enumerate(classes):
                mask = self.labels == i
                if mask.any():
                    acc[str(c)] = float(row[mask].mean())
            out.append(acc)
        return out

    def clean_per_class(self, classes: Sequence[Any]) -> dict[str, float]:
        return {
            str(c): float(self.clean[self.labels == i].mean())
            for i, c in enumerate(classes)
            if (self.labels == i).any()
        }


def fold(
    r: RobustAccuracy,
    name: str,
    broken: NDArray[np.bool_],
    *,
    seconds: float = 0.0,
    queries: int = 0,
) -> RobustAccuracy:
    """``r`` with more adversarial examples counted: the per-sample worst case.

    ``broken[i, j]`` is true when attack ``name`` found an adversarial example for sample ``j``
    inside ``epsilons[i]``, checked on the model itself. A sample broken at one ε is broken at
    every larger one (the smaller ball lies inside the larger), so robust accuracy can only go
    down, and ``broken_by`` credits ``name`` with the samples it was first to break.
    """
    k = min(len(r.robust), len(broken))
    robust = r.robust.copy()
    robust[:k] &= ~np.asarray(broken[:k], dtype=bool)
    if len(robust):
        robust = np.logical_and.accumulate(robust, axis=0)
    counts = []
    for i, before in enumerate(r.broken_by):
        c = dict(before)
        newly = int((r.robust[i] & ~robust[i]).sum())
        if newly or name in c:
            c[name] = c.get(name, 0) + newly
        counts.append(c)
    timing = dict(r.seconds_by_attack)
    timing[name] = round(timing.get(name, 0.0) + seconds, 3)
    return replace(
        r,
        robust=robust,
        broken_by=tuple(counts),
        attacks=r.attacks if name in r.attacks else (*r.attacks, name),
        seconds=r.seconds + seconds,
        queries=r.queries + queries,
        seconds_by_attack=timing,
    )


def resolve_ensemble(
    attacks: str | Sequence[str | tuple[str, dict[str, Any]]] | None, model: Model
) -> tuple[tuple[str, dict[str, Any]], ...]:
    """Named ensemble or list of attack names (with optional settings) → ``(name, settings)``."""
    if attacks is None:
        attacks = "fast" if isinstance(model, Differentiable) else "black-box"
    if isinstance(attacks, str):
        if attacks not in ENSEMBLES:
            raise ConfigError(
                f"attacks: unknown ensemble {attacks!r}; known: {', '.join(ENSEMBLES)} "
                f"or a list of attack names from {', '.join(ATTACKS)}"
            )
        return ENSEMBLES[attacks]
    out = []
    for item in attacks:
        name, settings = (item, {}) if isinstance(item, str) else item
        if name not in ATTACKS:
            raise ConfigError(f"attacks: unknown attack {name!r}; known: {', '.join(ATTACKS)}")
        unknown = set(settings) - SETTINGS[name]
        if unknown:
            allowed = ", ".join(sorted(SETTINGS[name])) or "none"
            raise ConfigError(
                f"attacks: {name} has no settings {sorted(unknown)}; allowed: {allowed}"
            )
        out.append((name, dict(settings)))
    if not out:
        raise ConfigError("attacks: the ensemble is empty; name at least one attack")
    return tuple(out)


def check_norm(names: Sequence[str], norm: str) -> None:
    """Raise :class:`ConfigError` naming any attack in ``names`` that cannot run at ``norm``.

    An attack is never dropped silently: a robust accuracy that lists an attack which did not
    run overstates what was tried.
    """
    bad = [n for n in dict.fromkeys(names) if norm not in CLASSES[n].norms]
    if bad:
        able = [n for n in ATTACKS if norm in CLASSES[n].norms]
        supports = ", ".join(f"{n} ({'/'.join(CLASSES[n].norms)})" for n in bad)
        raise ConfigError(
            f"attacks: {supports} do{'es' if len(bad) == 1 else ''} not support norm "
            f"{norm!r}; attacks that support {norm}: {', '.join(able)}"
        )


def _check_eps(eps: float | Sequence[float]) -> tuple[float, ...]:
    values = (eps,) if isinstance(eps, int | float) else tuple(eps)
    if not values:
        raise ConfigError("eps: give at least one ε")
    for e in values:
        if isinstance(e, bool) or not isinstance(e, int | float) or not 0 < float(e) < np.inf:
            raise ConfigError(f"eps: every ε must be a finite number > 0, got {e!r}")
    return tuple(sorted({float(e) for e in values}))


def robust_accuracy(
    model: Model,
    x: NDArray[Any],
    y: NDArray[Any],
    *,
    eps: float | Sequence[float],
    norm: str = "linf",
    attacks: str | Sequence[str | tuple[str, dict[str, Any]]] | None = None,
    seed: int = 0,
    batch_size: int = 512,
    constraints: FeatureConstraints | None = None,
    bpda: bool = False,
    eot_iter: int = 1,
    deadline: Deadline | None = None,
) -> RobustAccuracy:
    """Worst-case accuracy per sample over an attack ensemble, for each ε (ascending).

    ``attacks`` is a named ensemble (``fast`` by default for models with gradients,
    ``black-box`` otherwise; ``standard`` is AutoAttack's) or a list of names from
    :data:`ATTACKS`, optionally as ``(name, settings)``. ``bpda`` and ``eot_iter`` switch the
    gradient attacks to their adaptive variants. A spent ``deadline`` or query budget ends the
    sweep early with ``partial=True``.
    """
    if norm not in NORMS:
        raise ConfigError(f"norm must be one of {NORMS}, got {norm!r}")
    epsilons = _check_eps(eps)
    ensemble = resolve_ensemble(attacks, model)
    check_norm([n for n, _ in ensemble], norm)
    if not isinstance(model, Model):
        raise InputError(f"model: expected a hauberk Model, got {type(model).__name__}")
    white = [n for n, _ in ensemble if CLASSES[n].threat == "white-box"]
    if white and not isinstance(model, Differentiable):
        raise InputError(
            f"model: attacks {white} need gradients, which {type(model).__name__} does not give; "
            "use attacks='black-box'"
        )
    arr = model.input_spec.check(x, where="x")
    labels = np.asarray(y)
    if labels.shape != (len(arr),):
        raise InputError(
            f"y: expected one label per sample, shape ({len(arr)},), got {labels.shape}"
        )
    idx = label_indices(model, labels)
    start, q0 = time.perf_counter(), model.counter.total
    clean = model.predict_proba(arr).argmax(axis=1) == idx
    alive = clean.copy()
    rows: list[NDArray[np.bool_]] = []
    broken_by: list[dict[str, int]] = []
    done: list[float] = []
    partial, reason = False, ""
    timing = {name: 0.0 for name, _ in ensemble}
    try:
        for e in epsilons:
            counts = {name: 0 for name, _ in ensemble}
            for name, settings in ensemble:
                todo = np.nonzero(alive)[0]
                if len(todo) == 0:
                    break
                if deadline is not None:
                    deadline.check()
                kw = {"eps": e, "norm": norm, "seed": seed, "batch_size": batch_size}
                kw.update(settings)
                kw.update({"constraints": constraints, "bpda": bpda, "eot_iter": eot_iter})
                attack = ATTACKS[name](**kw)
                t0 = time.perf_counter()
                adv = attack(model, arr[todo], labels[todo])
                fooled = model.predict_proba(adv).argmax(axis=1) != idx[todo]
                timing[name] += time.perf_counter() - t0
                alive[todo[fooled]] = False
                counts[name] += int(fooled.sum())
            rows.append(alive.copy())
            broken_by.append(counts)
            done.append(e)
    except BudgetExceeded as exc:
        partial, reason = True, str(exc)
    robust = np.array(rows, dtype=bool).reshape(len(rows), len(arr))
    return RobustAccuracy(
        norm=norm,
        epsilons=tuple(done),
        clean=clean,
        robust=robust,
        labels=idx,
        broken_by=tuple(broken_by),
        attacks=tuple(n for n, _ in ensemble),
        seconds=time.perf_counter() - start,
        queries=model.counter.total - q0,
        partial=partial,
        reason=reason,
        seconds_by_attack={k: round(v, 3) for k, v in timing.items()},
    )
