"""docs/distributed.md: its targets.toml and its `$ hauberk` commands run as shown."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from tests.assess.test_distributed import _sklearn_target
from tests.cli.test_user_errors import hauberk_cli

PAGE = Path(__file__).resolve().parents[2] / "docs" / "distributed.md"


def test_batch_example_runs(tmp_path: Path) -> None:
    text = PAGE.read_text()
    targets = next(b for b in re.findall(r"```toml\n(.*?)```", text, re.S) if "[[target]]" in b)
    (tmp_path / "targets.toml").write_text(targets)
    _sklearn_target(tmp_path / "a", 1)
    _sklearn_target(tmp_path / "b", 2)
    lines = [
        line[2:].strip()
        for block in re.findall(r"```console\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.startswith("$ hauberk ")
    ]
    assert lines
    for line in lines:
        out = hauberk_cli(*shlex.split(line)[1:], cwd=tmp_path)
        assert out.returncode in (0, 1), f"`{line}`: {out.stderr}"
    index = json.loads((tmp_path / "nightly" / "index.json").read_text())
    assert [t["name"] for t in index["targets"]] == ["alpha", "beta"]
