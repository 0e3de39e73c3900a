"""CKKS inference with TenSEAL: roles separated by key material, accuracy against plaintext."""

from __future__ import annotations

import numpy as np
import pytest
import tenseal as ts

from hauberk.core import ConfigError, InputError
from hauberk.encrypted import (
    CkksClient,
    CkksServer,
    PolyModel,
    ckks_parameters,
    demo_model,
    evaluate,
    train_poly_mlp,
)


@pytest.fixture(scope="module")
def linear() -> tuple[PolyModel, np.ndarray, np.ndarray]:
    return demo_model("breast-cancer", "linear")


def test_server_gets_no_secret_key_and_cannot_decrypt(linear: tuple) -> None:
    model, x, _ = linear
    client = CkksClient(depth=model.depth)
    public = client.public_context()
    assert not ts.context_from(public).is_private()
    server = CkksServer(public, model)
    assert server.can_decrypt() is False
    query = client.encrypt(model.prepare(x[:1])[0])
    answer = server.infer(query)
    for blob in (query, answer):  # neither the input nor the result opens on the server
        with pytest.raises(ValueError, match="secret_key"):
            ts.ckks_vector_from(ts.context_from(public), blob).decrypt()
    assert np.allclose(client.decrypt(answer)[:1], model.logits(model.prepare(x[:1]))[0], atol=0.05)


def test_server_refuses_a_context_with_the_secret_key(linear: tuple) -> None:
    model, _, _ = linear
    client = CkksClient(depth=1)
    private = client._context.serialize(save_secret_key=True)
    with pytest.raises(ConfigError, match="secret key"):
        CkksServer(private, model)


def test_server_refuses_garbage_ciphertexts(linear: tuple) -> None:
    model, _, _ = linear
    server = CkksServer(CkksClient(depth=1).public_context(), model)
    with pytest.raises(InputError, match="CKKS vector"):
        server.infer(b"not a ciphertext")


def test_linear_model_matches_plaintext(linear: tuple) -> None:
    model, x, y = linear
    result = evaluate(model, x[:12], y[:12], backend="tenseal")
    assert result.agreement.value == 1.0 and result.max_logit_error < 0.05
    assert abs(result.accuracy_difference_points) < 0.5
    assert result.bytes_per_sample > 100_000 and result.latency_per_sample > 0


def test_square_mlp_matches_plaintext() -> None:
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    model = train_poly_mlp(x[:600], y[:600], hidden=8, epochs=60, seed=0)
    assert model.depth == 3 and model.is_square
    result = evaluate(model, x[1500:1503], y[1500:1503], backend="tenseal")
    assert result.agreement.value == 1.0 and result.max_logit_error < 0.05


def test_server_refuses_deeper_models_and_wrong_widths(linear: tuple) -> None:
    model, _, _ = linear
    layer = (np.ones((2, 2)), np.zeros(2))
    deep = PolyModel(layers=(layer, layer, layer), kind="mlp")
    with pytest.raises(ConfigError, match="one hidden layer"):
        CkksServer(CkksClient(depth=1).public_context(), deep)
    client = CkksClient(depth=1)
    server = CkksServer(client.public_context(), model)
    with pytest.raises(InputError, match="holds 4 values"):
        server.infer(client.encrypt(np.zeros(3)))


def test_parameters_stay_within_128_bit_security() -> None:
    for depth in range(1, 6):
        _, bits, _ = ckks_parameters(depth)
        assert sum(bits) <= 218
    with pytest.raises(ConfigError):
        ckks_parameters(7)


def test_bad_inputs_are_refused(linear: tuple) -> None:
    model, x, y = linear
    with pytest.raises(InputError, match="inputs must be"):
        model.prepare(x[:, :3])
    with pytest.raises(InputError, match="NaN"):
        model.prepare(np.full_like(x[:1], np.nan))
    with pytest.raises(InputError, match="as many labels"):
        evaluate(model, x[:3], y[:2])
