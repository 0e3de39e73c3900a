"""Layer 2: encrypted inference, so a server scores inputs it never sees in the clear.

CKKS homomorphic encryption with TenSEAL (the client holds the secret key, the server gets a
public context and computes on ciphertexts) and secure three-party computation with MPyC
(parties as real processes on 127.0.0.1), both for linear models and small MLPs with a
polynomial activation::

    from hauberk.encrypted import CkksClient, CkksServer, demo_model

    model, x, y = demo_model("breast-cancer", "linear")
    client = CkksClient(depth=model.depth)
    server = CkksServer(client.public_context(), model)  # no secret key on the server
    logits = client.decrypt(server.infer(client.encrypt(model.prepare(x[:1])[0])))

A separate package rather than part of ``hauberk.federated`` or ``hauberk.privacy``: it serves
a trained model (inference), it needs neither Flower nor Opacus, and its heavy dependencies
(tenseal, mpyc) stay in their own extra, ``pip install hauberk[encrypted]``. TenSEAL and MPyC
load only when a function needs them.
"""

from __future__ import annotations

from hauberk.encrypted._ckks import CkksClient, CkksServer, ckks_parameters
from hauberk.encrypted._evaluate import EncryptedEvaluation, demo_model, evaluate
from hauberk.encrypted._model import ACTIVATIONS, PolyModel, from_linear, train_poly_mlp
from hauberk.encrypted._mpc import MpcResult, mpc_infer

__all__ = [
    "ACTIVATIONS",
    "CkksClient",
    "CkksServer",
    "EncryptedEvaluation",
    "MpcResult",
    "PolyModel",
    "ckks_parameters",
    "demo_model",
    "evaluate",
    "from_linear",
    "mpc_infer",
    "train_poly_mlp",
]
