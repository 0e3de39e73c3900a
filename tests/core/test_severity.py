from __future__ import annotations

import pytest

from hauberk.core import ConfigError, Severity


def test_order_is_info_to_critical() -> None:
    assert Severity.INFO < Severity.LOW < Severity.MEDIUM < Severity.HIGH < Severity.CRITICAL


@pytest.mark.parametrize("text", ["high", "HIGH", " High "])
def test_parse_is_case_insensitive(text: str) -> None:
    assert Severity.parse(text) is Severity.HIGH


def test_parse_names_the_allowed_values() -> None:
    with pytest.raises(ConfigError, match="info, low, medium, high, critical"):
        Severity.parse("severe")
