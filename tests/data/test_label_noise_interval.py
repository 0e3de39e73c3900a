"""The suspect-label share is quoted with its sample size and 95% interval (issue 12), and a
finding whose interval reaches below the limit says which sample size would decide."""

from __future__ import annotations

from typing import Any

import numpy as np

from hauberk.assess._config import stage_settings
from hauberk.core import CheckContext, Status, default_registry, run_check
from hauberk.data._label_noise import LabelNoise
from hauberk.models import Dataset, Split


class Target:
    def __init__(self, x: Any, y: Any) -> None:
        self.data = Dataset(single=Split(x, y))
        self.model = None


def blobs(n: int, flipped: float, seed: int = 0) -> tuple[Any, Any]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    x = rng.normal(size=(n, 2)) * 0.3 + y[:, None] * 4.0
    flip = rng.random(n) < flipped
    return x, np.where(flip, 1 - y, y)


def run(x: Any, y: Any, limit: float) -> Any:
    table = {"max_suspect_share": limit}
    settings = stage_settings(default_registry(), "ingestion", table)["data.label_noise"]
    return run_check(LabelNoise(), Target(x, y), CheckContext(settings=settings, seed=0))


def test_clearly_noisy_labels_are_a_finding_with_an_interval() -> None:
    result = run(*blobs(600, 0.15), limit=0.05)
    assert result.status is Status.FAILED
    (finding,) = result.findings
    assert finding.evidence["suspect_share"]["n"] == 600
    assert "95% CI" in finding.detail


def test_a_finding_near_the_limit_names_the_sample_size_that_would_decide() -> None:
    x, y = blobs(40, 0.0)
    y[:4] = 1 - y[:4]  # 4 flips in 40: 10%, interval reaching below 5%
    result = run(x, y, limit=0.05)
    (finding,) = result.findings
    assert "would decide" in finding.detail
    assert finding.evidence["suspect_share"]["ci_low"] < 0.05


def test_clean_labels_on_enough_rows_pass() -> None:
    result = run(*blobs(2000, 0.0), limit=0.05)
    assert result.status is Status.PASSED
