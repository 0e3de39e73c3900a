"""Models that encrypted inference can evaluate: affine layers and polynomial activations.

CKKS (and cheap MPC) evaluate additions and multiplications only, so a model is a stack of
affine layers with a polynomial between them. :class:`PolyModel` holds the plaintext weights
and evaluates them in numpy (the reference the encrypted results are compared with).
:func:`from_linear` takes a fitted scikit-learn linear classifier; :func:`train_poly_mlp`
trains a one-hidden-layer MLP with a square (or other low-degree polynomial) activation in
torch, the CryptoNets design (Gilad-Bachrach et al., ICML 2016).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError

#: Activation polynomials, coefficients from degree 0 upwards (numpy.polynomial order).
ACTIVATIONS: dict[str, tuple[float, ...]] = {
    "square": (0.0, 0.0, 1.0),
    # least-squares fit of ReLU on [-4, 4] (degree 2): 0.47 + 0.5 x + 0.09 x^2
    "relu2": (0.47, 0.5, 0.09),
}


@dataclass(frozen=True)
class PolyModel:
    """``layers`` of ``(W, b)`` with ``W`` shaped (inputs, outputs); ``activation`` is the
    polynomial (coefficients, lowest degree first) applied between layers.

    ``mean`` and ``scale`` standardise raw inputs on the client, before encryption.
    """

    layers: tuple[tuple[NDArray[np.float64], NDArray[np.float64]], ...]
    activation: tuple[float, ...] = ACTIVATIONS["square"]
    mean: NDArray[np.float64] | None = None
    scale: NDArray[np.float64] | None = None
    kind: str = "linear"

    def __post_init__(self) -> None:
        if not self.layers:
            raise ConfigError("a PolyModel needs at least one layer")
        for i, (w, b) in enumerate(self.layers):
            if w.ndim != 2 or b.shape != (w.shape[1],):
                raise ConfigError(f"layer {i}: W must be (inputs, outputs) and b (outputs,)")
            if i and w.shape[0] != self.layers[i - 1][0].shape[1]:
                raise ConfigError(f"layer {i} takes {w.shape[0]} inputs, layer {i - 1} gives "
                                  f"{self.layers[i - 1][0].shape[1]}")  # fmt: skip
        if len(self.activation) > 4:
            raise ConfigError("activation polynomials above degree 3 cost too much depth")

    @property
    def n_features(self) -> int:
        return int(self.layers[0][0].shape[0])

    @property
    def n_outputs(self) -> int:
        return int(self.layers[-1][0].shape[1])

    @property
    def is_square(self) -> bool:
        return tuple(self.activation) == ACTIVATIONS["square"]

    @property
    def depth(self) -> int:
        """Multiplicative depth: one per layer, plus one (square) or two (other polynomial,
        with its plaintext coefficient products) per activation."""
        act = 1 if self.is_square else 2
        return len(self.layers) + act * (len(self.layers) - 1)

    def prepare(self, x: NDArray[Any]) -> NDArray[np.float64]:
        """Standardise raw inputs (client side) and check their shape."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise InputError(f"inputs must be (n, {self.n_features}), got {x.shape}")
        if not np.all(np.isfinite(x)):
            raise InputError("inputs hold NaN or infinite values")
        if self.mean is not None and self.scale is not None:
            x = (x - self.mean) / self.scale
        return x

    def activate(self, h: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(np.polynomial.polynomial.polyval(h, self.activation), dtype=np.float64)

    def logits(self, x_prepared: NDArray[np.float64]) -> NDArray[np.float64]:
        """Plaintext forward pass on standardised inputs."""
        h = x_prepared
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = self.activate(h)
        return h

    def predict(self, x: NDArray[Any]) -> NDArray[np.int64]:
        return labels_of(self.logits(self.prepare(x)))


def labels_of(logits: NDArray[np.float64]) -> NDArray[np.int64]:
    """Class indices: sign of a single logit, argmax of several."""
    if logits.shape[1] == 1:
        return (logits[:, 0] > 0).astype(np.int64)
    return np.asarray(np.argmax(logits, axis=1), dtype=np.int64)


def from_linear(estimator: Any, *, mean: Any = None, scale: Any = None) -> PolyModel:
    """A :class:`PolyModel` from a fitted scikit-learn linear classifier (``coef_``,
    ``intercept_``: LogisticRegression, LinearSVC, RidgeClassifier, SGDClassifier).

    The decision is the same: sign of the score for two classes, argmax for more.
    """
    coef = getattr(estimator, "coef_", None)
    intercept = getattr(estimator, "intercept_", None)
    if coef is None or intercept is None:
        raise ConfigError(f"{type(estimator).__name__} has no coef_/intercept_: fit a linear model")
    w = np.asarray(coef, dtype=np.float64).T
    b = np.atleast_1d(np.asarray(intercept, dtype=np.float64))
    return PolyModel(
        layers=((w, b),),
        mean=None if mean is None else np.asarray(mean, dtype=np.float64),
        scale=None if scale is None else np.asarray(scale, dtype=np.float64),
        kind="linear",
    )


def train_poly_mlp(
    x: NDArray[Any],
    y: NDArray[Any],
    *,
    hidden: int = 16,
    activation: str = "square",
    epochs: int = 200,
    lr: float = 0.01,
    weight_decay: float = 1e-3,
    seed: int = 0,
) -> PolyModel:
    """Train a one-hidden-layer MLP with a polynomial activation (CryptoNets) in torch.

    Inputs are standardised with their training mean and scale, stored in the model.
    Full-batch Adam; ``weight_decay`` keeps the hidden pre-activations small, which keeps the
    square from growing out of CKKS's precise range.
    """
    import torch

    if activation not in ACTIVATIONS:
        raise ConfigError(f"activation {activation!r} must be one of {sorted(ACTIVATIONS)}")
    if not 1 <= hidden <= 256:
        raise ConfigError(f"hidden must be in [1, 256], got {hidden}")
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y)
    classes = np.unique(y)
    if not np.array_equal(classes, np.arange(len(classes))):
        raise InputError("labels must be 0..k-1")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    xs = (x - mean) / scale
    torch.manual_seed(seed)
    coeffs = ACTIVATIONS[activation]
    lin1 = torch.nn.Linear(x.shape[1], hidden, dtype=torch.float64)
    lin2 = torch.nn.Linear(hidden, len(classes), dtype=torch.float64)
    params = [*lin1.parameters(), *lin2.parameters()]
    opt = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    xt = torch.from_numpy(xs)
    yt = torch.from_numpy(y.astype(np.int64))

    def act(h: Any) -> Any:
        return sum(c * h**k for k, c in enumerate(coeffs) if c)

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small trains fastest on one thread
    try:
        for _ in range(epochs):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(lin2(act(lin1(xt))), yt)
            loss.backward()  # type: ignore[no-untyped-call]
            opt.step()
    finally:
        torch.set_num_threads(threads)
    with torch.no_grad():
        layers = tuple(
            (lin.weight.detach().numpy().T.copy(), lin.bias.detach().numpy().copy())
            for lin in (lin1, lin2)
        )
    return PolyModel(layers=layers, activation=coeffs, mean=mean, scale=scale, kind="mlp")
