"""docs/backdoor.md: its [ingestion] and serve.toml examples parse as the settings they show."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from hauberk.assess._config import stage_settings
from hauberk.core import default_registry
from hauberk.gateway import parse_config

PAGE = Path(__file__).resolve().parents[2] / "docs" / "backdoor.md"


def test_backdoor_page_examples_parse(tmp_path: Path) -> None:
    assess, serve = re.findall(r"```toml\n(.*?)```", PAGE.read_text(), re.S)
    table = tomllib.loads(assess)["ingestion"]
    settings = stage_settings(default_registry(), "ingestion", table)["data.backdoor"]
    assert settings.backdoor_z == 4.5  # type: ignore[attr-defined]
    cfg = parse_config(tomllib.loads(serve), source="docs", base_dir=tmp_path)
    assert cfg.guards.strip is not None and cfg.guards.strip.false_rejection == 0.01
