"""Papernot et al. 2017 ("Practical Black-Box Attacks against Machine Learning"): Jacobian
augmentation lets a substitute trained from a tiny seed set and the victim's labels approach
the victim, beyond what the seed set alone gives. A regression here means the augmentation
stopped moving points along the substitute's gradient (for example, a zero or wrong-signed
step, or labels not refreshed from the victim)."""

from __future__ import annotations

from tests.theft.conftest import make_victim

from hauberk.theft import JacobianAugmentation, SurrogateTrainer


def test_augmentation_beats_the_seed_set_alone() -> None:
    model, pool, ex, ey = make_victim()
    attack = JacobianAugmentation(surrogate=SurrogateTrainer(epochs=20), seed_size=30, step=0.1)
    result = attack.run(model, pool, queries=480, eval_x=ex, eval_y=ey, checkpoints=(30, 480))
    seed_only, augmented = result.curve
    assert seed_only.queries == 30 and augmented.queries == 480
    assert augmented.fidelity > seed_only.fidelity + 0.05
