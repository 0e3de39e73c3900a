"""Targets whose answers are degraded: one-hot labels, rounded scores, top-k scores."""

from __future__ import annotations

from typing import Any

import numpy as np

from hauberk.models import CallableModel, SklearnModel


def one_hot(p: Any) -> Any:
    out = np.zeros_like(p)
    out[np.arange(len(p)), p.argmax(axis=1)] = 1.0
    return out


def rounded(p: Any, decimals: int = 1) -> Any:
    r = np.round(p, decimals)
    r[np.arange(len(r)), p.argmax(axis=1)] += 1e-9  # a row rounded to all zeros keeps its label
    return r / r.sum(axis=1, keepdims=True)


def top_k(p: Any, k: int = 2) -> Any:
    out = np.zeros_like(p)
    idx = np.argsort(p, axis=1)[:, -k:]
    rows = np.arange(len(p))[:, None]
    out[rows, idx] = p[rows, idx]
    return out / out.sum(axis=1, keepdims=True)


def degraded(model: SklearnModel, form: str, **kw: Any) -> CallableModel:
    """``model`` behind an API that answers in ``form`` (``labels``, ``rounded``, ``top-k``)."""
    fn = {"labels": one_hot, "rounded": rounded, "top-k": top_k}[form]
    est = model.estimator
    return CallableModel(
        lambda x: fn(est.predict_proba(x), **kw),
        classes=model.classes,
        input_spec=model.input_spec,
    )
