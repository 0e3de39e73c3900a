"""The llm.* checks: findings against the vulnerable assistant, a pass against a refusing one,
skipped without a chat model, error/incomplete when the endpoint fails, and the assess.toml
keys ([model] chat_url / chat, [llm] settings) validated with messages that name the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hauberk.assess._config import load_config, stage_settings
from hauberk.assess._run import assess
from hauberk.assess._target import build_target
from hauberk.core import (
    Budget,
    CheckContext,
    ConfigError,
    Policy,
    Registry,
    Report,
    Severity,
    Status,
    run_check,
)
from hauberk.llm import FAMILIES, CallableChat, checks, serve_chat, vulnerable
from hauberk.llm._check import LlmSettings
from hauberk.llm._rules import FAMILY_RULES
from hauberk.models import Target
from tests.assess.test_every_check_fails_closed import BrokenTarget


@pytest.fixture(scope="module")
def registry() -> Registry:
    reg = Registry()
    reg.extend(checks())
    return reg


def ctx(**settings: Any) -> CheckContext:
    return CheckContext(settings=LlmSettings(**settings), seed=0, budget=Budget(seconds=60))


def by_name(name: str) -> Any:
    return next(c for c in checks() if c.name == name)


def test_every_family_has_a_check_and_an_llm_rule() -> None:
    assert sorted(c.name for c in checks()) == sorted(f"llm.{f}" for f in FAMILIES)
    for rule in FAMILY_RULES.values():
        assert any(o.startswith("LLM") and o.endswith(":2025") for o in rule.owasp)
        assert all(a.startswith("AML.T") for a in rule.atlas)


@pytest.mark.parametrize("family", FAMILIES)
def test_vulnerable_assistant_fails_each_check(family: str) -> None:
    target = Target(name="vuln", chat=CallableChat(vulnerable))
    result = run_check(by_name(f"llm.{family}"), target, ctx(max_attacks=8))
    assert result.status is Status.FAILED, result.reason
    finding = result.findings[0]
    assert finding.id == FAMILY_RULES[family].id
    assert finding.evidence["transcripts"], "the successful transcripts are in the report"
    assert result.metrics["success_rate"]["n"] == result.metrics["judged"]


def test_refusing_model_passes() -> None:
    target = Target(name="refuser", chat=CallableChat(lambda m: "No."))
    result = run_check(by_name("llm.extraction"), target, ctx())
    assert result.status is Status.PASSED
    assert result.metrics["success_rate"]["ci_high"] > 0  # zero successes still has an interval


def test_no_chat_model_is_skipped_with_the_fix() -> None:
    result = run_check(by_name("llm.injection"), Target(name="clf"), ctx())
    assert result.status is Status.SKIPPED and "chat_url" in result.reason


def test_endpoint_that_errors_is_an_error_never_passed() -> None:
    def down(messages: list[dict[str, str]]) -> str:
        raise ConnectionError("refused")

    result = run_check(by_name("llm.jailbreak"), Target(name="x", chat=CallableChat(down)), ctx())
    assert result.status is Status.ERROR and "refused" in result.reason


def test_some_errors_make_it_incomplete() -> None:
    calls = {"n": 0}

    def flaky(messages: list[dict[str, str]]) -> str:
        calls["n"] += 1
        if calls["n"] % 3 == 0:
            raise TimeoutError("slow")
        return "No."

    result = run_check(by_name("llm.extraction"), Target(name="x", chat=CallableChat(flaky)), ctx())
    assert result.status is Status.INCOMPLETE and "could not be judged" in result.reason


def test_broken_target_errors_and_grades_incomplete() -> None:
    for check in checks():
        result = run_check(check, BrokenTarget(), ctx())
        assert result.status is Status.ERROR, check.name
        report = Report(
            target={"name": "broken"},
            environment={"python": "3", "hauberk": "0", "seed": 0},
            results=(result,),
            stages={check.stage.name: check.stage.lifecycle.value},
        )
        assert Policy().exit_code(report) == 1
        assert report.summary()["lifecycle"]["inference"]["grade"] == "incomplete"


def test_low_rate_lowers_the_severity(tmp_path: Path) -> None:
    hits = {"n": 0}

    def rarely(messages: list[dict[str, str]]) -> str:
        hits["n"] += 1
        return vulnerable(messages) if hits["n"] == 1 else "No."

    extra = tmp_path / "many.jsonl"
    line = '{"family": "extraction", "goal": "system_prompt", "turns": ["hello"]}\n'
    extra.write_text(line * 300)
    result = run_check(
        by_name("llm.extraction"), Target(name="x", chat=CallableChat(rarely)), ctx(attacks=extra)
    )
    assert result.status is Status.FAILED
    assert result.findings[0].severity is Severity.MEDIUM


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "assess.toml"
    path.write_text(text)
    return path


def test_assess_toml_chat_callable_end_to_end(tmp_path: Path, registry: Registry) -> None:
    path = write(
        tmp_path,
        '[model]\nchat = "hauberk.llm:vulnerable"\n[assess]\nstages = ["llm"]\n'
        "[llm]\nmax_attacks = 4\n",
    )
    report = assess(load_config(path, registry), registry=registry)
    assert {r.status for r in report.results} == {Status.FAILED}
    assert Policy().exit_code(report) == 1


def test_assess_toml_chat_url(tmp_path: Path, registry: Registry) -> None:
    with serve_chat(vulnerable) as url:
        path = write(tmp_path, f'[model]\nchat_url = "{url}"\nchat_stream = true\n')
        target = build_target(load_config(path, registry))
        assert "chat" in target.provides()
        result = run_check(by_name("llm.indirect"), target, ctx(max_attacks=3))
    assert result.status is Status.FAILED


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[model]\nchat_url = "ftp://x"\n', r"\[model\] chat_url"),
        ('[model]\nchat_url = "http://x"\nchat = "a:b"\n', "chat_url or chat"),
        ('[model]\nchat_timeout = 0\nchat = "a:b"\n', r"\[model\] chat_timeout"),
        ('[model]\nchat = "a:b"\n[llm]\nmax_attacks = 0\n', r"\[llm\] max_attacks"),
        ('[model]\nchat = "a:b"\n[llm]\njudge_url = "x"\n', r"\[llm\] judge_url"),
        ('[model]\nchat = "a:b"\n[llm]\nnope = 1\n', r"\[llm\] nope: unknown key"),
    ],
)
def test_bad_keys_name_themselves(
    tmp_path: Path, registry: Registry, toml: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, toml), registry)


def test_unimportable_chat_callable_is_a_config_error(tmp_path: Path, registry: Registry) -> None:
    path = write(tmp_path, '[model]\nchat = "no_such_module_xyz:fn"\n')
    with pytest.raises(ConfigError, match=r"\[model\] chat"):
        build_target(load_config(path, registry))


def test_settings_reach_each_check(registry: Registry) -> None:
    out = stage_settings(registry, "llm", {"max_attacks": 3})
    assert all(isinstance(s, LlmSettings) and s.max_attacks == 3 for s in out.values())


def test_python_api_takes_a_chat_function(registry: Registry) -> None:
    from hauberk.assess import assess_objects as assess_api

    report = assess_api(
        chat=vulnerable, stages=["llm"], settings={"llm": {"max_attacks": 3}}, registry=registry
    )
    assert report.target["name"] == "chat"
    assert {r.status for r in report.results} == {Status.FAILED}
    none = assess_api(data=([[0.0, 1.0]], [0]), stages=["llm"], registry=registry)
    assert {r.status for r in none.results} == {Status.SKIPPED}
    assert "pass chat=" in none.results[0].reason
