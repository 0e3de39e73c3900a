"""What the backdoor detectors look at: a model's penultimate-layer features of each row.

Spectral signatures, activation clustering and the loss/gradient detector all read the same
representation: the input of the model's last linear layer (a forward hook on the penultimate
layer), the per-row loss and the norm of the loss gradient with respect to that last layer.

With a torch model the hook sits on its module; with no model (or one that cannot be opened,
such as a scikit-learn estimator or an HTTP endpoint) a small default network is trained on the
data itself with a fixed seed: a two-convolution CNN for image-shaped rows ``(n, h, w)`` or
``(n, c, h, w)`` of at least 12x12 pixels, a two-hidden-layer MLP otherwise (on 8x8 digits the
MLP learns a trigger as well and trains an order of magnitude faster on one busy core). A
backdoor that the data teaches a model is learned by this one too, which is what the detectors
need: they look for the trigger's own direction in the features of the class it was
relabelled to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from hauberk.core import ConfigError, InputError, Lifecycle, Stage, StageSettings
from hauberk.data._flags import RowFlags
from hauberk.models import Model

T = TypeVar("T")


class BackdoorSettings(StageSettings):
    """Settings of the backdoor detectors and the ``data.backdoor`` check (``[ingestion]``)."""

    backdoor_z: float = Field(
        default=4.5,
        gt=0,
        le=100,
        description="robust z-score (median/MAD) above which a row's score is an outlier",
    )
    backdoor_min_cluster_gap: float = Field(
        default=0.15,
        ge=0,
        le=1,
        description="activation clustering: silhouette above which a class splits in two",
    )
    backdoor_max_cluster_share: float = Field(
        default=0.35,
        gt=0,
        lt=1,
        description="activation clustering: a class's smaller cluster below this share is poison",
    )
    backdoor_reclassified_ratio: float = Field(
        default=0.12,
        gt=0,
        le=10,
        description="activation clustering: a cluster kept by others below this l/p is poison",
    )
    backdoor_max_flag_share: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="finding when a class has more flagged rows than this share",
    )
    backdoor_epochs: int = Field(default=20, ge=1, le=1000, description="default model epochs")
    backdoor_layer: str | None = Field(
        default=None, description="torch module name whose output are the features"
    )
    backdoor_min_class_rows: int = Field(
        default=20, ge=5, le=100_000, description="classes with fewer rows are not judged"
    )
    backdoor_transfer_rate: float = Field(
        default=0.5,
        gt=0,
        le=1,
        description=(
            "trigger transfer: a cluster whose recovered trigger sends at least this share of "
            "other classes' rows to its class is poison"
        ),
    )
    backdoor_transfer_z: float = Field(
        default=8.0,
        gt=0,
        le=100,
        description=(
            "trigger transfer: or whose transfer rate is this many robust deviations above "
            "the other classes' clusters (and at least a quarter)"
        ),
    )
    backdoor_group_rate: float = Field(
        default=0.6,
        gt=0,
        le=1,
        description=(
            "trigger transfer: the bar for a densest residual group (the 1% candidate); clean "
            "digits' groups reach 0.52, so it sits above backdoor_transfer_rate"
        ),
    )
    backdoor_stamp_rate: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description=(
            "stamped triggers: exact pixel values a group of one class shares are a trigger "
            "when, written on other classes' rows, they move at least this share to the class"
        ),
    )
    backdoor_stamp_data_only: bool = Field(
        default=True,
        description=(
            "stamped triggers: also flag a stamp the model did not learn when the data alone "
            "convicts it (at least 6 pixels, carried by at most 1% of other classes' rows)"
        ),
    )
    backdoor_probe_rows: int = Field(
        default=500, ge=20, le=100_000, description="trigger transfer: other-class rows probed"
    )
    backdoor_threads: int | None = Field(
        default=1, ge=1, le=256, description="torch threads while training and scoring"
    )
    backdoor_cleanse_steps: int = Field(
        default=150,
        ge=0,
        le=5000,
        description=(
            "Neural Cleanse: optimisation steps per class of the trigger inversion (0 turns "
            "the inversion off)"
        ),
    )
    backdoor_cleanse_rows: int = Field(
        default=200, ge=20, le=10_000, description="Neural Cleanse: other-class rows per class"
    )
    backdoor_cleanse_index: float = Field(
        default=2.0,
        gt=0,
        le=100,
        description=(
            "Neural Cleanse: anomaly index (MAD of mask norms) above which a class is suspect"
        ),
    )


# Same stage as the other data checks; its own settings keys (all ``backdoor_*``).
BACKDOOR = Stage(
    name="ingestion",
    lifecycle=Lifecycle.DATA,
    description="Integrity of training and evaluation data: hygiene, leakage, poisoning signs.",
    settings=BackdoorSettings,
)


@dataclass(frozen=True)
class Representation:
    """Per-row features, loss and last-layer gradient norm, and where they came from."""

    features: NDArray[np.float64]  # (n, d) penultimate activations
    loss: NDArray[np.float64]  # (n,) cross-entropy of each row at its own label
    grad_norm: NDArray[np.float64]  # (n,) Frobenius norm of d loss / d last-layer weights
    labels: NDArray[np.int64]  # (n,) label indices 0..k-1
    source: str  # "model" or "default"
    train_accuracy: float
    # The model's class index (same indices as ``labels``) for any batch shaped like ``x``;
    # the trigger-transfer test feeds it inputs with a recovered trigger stamped on.
    predict: Callable[[NDArray[Any]], NDArray[np.int64]] | None = None
    # Penultimate features of any batch shaped like ``x`` (Neural Cleanse compares training
    # rows with trigger-stamped ones), and the torch module itself (for gradients).
    embed: Callable[[NDArray[Any]], NDArray[np.float64]] | None = None
    module: Any | None = None
    output: str = "logits"  # or "probabilities" (the module's last layer is a softmax)


def _module_of(model: Any) -> Any | None:
    """The torch module behind ``model`` (a TorchModel or a bare ``nn.Module``), else None."""
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is an extra
        return None
    if isinstance(model, torch.nn.Module):
        return model
    module = getattr(model, "module", None)
    if isinstance(module, torch.nn.Module):
        return module
    return None


@contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Cap BLAS/OpenMP threads (numpy, scikit-learn) for the block; ``None`` leaves them.

    On a loaded 2-core machine, a 200x64 SVD took 2 s with the default threads and 1 ms on one.
    """
    if n is None:
        yield
        return
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    with threadpool_limits(limits=n):
        yield


