from __future__ import annotations

import numpy as np
import pytest

from hauberk.core import ConfigError
from hauberk.privacy import LiRA, ShadowSet, TargetOutputs, membership_metrics
from hauberk.privacy._shadow import assign_halves


def synthetic(models: int = 16, n: int = 400, shift: float = 2.0, seed: int = 0):
    """Records whose logit confidence rises by ``shift`` when trained on; per-record base
    difficulty varies a lot, so a global threshold works poorly and a per-record test well."""
    rng = np.random.default_rng(seed)
    base = rng.normal(0, 3, n)
    keep = assign_halves(n, models, rng)
    phi = base + shift * keep + rng.normal(0, 0.5, (models, n))
    members = rng.random(n) < 0.5
    target_phi = base + shift * members + rng.normal(0, 0.5, n)
    p = 1 / (1 + np.exp(-target_phi))  # binary: phi = log(p / (1 - p))
    proba = np.stack([1 - p, p], axis=1)
    shadow_p = 1 / (1 + np.exp(-phi))
    shadows = ShadowSet(keep=keep, p_true=shadow_p, phi=phi)
    return TargetOutputs(proba=proba, y_idx=np.ones(n, np.int64)), shadows, members


@pytest.mark.parametrize("online", [True, False])
@pytest.mark.parametrize("variance", ["fixed", "per-example"])
def test_lira_finds_members_a_global_threshold_misses(online: bool, variance: str) -> None:
    target, shadows, members = synthetic()
    lira = membership_metrics(
        LiRA(online=online, variance=variance).scores(target, shadows), members
    )  # type: ignore[arg-type]
    baseline = membership_metrics(target.phi, members)
    assert lira["auc"] > 0.9 > baseline["auc"]
    assert lira["tpr_at_fpr_0.01"] > 3 * baseline["tpr_at_fpr_0.01"] + 0.1


def test_online_beats_offline_and_names() -> None:
    target, shadows, members = synthetic(shift=1.0)
    on = membership_metrics(LiRA(online=True).scores(target, shadows), members)
    off = membership_metrics(LiRA(online=False).scores(target, shadows), members)
    assert on["auc"] >= off["auc"] - 0.01
    assert LiRA().name == "lira" and LiRA(online=False).name == "lira_offline"


def test_auto_variance_follows_the_paper() -> None:
    _, few, _ = synthetic(models=8)
    _, many, _ = synthetic(models=64, n=50)
    assert LiRA().fixed_variance(few) and not LiRA().fixed_variance(many)


def test_records_without_in_shadows_borrow_the_average_offset() -> None:
    target, shadows, members = synthetic()
    keep = shadows.keep.copy()
    keep[:, :10] = False  # ten records were never trained on (early-stopped shadows)
    cut = ShadowSet(keep=keep, p_true=shadows.p_true, phi=shadows.phi, complete=False)
    s = LiRA().scores(target, cut)
    assert np.isfinite(s).all()
    assert membership_metrics(s, members)["auc"] > 0.85


def test_bad_settings_and_missing_shadows() -> None:
    with pytest.raises(ConfigError, match="variance"):
        LiRA(variance="median")  # type: ignore[arg-type]
    target, _, _ = synthetic()
    with pytest.raises(ConfigError, match="trainer"):
        LiRA().scores(target, None)
