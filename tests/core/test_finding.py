from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.core import Finding, RegistryError, Rule, Severity


def make_rule(**overrides: object) -> Rule:
    fields: dict[str, object] = {
        "id": "HB-AR-EXAMPLE",
        "title": "t",
        "severity": Severity.HIGH,
        "description": "d",
        "remediation": "r",
        "atlas": ("AML.T0010.003",),
        "owasp": ("ML06:2023",),
    }
    fields.update(overrides)
    return Rule(**fields)  # type: ignore[arg-type]


def test_rule_builds_findings_with_references() -> None:
    f = make_rule().finding("model.pt", "detail", {"n": 1})
    assert f.severity is Severity.HIGH
    assert f.references == ("AML.T0010.003", "ML06:2023")
    assert f.remediation == "r"


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "bad id"), ("atlas", ()), ("owasp", ()), ("atlas", ("T0010",)), ("owasp", ("ML11",))],
)
def test_rule_rejects_malformed_ids(field: str, value: object) -> None:
    with pytest.raises(RegistryError):
        make_rule(**{field: value})


def test_evidence_becomes_plain_json() -> None:
    f = make_rule().finding(
        "x", "d", {"arr": np.arange(3), "scalar": np.float32(0.5), "nan": math.nan}
    )
    assert f.evidence["arr"] == [0, 1, 2]
    assert f.evidence["scalar"] == 0.5
    assert f.evidence["nan"] == "nan"


def test_evidence_rejects_objects() -> None:
    with pytest.raises(TypeError, match="not JSON-able"):
        make_rule().finding("x", "d", {"obj": object()})


def test_finding_is_immutable() -> None:
    f = make_rule().finding("x", "d", {"a": 1})
    with pytest.raises(TypeError):
        f.evidence["a"] = 2  # type: ignore[index]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(
    evidence=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
    severity=st.sampled_from(list(Severity)),
    target=st.text(),
)
def test_finding_round_trips_through_dict(
    evidence: dict[str, object], severity: Severity, target: str
) -> None:
    others = tuple((s, "any, for the test") for s in Severity if s is not Severity.HIGH)
    f = make_rule(also=others).finding(target, "detail", evidence, severity=severity)
    assert Finding.from_dict(f.to_dict()) == f


def test_a_severity_the_catalog_does_not_list_is_refused() -> None:
    rule = make_rule(also=((Severity.MEDIUM, "when the attack is weak"),))
    assert rule.finding("t", "d", severity=Severity.MEDIUM).severity is Severity.MEDIUM
    with pytest.raises(RegistryError, match="severity low is not in the catalog"):
        rule.finding("t", "d", severity=Severity.LOW)


def test_an_also_severity_must_differ_and_say_when() -> None:
    with pytest.raises(RegistryError, match="must differ"):
        make_rule(also=((Severity.HIGH, "same as the rule's"),))
    with pytest.raises(RegistryError, match="say when"):
        make_rule(also=((Severity.LOW, " "),))
