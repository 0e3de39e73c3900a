from __future__ import annotations

from dataclasses import replace

import pytest
from tests.support import DEMO_RULE, TOY_STAGE, ToyCheck

from hauberk.core import ConfigError, Lifecycle, Registry, RegistryError, Stage, default_registry


def test_duplicate_names_are_rejected() -> None:
    registry = Registry()
    registry.add(ToyCheck())
    with pytest.raises(RegistryError, match="twice"):
        registry.add(ToyCheck())


def test_a_stage_keeps_one_lifecycle_phase() -> None:
    registry = Registry()
    registry.add(ToyCheck())
    other = Stage("toy", Lifecycle.DATA, "conflicting")
    with pytest.raises(RegistryError, match="lifecycle"):
        registry.add(ToyCheck(name="toy.b", stage=other))


def test_a_rule_id_means_one_thing() -> None:
    registry = Registry()
    registry.add(ToyCheck())
    changed = replace(DEMO_RULE, title="something else")
    with pytest.raises(RegistryError, match="defined twice"):
        registry.add(ToyCheck(name="toy.b", rules=(changed,)))


def test_unknown_capabilities_are_rejected() -> None:
    with pytest.raises(RegistryError, match="unknown capabilities"):
        Registry().add(ToyCheck(needs=frozenset({"telepathy"})))


def test_select_by_stage_and_needs() -> None:
    registry = Registry()
    registry.add(ToyCheck(name="toy.a"))
    registry.add(ToyCheck(name="toy.b", needs=frozenset({"gradients"})))
    picked = registry.select(None, frozenset({"model"}))
    assert [c.name for c in picked.run] == ["toy.a"]
    assert [(c.name, why) for c, why in picked.skipped] == [
        ("toy.b", "target does not provide: gradients")
    ]
    assert registry.select(["toy"], frozenset({"gradients"})).run[1].name == "toy.b"


def test_unknown_stage_lists_the_known_ones() -> None:
    registry = Registry()
    registry.add(ToyCheck())
    with pytest.raises(ConfigError, match="known stages: toy"):
        registry.select(["evasoin"], frozenset())


def test_entry_points_load_the_builtin_checks() -> None:
    registry = default_registry()
    names = {c.name for c in registry.checks()}
    assert {"data.hygiene", "data.label_noise", "governance.performance"} <= names
    assert registry.load_errors == []


def test_a_broken_plugin_is_recorded_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    broken = EntryPoint("broken", "no_such_module_xyz:checks", "hauberk.checks")
    fine = EntryPoint("fine", "tests.support:ToyCheck", "hauberk.checks")
    monkeypatch.setattr("hauberk.core._registry.entry_points", lambda group: [broken, fine])
    registry = Registry()
    registry.load_entry_points()
    assert [c.name for c in registry.checks()] == ["toy.emit"]
    assert "broken" in registry.load_errors[0]
    assert TOY_STAGE.name in registry.stages()
