"""docs/evasion.md is executable: its Python runs and its [evasion] table is valid."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from hauberk.evasion import EvasionSettings

PAGE = Path(__file__).resolve().parents[2] / "docs" / "evasion.md"


def test_python_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(), re.S)
    assert len(blocks) >= 3
    namespace: dict[str, object] = {}
    exec(compile("\n".join(blocks), str(PAGE), "exec"), namespace)


def test_settings_tables_are_valid() -> None:
    first, scale = re.findall(r"```toml\n(.*?)```", PAGE.read_text(), re.S)
    table = tomllib.loads(first)["evasion"]
    settings = EvasionSettings(**table)
    assert settings.max_samples == EvasionSettings().max_samples == table["max_samples"]
    assert settings.epsilons == tuple(table["epsilons"])
    scaled = EvasionSettings(**tomllib.loads(scale)["evasion"])
    assert scaled.scale == EvasionSettings().scale == "auto"
    assert scaled.features["rooms"].integer and scaled.features["age"].immutable


def test_documented_stage_command_selects_the_stage() -> None:
    assert "$ hauberk assess --config assess.toml --stages evasion" in PAGE.read_text()
