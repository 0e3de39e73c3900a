"""A membership-inference audit: query the target once per record, train shadows once, run
every attack on the same outputs, and report the metrics, the ROC curves and the records most
exposed.

The target is only read through ``Model.predict_proba``, so a remote endpoint works the same
way. When its answers are degraded (labels only, rounded or top-k scores: ``output_form``), the
label-only attack, the gap attack and, with shadow models, LiRA on augmented queries join the
attacks asked for, so that a model is never judged only by attacks with nothing to read.

Every quoted number comes with its sample size and 95% interval (``membership_rates``); a TPR
at an FPR the non-members cannot resolve is left out and ``metrics()`` says why.

Records are audited in a random order; when the query or time budget runs out the audit keeps
the records answered so far (a random sample of members and non-members) and marks the result
partial.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, Deadline, InputError, Plot, Series
from hauberk.core._executor import Executor
from hauberk.core._stats import Rate
from hauberk.models import Model, label_indices
from hauberk.privacy._attack import MembershipAttack, TargetOutputs
from hauberk.privacy._labelonly import (
    LabelOnlyAttack,
    OutputForm,
    Perturber,
    augmented_phi,
    calibrated_accuracy,
    output_form,
    query_robustness,
)
from hauberk.privacy._lira import LiRA
from hauberk.privacy._metrics import (
    FPR_LEVELS,
    MembershipRates,
    Roc,
    log_roc_points,
    membership_rates,
    roc,
)
from hauberk.privacy._rmia import RMIA
from hauberk.privacy._scores import query_in_chunks
from hauberk.privacy._shadow import ShadowSet, ShadowTrainer, check_shadow_request, train_shadows
from hauberk.privacy._threshold import ThresholdAttack

MIN_PER_SIDE = 10


def default_attacks(
    *,
    lira_variance: Literal["auto", "fixed", "per-example"] = "auto",
    rmia_a: float = 0.3,
    offline: bool = False,
) -> list[MembershipAttack]:
    """The threshold baseline, online LiRA and RMIA (and their offline forms if ``offline``)."""
    attacks: list[MembershipAttack] = [
        ThresholdAttack(),
        LiRA(online=True, variance=lira_variance),
        RMIA(online=True, a=rmia_a),
    ]
    if offline:
        attacks += [LiRA(online=False, variance=lira_variance), RMIA(online=False, a=rmia_a)]
    return attacks


def label_only_attacks(*, with_shadows: bool) -> list[MembershipAttack]:
    """The attacks for labels and coarse scores: label-only robustness, the gap baseline and,
    with shadow models, LiRA on augmented queries."""
    attacks: list[MembershipAttack] = [LabelOnlyAttack(), LabelOnlyAttack(kind="gap")]
    if with_shadows:
        attacks.append(LiRA(statistic="augmented"))
    return attacks


@dataclass(frozen=True)
class AttackResult:
    """One attack's scores, ROC and rates. ``metrics`` holds what may be quoted: ``auc`` and
    each ``tpr_at_fpr_*`` the non-members allow (``rates.missing`` names the others);
    ``accuracy`` is the attack accuracy at a calibrated threshold, where the attack has one."""

    name: str
    scores: NDArray[np.float64]
    roc: Roc
    rates: MembershipRates
    accuracy: Rate | None = None
    accuracy_how: str = ""

    @property
    def metrics(self) -> dict[str, float]:
        out = {"auc": self.rates.auc.value}
        out.update({k: r.value for k, r in self.rates.tpr.items()})
        return out


@dataclass(frozen=True)
class MembershipReport:
    """Every attack's scores and metrics on the same audited records.

    ``members[j]`` is the ground truth of record ``j``; ``origin[j]`` is ``("train", i)`` or
    ``("test", i)``: the split and row the record came from.
    """

    results: dict[str, AttackResult]
    members: NDArray[np.bool_]
    origin: tuple[tuple[str, int], ...]
    skipped: dict[str, str] = field(default_factory=dict)
    partial: bool = False
    reason: str = ""
    shadow_models: int = 0
    outputs: OutputForm | None = None

    def metrics(self) -> dict[str, Any]:
        """For each attack ``<attack>.auc`` and each measurable ``<attack>.tpr_at_fpr_<f>``,
        each with ``..._ci`` (the 95% interval); ``<attack>.tpr_at_fpr_<f>_missing`` says why
        a TPR is absent; ``<attack>.accuracy`` (and ``_ci``) for attacks with a calibrated
        threshold. The bare names hold the worst case (highest value) over attacks, with the
        interval of the attack that reached it; then the sample sizes and the output form."""
        out: dict[str, Any] = {}
        for name, res in self.results.items():
            for key, rate in self._quoted(res).items():
                out[f"{name}.{key}"] = round(rate.value, 6)
                out[f"{name}.{key}_ci"] = [round(rate.low, 6), round(rate.high, 6)]
            for key, why in res.rates.missing.items():
                out[f"{name}.{key}_missing"] = why
        for key in ("auc", *(name for _, name in FPR_LEVELS)):
            best = self.worst_rate(key)
            if best is not None:
                out[key] = round(best[1].value, 6)
                out[f"{key}_ci"] = [round(best[1].low, 6), round(best[1].high, 6)]
            elif self.results:
                out[f"{key}_missing"] = next(iter(self.results.values())).rates.missing[key]
        out["members"] = int(self.members.sum())
        out["non_members"] = int((~self.members).sum())
        out["shadow_models"] = self.shadow_models
        if self.outputs is not None:
            out["outputs"] = self.outputs.to_dict()
        return out

    @staticmethod
    def _quoted(res: AttackResult) -> dict[str, Rate]:
        rates = {"auc": res.rates.auc, **res.rates.tpr}
        if res.accuracy is not None:
            rates["accuracy"] = res.accuracy
        return rates

    def worst_rate(self, key: str) -> tuple[str, Rate] | None:
        """The attack with the highest ``key`` (``auc`` or a ``tpr_at_fpr_*``) and its rate."""
        found = [(n, r) for n, res in self.results.items() if (r := res.rates.get(key))]
        return max(found, key=lambda nr: nr[1].value) if found else None

    def rates(self) -> dict[str, dict[str, Any]]:
        """Every quoted rate of every attack as ``Rate.to_dict()``, for a finding's evidence."""
        return {
            name: {k: r.to_dict() for k, r in self._quoted(res).items()}
            | ({"accuracy_threshold": res.accuracy_how} if res.accuracy_how else {})
            for name, res in self.results.items()
        }

    def strongest(self, metric: str = "tpr_at_fpr_0.01") -> AttackResult:
        """The attack with the highest ``metric``, by AUC when the metric was not measurable."""

        def key(r: AttackResult) -> tuple[float, float]:
            rate = r.rates.get(metric)
            return (rate.value if rate is not None else -1.0, r.rates.auc.value)

        return max(self.results.values(), key=key)

    def most_exposed(self, k: int = 10) -> list[dict[str, Any]]:
        """The members the strongest attack is surest of, with the FPR at their score (the
        share of non-members scored at least as high: lower means more exposed)."""
        if not self.results:
            return []
        best = self.strongest()
        s = best.scores
        non = np.sort(s[~self.members])
        idx = np.nonzero(self.members)[0]
        top = idx[np.argsort(-s[idx], kind="stable")[:k]]
        out = []
        for j in top:
            fpr = float(len(non) - np.searchsorted(non, s[j], side="left")) / max(len(non), 1)
            split, row = self.origin[j]
            out.append({"split": split, "index": row, "attack": best.name,
                        "score": float(s[j]), "fpr_at_score": fpr})  # fmt: skip
        return out

    def roc_plot(self) -> Plot:
        series = []
        floor = 1.0 / max(int((~self.members).sum()), 1)
        for name, res in self.results.items():
            x, y = log_roc_points(res.roc)
            series.append(Series(name, tuple(x), tuple(y)))
        series.append(Series("chance", (floor, 1.0), (floor, 1.0)))
        return Plot(
            title="Membership inference ROC",
            kind="line",
            series=tuple(series),
            x_label="false positive rate",
            y_label="true positive rate",
            x_log=True,
            y_log=True,
        )


