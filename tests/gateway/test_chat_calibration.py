"""``[chat] guard_calibration``: the chat route's input guard takes the thresholds of a file
written by ``hauberk llm calibrate`` (a relative path read beside the config), and refuses
at startup a file for another model, a malformed one, or one beside ``guard_fpr``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hauberk.core import ConfigError
from hauberk.gateway import create_app
from hauberk.llm._calibration import Calibration
from hauberk.llm._input_guard import _shipped

from ._support import config, make_keys


def chat_table(**over: Any) -> dict[str, Any]:
    return {"python": "hauberk.llm:vulnerable", **over}


def _write(path: Path, **over: Any) -> Path:
    cal = Calibration(_shipped().sha256, 0.93, 0.94, 0.01, rows=500)
    path.write_text(json.dumps({**cal.to_dict(), **over}))
    return path


def _app(tmp_path: Path, cfg: Any, model: Any) -> Any:
    return create_app(cfg, model, keys=make_keys(tmp_path).store)


def test_the_route_uses_the_file_s_thresholds(tmp_path: Path, iris_clf: Any) -> None:
    _write(tmp_path / "guard-calibration.json")
    cfg = config(tmp_path, chat=chat_table(guard_calibration="guard-calibration.json"))
    guard = _app(tmp_path, cfg, iris_clf).state.chat.input_guard
    assert (guard.threshold, guard.context_threshold, guard.fpr) == (0.93, 0.94, 0.01)
    assert guard.calibration.source == str(tmp_path / "guard-calibration.json")
    # a text the shipped threshold flags on the classifier alone passes at 0.93
    text = "Please summarise the following release notes and list any breaking changes."
    shipped = _app(tmp_path, config(tmp_path, chat=chat_table()), iris_clf).state.chat.input_guard
    score = shipped.check(text).score
    assert guard.check(text).flagged == (score >= 0.93)


def test_a_file_for_another_model_stops_the_gateway(tmp_path: Path, iris_clf: Any) -> None:
    path = _write(tmp_path / "c.json", model_sha256="1" * 64)
    cfg = config(tmp_path, chat=chat_table(guard_calibration=str(path)))
    with pytest.raises(ConfigError, match=f"{path}: made for the model file"):
        _app(tmp_path, cfg, iris_clf)


def test_a_malformed_or_missing_file_stops_the_gateway(tmp_path: Path, iris_clf: Any) -> None:
    path = _write(tmp_path / "c.json", context_threshold=None)
    cfg = config(tmp_path, chat=chat_table(guard_calibration=str(path)))
    with pytest.raises(ConfigError, match=f"{path}: not a guard calibration"):
        _app(tmp_path, cfg, iris_clf)
    cfg = config(tmp_path, chat=chat_table(guard_calibration="missing.json"))
    with pytest.raises(ConfigError, match=r"missing\.json: cannot read the guard calibration"):
        _app(tmp_path, cfg, iris_clf)


def test_guard_fpr_beside_guard_calibration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="guard_fpr or guard_calibration, not both"):
        config(tmp_path, chat=chat_table(guard_calibration="c.json", guard_fpr=0.02))