def label_indices(y: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[Any]]:
    classes, idx = np.unique(np.asarray(y), return_inverse=True)
    return idx.astype(np.int64), classes


def _check_inputs(x: NDArray[Any], y: NDArray[Any]) -> None:
    if x.ndim < 2 or len(x) == 0:
        raise InputError(f"backdoor detection needs a batch of samples, got shape {x.shape}")
    if y.shape != (len(x),):
        raise InputError(f"labels must be one per row: {len(x)} rows, labels of shape {y.shape}")
    if not np.isfinite(np.asarray(x, dtype=np.float64)).all():
        raise InputError("backdoor detection: x holds NaN or infinite values; clean them first")
    if len(np.unique(y)) < 2:
        raise InputError("backdoor detection needs at least two classes in the labels")


def default_network(shape: tuple[int, ...], classes: int, mean: float, std: float) -> Any:
    """A small CNN for image-shaped rows, a small MLP otherwise; input scaling built in."""
    import torch

    class Scale(torch.nn.Module):
        def forward(self, t: Any) -> Any:
            return (t - mean) / std

    if len(shape) in (2, 3) and min(shape[-2:]) >= 12:
        channels = 1 if len(shape) == 2 else shape[0]

        class Image(torch.nn.Module):
            def forward(self, t: Any) -> Any:
                return t.reshape(len(t), channels, shape[-2], shape[-1])

        return torch.nn.Sequential(
            Scale(),
            Image(),
            torch.nn.Conv2d(channels, 8, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.AdaptiveMaxPool2d(3),
            torch.nn.Flatten(),
            torch.nn.Linear(16 * 9, 64),
            torch.nn.ReLU(),
            torch.nn.Linear(64, classes),
        )
    features = int(np.prod(shape))
    return torch.nn.Sequential(
        Scale(),
        torch.nn.Flatten(),
        torch.nn.Linear(features, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, classes),
    )


def train_default(
    x: NDArray[Any], labels: NDArray[np.int64], *, epochs: int, seed: int, threads: int | None
) -> Any:
    """Train :func:`default_network` on ``(x, labels)``; returns the module in eval mode."""
    import torch

    from hauberk.models import torch_threads

    arr = np.asarray(x, dtype=np.float32)
    classes = int(labels.max()) + 1
    with torch_threads(threads):
        torch.manual_seed(seed)
        std = float(arr.std()) or 1.0
        net = default_network(arr.shape[1:], classes, float(arr.mean()), std)
        opt = torch.optim.Adam(net.parameters(), lr=2e-3)
        xt, yt = torch.from_numpy(arr), torch.from_numpy(labels)
        gen = torch.Generator().manual_seed(seed)
        net.train()
        for _ in range(epochs):
            for batch in torch.randperm(len(xt), generator=gen).split(64):  # type: ignore[no-untyped-call]
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(xt[batch]), yt[batch])
                loss.backward()  # type: ignore[no-untyped-call]
                opt.step()
    return net.eval()


def _hooked_layer(module: Any, layer: str | None) -> tuple[Any, bool]:
    """The module to hook and whether its *input* (True) or output (False) are the features."""
    import torch

    if layer is not None:
        named = dict(module.named_modules())
        if layer not in named:
            some = ", ".join(list(named)[1:8])
            raise ConfigError(
                f"backdoor_layer {layer!r} is not a module of the model; some: {some}"
            )
        return named[layer], False
    linears = [m for m in module.modules() if isinstance(m, torch.nn.Linear)]
    if not linears:
        raise ConfigError(
            "the model has no torch.nn.Linear layer to read penultimate features from; "
            "set backdoor_layer to the name of the penultimate module"
        )
    return linears[-1], True


