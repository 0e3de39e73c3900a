"""The client-update screen: drop malformed updates with a logged reason, flag outliers.

A Flower server trusts whatever a client sends. Before any aggregation rule sees an update,
:class:`UpdateScreen` drops the ones that cannot be aggregated (wrong number of arrays, wrong
shapes, NaN or infinity, more bytes than allowed, an L2 norm above ``max_norm``) and logs why;
the round continues with the rest. Among the well-formed updates it flags the outliers: an
update whose norm, or whose distance to the coordinate-wise median update, lies more than
``z_threshold`` robust z-scores (median and MAD) above the round's typical value, or whose
direction points away from the median update (cosine below ``min_cosine``).

Flagging is a signal, not a proof: an attack crafted to sit inside the honest spread
(little-is-enough) is built not to be flagged, which is why a robust rule still aggregates.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

LOG = logging.getLogger("hauberk.federated")

_MAD_SCALE = 1.4826


def digest(arrays: Sequence[NDArray[np.generic]]) -> str:
    """SHA-256 over the arrays' dtypes, shapes and little-endian bytes, in order."""
    h = hashlib.sha256()
    for a in arrays:
        arr = np.ascontiguousarray(a)
        h.update(f"{arr.dtype.str}{arr.shape};".encode())
        h.update(arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes())
    return "sha256:" + h.hexdigest()


@dataclass(frozen=True)
class Screened:
    """What the screen made of one round's updates."""

    kept: tuple[str, ...]  # client ids whose updates are well-formed, in input order
    dropped: dict[str, str] = field(default_factory=dict)  # client id -> reason
    flagged: dict[str, str] = field(default_factory=dict)  # client id -> reason (among kept)


class UpdateScreen:
    """Validate and flag client updates (deltas from the current global model)."""

    def __init__(
        self,
        *,
        max_norm: float | None = None,
        max_bytes: int = 256 * 1024 * 1024,
        z_threshold: float = 3.5,
        min_cosine: float = 0.0,
    ) -> None:
        if max_norm is not None and max_norm <= 0:
            raise ValueError(f"max_norm must be > 0 or None, not {max_norm}")
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be > 0, not {max_bytes}")
        if z_threshold <= 0:
            raise ValueError(f"z_threshold must be > 0, not {z_threshold}")
        if not -1.0 <= min_cosine <= 1.0:
            raise ValueError(f"min_cosine must be in [-1, 1], not {min_cosine}")
        self.max_norm = max_norm
        self.max_bytes = max_bytes
        self.z_threshold = z_threshold
        self.min_cosine = min_cosine

    def problem(
        self, arrays: Sequence[NDArray[np.generic]], reference: Sequence[NDArray[np.generic]]
    ) -> str | None:
        """Why this client's parameters cannot be aggregated, or None when they can."""
        if len(arrays) != len(reference):
            return f"sent {len(arrays)} arrays, the model has {len(reference)}"
        size = sum(int(np.asarray(a).nbytes) for a in arrays)
        if size > self.max_bytes:
            return f"sent {size} bytes, more than the {self.max_bytes} allowed"
        for i, (a, r) in enumerate(zip(arrays, reference, strict=True)):
            arr = np.asarray(a)
            if arr.shape != r.shape:
                return f"array {i} has shape {arr.shape}, the model's is {r.shape}"
            if not np.issubdtype(arr.dtype, np.number):
                return f"array {i} has dtype {arr.dtype}, not a number type"
            if not np.all(np.isfinite(arr)):
                return f"array {i} holds NaN or infinite values"
        if self.max_norm is not None:
            squares = [
                float(np.sum((np.asarray(a, np.float64) - np.asarray(r, np.float64)) ** 2))
                for a, r in zip(arrays, reference, strict=True)
            ]
            norm = float(np.sqrt(sum(squares)))
            if norm > self.max_norm:
                return f"update norm {norm:.4g} exceeds max_norm {self.max_norm:.4g}"
        return None

    def screen(
        self,
        clients: Sequence[tuple[str, Sequence[NDArray[np.generic]]]],
        reference: Sequence[NDArray[np.generic]],
    ) -> Screened:
        """Drop malformed parameter sets, flag outlying updates among the rest."""
        ref = [np.asarray(r, dtype=np.float64) for r in reference]
        kept: list[str] = []
        rows: list[NDArray[np.float64]] = []
        dropped: dict[str, str] = {}
        for cid, arrays in clients:
            reason = self.problem(arrays, ref)
            if reason is not None:
                LOG.warning("dropped update from client %s: %s", cid, reason)
                dropped[cid] = reason
                continue
            kept.append(cid)
            rows.append(
                np.concatenate(
                    [
                        (np.asarray(a, np.float64) - r).ravel()
                        for a, r in zip(arrays, ref, strict=True)
                    ]
                )
            )
        flagged = self.flag(kept, np.vstack(rows)) if len(rows) >= 3 else {}
        for cid, reason in flagged.items():
            LOG.info("flagged update from client %s: %s", cid, reason)
        return Screened(kept=tuple(kept), dropped=dropped, flagged=flagged)

    def flag(self, ids: Sequence[str], updates: NDArray[np.float64]) -> dict[str, str]:
        """Outlying rows of ``updates`` (one per id) with the reason each was flagged."""
        median = np.median(updates, axis=0)
        norms = np.linalg.norm(updates, axis=1)
        dist = np.linalg.norm(updates - median, axis=1)
        mnorm = float(np.linalg.norm(median))
        cos = (updates @ median) / np.maximum(norms * mnorm, 1e-12)
        out: dict[str, str] = {}
        for name, values in (("norm", norms), ("distance to the median update", dist)):
            center = float(np.median(values))
            mad = float(np.median(np.abs(values - center))) * _MAD_SCALE
            scale = max(mad, 1e-9 * max(center, 1e-12), 1e-12)
            z = (values - center) / scale
            for i in np.flatnonzero(z > self.z_threshold):
                out.setdefault(ids[int(i)], f"{name} {values[i]:.4g} is {z[i]:.1f} robust z above")
        if mnorm > 0:
            for i in np.flatnonzero(cos < self.min_cosine):
                out.setdefault(ids[int(i)], f"cosine {cos[i]:.3f} to the median update")
        return out
