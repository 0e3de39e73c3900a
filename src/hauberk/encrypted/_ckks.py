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

Parameters: polynomial modulus 8192 (4096 slots); one inner prime per multiplicative level at
the scale (the largest that fits, at most 40 bits) and two outer primes 17 bits larger (the
integer part). For depth 3 (linear, square, linear) that is [53, 36, 36, 36, 53] = 214 bits,
under SEAL's 218-bit limit for 128-bit security at N = 8192 (the HomomorphicEncryption.org
standard table), scale 2^36. One input row is one ciphertext (CKKSVector); the
weights stay plaintext on the server, so the model owner does not reveal them either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from hauberk.core import ConfigError, InputError
from hauberk.encrypted._model import PolyModel

POLY_MODULUS_DEGREE = 8192
#: Bits of integer headroom of the outer primes above the scale (values up to about 2^17).
HEADROOM_BITS = 17
MAX_SCALE_BITS = 40
#: SEAL's largest coefficient modulus for 128-bit security at N = 8192.
MAX_MODULUS_BITS = 218
MAX_CIPHERTEXT_BYTES = 16 << 20


def ckks_parameters(depth: int) -> tuple[int, list[int], float]:
    """(poly modulus degree, coefficient modulus bit sizes, scale) for ``depth`` levels."""
    if not 1 <= depth <= 5:
        raise ConfigError(f"CKKS depth must be in [1, 5] at N=8192, got {depth}")
    # the largest scale whose primes still fit the 128-bit budget: more bits, less noise
    inner = min(MAX_SCALE_BITS, (MAX_MODULUS_BITS - 2 * HEADROOM_BITS) // (depth + 2))
    outer = inner + HEADROOM_BITS
    bits = [outer] + [inner] * depth + [outer]
    return POLY_MODULUS_DEGREE, bits, float(2**inner)


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
        """Encrypt one standardised row, with a constant 1 appended (it carries the first
        layer's bias, see :class:`CkksServer`)."""
        import tenseal as ts

        values = [*(float(v) for v in np.asarray(row).ravel()), 1.0]
        vec = ts.ckks_vector(self._context, values)
        data: bytes = vec.serialize()
        return data

    def decrypt(self, ciphertext: bytes) -> NDArray[np.float64]:
        import tenseal as ts

        vec = ts.ckks_vector_from(self._context, ciphertext)
        return np.asarray(vec.decrypt(), dtype=np.float64)


class CkksServer:
    """Evaluates a :class:`PolyModel` on ciphertexts under a public context (no secret key).

    TenSEAL adds a plaintext list to *every* slot group of a vector, and its vector-matrix
    product sums rotated copies of all slots, so a bias added between two products leaks into
    the next one (we measured logit errors of 10-100% that way). The first layer's bias is
    therefore a row of the weight matrix, fed by the constant 1 the client appends, and the
    activation's constant term moves into the next layer's bias, added only after the last
    product. That supports one hidden layer, which is what CKKS depth allows at N = 8192.
    """

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
        if len(model.layers) > 2:
            raise ConfigError("CKKS inference supports a linear model or one hidden layer")
        self.model = model
        (w0, b0), *rest = model.layers
        self._first = np.vstack([w0, b0[None, :]]).tolist()
        self._second: list[list[float]] | None = None
        self._bias: list[float] = []
        if rest:
            w1, b1 = rest[0]
            c0 = float(model.activation[0])
            self._second = w1.tolist()
            self._bias = (b1 + c0 * w1.sum(axis=0)).tolist()
        self._poly = [0.0, *(float(c) for c in model.activation[1:])]

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
        if h.size() != len(self._first):
            raise InputError(
                f"ciphertext holds {h.size()} values; the model takes {len(self._first) - 1} "
                "features and the constant 1"
            )
        h = h.mm(self._first)
        if self._second is not None:
            h = h.square() if self.model.is_square else h.polyval(self._poly)
            h = h.mm(self._second) + self._bias
        data: bytes = h.serialize()
        return data
