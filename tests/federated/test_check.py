"""``federated.robustness``: the check on a real target, its failure, and fail-closed paths."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_digits

from hauberk.core import Budget, CheckContext, Status, run_check
from hauberk.federated import checks
from hauberk.federated._check import FederatedCheck, FederatedSettings
from hauberk.models import Dataset, Split, Target


def target(digits: bool = False) -> Target:
    x, y = (load_digits if digits else load_breast_cancer)(return_X_y=True)
    return Target(name="bc", data=Dataset(single=Split(x, y)))


def ctx(**settings: object) -> CheckContext:
    return CheckContext(
        settings=FederatedSettings(**{"enabled": True, **settings}),
        seed=0,
        budget=Budget(seconds=120),
    )


def test_the_entry_point_lists_the_check() -> None:
    assert [c.name for c in checks()] == ["federated.robustness"]


def test_the_recommended_strategy_passes() -> None:
    result = run_check(
        FederatedCheck(), target(digits=True), ctx(attacks=("backdoor", "sign_flip"), rounds=5)
    )
    assert result.status is Status.PASSED, result.findings
    metrics = result.metrics["attacks"]
    assert metrics["backdoor"]["fedavg"]["backdoor_success"]["value"] > 0.5
    assert metrics["backdoor"]["defended"]["backdoor_success"]["value"] < 0.05


def test_plain_fedavg_fails_with_the_backdoor_finding() -> None:
    result = run_check(
        FederatedCheck(), target(),
        ctx(strategy="flwr_fedavg", attacks=("backdoor", "sign_flip"), rounds=5, hostile=0.3),
    )  # fmt: skip
    assert result.status is Status.FAILED
    ids = {f.id for f in result.findings}
    assert "HB-FL-BACKDOOR" in ids and "HB-FL-ACCURACY-DROP" in ids


@pytest.mark.parametrize(
    "settings",
    [{"strategy": "nope"}, {"attacks": ("teleport",)}, {"attacks": ()}],
)
def test_bad_settings_are_errors(settings: dict[str, object]) -> None:
    result = run_check(FederatedCheck(), target(), ctx(**settings))
    assert result.status is Status.ERROR
    assert "[federated]" in result.reason


def test_off_unless_enabled() -> None:
    c = CheckContext(settings=FederatedSettings(), seed=0, budget=Budget(seconds=120))
    result = run_check(FederatedCheck(), target(), c)
    assert result.status is Status.SKIPPED and "enabled = true" in result.reason


def test_too_few_rows_is_an_error_not_a_pass() -> None:
    x = np.random.default_rng(0).normal(size=(50, 3))
    t = Target(name="tiny", data=Dataset(single=Split(x, (x[:, 0] > 0).astype(int))))
    result = run_check(FederatedCheck(), t, ctx())
    assert result.status is Status.ERROR and "300" in result.reason


def test_an_exhausted_budget_is_incomplete() -> None:
    c = CheckContext(
        settings=FederatedSettings(enabled=True, rounds=2), seed=0, budget=Budget(seconds=1e-6)
    )
    result = run_check(FederatedCheck(), target(), c)
    assert result.status is Status.INCOMPLETE


def test_a_broken_target_never_passes() -> None:
    """The registry-wide fail-closed test, applied directly (the entry point is new)."""
    from tests.assess.test_every_check_fails_closed import BrokenTarget

    from hauberk.core import Policy, Report

    check = FederatedCheck()
    result = run_check(check, BrokenTarget(), ctx())
    assert result.status is Status.ERROR, result
    report = Report(
        target={"name": "broken"},
        environment={"python": "3", "hauberk": "0", "seed": 0},
        results=(result,),
        stages={check.stage.name: check.stage.lifecycle.value},
    )
    assert Policy().exit_code(report) == 1
    assert report.summary()["lifecycle"][check.stage.lifecycle.value]["grade"] == "incomplete"
