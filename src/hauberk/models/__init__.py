"""Layer 1: every model behind one ``Model`` protocol, with query counting and budgets.

torch and onnxruntime load lazily, inside the adapters that need them.
"""

from hauberk.models._callable import CallableModel
from hauberk.models._http import HttpModel
from hauberk.models._load import (
    ModelOptions,
    as_dataset,
    as_model,
    from_loaded,
    load_data,
    load_model,
    sniff_model_format,
)
from hauberk.models._onnx import OnnxModel
from hauberk.models._protocol import Differentiable, Model, label_indices
from hauberk.models._sklearn import SklearnModel
from hauberk.models._spec import InputSpec, NonFiniteOutputError, softmax
from hauberk.models._target import Dataset, Split, Target, Trainer
from hauberk.models._threads import torch_threads
from hauberk.models._torch import TorchModel

__all__ = [
    "CallableModel",
    "Dataset",
    "Differentiable",
    "HttpModel",
    "InputSpec",
    "Model",
    "ModelOptions",
    "NonFiniteOutputError",
    "OnnxModel",
    "SklearnModel",
    "Split",
    "Target",
    "TorchModel",
    "Trainer",
    "as_dataset",
    "as_model",
    "from_loaded",
    "label_indices",
    "load_data",
    "load_model",
    "sniff_model_format",
    "softmax",
    "torch_threads",
]