def represent(
    x: NDArray[Any],
    y: NDArray[Any],
    model: Any | None,
    *,
    epochs: int = 20,
    layer: str | None = None,
    seed: int = 0,
    threads: int | None = 1,
    batch_size: int = 256,
) -> Representation:
    """Penultimate features, per-row loss and last-layer gradient norm of ``(x, y)``.

    ``model`` is a torch module or a :class:`~hauberk.models.TorchModel` whose outputs are
    logits and whose class order is ``sorted(unique(y))``; anything else (or ``None``) trains
    the default network on the data.
    """
    import torch

    from hauberk.models import torch_threads

    x, y = np.asarray(x), np.asarray(y)
    _check_inputs(x, y)
    labels, classes = label_indices(y)
    module = _module_of(model)
    source = "model"
    if module is not None and hasattr(model, "classes"):
        from hauberk.models import label_indices as columns

        labels = columns(cast(Model, model), y)
    if module is None:
        module = train_default(x, labels, epochs=epochs, seed=seed, threads=threads)
        source = "default"
    module.eval()
    hooked, use_input = _hooked_layer(module, layer)
    captured: list[Any] = []

    def hook(_: Any, inputs: Any, output: Any) -> None:
        captured.append((inputs[0] if use_input else output).detach().flatten(1))

    def run(batch: NDArray[Any]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        feats, logits = [], []
        handle = hooked.register_forward_hook(hook)
        try:
            with torch_threads(threads), torch.no_grad():
                for start in range(0, len(batch), batch_size):
                    chunk = torch.as_tensor(
                        np.asarray(batch[start : start + batch_size], np.float32)
                    )
                    out = module(chunk)
                    if not captured:
                        raise ConfigError(
                            "the hooked layer did not run in the model's forward pass"
                        )
                    feats.append(captured.pop().double().numpy())
                    captured.clear()
                    logits.append(out.detach().double().numpy())
        finally:
            handle.remove()
        return np.concatenate(feats), np.concatenate(logits)

    def embed(batch: NDArray[Any]) -> NDArray[np.float64]:
        return run(batch)[0]

    h, z = run(x)
    if z.ndim != 2 or z.shape[1] <= int(labels.max()):
        raise ConfigError(
            f"the model outputs {z.shape[1:]} scores per row but the labels have "
            f"{len(classes)} classes"
        )
    if getattr(model, "output", "logits") == "probabilities" and source == "model":
        z = np.log(np.clip(z, 1e-12, None))
    z = z - z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    rows = np.arange(len(x))
    loss = -logp[rows, labels]
    p = np.exp(logp)
    p[rows, labels] -= 1.0
    # d loss / d W of the last linear layer is (p - e_y) h^T; its norm factorises.
    grad_norm = np.linalg.norm(p, axis=1) * np.linalg.norm(h, axis=1)
    accuracy = float((logp.argmax(axis=1) == labels).mean())

    def predict(batch: NDArray[Any]) -> NDArray[np.int64]:
        out = []
        with torch_threads(threads), torch.no_grad():
            for start in range(0, len(batch), batch_size):
                chunk = torch.as_tensor(np.asarray(batch[start : start + batch_size], np.float32))
                out.append(module(chunk).argmax(dim=1).numpy())
        return np.concatenate(out).astype(np.int64) if out else np.zeros(0, dtype=np.int64)

    return Representation(
        h,
        loss,
        grad_norm,
        labels,
        source,
        accuracy,
        predict,
        embed=embed,
        module=module,
        output=getattr(model, "output", "logits") if source == "model" else "logits",
    )


def robust_z(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """(v - median) / (1.4826 · MAD): a z-score that a minority of outliers cannot drag."""
    med = float(np.median(values))
    mad = 1.4826 * float(np.median(np.abs(values - med)))
    if mad <= 1e-12:
        mad = float(np.std(values)) or 1.0
    out: NDArray[np.float64] = (values - med) / mad
    return out


def on_features(
    x: NDArray[Any],
    y: NDArray[Any],
    model: Any | None,
    settings: BackdoorSettings,
    score: Callable[[Representation], T],
) -> T:
    """``score`` of ``(x, y)``'s representation, built and scored under the thread cap: the one
    entry every detector function shares."""
    with blas_threads(settings.backdoor_threads):
        rep = represent(
            x,
            y,
            model,
            epochs=settings.backdoor_epochs,
            layer=settings.backdoor_layer,
            threads=settings.backdoor_threads,
        )
        return score(rep)


def z_flags(
    detector: str,
    reason: str,
    scores: NDArray[np.float64],
    rep: Representation,
    settings: BackdoorSettings,
) -> RowFlags:
    """Rows whose per-class robust z-score is above ``backdoor_z``."""
    rows = np.flatnonzero(scores > settings.backdoor_z).astype(np.int64)
    return RowFlags(
        detector,
        reason,
        rows,
        scores[rows],
        {"threshold_z": settings.backdoor_z, "features": rep.source, "rows": len(scores)},
    )
