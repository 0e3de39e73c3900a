"""CKKS homomorphic inference with TenSEAL: the client keeps the secret key, the server computes.

Roles are separated by key material, not by convention:

* :class:`CkksClient` makes the TenSEAL context (Microsoft SEAL underneath), keeps the secret
  key, and hands out :meth:`CkksClient.public_context`: the serialised context *without* the
  secret key (public, relinearisation and Galois keys only). It encrypts standardised inputs
  and decrypts the server's answers.
* :class:`CkksServer` is built from those public bytes and the plaintext model weights. It
  evaluates ``x @ W + b``, the polynomial activation and the next layer on ciphertexts and
  returns ciphertexts. Its context holds no secret key, so it cannot decrypt the inputs or
  its own results (TenSEAL raises; a test proves it).

Parameters: polynomial modulus 8192 (4096 slots), a 40-bit outer and 26-bit inner coefficient
moduli per multiplicative level, global scale 2^26. For depth 3 (linear, square, linear) that is
184 bits of modulus, under SEAL's 218-bit limit for 128-bit security at N = 8192 (the
HomomorphicEncryption.org standard table). One input row is one ciphertext (CKKSVector); the
weights stay plaintext on the server, so the model owner does not reveal them either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError
from hauberk.encrypted._model import PolyModel

POLY_MODULUS_DEGREE = 8192
OUTER_BITS = 40
INNER_BITS = 26
#: SEAL's largest coefficient modulus for 128-bit security at N = 8192.
MAX_MODULUS_BITS = 218
MAX_CIPHERTEXT_BYTES = 16 << 20


def ckks_parameters(depth: int) -> tuple[int, list[int], float]:
    """(poly modulus degree, coefficient modulus bit sizes, scale) for ``depth`` levels."""
    if not 1 <= depth <= 5:
        raise ConfigError(f"CKKS depth must be in [1, 5] at N=8192, got {depth}")
    bits = [OUTER_BITS] + [INNER_BITS] * depth + [OUTER_BITS]
    if sum(bits) > MAX_MODULUS_BITS:
        raise ConfigError(f"depth {depth} needs {sum(bits)} modulus bits, above 218 (128-bit)")
    return POLY_MODULUS_DEGREE, bits, float(2**INNER_BITS)


class CkksClient:
    """Holds the secret key: makes the context, encrypts inputs, decrypts results."""

    def __init__(self, *, depth: int) -> None:
        import tenseal as ts

        n, bits, scale = ckks_parameters(depth)
        self.depth = depth
        self._context = ts.context(ts.SCHEME_TYPE.CKKS, n, coeff_mod_bit_sizes=bits)
        self._context.global_scale = scale
        self._context.generate_galois_keys()
        self._context.generate_relin_keys()

    def public_context(self) -> bytes:
        """The context the server gets: public, relinearisation and Galois keys; no secret key."""
        data: bytes = self._context.serialize(
            save_public_key=True,
            save_secret_key=False,
            save_galois_keys=True,
            save_relin_keys=True,
        )
        return data

    def encrypt(self, row: NDArray[np.float64]) -> bytes:
        import tenseal as ts

        vec = ts.ckks_vector(self._context, [float(v) for v in np.asarray(row).ravel()])
        data: bytes = vec.serialize()
        return data

    def decrypt(self, ciphertext: bytes) -> NDArray[np.float64]:
        import tenseal as ts

        vec = ts.ckks_vector_from(self._context, ciphertext)
        return np.asarray(vec.decrypt(), dtype=np.float64)


class CkksServer:
    """Evaluates a :class:`PolyModel` on ciphertexts under a public context (no secret key)."""

    def __init__(self, public_context: bytes, model: PolyModel) -> None:
        import tenseal as ts

        if len(public_context) > 256 << 20:
            raise InputError("public context is larger than 256 MiB")
        self._context = ts.context_from(public_context)
        if self._context.is_private():
            raise ConfigError(
                "the server was given a context holding the secret key; give it "
                "CkksClient.public_context() instead"
            )
        self.model = model
        self._weights = [(w.tolist(), b.tolist()) for w, b in model.layers]

    def can_decrypt(self) -> bool:
        """False: the server's context carries no secret key."""
        return bool(self._context.is_private())

    def infer(self, ciphertext: bytes) -> bytes:
        """One encrypted row in, its encrypted logits out."""
        import tenseal as ts

        if len(ciphertext) > MAX_CIPHERTEXT_BYTES:
            raise InputError(f"ciphertext is larger than {MAX_CIPHERTEXT_BYTES} bytes")
        try:
            h: Any = ts.ckks_vector_from(self._context, ciphertext)
        except Exception as exc:  # SEAL raises ValueError/RuntimeError on malformed input
            raise InputError(f"not a CKKS vector under this context: {exc}") from None
        last = len(self._weights) - 1
        for i, (w, b) in enumerate(self._weights):
            h = h.mm(w) + b
            if i < last:
                square = self.model.is_square
                h = h.square() if square else h.polyval(list(self.model.activation))
        data: bytes = h.serialize()
        return data
