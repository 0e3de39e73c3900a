from __future__ import annotations

from pathlib import Path

import pytest
from tests.support import ToyCheck

from hauberk.assess import load_config, parse_config
from hauberk.core import ConfigError, Registry, default_registry


def registry() -> Registry:
    r = Registry()
    r.add(ToyCheck())
    return r


def parse(raw: dict[str, object]) -> object:
    return parse_config(raw, registry(), source="assess.toml", base_dir=Path())


def test_the_smallest_config_is_a_public_contract(tmp_path: Path) -> None:
    (tmp_path / "assess.toml").write_text(
        '[model]\npython = "mypkg.models:build"\n'
        '[data]\npython = "mypkg.data:load"\n'
        '[assess]\nstages = ["ingestion", "performance"]\n'
    )
    config = load_config(tmp_path / "assess.toml", default_registry())
    assert config.model is not None and config.model.python == "mypkg.models:build"
    assert config.assess.stages == ("ingestion", "performance")
    assert config.base_dir == tmp_path.resolve()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"model": {"pth": "m.pt"}}, r"\[model\] pth: unknown key"),
        ({"model": {"path": "m.pt"}, "evasoin": {}}, r"unknown table \[evasoin\]"),
        ({"model": {"path": "m.pt"}, "toy": {"levle": 1}}, r"\[toy\] levle: unknown key"),
        ({"model": {"path": "m.pt"}, "toy": {"max_seconds": -1}}, r"\[toy\] max_seconds"),
        ({"model": {"path": "m.pt", "python": "a:b"}}, "not path and python"),
        ({"model": {"path": "m.pt"}, "assess": {"stages": ["nope"]}}, "unknown stage 'nope'"),
        ({"model": {"path": "m.pt"}, "assess": {"fail_on": "severe"}}, "unknown severity"),
        ({"model": {"path": "m.pt"}, "assess": {"seed": -1}}, r"\[assess\] seed"),
        ({"model": {"path": "m.pt", "sha256": "xyz"}}, r"\[model\] sha256"),
        ({"model": {"path": "m.pt"}, "data": {}}, r"\[data\]: .*exactly one of path, python"),
        ({"model": "m.pt"}, r"\[model\]"),
        ({"model": {"path": "m.pt"}, "toy": 3}, r"must be a table"),
    ],
)
def test_errors_name_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse(raw)


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("[model\npath=1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "a.toml", registry())
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml", registry())
