"""Label-flip runs where hauberk's precision or recall fell below cleanlab's (issue 16's bar),
one test per cell shape, on the same flips as bench/data.py (its ``flip``, imported).

* iris, next-class flips at 5% (8 flips): the union of the fused posterior and the gated
  cleanlab flags added ambiguous clean rows from the versicolor/virginica overlap, so hauberk
  flagged 10-11 rows where cleanlab flagged 8-9 with the same hits (precision 0.73 and 0.70
  against 0.89 and 0.88 on seeds 1 and 2). The union is now cut at cleanlab's flag count,
  ranked by the fused posterior.
* breast cancer, systematic flips at 20% (84 of 212 malignant rows labelled benign, then 30
  the other way): the model's confident joint estimated 0.27 of the malignant class carrying
  the benign label, just under the old fixed "dense pair" threshold of 0.3, so a half-the-
  neighbours gate dropped flipped rows inside the dense cluster (recall 81 and 80 hits
  against cleanlab's 85 and 86 on seeds 3 and 4). The gate is now (1 + s) / 2 per pair.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from hauberk.data._label_flip import (
    confident_learning,
    label_flips,
    neighbour_indices,
    out_of_sample_probabilities,
)


def _bench() -> ModuleType:
    """bench/data.py, loaded under its own name (a bare ``data`` could be any module)."""
    path = Path(__file__).resolve().parents[2] / "bench" / "data.py"
    spec = importlib.util.spec_from_file_location("hauberk_bench_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


flip = _bench().flip  # the bench's flips, so the cells are the bench's cells


def against_cleanlab(name: str, kind: str, rate: float, seed: int) -> dict[str, int]:
    from sklearn import datasets

    loader = {"iris": datasets.load_iris, "breast_cancer": datasets.load_breast_cancer}[name]
    x, y = loader(return_X_y=True)
    noisy, truth = flip(np.asarray(y, dtype=np.int64), kind, rate, seed)
    probs = out_of_sample_probabilities(x, noisy, folds=5, seed=seed)
    ours = label_flips(
        x, noisy, probabilities=probs, seed=seed, neighbour_idx=neighbour_indices(x, k=10)
    ).rows
    theirs = np.flatnonzero(confident_learning(noisy, probs))
    return {
        "ours_hits": len(np.intersect1d(ours, truth)),
        "ours_flags": len(ours),
        "cl_hits": len(np.intersect1d(theirs, truth)),
        "cl_flags": len(theirs),
    }


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_iris_next_class_5pct_flags_no_ambiguous_extras(seed: int) -> None:
    got = against_cleanlab("iris", "next", 0.05, seed)
    assert got["ours_flags"] <= got["cl_flags"], got  # the cut
    assert got["ours_hits"] >= got["cl_hits"], got  # so precision and recall at least theirs
    assert got["ours_hits"] / got["ours_flags"] >= got["cl_hits"] / got["cl_flags"], got


@pytest.mark.parametrize("seed", [3, 4])
def test_breast_cancer_systematic_20pct_keeps_the_dense_cluster(seed: int) -> None:
    got = against_cleanlab("breast_cancer", "systematic", 0.20, seed)
    # measured: 90 and 88 hits of 99 and 93 flags; cleanlab 85 of 102 and 86 of 95
    assert got["ours_hits"] > got["cl_hits"], got
    assert got["ours_hits"] / got["ours_flags"] > got["cl_hits"] / got["cl_flags"], got
