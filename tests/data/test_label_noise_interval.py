"""The suspect-label share is judged on its 95% interval (issue 12: numbers with their
uncertainty): firmly above the limit is a finding, straddling it from below is inconclusive
(incomplete, with the sample size that would decide), never a pass."""

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


def test_a_share_whose_interval_straddles_the_limit_is_not_a_pass() -> None:
    x, y = blobs(40, 0.0)
    y[:1] = 1 - y[:1]  # one flip in 40: 2.5%, interval reaching past 5%
    result = run(x, y, limit=0.05)
    assert result.status is Status.INCOMPLETE
    assert "inconclusive" in result.reason and "would decide" in result.reason


def test_clean_labels_on_enough_rows_pass() -> None:
    result = run(*blobs(2000, 0.0), limit=0.05)
    assert result.status is Status.PASSED
