"""Gao et al., "STRIP: A Defence Against Trojan Attacks on Deep Neural Networks" (ACSAC 2019):
superimposing clean images on a trojaned input leaves its prediction fixed (low entropy); their
operating point is 1% false rejection of clean inputs. Averaging the input with the clean image
instead of adding it, as a first version here did, halves the trigger and let 99% of triggered
digits through; the guard must keep the trigger whole."""

from __future__ import annotations

import numpy as np
from tests._backdoor import TARGET, digits, flat_mlp, stamp

from hauberk.data import Strip
from hauberk.models import InputSpec, TorchModel


def test_strip_keeps_the_trigger_when_superimposing() -> None:
    _, xte, _, yte = digits()
    flat = xte.reshape(len(xte), 64).astype(np.float32)
    spec = InputSpec(shape=(64,), dtype="float32", lower=0, upper=16)
    model = TorchModel(flat_mlp(0.05), input_spec=spec)
    guard = Strip(model, flat[:300], false_rejection=0.01)
    blends = guard.blend(stamp(xte[300:301]).reshape(1, 64))
    assert np.all(blends.reshape(-1, 8, 8)[:, -3:, -3:] == 16.0)  # trigger intact in every blend
    others = xte[300:][yte[300:] != TARGET]
    trojans = stamp(others).reshape(len(others), 64).astype(np.float32)
    accepted = ~guard.flags(trojans, np.empty(0), model.predict_proba)
    assert accepted.mean() <= 0.2, accepted.mean()
