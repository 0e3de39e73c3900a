from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hauberk.core import ConfigError, InputError
from hauberk.models import SklearnModel
from hauberk.theft import JacobianAugmentation, KnockoffNets, SurrogateTrainer
from hauberk.theft._extraction import Oracle, default_checkpoints

FAST = SurrogateTrainer(epochs=15, seed=0)


def test_knockoff_copies_the_victim_and_fidelity_grows(victim: Any) -> None:
    model, pool, ex, ey = victim
    start = model.counter.total
    result = KnockoffNets(surrogate=FAST).run(
        model, pool, queries=600, eval_x=ex, eval_y=ey, checkpoints=(50, 600)
    )
    assert [p.queries for p in result.curve] == [50, 600] and not result.partial
    assert result.fidelity > 0.85 and result.fidelity >= result.curve[0].fidelity
    assert result.accuracy is not None and result.accuracy > 0.8
    # 600 attack queries (400 pool rows then 200 mixups) plus 300 evaluation rows, no more
    assert model.counter.total - start == 600 + len(ex) and result.eval_queries == len(ex)
    assert result.copy is not None and result.fidelity_at(100) == result.curve[0].fidelity


def test_jacobian_augmentation_grows_from_a_seed_set(victim: Any) -> None:
    model, pool, ex, ey = victim
    attack = JacobianAugmentation(surrogate=FAST, seed_size=50)
    result = attack.run(model, pool, queries=200, eval_x=ex, eval_y=ey, checkpoints=(50, 200))
    assert [p.queries for p in result.curve] == [50, 200]
    assert result.fidelity > 0.6  # labels only, 200 queries, from 50 natural samples


def test_model_budget_cut_is_reported_as_partial(victim: Any) -> None:
    model, pool, ex, ey = victim
    capped = SklearnModel(model.estimator, input_spec=model.input_spec, query_limit=len(ex) + 120)
    result = KnockoffNets(surrogate=FAST).run(
        capped, pool, queries=400, eval_x=ex, eval_y=ey, checkpoints=(100, 400)
    )
    assert result.partial and result.queries == 120 and "120 of 400" in result.reason
    assert capped.counter.total == len(ex) + 120


def test_budget_below_evaluation_is_a_clear_error(victim: Any) -> None:
    model, pool, ex, _ = victim
    capped = SklearnModel(model.estimator, input_spec=model.input_spec, query_limit=10)
    with pytest.raises(InputError, match="evaluation rows"):
        KnockoffNets(surrogate=FAST).run(capped, pool, queries=100, eval_x=ex)


def test_oracle_answers_only_what_is_left(victim: Any) -> None:
    model, pool, _, _ = victim
    oracle = Oracle(model, 5)
    assert len(oracle(pool[:3])) == 3 and len(oracle(pool[:3])) == 2 and len(oracle(pool)) == 0
    assert oracle.spent == 5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"queries": 0}, "queries"), ({"queries": 10, "checkpoints": (20,)}, "checkpoints")],
)
def test_bad_budgets_name_the_parameter(victim: Any, kwargs: dict[str, Any], message: str) -> None:
    model, pool, ex, _ = victim
    with pytest.raises(ConfigError, match=message):
        KnockoffNets(surrogate=FAST).run(model, pool, eval_x=ex, **kwargs)


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="seed_size"):
        JacobianAugmentation(seed_size=0)
    with pytest.raises(ConfigError, match="step"):
        JacobianAugmentation(step=2.0)
    with pytest.raises(ConfigError, match="epochs"):
        SurrogateTrainer(epochs=0)
    with pytest.raises(ConfigError, match="threads"):
        SurrogateTrainer(threads=0)


def test_default_checkpoints_halve() -> None:
    assert default_checkpoints(2000) == [250, 500, 1000, 2000]
    assert default_checkpoints(15) == [15]
    assert np.all(np.diff(default_checkpoints(10_000)) > 0)


@pytest.mark.slow
@pytest.mark.parametrize("attack", ["knockoff", "jacobian"])
def test_one_task_per_query_budget_gives_the_in_process_curve(victim: Any, attack: str) -> None:
    """Each checkpoint's copy is trained and scored as its own task: a process pool gives the
    in-process curve exactly, and the queries spent are the same."""
    from hauberk.core import ProcessExecutor

    model, pool, ex, ey = victim
    make = {
        "knockoff": lambda: KnockoffNets(surrogate=FAST, seed=4),
        "jacobian": lambda: JacobianAugmentation(surrogate=FAST, seed_size=30, seed=4),
    }[attack]
    runs = []
    for executor in (None, ProcessExecutor(workers=2)):
        start = model.counter.total
        result = make().run(
            model, pool, queries=160, eval_x=ex, eval_y=ey, checkpoints=(40, 80, 160),
            executor=executor,
        )  # fmt: skip
        runs.append((result, model.counter.total - start))
    (local, spent_local), (split, spent_split) = runs
    assert [p.queries for p in local.curve] == [40, 80, 160]
    assert local.curve == split.curve and spent_local == spent_split == 160 + len(ex)
    assert split.copy is not None
    np.testing.assert_array_equal(local.copy.predict_proba(ex), split.copy.predict_proba(ex))