def _xy(split: Any, where: str) -> tuple[NDArray[Any], NDArray[Any]]:
    try:
        x, y = split
    except (TypeError, ValueError):
        x, y = getattr(split, "x", None), getattr(split, "y", None)
    if x is None:
        raise InputError(f"{where}: expected (x, y)")
    if y is None:
        raise InputError(
            f"{where} has no labels: membership inference scores the loss on each record's "
            "true label, so give (x, y)"
        )
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise InputError(f"{where}: {len(x)} inputs but {len(y)} labels")
    return x, y


class MembershipAudit:
    """Runs membership-inference attacks against a model with known members and non-members.

    ``trainer`` trains shadow models on ``(x, y)``; without one, attacks that need shadows are
    skipped (and named in ``MembershipReport.skipped``). ``max_records`` caps the audited
    records, balanced between members and non-members.

    ``label_only=None`` (the default) adds the label-only attacks when the target's answers
    are degraded (:func:`output_form`); ``True`` always adds them, ``False`` never (a
    degraded target is then reported partial). They ask ``copies`` perturbed copies of each
    record (``copies`` more queries per record).
    """

    def __init__(
        self,
        *,
        attacks: Sequence[MembershipAttack] | None = None,
        trainer: ShadowTrainer | None = None,
        shadow_models: int = 8,
        max_records: int | None = None,
        seed: int = 0,
        chunk: int = 256,
        copies: int = 16,
        label_only: bool | None = None,
    ) -> None:
        if shadow_models < 2 or shadow_models > 1024:
            raise ConfigError(f"shadow_models must be within 2..1024, got {shadow_models}")
        if max_records is not None and max_records < 2 * MIN_PER_SIDE:
            raise ConfigError(f"max_records must be >= {2 * MIN_PER_SIDE}, got {max_records}")
        if chunk < 1:
            raise ConfigError(f"chunk must be >= 1, got {chunk}")
        self.attacks = list(attacks) if attacks is not None else default_attacks()
        if not self.attacks:
            raise ConfigError("attacks is empty: name at least one attack")
        names = [a.name for a in self.attacks]
        if len(set(names)) != len(names):
            raise ConfigError(f"attacks must have distinct names, got {names}")
        self.trainer = trainer
        self.shadow_models = shadow_models
        self.max_records = max_records
        self.seed = seed
        self.chunk = chunk
        self.perturber = Perturber(copies=copies, seed=seed)
        self.label_only = label_only

    def _records(
        self, members: Any, non_members: Any, rng: np.random.Generator
    ) -> tuple[NDArray[Any], NDArray[Any], NDArray[np.bool_], list[tuple[str, int]]]:
        xm, ym = _xy(members, "members")
        xn, yn = _xy(non_members, "non-members")
        if xm.shape[1:] != xn.shape[1:]:
            raise InputError(f"members have shape {xm.shape[1:]}, non-members {xn.shape[1:]}")
        im, inn = rng.permutation(len(xm)), rng.permutation(len(xn))
        if self.max_records is not None:
            half = self.max_records // 2
            im, inn = im[:half], inn[:half]
        if len(im) < MIN_PER_SIDE or len(inn) < MIN_PER_SIDE:
            raise InputError(
                f"membership inference needs at least {MIN_PER_SIDE} members and "
                f"{MIN_PER_SIDE} non-members, got {len(im)} and {len(inn)}"
            )
        x = np.concatenate([xm[im], xn[inn]])
        y = np.concatenate([ym[im], yn[inn]])
        truth = np.r_[np.ones(len(im), bool), np.zeros(len(inn), bool)]
        origin = [("train", int(i)) for i in im] + [("test", int(i)) for i in inn]
        order = rng.permutation(len(x))  # interleave so that a budget cut keeps both sides
        return x[order], y[order], truth[order], [origin[i] for i in order]

    def run(
        self,
        model: Model,
        members: Any,
        non_members: Any,
        *,
        deadline: Deadline | None = None,
        executor: Executor | None = None,
    ) -> MembershipReport:
        """Audit ``model`` on ``members`` and ``non_members`` (each ``(x, y)``)."""
        rng = np.random.default_rng(self.seed)
        x, y, truth, origin = self._records(members, non_members, rng)
        y_idx = label_indices(model, y)
        proba, complete = query_in_chunks(model, x, chunk=self.chunk)
        n = len(proba)
        reasons = []
        if not complete:
            reasons.append(f"query or time budget ran out after {n} of {len(x)} records")
        if n < 2 * MIN_PER_SIDE or truth[:n].all() or not truth[:n].any():
            raise InputError(
                f"the budget allowed only {n} target queries; membership inference needs at "
                f"least {2 * MIN_PER_SIDE} (members and non-members): raise max_queries"
            )
        x, y, y_idx, truth, origin = x[:n], y[:n], y_idx[:n], truth[:n], origin[:n]
        form = output_form(proba)
        attacks = self._attacks_for(form, reasons)
        shadow_attacks = [a for a in attacks if a.needs_shadows]
        skipped: dict[str, str] = {}
        if shadow_attacks and self.trainer is None:
            for a in shadow_attacks:
                skipped[a.name] = "no trainer was given, so no shadow models could be trained"
        elif shadow_attacks:
            check_shadow_request(len(x), len(model.classes), self.shadow_models)
        perturbed = [a for a in attacks if _perturbs(a) and a.name not in skipped]
        target = TargetOutputs(proba=proba, y_idx=y_idx)
        if perturbed:
            why = Perturber.unsupported(model.input_spec)
            if not why:
                self.perturber.fit(x, model.input_spec)
                rob = query_robustness(model, x, y_idx, self.perturber)
                if rob.complete:
                    aug = augmented_phi(rob.robust, self.perturber.copies)
                    target = TargetOutputs(proba, y_idx, robust=rob.robust, aug_phi=aug)
                else:
                    why = (
                        f"the query budget ran out after {rob.done} of {len(x)} records' "
                        f"{self.perturber.copies} perturbed copies each"
                    )
            if why:
                for a in perturbed:
                    skipped[a.name] = why
                reasons.append(f"{', '.join(a.name for a in perturbed)} did not run: {why}")
        shadows: ShadowSet | None = None
        if any(a.name not in skipped for a in shadow_attacks) and self.trainer is not None:
            shadows = train_shadows(
                self.trainer, x, y, y_idx,
                classes=tuple(model.classes), input_spec=model.input_spec,
                shadow_models=self.shadow_models, rng=rng, deadline=deadline,
                perturber=self.perturber if target.robust is not None else None,
                executor=executor,
            )  # fmt: skip
            if not shadows.complete:
                reasons.append(
                    f"time ran out after {shadows.models} of {self.shadow_models} shadow models"
                )
        results: dict[str, AttackResult] = {}
        for attack in attacks:
            if attack.name in skipped:
                continue
            s = attack.scores(target, shadows if attack.needs_shadows else None)
            curve = roc(s, truth)
            rates = membership_rates(s, truth, curve=curve, seed=self.seed)
            acc, how = self._accuracy(attack, s, truth, shadows)
            results[attack.name] = AttackResult(attack.name, s, curve, rates, acc, how)
        return MembershipReport(
            results=results,
            members=truth,
            origin=tuple(origin),
            skipped=skipped,
            partial=bool(reasons),
            reason="; ".join(reasons),
            shadow_models=0 if shadows is None else shadows.models,
            outputs=form,
        )

    def _attacks_for(self, form: OutputForm, reasons: list[str]) -> list[MembershipAttack]:
        """The attacks asked for, plus the label-only ones when the answers call for them."""
        attacks = list(self.attacks)
        wanted = self.label_only if self.label_only is not None else form.degraded
        if wanted:
            names = {a.name for a in attacks}
            extra = label_only_attacks(with_shadows=self.trainer is not None)
            attacks += [a for a in extra if a.name not in names]
        elif form.degraded and not any(_perturbs(a) for a in attacks):
            reasons.append(
                f"the model answers with {form.kind} ({form.distinct_values} distinct values) "
                "and the label-only attacks were turned off: the score-based attacks may have "
                "had little to read"
            )
        return attacks

    def _accuracy(
        self,
        attack: MembershipAttack,
        s: NDArray[np.float64],
        truth: NDArray[np.bool_],
        shadows: ShadowSet | None,
    ) -> tuple[Rate | None, str]:
        if not isinstance(attack, LabelOnlyAttack):
            return None, ""
        if attack.kind == "gap":
            return calibrated_accuracy(s, truth, fixed=0.5)
        ref = attack.shadow_scores(shadows) if shadows is not None else None
        keep = None if shadows is None else shadows.keep
        return calibrated_accuracy(s, truth, shadow_scores=ref, shadow_members=keep, seed=self.seed)


def _perturbs(attack: MembershipAttack) -> bool:
    return bool(getattr(attack, "needs_perturbed", False))
