"""An attack that does not support the chosen norm was dropped silently (issue 12).

``attacks = ["cw-l2"]`` with ``norm = "linf"`` ran no attack at all, yet the metrics listed
``cw-l2`` and reported the clean accuracy as the robust accuracy. Now the combination is a
configuration error when the config is parsed: it names the attack, the norm and the attacks
that do support that norm, and ``hauberk assess`` exits 2 before touching the model.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hauberk.assess import parse_config
from hauberk.core import ConfigError, default_registry
from hauberk.evasion import robust_accuracy
from hauberk.models import InputSpec, SklearnModel

REPO = Path(__file__).resolve().parents[2]


def parse(evasion: dict[str, object]) -> object:
    raw = {"model": {"path": "m.pt"}, "evasion": evasion}
    return parse_config(raw, default_registry(), source="assess.toml", base_dir=Path())


@pytest.mark.parametrize(
    "evasion",
    [
        {"attacks": ["cw-l2"], "norm": "linf"},
        {"attacks": ["apgd-ce", "cw-l2"]},  # linf is the default norm
    ],
)
def test_config_names_attack_norm_and_alternatives(evasion: dict[str, object]) -> None:
    with pytest.raises(ConfigError) as info:
        parse(evasion)
    msg = str(info.value)
    assert "[evasion]" in msg and "cw-l2" in msg and "'linf'" in msg
    assert "attacks that support linf: " in msg and "apgd-ce" in msg.split("support linf:")[1]
    assert "cw-l2" not in msg.split("support linf:")[1]


def test_supported_combinations_still_parse() -> None:
    parse({"attacks": ["cw-l2", "apgd-ce"], "norm": "l2"})
    parse({"attacks": "standard", "norm": "l2"})


def test_library_call_refuses_instead_of_dropping(iris: tuple[np.ndarray, np.ndarray]) -> None:
    from sklearn.linear_model import LogisticRegression

    x, y = iris
    model = SklearnModel(LogisticRegression(max_iter=500).fit(x, y), input_spec=InputSpec((4,)))
    with pytest.raises(ConfigError, match=r"cw-l2.*'linf'"):
        robust_accuracy(model, x[:5], y[:5], eps=0.1, norm="linf", attacks=["cw-l2"])
    assert model.counter.total == 0  # refused before any query


def test_assess_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "assess.toml").write_text(
        '[model]\npython = "tests.regressions.test_assess_fail_closed_broken_model:raising"\n'
        '[data]\npython = "tests.assess.test_run:iris_data"\n'
        '[assess]\nstages = ["evasion"]\n'
        '[evasion]\nattacks = ["cw-l2"]\nnorm = "linf"\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
    out = subprocess.run(
        [sys.executable, "-m", "hauberk", "assess", "-c", "assess.toml", "--output-dir", "out"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert "cw-l2" in out.stderr and "linf" in out.stderr
    assert not (tmp_path / "out").exists()
