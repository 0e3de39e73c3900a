from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
import torch

from hauberk.core import ConfigError, InputError
from hauberk.models import InputSpec, TorchModel, torch_threads
from hauberk.theft import Fingerprint, KnockoffNets, SurrogateTrainer, fingerprint_rates

from .conftest import digits

SPEC = InputSpec(shape=(64,), lower=0.0, upper=1.0)


def train(x: Any, y: Any, seed: int, hidden: int = 64, epochs: int = 60, net: Any = None) -> Any:
    torch.manual_seed(seed)
    net = net or torch.nn.Sequential(
        torch.nn.Linear(64, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10)
    )
    opt = torch.optim.Adam(net.parameters(), 3e-3)
    xt, yt = torch.tensor(x), torch.tensor(y)
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 64):
            b = perm[i : i + 64]
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(xt[b]), yt[b]).backward()
            opt.step()
    return net.eval()


def wrap(net: Any) -> TorchModel:
    return TorchModel(net, input_spec=SPEC, classes=range(10))


def test_fingerprint_tells_derived_models_from_independent_ones() -> None:
    x, y = digits()
    x = x.astype(np.float32)
    with torch_threads(1):
        victim = train(x[:700], y[:700], 0)
        indep = [wrap(train(x[700:1400], y[700:1400], s, hidden=h))
                 for s, h in ((1, 64), (2, 128), (3, 32), (4, 64))]  # fmt: skip
        fp = Fingerprint.create(wrap(victim), x[1400:], size=60).calibrate(indep[:2])
        extracted = (
            KnockoffNets(surrogate=SurrogateTrainer(epochs=30))
            .run(wrap(victim), x[700:1400], queries=700, eval_x=x[1400:1500], checkpoints=(700,))
            .copy
        )
        assert extracted is not None
        tuned = wrap(train(x[700:1000], y[700:1000], 5, epochs=10, net=copy.deepcopy(victim)))
        pruned = copy.deepcopy(victim)
        with torch.no_grad():
            for w in pruned.parameters():  # 30% smallest weights of each tensor set to zero
                cut = w.abs().flatten().kthvalue(int(0.3 * w.numel())).values
                w[w.abs() < cut] = 0
        derived = [extracted, tuned, wrap(pruned)]
        measured = fingerprint_rates(fp, derived, indep[2:])  # held-out independents
    assert measured == {"tpr": 1.0, "fpr": 0.0}
    assert fp.threshold is not None and fp.agreement(wrap(victim)) == 1.0


def test_bad_use_is_named() -> None:
    x, y = digits()
    model = wrap(train(x[:200].astype(np.float32), y[:200], 0, epochs=2))
    with pytest.raises(InputError, match="pool has 5 rows"):
        Fingerprint.create(model, x[:5], size=10)
    fp = Fingerprint.create(model, x[:50], size=10)
    with pytest.raises(ConfigError, match="calibrate"):
        fp.derived(model)
    with pytest.raises(ConfigError, match="independently"):
        fp.calibrate([])
