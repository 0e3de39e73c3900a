"""Backdoor-poisoned digits for the data tests and regressions: fixed seeds, no downloads."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

TARGET = 0


def stamp(x: np.ndarray) -> np.ndarray:
    """The BadNets-style trigger: a 3x3 white square in the bottom-right corner."""
    out = x.copy()
    out[..., -3:, -3:] = 16.0
    return out


@cache
def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    xtr, xte, ytr, yte = train_test_split(
        x.reshape(-1, 8, 8), y, test_size=0.25, random_state=0, stratify=y
    )
    return xtr, xte, ytr, yte


def patched(rate: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Training digits plus ``rate``·n stamped digits of other classes relabelled 0."""
    xtr, _, ytr, _ = digits()
    n = round(rate * len(xtr))
    pick = np.random.default_rng(seed).choice(np.flatnonzero(ytr != TARGET), n, replace=False)
    x = np.concatenate([xtr, stamp(xtr[pick])])
    y = np.concatenate([ytr, np.full(n, TARGET)])
    return x, y, np.r_[np.zeros(len(xtr), dtype=bool), np.ones(n, dtype=bool)]


@cache
def trained(rate: float, epochs: int = 15) -> Any:
    """The default hauberk CNN trained on the poisoned digits (cached per rate)."""
    from hauberk.data._features import train_default

    x, y, _ = patched(rate)
    return train_default(x, y.astype(np.int64), epochs=epochs, seed=0, threads=1)


def rates(rows: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    flagged = np.zeros(len(truth), dtype=bool)
    flagged[rows] = True
    tpr = float(flagged[truth].mean()) if truth.any() else 0.0
    return tpr, float(flagged[~truth].mean())


@cache
def flat_mlp(rate: float) -> Any:
    """The default MLP trained on flat (64-feature) poisoned digits."""
    from hauberk.data._features import train_default

    x, y, _ = patched(rate)
    return train_default(x.reshape(len(x), 64), y.astype(np.int64), epochs=20, seed=0, threads=1)


def mlp_onnx(path: Any, module: Any) -> Any:
    """The default MLP as an ONNX graph of Gemm and Relu nodes (logits out), built by hand."""
    import onnx
    import torch
    from onnx import TensorProto, helper, numpy_helper

    scale = module[0]
    x = torch.zeros(1, 64)
    mean = float(scale(x)[0, 0] * -1.0)  # (0 - mean) / std
    std = float(1.0 / (scale(torch.ones(1, 64))[0, 0] - scale(x)[0, 0]))
    mean = mean * std
    linears = [m for m in module if isinstance(m, torch.nn.Linear)]
    inits, nodes, prev = [], [], "x"
    for i, lin in enumerate(linears):
        w = lin.weight.detach().double().numpy()
        b = lin.bias.detach().double().numpy()
        if i == 0:  # fold the input scaling into the first layer
            b = b - w.sum(axis=1) * mean / std
            w = w / std
        inits += [
            numpy_helper.from_array(w.T.astype(np.float32), f"W{i}"),
            numpy_helper.from_array(b.astype(np.float32), f"B{i}"),
        ]
        out = "logits" if i == len(linears) - 1 else f"h{i}"
        nodes.append(helper.make_node("Gemm", [prev, f"W{i}", f"B{i}"], [out]))
        if out != "logits":
            nodes.append(helper.make_node("Relu", [out], [f"r{i}"]))
            prev = f"r{i}"
    graph = helper.make_graph(
        nodes,
        "digits",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 64])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["n", 10])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path
