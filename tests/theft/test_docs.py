"""Every Python block in docs/theft.md runs as shown, and its TOML table is valid."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from hauberk.assess._config import stage_settings
from hauberk.core import Registry
from hauberk.theft import checks

PAGE = Path(__file__).resolve().parents[2] / "docs" / "theft.md"
TEXT = PAGE.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, re.S)


def test_page_has_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_block_runs(block: int, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(BLOCKS[block], f"{PAGE}:block{block}", "exec"), {})
    assert capsys.readouterr().out.strip()


def test_toml_example_is_valid_settings() -> None:
    (block,) = re.findall(r"```toml\n(.*?)```", TEXT, re.S)
    table = tomllib.loads(block)["theft"]
    registry = Registry()
    registry.extend(checks())
    settings = stage_settings(registry, "theft", table)["theft.extraction"]
    assert settings.queries == table["queries"]  # type: ignore[attr-defined]
