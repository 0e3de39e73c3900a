"""``parse_toml``: tomllib with nesting too deep for the parser a TOMLDecodeError."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hauberk.assess._config import read_toml
from hauberk.core import ConfigError, InputError
from hauberk.core._toml import parse_toml
from hauberk.data._sources import load_data_config
from hauberk.gateway._config import load_config
from hauberk.governance._evidence import load_card_config
from hauberk.governance._registry import load_registry_config
from hauberk.governance._roles import load_roles
from hauberk.monitor._playbooks import load_playbooks

DEEP_ARRAY = "a = " + "[" * 100_000 + "]" * 100_000
DEEP_TABLE = "a = " + "{b = " * 100_000 + "1" + "}" * 100_000


@given(st.integers(1, 200), st.booleans())
def test_parse_toml_reads_what_tomllib_reads(depth: int, table: bool) -> None:
    text = "a = " + ("{b = " * depth + "1" + "}" * depth if table else "[" * depth + "]" * depth)
    assert parse_toml(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", [DEEP_ARRAY, DEEP_TABLE], ids=["array", "inline_table"])
def test_parse_toml_too_deep_is_a_decode_error(text: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError, match="nested too deeply"):
        parse_toml(text)


LOADERS: list[tuple[str, Any, type[Exception]]] = [
    ("gateway", load_config, ConfigError),
    ("assess", read_toml, ConfigError),
    ("data", load_data_config, ConfigError),
    ("card", load_card_config, ConfigError),
    ("registry", load_registry_config, ConfigError),
    ("roles", load_roles, ConfigError),
    ("playbooks", load_playbooks, ConfigError),
]


@pytest.mark.parametrize(("name", "load", "error"), LOADERS, ids=[n for n, _, _ in LOADERS])
def test_every_config_reader_names_a_file_nested_too_deeply(
    tmp_path: Path, name: str, load: Any, error: type[Exception]
) -> None:
    path = tmp_path / f"{name}.toml"  # round 28: each let a RecursionError escape
    path.write_text(DEEP_ARRAY)
    with pytest.raises((ConfigError, InputError)) as info:
        load(path)
    assert isinstance(info.value, error)
    assert str(path) in str(info.value) and "nested too deeply" in str(info.value)
