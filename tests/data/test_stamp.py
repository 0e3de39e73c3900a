"""Stamped triggers (``hauberk.data._stamp``): exact pixel values one class's rows share,
confirmed by writing them on other classes' rows."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.data import BackdoorSettings, stamped_triggers
from hauberk.data import _stamp as stamp_mod
from tests._backdoor import TARGET, digits, patched, rates, trained

SETTINGS = BackdoorSettings()


def test_a_badnets_patch_is_found_on_its_rows_only() -> None:
    x, y, truth = patched(0.05)
    flags = stamped_triggers(x, y, trained(0.05), SETTINGS)
    tpr, fpr = rates(flags.rows, truth)
    assert tpr >= 0.9 and fpr == 0.0, (tpr, fpr, flags.metrics)
    found = [s for s in flags.metrics["stamps"] if s["confirmed"] == "transfer"]
    assert {s["mode"] for s in found} == {"exact", "band"}  # both passes see it
    assert all(s["class"] == TARGET and s["pixels"] >= 9 for s in found), found


def test_clean_digits_offer_no_stamp_at_all() -> None:
    """No (pixel, value) group of clean digits is pure and shared: nothing to even try, on the
    raw 0-16 digits and on the demo's [0, 1] splits."""
    from sklearn.datasets import load_digits

    from hauberk.demo import load_digits_split

    x, y = load_digits(return_X_y=True)
    assert stamp_mod._stamps(stamp_mod._pairs(x.astype(np.float64), y)) == []
    for seed in (0, 1, 2):
        xs, ys = load_digits_split(seed)["train"]
        flat = xs.reshape(len(xs), -1).astype(np.float64)
        assert stamp_mod._stamps(stamp_mod._pairs(flat, ys)) == []


def test_a_shared_mark_the_model_did_not_learn_is_not_flagged() -> None:
    """A mark on 30 rows of one class is a candidate, but a model trained without it does not
    obey it: written on other classes' rows it moves almost none, so nothing is flagged."""
    from hauberk.data._features import train_default

    xtr, _, ytr, _ = digits()
    model = train_default(xtr, ytr.astype(np.int64), epochs=10, seed=0, threads=1)
    x = xtr.copy()
    marked = np.flatnonzero(ytr == 3)[:30]
    x[marked, :2, :2] = 16.0
    flags = stamped_triggers(x, ytr, model, SETTINGS)
    assert any(s["class"] == 3 and s["rows"] >= 30 for s in flags.metrics["stamps"])
    assert len(flags.rows) == 0, flags.metrics


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(2, 5),
    st.integers(20, 80),
)
def test_pairs_are_pure_and_shared_and_background_drops_out(
    seed: int, classes: int, rows: int
) -> None:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, rows)
    flat = rng.integers(0, 4, (rows, 6)).astype(np.float64)
    flat[:, 0] = 0.0  # a background pixel every class shares
    for c, pixel, value, members in stamp_mod._pairs(flat, labels):
        assert np.all(flat[members, pixel] == value)
        assert len(members) == int((flat[:, pixel] == value).sum()) >= stamp_mod.MIN_ROWS
        assert (labels[members] == c).mean() >= stamp_mod.PURITY
        if len(np.unique(labels)) > 1 and (labels == c).mean() < stamp_mod.PURITY:
            assert pixel != 0
