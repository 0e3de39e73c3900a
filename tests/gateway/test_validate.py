"""The request schema generated from the model's input spec."""

from __future__ import annotations

from typing import Any

import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hauberk.gateway import GatewayError, SchemaValidator, request_schema
from hauberk.models import InputSpec

SPEC = InputSpec(shape=(2, 3), dtype="float32", lower=0.0, upper=1.0)


def test_valid_batch_becomes_the_model_dtype() -> None:
    x = SchemaValidator(SPEC).validate({"inputs": [[[0, 0.5, 1], [0.1, 0.2, 0.3]]]})
    assert x.dtype == np.float32 and x.shape == (1, 2, 3)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ([], "invalid_inputs"),
        ({"inputs": []}, "invalid_inputs"),
        ({"inputs": [[[0, 0, 0]]]}, "invalid_inputs"),  # wrong shape
        ({"inputs": [[[0, 0, 0], [0, 0]]]}, "invalid_inputs"),  # ragged
        ({"inputs": [[[0, 0, "1"], [0, 0, 0]]]}, "invalid_inputs"),  # string
        ({"inputs": [[[0, 0, None], [0, 0, 0]]]}, "invalid_inputs"),
        ({"inputs": [[[0, 0, 2], [0, 0, 0]]]}, "invalid_inputs"),  # above upper
        ({"inputs": [[[0, 0, -1], [0, 0, 0]]]}, "invalid_inputs"),
        ({"inputs": [[[0, 0, 10**400], [0, 0, 0]]]}, "invalid_inputs"),  # int overflow
        ({"inputs": [[[0, 0, float("inf")], [0, 0, 0]]]}, "non_finite"),
        ({"inputs": [[[0, 0, 0], [0, 0, 0]]], "extra": 1}, "invalid_inputs"),
        ({"inputs": [[[0, 0, 0], [0, 0, 0]]] * 3}, "invalid_inputs"),  # above max_batch
    ],
)
def test_bad_payloads_are_refused(payload: Any, code: str) -> None:
    with pytest.raises(GatewayError) as err:
        SchemaValidator(SPEC, max_batch=2).validate(payload)
    assert err.value.code == code
    assert err.value.status in (400, 422)


def test_integer_dtype_needs_integers() -> None:
    v = SchemaValidator(InputSpec(shape=(2,), dtype="uint8"))
    assert v.validate({"inputs": [[1, 255]]}).dtype == np.uint8
    for bad in ([[1.5, 2]], [[256, 0]], [[-1, 0]]):
        with pytest.raises(GatewayError):
            v.validate({"inputs": bad})


@given(st.data())
@settings(max_examples=100, deadline=None)
def test_schema_and_validator_agree(data: st.DataObject) -> None:
    """Whatever the JSON Schema accepts, the validator accepts, and vice versa for numbers."""
    value = st.floats(-0.5, 1.5, allow_nan=False) | st.integers(-2, 2)
    row = st.lists(value, min_size=2, max_size=4)
    payload = {
        "inputs": data.draw(st.lists(st.lists(row, min_size=1, max_size=3), min_size=1, max_size=3))
    }
    schema = request_schema(SPEC, max_batch=4)
    try:
        jsonschema.validate(payload, schema)
        by_schema = True
    except jsonschema.ValidationError:
        by_schema = False
    try:
        SchemaValidator(SPEC, max_batch=4).validate(payload)
        by_validator = True
    except GatewayError:
        by_validator = False
    assert by_schema == by_validator


def test_values_beyond_the_dtype_are_invalid_inputs() -> None:
    """1e300 is a finite JSON number but not a float32: refused, and the schema says so."""
    spec = InputSpec(shape=(2,), dtype="float32")
    top = float(np.finfo(np.float32).max)
    assert request_schema(spec, max_batch=4)["properties"]["inputs"]["items"]["items"] == {
        "type": "number", "minimum": -top, "maximum": top}  # fmt: skip
    v = SchemaValidator(spec)
    for bad in (1e300, -1e39):
        with pytest.raises(GatewayError) as err:
            v.validate({"inputs": [[bad, 0.0]]})
        assert err.value.code == "invalid_inputs"
    assert v.validate({"inputs": [[3e38, 0.0]]}).dtype == np.float32
    wide = SchemaValidator(InputSpec(shape=(1,), dtype="float64"))
    assert wide.validate({"inputs": [[1e300]]}).shape == (1, 1)
