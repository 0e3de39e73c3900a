"""BPDA: differentiate through non-differentiable operations as if they were the identity.

Athalye, Carlini and Wagner, "Obfuscated Gradients Give a False Sense of Security", ICML 2018.
Input quantisation, rounding, sign and clamping give zero or no gradient, so gradient attacks
stall while the model is no more robust. Inside :func:`straight_through`, these torch
operations keep their forward value but pass the gradient through unchanged (the
straight-through estimator), for any module, without knowing its code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _targets() -> frozenset[Any]:
    import torch

    names = ("round", "floor", "ceil", "trunc", "sign", "clamp", "clip", "frac")
    funcs: set[Any] = set()
    for name in names:
        for owner in (torch, torch.Tensor):
            fn = getattr(owner, name, None)
            if fn is not None:
                funcs.add(fn)
    funcs.update({torch.Tensor.clamp_, torch.Tensor.round_, torch.Tensor.floor_})
    return frozenset(funcs)


@contextmanager
def straight_through() -> Iterator[None]:
    """Within the block, rounding-like torch ops have an identity gradient."""
    import torch
    from torch.overrides import TorchFunctionMode

    targets = _targets()

    class _Mode(TorchFunctionMode):
        def __torch_function__(
            self, func: Any, types: Any, args: Any = (), kwargs: Any = None
        ) -> Any:
            out = func(*args, **(kwargs or {}))
            if func in targets and args:
                x = args[0]
                if (
                    isinstance(x, torch.Tensor)
                    and isinstance(out, torch.Tensor)
                    and x.requires_grad
                    and out.shape == x.shape
                    and out.dtype.is_floating_point
                ):
                    return x + (out - x).detach()
            return out

    with _Mode():
        yield
