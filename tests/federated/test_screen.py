"""The update screen drops malformed updates with a reason and flags outliers."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from hauberk.federated._screen import UpdateScreen, digest

REF = [np.zeros((4, 3)), np.zeros(3)]


def honest(rng: np.random.Generator) -> list[np.ndarray]:
    return [rng.normal(0.1, 0.01, (4, 3)), rng.normal(0.1, 0.01, 3)]


def test_malformed_updates_are_dropped_with_a_logged_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    rng = np.random.default_rng(0)
    nan = honest(rng)
    nan[0][1, 1] = np.nan
    clients = [
        ("a", honest(rng)),
        ("nan", nan),
        ("shape", [np.zeros((3, 3)), np.zeros(3)]),
        ("count", [np.zeros((4, 3))]),
        ("huge", [np.full((4, 3), 1e6), np.zeros(3)]),
        ("b", honest(rng)),
        ("c", honest(rng)),
    ]
    with caplog.at_level(logging.WARNING, logger="hauberk.federated"):
        out = UpdateScreen(max_norm=100.0).screen(clients, REF)
    assert out.kept == ("a", "b", "c")
    assert "NaN" in out.dropped["nan"]
    assert "shape" in out.dropped["shape"]
    assert "arrays" in out.dropped["count"]
    assert "max_norm" in out.dropped["huge"]
    assert all(cid in caplog.text for cid in ("nan", "shape", "count", "huge"))


def test_oversized_in_bytes_is_dropped() -> None:
    out = UpdateScreen(max_bytes=10).screen([("x", REF)], REF)
    assert "bytes" in out.dropped["x"]


def test_outliers_are_flagged_and_honest_ones_are_not() -> None:
    rng = np.random.default_rng(1)
    clients = [(str(i), honest(rng)) for i in range(9)]
    flipped = [-30 * a for a in honest(rng)]
    boosted = [50 * a for a in honest(rng)]
    out = UpdateScreen().screen([*clients, ("flip", flipped), ("boost", boosted)], REF)
    assert set(out.flagged) == {"flip", "boost"}
    assert not out.dropped


def test_digest_depends_on_values_shape_and_dtype() -> None:
    a = [np.arange(6.0).reshape(2, 3)]
    assert digest(a) == digest([a[0].copy()])
    assert digest(a) != digest([a[0].reshape(3, 2)])
    assert digest(a) != digest([a[0].astype(np.float32)])
    assert digest(a).startswith("sha256:")
