"""The attack base class: its final ``__call__`` owns every invariant.

Subclasses implement ``_run(run)`` on one batch. The base class validates the model, inputs
and labels, cuts the data into batches, seeds each batch, runs the subclass, then projects the
result onto the ε-ball, the valid range and the feature constraints, and checks that the query
budget held. An attack cannot forget any of it (foolbox's final ``__call__``).
"""

from __future__ import annotations

import abc
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, final

import numpy as np
from numpy.typing import NDArray

from hauberk.core import BudgetExceeded, ConfigError, InputError
from hauberk.evasion._constraints import NORMS, FeatureConstraints, project
from hauberk.models import Differentiable, Model, label_indices

if TYPE_CHECKING:
    import torch

THREATS = ("white-box", "score-based", "decision-based", "transfer")


def check_range(name: str, value: float, low: float, high: float, *, integer: bool = False) -> None:
    """Raise :class:`ConfigError` naming ``name`` unless ``low <= value <= high``."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError(f"{name} must be a number, got {value!r}")
    if integer and not float(value).is_integer():
        raise ConfigError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ConfigError(f"{name} must be within [{low:g}, {high:g}], got {value!r}")


def model_device(model: Any) -> str:
    """The device a torch-backed model runs on (``cpu`` unless it says otherwise)."""
    device = getattr(model, "device", None)
    return str(device) if device is not None else "cpu"


@dataclass
class TorchView:
    """The batch as tensors on the model's device, with its module, bounds and masks."""

    module: Any
    device: str
    x: torch.Tensor
    y: torch.Tensor
    lo: torch.Tensor  # per-feature lower bound, shaped like one sample
    hi: torch.Tensor
    free: torch.Tensor | None  # 1.0 where a feature may move continuously, else 0.0
    generator: torch.Generator
    charge: Callable[[int], None]
    bounds: tuple[float, float] | None = None  # the same finite range for every feature

    def logits(self, xt: torch.Tensor) -> torch.Tensor:
        """One charged forward pass (``len(xt)`` queries)."""
        from hauberk.evasion._ops import connected

        self.charge(len(xt))
        out: torch.Tensor = connected(self.module(xt), xt)
        return out

    def clip(self, xt: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Clip to the value range, and put frozen or categorical features back to ``x``."""
        import torch

        if self.bounds is not None:
            out = xt.clamp(*self.bounds)
        else:
            out = torch.max(torch.min(xt, self.hi), self.lo)
        if self.free is not None:
            out = x + (out - x) * self.free
        return out


@dataclass
class AttackRun:
    """What ``_run`` sees for one batch: the inputs, labels, ε, bounds and a charged oracle."""

    model: Model
    x: NDArray[Any]  # (n, *shape) float64, inside the range and constraints
    y: NDArray[np.int64]  # label column indices
    eps: float
    norm: str
    lower: float | None
    upper: float | None
    constraints: FeatureConstraints | None
    rng: np.random.Generator
    seed: int
    limit: int | None  # rows this call may still send, over all batches
    spent: list[int] = field(default_factory=lambda: [0])
    _torch: TorchView | None = None

    @property
    def n_classes(self) -> int:
        return len(self.model.classes)

    def charge(self, rows: int) -> None:
        """Charge ``rows`` queries: the attack's own budget first, then the model's counter."""
        if self.limit is not None and self.spent[0] + rows > self.limit:
            raise BudgetExceeded("attack query", self.limit, self.spent[0] + rows)
        self.model.counter.charge(rows)
        self.spent[0] += rows

    def remaining(self) -> int | None:
        """Rows that may still be sent under the attack's budget and the model's counter."""
        caps = [c for c in (self.model.counter.remaining,) if c is not None]
        if self.limit is not None:
            caps.append(self.limit - self.spent[0])
        return min(caps) if caps else None

    def proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        """Scores of ``x`` through ``predict_proba`` (the adapter charges the counter)."""
        if self.limit is not None and self.spent[0] + len(x) > self.limit:
            raise BudgetExceeded("attack query", self.limit, self.spent[0] + len(x))
        dtype = self.model.input_spec.dtype
        out = self.model.predict_proba(np.asarray(x, dtype=dtype))
        self.spent[0] += len(x)
        return out

    def lo_hi(self) -> tuple[NDArray[Any], NDArray[Any]]:
        """Per-feature bounds (flattened), combining the input range and the constraints."""
        nf = int(np.prod(self.x.shape[1:]))
        lo = np.full(nf, -np.inf if self.lower is None else self.lower)
        hi = np.full(nf, np.inf if self.upper is None else self.upper)
        if self.constraints is not None:
            clo, chi = self.constraints.bounds()
            lo, hi = np.maximum(lo, clo), np.minimum(hi, chi)
        return lo, hi

    def torch(self) -> TorchView:
        """The batch as tensors on the model's device (white-box attacks)."""
        if self._torch is not None:
            return self._torch
        import torch

        assert isinstance(self.model, Differentiable)
        module = self.model.torch_module()
        device = model_device(self.model)
        dtype = torch.float32
        xt = torch.as_tensor(self.x, dtype=dtype, device=device)
        yt = torch.as_tensor(self.y, dtype=torch.int64, device=device)
        lo, hi = self.lo_hi()
        shape = self.x.shape[1:]
        big = torch.finfo(dtype).max
        lo_t = torch.as_tensor(np.clip(lo, -big, big).reshape(shape), dtype=dtype, device=device)
        hi_t = torch.as_tensor(np.clip(hi, -big, big).reshape(shape), dtype=dtype, device=device)
        free = None
        if self.constraints is not None:
            mask = self.constraints.continuous_mask.reshape(shape)
            free = torch.as_tensor(mask, dtype=dtype, device=device)
        gen = torch.Generator(device=device)
        gen.manual_seed(self.seed)
        uniform = None
        if np.isfinite(lo).all() and np.isfinite(hi).all() and np.ptp(lo) == 0 and np.ptp(hi) == 0:
            uniform = (float(lo[0]), float(hi[0]))
        self._torch = TorchView(module, device, xt, yt, lo_t, hi_t, free, gen, self.charge, uniform)
        with torch.no_grad():
            probe = self._torch.logits(xt[:1])
        k = self.n_classes
        if probe.shape != (1, k) or not bool(torch.isfinite(probe).all()):
            raise InputError(
                f"model: torch_module() must return finite logits of shape (n, {k}), got "
                f"{tuple(probe.shape)}; check the module's output layer and classes"
            )
        return self._torch


class Attack(abc.ABC):
    """An evasion attack: ``attack(model, x, y)`` returns adversarial inputs shaped like ``x``.

    Every result lies in the ε-ball (``norm`` ``linf`` or ``l2``) around ``x``, in the model's
    value range ``[input_spec.lower, input_spec.upper]`` and within ``constraints``. Untargeted:
    an attack succeeds on a sample when the model no longer predicts its label. ``seed`` makes
    every call repeatable; ``max_queries`` caps the rows one call may send to the model.
    """

    #: short name used in reports
    name: str = "attack"
    #: white-box, score-based, decision-based or transfer
    threat: ClassVar[str] = "white-box"
    #: norms the attack supports
    norms: ClassVar[tuple[str, ...]] = NORMS

    def __init__(
        self,
        *,
        eps: float,
        norm: str = "linf",
        seed: int = 0,
        batch_size: int = 512,
        max_queries: int | None = None,
        constraints: FeatureConstraints | None = None,
    ) -> None:
        if norm not in self.norms:
            raise ConfigError(f"{self.name}: norm must be one of {self.norms}, got {norm!r}")
        check_range("eps", eps, 0.0, math.inf)
        if not math.isfinite(eps) or eps <= 0:
            raise ConfigError(f"{self.name}: eps must be a finite number > 0, got {eps!r}")
        check_range("seed", seed, 0, 2**32 - 1, integer=True)
        check_range("batch_size", batch_size, 1, 1 << 20, integer=True)
        if max_queries is not None:
            check_range("max_queries", max_queries, 1, math.inf, integer=True)
        if constraints is not None and not isinstance(constraints, FeatureConstraints):
            raise ConfigError("constraints must be a hauberk.evasion.FeatureConstraints")
        self.eps = float(eps)
        self.norm = norm
        self.seed = int(seed)
        self.batch_size = int(batch_size)
        self.max_queries = None if max_queries is None else int(max_queries)
        self.constraints = constraints
        self.last_queries = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(eps={self.eps:g}, norm={self.norm!r})"

    @property
    def needs_gradients(self) -> bool:
        return self.threat == "white-box"

    @abc.abstractmethod
    def _run(self, run: AttackRun) -> Any:
        """Attack one batch; return adversarial inputs (numpy or torch) shaped like ``run.x``."""

    def _validate(self, model: Any, x: Any, y: Any) -> tuple[NDArray[Any], NDArray[np.int64]]:
        if not isinstance(model, Model):
            raise InputError(
                f"model: expected a hauberk Model (predict_proba, classes, input_spec, counter), "
                f"got {type(model).__name__}; wrap it with hauberk.models.as_model"
            )
        if self.needs_gradients and not isinstance(model, Differentiable):
            raise InputError(
                f"model: {self.name} is a white-box attack and needs gradients, but "
                f"{type(model).__name__} gives none; use Square, HopSkipJump or TransferAttack"
            )
        spec = model.input_spec
        if not spec.dtype.startswith("float"):
            raise InputError(
                f"x: the model takes {spec.dtype} inputs; attacks need a floating-point input"
            )
        arr = np.asarray(spec.check(x, where="x"), dtype=np.float64)
        if not spec.in_range(arr):
            raise InputError(
                f"x: values must lie in the model's input range [{spec.lower}, {spec.upper}], got "
                f"[{arr.min():g}, {arr.max():g}]; scale the data as the model expects"
            )
        if self.constraints is not None:
            if self.constraints.n_features != spec.features:
                raise ConfigError(
                    f"constraints: n_features={self.constraints.n_features} but the model takes "
                    f"{spec.features} features"
                )
            self.constraints.check(arr)
        labels = np.asarray(y)
        if labels.shape != (len(arr),):
            raise InputError(
                f"y: expected one label per sample, shape ({len(arr)},), got {labels.shape}"
            )
        return arr, label_indices(model, labels)

    @final
    def __call__(self, model: Model, x: NDArray[Any], y: NDArray[Any]) -> NDArray[Any]:
        """Attack ``x`` (labels ``y``) on ``model``; see the class docstring for guarantees."""
        arr, idx = self._validate(model, x, y)
        spec = model.input_spec
        start = model.counter.total
        spent = [0]
        parts = []
        for b, lo in enumerate(range(0, len(arr), self.batch_size)):
            xb, yb = arr[lo : lo + self.batch_size], idx[lo : lo + self.batch_size]
            seed = (self.seed * 1_000_003 + b) % 2**32
            run = AttackRun(
                model=model,
                x=xb,
                y=yb,
                eps=self.eps,
                norm=self.norm,
                lower=spec.lower,
                upper=spec.upper,
                constraints=self.constraints,
                rng=np.random.default_rng(seed),
                seed=seed,
                limit=self.max_queries,
                spent=spent,
            )
            out = self._run(run)
            if not isinstance(out, np.ndarray):
                out = out.detach().cpu().numpy()
            out = np.asarray(out, dtype=np.float64)
            if out.shape != xb.shape:
                raise AssertionError(f"{self.name} returned shape {out.shape}, not {xb.shape}")
            parts.append(
                project(
                    xb,
                    out,
                    eps=self.eps,
                    norm=self.norm,
                    lower=spec.lower,
                    upper=spec.upper,
                    constraints=self.constraints,
                )
            )
        used = model.counter.total - start
        self.last_queries = used
        if self.max_queries is not None and used > self.max_queries:
            raise BudgetExceeded(f"{self.name} query", self.max_queries, used)
        result = np.concatenate(parts) if parts else arr.copy()
        result = result.astype(spec.dtype)
        # casting can round a hair past a bound; clip once more in the model's own dtype
        if spec.lower is not None or spec.upper is not None:
            np.clip(result, spec.lower, spec.upper, out=result)
        return result
