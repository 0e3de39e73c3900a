"""An ONNX Runtime session as a model. onnxruntime loads lazily."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ModelLoadError, QueryCounter
from hauberk.models._batching import predict_batched
from hauberk.models._spec import InputSpec

_ORT_DTYPES = {"tensor(float)": "float32", "tensor(double)": "float64", "tensor(int64)": "int64"}


def _is_probability(sample: NDArray[Any]) -> bool:
    return bool(
        (sample >= -1e-6).all()
        and (sample <= 1 + 1e-6).all()
        and np.allclose(sample.sum(1), 1, atol=1e-3)
    )


def _session(model: str | Path | bytes) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    source = model if isinstance(model, bytes) else str(model)
    try:
        return ort.InferenceSession(
            source, sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:
        raise ModelLoadError(f"onnxruntime cannot load the model: {exc}") from exc


class OnnxModel:
    """Runs an ONNX classifier on the CPU provider (a path, bytes, or a ready session).

    The output used is the first 2-D float output (``output_name`` picks another). Whether it
    holds probabilities or logits is decided once from a probe batch unless ``output`` says so.
    Models exported with skl2onnx must use ``zipmap=False`` so that scores are a tensor.
    """

    def __init__(
        self,
        model: str | Path | bytes | Any,
        *,
        classes: Sequence[Any] | None = None,
        input_spec: InputSpec | None = None,
        output_name: str | None = None,
        output: str = "auto",
        batch_size: int = 1024,
        query_limit: int | None = None,
    ) -> None:
        self.session: Any = model if hasattr(model, "get_inputs") else _session(model)
        first = self.session.get_inputs()[0]
        self.input_name = first.name
        self.output_name = output_name or self._score_output()
        if input_spec is None:
            dims = [d for d in first.shape[1:]]
            if not all(isinstance(d, int) for d in dims):
                raise ModelLoadError(
                    f"input {first.name!r} has symbolic dims {first.shape}; give input_shape"
                )
            input_spec = InputSpec(
                shape=tuple(int(d) for d in dims), dtype=_ORT_DTYPES.get(first.type, "float32")
            )
        self._spec = input_spec
        self._counter = QueryCounter(query_limit)
        self.batch_size = batch_size
        probe = self._raw(np.zeros((2, *input_spec.shape), dtype=input_spec.dtype))
        self.output = (
            output
            if output != "auto"
            else ("probabilities" if _is_probability(probe) else "logits")
        )
        self._classes = tuple(classes) if classes is not None else tuple(range(probe.shape[1]))

    def _score_output(self) -> str:
        for out in self.session.get_outputs():
            if out.type in ("tensor(float)", "tensor(double)") and len(out.shape) == 2:
                return str(out.name)
        names = [(o.name, o.type) for o in self.session.get_outputs()]
        raise ModelLoadError(
            f"no 2-D float score output among {names}; export with skl2onnx "
            "options={'zipmap': False}, or pick the score output with output_name="
        )

    @property
    def classes(self) -> tuple[Any, ...]:
        return self._classes

    @property
    def input_spec(self) -> InputSpec:
        return self._spec

    @property
    def counter(self) -> QueryCounter:
        return self._counter

    def _raw(self, batch: NDArray[Any]) -> NDArray[np.float64]:
        try:
            (out,) = self.session.run([self.output_name], {self.input_name: batch})
        except Exception as exc:  # ONNX Runtime's text runs to several lines: keep the first
            lines = str(exc).strip().splitlines()
            first = (lines[0] if lines else type(exc).__name__)[:300]
            shape = list(self.session.get_inputs()[0].shape)
            raise ModelLoadError(
                f"ONNX model rejected a batch of shape {list(batch.shape)} "
                f"(input {self.input_name!r} declares {shape}): {first}"
            ) from exc
        return np.asarray(out, dtype=np.float64)

    def predict_proba(self, x: NDArray[Any]) -> NDArray[np.float64]:
        return predict_batched(
            x,
            spec=self._spec,
            counter=self._counter,
            batch_size=self.batch_size,
            forward=self._raw,
            classes=self._classes,
            output=self.output,
            source="ONNX model",
        )
