"""`hauberk init` writes a starter config that parses; `hauberk explain` reads the catalog."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.cli.test_user_errors import _iris_csv, hauberk_cli

from hauberk.assess import parse_config
from hauberk.cli._init import starter
from hauberk.core import default_registry


def test_init_writes_a_config_that_parses_and_never_overwrites(tmp_path: Path) -> None:
    import joblib
    from tests.cli.test_user_errors import iris_forest

    joblib.dump(iris_forest(), tmp_path / "forest.joblib")
    _iris_csv(tmp_path / "train.csv")
    _iris_csv(tmp_path / "test.csv")
    args = ("init", "--model", "forest.joblib", "--train", "train.csv", "--test", "test.csv")
    out = hauberk_cli(*args, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "assess.toml").read_text()
    raw = tomllib.loads(text)
    assert raw["model"] == {"path": "forest.joblib", "allow_pickle": True}
    assert raw["data"] == {"train": "train.csv", "test": "test.csv", "label": "label"}
    parse_config(raw, default_registry(), source="assess.toml", base_dir=tmp_path)
    again = hauberk_cli(*args, cwd=tmp_path)
    assert again.returncode == 2
    assert "exists; pass --force to overwrite it" in again.stderr
    assert (tmp_path / "assess.toml").read_text() == text
    assert hauberk_cli(*args, "--force", cwd=tmp_path).returncode == 0


def test_every_starter_parses(tmp_path: Path) -> None:
    variants = [
        {"model": None, "python": None, "data": None, "train": None, "test": None},
        {"model": None, "python": "m:f", "data": "d.csv", "train": None, "test": None},
        {"model": "w.safetensors", "python": None, "data": "d.npz", "train": None, "test": None},
    ]
    for kw in variants:
        raw = tomllib.loads(starter(name="n", **kw))
        if "model" in raw and not raw["model"]:
            del raw["model"]
        if "data" in raw and not raw["data"]:
            del raw["data"]
        parse_config(raw, default_registry(), source="assess.toml", base_dir=tmp_path)


def test_explain_prints_a_rule_and_suggests_close_ids(tmp_path: Path) -> None:
    out = hauberk_cli("explain", "HB-GV-BELOW-BASELINE", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "severity: medium" in out.stdout
    assert "fix: " in out.stdout
    assert "https://atlas.mitre.org/techniques/AML.T0031" in out.stdout
    data = json.loads(hauberk_cli("explain", "hb-gv-below-baseline", "-f", "json",
                                  cwd=tmp_path).stdout)  # fmt: skip
    assert data["id"] == "HB-GV-BELOW-BASELINE"
    bad = hauberk_cli("explain", "HB-GV-LOW-ACURACY", cwd=tmp_path)
    assert bad.returncode == 2
    assert "closest: HB-GV-LOW-ACCURACY" in bad.stderr
