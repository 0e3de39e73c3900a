"""Backdoor screening of training data: spectral signatures, trigger transfer, Neural Cleanse
and stamped triggers on one model and its penultimate features, combined, and the
``data.backdoor`` check.

The combination flags a row that any of four detectors flags: spectral signatures (a small
poison that stands out along its class's top singular vector), trigger transfer (a cluster of
the class, any size, whose shared input pattern sends other classes' rows to the class; see
``_trigger_transfer``), Neural Cleanse (a class whose reverse-engineered trigger is far
smaller than the others', confirmed by a group of its rows that sits among trigger-stamped
inputs; see ``_neural_cleanse``: it finds a 1% blend whose recovered median pattern transfers
too weakly) or a stamped trigger (exact or banded pixel values a group of one class shares
that move other classes' rows to it when written on them, or that the data alone convicts;
see ``_stamp``: it finds label-consistent poison whose adversarial noise hides it from trigger
transfer, a jittered patch, and stamps the model did not learn). Activation clustering with
Chen et al.'s three rules is still computed and reported, but no longer decides: its
exclusionary-reclassification rule flagged a genuine style of ones in the demo's clean digits
(20 of 91 rows) and its size rule misses poison that is half its class. The union's score is
the largest of the spectral robust z-score, ``10 x`` the transfer rate (0.5, the transfer bar,
maps to 5, above the spectral bar), the Neural Cleanse score (5 or more on its flagged rows)
and the stamp score (5 at the stamp bar).

The check judges each class: a class with more flagged rows than ``backdoor_max_flag_share``
(5%) is a finding when the share's whole 95% interval is above it; a class whose point
estimate is above but whose interval straddles the limit makes the check ``incomplete`` with
the number of rows that would decide (on clean digits a style of 9s sat there at
backdoor_z = 4: 8 of 135 rows, 95% CI 0.026-0.113).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import (
    CheckContext,
    CheckResult,
    Status,
    Verdict,
    clopper_pearson,
    samples_to_decide,
)
from hauberk.data import _activation_clustering as ac
from hauberk.data import _clean_label as cl
from hauberk.data import _loss_outliers as lo
from hauberk.data import _neural_cleanse as nc
from hauberk.data import _rules as rules
from hauberk.data import _spectral as ss
from hauberk.data import _stamp as st
from hauberk.data import _trigger_transfer as tt
from hauberk.data._features import (
    BACKDOOR,
    BackdoorSettings,
    Representation,
    blas_threads,
    on_features,
    represent,
)
from hauberk.data._flags import RowFlags
from hauberk.models import Target

REASON = (
    "backdoor: spectral signature, transferable trigger or reverse-engineered trigger in its "
    "class's model features"
)


def combine(x: NDArray[Any], rep: Representation, settings: BackdoorSettings) -> list[RowFlags]:
    """Spectral, activation clustering, the union of spectral, trigger transfer, its
    clean-label support, Neural Cleanse and stamped triggers (``backdoor``), loss/gradient
    outliers, trigger transfer, Neural Cleanse and stamped triggers, in that order."""
    spectral = ss.flags_from(rep, settings)
    tt_rows, tt_scores, tt_classes = tt.transfer_scores(x, rep, settings)
    transfer = RowFlags(
        "trigger_transfer",
        tt.REASON,
        tt_rows,
        tt_scores[tt_rows],
        {"features": rep.source, "rows": len(tt_scores), "classes": tt_classes},
    )
    ac_rows, ac_scores, per_class = ac.cluster_flags(x, rep, settings)
    clusters = RowFlags(
        "activation_clustering",
        ac.REASON,
        ac_rows,
        ac_scores[ac_rows],
        {"features": rep.source, "rows": len(ac_scores), "classes": per_class},
    )
    nc_rows, nc_scores, nc_metrics = nc.cleanse_scores(x, rep, settings)
    cleansed = RowFlags(
        "neural_cleanse",
        nc.REASON,
        nc_rows,
        nc_scores[nc_rows],
        {"features": rep.source, **nc_metrics},
    )
    spec_scores = ss.spectral_scores(rep, min_rows=settings.backdoor_min_class_rows)
    # Clean-label poison (Turner et al. 2019): rows carrying a confirmed trigger's pixels.
    cl_rows, cl_scores, _ = cl.support_scores(x, rep, tt_rows)
    tt_scores = np.maximum(tt_scores, cl_scores)
    # Stamped triggers (BadNets, Turner et al.): exact pixel values a group of the class shares.
    st_rows, st_scores, st_metrics = st.stamp_scores(x, rep, settings)
    rows = np.union1d(np.union1d(np.union1d(spectral.rows, tt_rows), cl_rows), nc_rows)
    rows = np.union1d(rows, st_rows).astype(np.int64)
    score = np.maximum(np.maximum(spec_scores[rows], 10.0 * tt_scores[rows]), nc_scores[rows])
    score = np.maximum(score, st.union_score(st_scores[rows], settings))
    union = RowFlags(
        "backdoor",
        REASON,
        rows,
        score.astype(np.float64),
        {
            "spectral_rows": len(spectral.rows),
            "transfer_rows": len(tt_rows),
            "clean_label_rows": len(cl_rows),
            "cleanse_rows": len(nc_rows),
            "stamp_rows": len(st_rows),
            "stamps": st_metrics["stamps"],
            "features": rep.source,
            "rows": len(rep.labels),
        },
    )
    stamped = RowFlags(
        "stamp", st.REASON, st_rows, st_scores[st_rows], {"features": rep.source, **st_metrics}
    )
    return [spectral, clusters, union, lo.flags_from(rep, settings), transfer, cleansed, stamped]


def combined_scores(x: NDArray[Any], rep: Representation, settings: BackdoorSettings) -> Any:
    """Every row's score under each detector (for ROC curves): spectral, clustering,
    transfer and the union of spectral and transfer (Neural Cleanse not included)."""
    spec = ss.spectral_scores(rep, min_rows=settings.backdoor_min_class_rows)
    ac_rows, ac_scores, _ = ac.cluster_flags(x, rep, settings)
    flagged = np.zeros(len(spec), dtype=bool)
    flagged[ac_rows] = True
    # A row of a flagged cluster ranks above every unflagged row, by its distance within.
    clustering = np.where(flagged, 1e3 + ac_scores, ac_scores)
    tt_rows, transfer, _ = tt.transfer_scores(x, rep, settings)
    transfer = np.maximum(transfer, cl.support_scores(x, rep, tt_rows)[1])
    return spec, clustering, transfer, np.maximum(spec, 10.0 * transfer)


def backdoor_flags(
    x: NDArray[Any], y: NDArray[Any], model: Any | None, settings: BackdoorSettings
) -> RowFlags:
    """Rows the union flags: spectral signatures, trigger transfer with its clean-label
    support, Neural Cleanse and stamped triggers (one feature pass)."""
    return on_features(x, y, model, settings, lambda rep: combine(np.asarray(x), rep, settings)[2])


class DataBackdoor:
    name = "data.backdoor"
    stage = BACKDOOR
    needs = frozenset({"model", "data", "labels"})
    rules = (rules.BACKDOOR,)
    description = (
        "Spectral signatures, trigger transfer, Neural Cleanse and stamped-trigger search on the "
        "model and its penultimate features: training rows that look like backdoor poison."
    )

    def run(self, target: Target, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, BackdoorSettings)
        assert target.data is not None
        split = target.data.train or target.data.single
        if split is None:
            return CheckResult(
                self.name,
                self.stage.name,
                Status.SKIPPED,
                reason="no training data: give the data the model was trained on as 'train'",
            )
        if split.y is None:
            raise ValueError("the training data has no labels")
        if np.asarray(split.x).ndim < 3 and not hasattr(target.model, "torch_module"):
            # On flat tables the default network's features flag about 12% of clean
            # scikit-learn wine rows (a high finding on clean data): calibrated for images only.
            return CheckResult.skipped(
                self.name,
                self.stage.name,
                "the backdoor detectors are calibrated for image-shaped inputs or a torch "
                "model's features; these are flat tabular rows (data.tabular_backdoor "
                "judges those)",
            )
        n = ctx.sample_limit(len(split))
        rows = np.sort(ctx.rng().permutation(len(split))[:n])
        x, y = split.x[rows], split.y[rows]
        with blas_threads(settings.backdoor_threads):
            rep = represent(
                x,
                y,
                target.model,
                epochs=settings.backdoor_epochs,
                layer=settings.backdoor_layer,
                seed=ctx.seed,
                threads=settings.backdoor_threads,
            )
            ctx.check_time()
            flags = combine(x, rep, settings)
        union = flags[2]
        where = "data:train" if target.data.train is not None else "data"
        limit = settings.backdoor_max_flag_share
        findings = []
        per_class: dict[str, Any] = {}
        undecided: list[str] = []
        spectral, transfer, cleansed, stamped = flags[0], flags[4], flags[5], flags[6]
        for c in np.unique(rep.labels):
            members = np.flatnonzero(rep.labels == c)
            in_class = union.rows[np.isin(union.rows, members)]
            rate = clopper_pearson(len(in_class), len(members))
            by_spectral = int(np.isin(spectral.rows, members).sum())
            by_transfer = int(np.isin(transfer.rows, members).sum())
            by_cleanse = int(np.isin(cleansed.rows, members).sum())
            by_stamp = int(np.isin(stamped.rows, members).sum())
            per_class[str(c)] = {
                "rows": len(members),
                "flagged": len(in_class),
                "spectral": by_spectral,
                "transfer": by_transfer,
                "cleanse": by_cleanse,
                "stamp": by_stamp,
                "share": rate.to_dict(),
            }
            if len(members) < settings.backdoor_min_class_rows or rate.value <= limit:
                continue
            if rate.verdict(limit, strict=True) is not Verdict.ABOVE:
                undecided.append(
                    f"class index {c}: {len(in_class)} of {len(members)} flagged, "
                    f"{rate.describe('.3f')}, straddles {limit:.0%}; about "
                    f"{samples_to_decide(rate, limit)} rows of the class would decide"
                )
            else:
                findings.append(
                    rules.BACKDOOR.finding(
                        where,
                        f"class index {c}: {len(in_class)} of {len(members)} rows, "
                        f"{rate.describe('.3f')}, stand apart in the model's features "
                        f"({by_spectral} by spectral signature, {by_transfer} by a trigger "
                        f"that transfers to other classes, {by_cleanse} by a reverse-engineered "
                        f"trigger, {by_stamp} by a stamped trigger); above the {limit:.0%} a "
                        "clean class shows.",
                        {
                            "class_index": int(c),
                            "flagged_share": rate.to_dict(),
                            "sample_rows": rows[in_class][:50].tolist(),
                        },
                    )
                )
        total = clopper_pearson(len(union.rows), len(x))
        metrics = {
            "samples": len(x),
            "features": rep.source,
            "model_train_accuracy": rep.train_accuracy,
            "flagged": len(union.rows),
            "flagged_share": total.to_dict(),
            "spectral_rows": len(flags[0].rows),
            "clustering_rows": len(flags[1].rows),
            "transfer_rows": len(flags[4].rows),
            "loss_gradient_rows": len(flags[3].rows),
            "cleanse_rows": len(flags[5].rows),
            "stamp_rows": len(flags[6].rows),
            "neural_cleanse": flags[5].metrics,
            "classes": per_class,
        }
        cut = (
            [f"looked at {n} of {len(split)} training rows (max_samples)"] if n < len(split) else []
        )
        if undecided or cut:
            metrics["undecided"] = undecided
            return CheckResult.of(
                self.name,
                self.stage.name,
                findings,
                metrics,
                partial=True,
                reason="; ".join(cut + undecided),
            )
        return CheckResult.of(self.name, self.stage.name, findings, metrics)
