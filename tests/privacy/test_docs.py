"""Every Python block in docs/privacy.md runs as shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_page_has_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::UserWarning")
@pytest.mark.parametrize("block", range(len(BLOCKS)))
def test_block_runs(block: int, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(BLOCKS[block], f"{PAGE}:block{block}", "exec"), {})
    assert capsys.readouterr().out.strip()


def test_toml_example_is_valid_settings() -> None:
    import tomllib

    from hauberk.assess._config import stage_settings
    from hauberk.core import Registry
    from hauberk.privacy import checks

    (block,) = re.findall(r"```toml\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    table = tomllib.loads(block)["privacy"]
    registry = Registry()
    registry.extend(checks())
    dumped: dict[str, object] = {}
    for settings in stage_settings(registry, "privacy", table).values():
        dumped.update(settings.model_dump(include=set(table)))
    assert dumped == {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
