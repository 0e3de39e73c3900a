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


def test_settings_table_is_valid() -> None:
    (block,) = re.findall(r"```toml\n(.*?)```", PAGE.read_text(), re.S)
    table = tomllib.loads(block)["evasion"]
    settings = EvasionSettings(**table)
    assert settings.max_samples == EvasionSettings().max_samples == table["max_samples"]
    assert settings.epsilons == tuple(table["epsilons"])


def test_documented_stage_command_selects_the_stage() -> None:
    assert "$ hauberk assess --config assess.toml --stages evasion" in PAGE.read_text()
