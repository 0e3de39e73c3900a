"""The ``llm.*`` checks of ``hauberk assess``: one red-team family each, against the target's
chat model (``[model] chat_url`` or ``chat = "mod:fn"``).

Any successful attack is a finding (its transcript is the proof); the family's success rate
and its 95% Clopper-Pearson interval are the evidence. Conversations that could not be had or
judged make the result partial (``incomplete``); when none could, the check is an ``error``.
A target without a chat model skips these checks and says how to give one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field

from hauberk.core import (
    CheckContext,
    CheckResult,
    ConfigError,
    Lifecycle,
    Stage,
    StageSettings,
)
from hauberk.llm._redteam import FAMILIES, RedTeam, builtin_corpus, open_chat, read_corpus
from hauberk.llm._rules import FAMILY_RULES

MAX_TRANSCRIPTS = 5
NO_CHAT = (
    'target has no chat model: set [model] chat_url = "http://.../v1/chat/completions" or '
    'chat = "module:function" to red-team it'
)


class LlmSettings(StageSettings):
    system_prompt: str | None = Field(
        default=None,
        max_length=20_000,
        description="the deployed system prompt; a canary and a secret are appended to it",
    )
    attacks: Path | None = Field(default=None, description="more attacks, JSON Lines")
    max_attacks: int | None = Field(default=None, gt=0, le=100_000, description="per family")
    judge_url: str | None = Field(
        default=None, pattern=r"^https?://", description="a chat endpoint that grades answers"
    )
    judge: str | None = Field(default=None, description="module:function that grades answers")
    judge_token_env: str | None = Field(default=None, description="env var with its token")


LLM = Stage(
    name="llm",
    lifecycle=Lifecycle.INFERENCE,
    description="Red team of a chat model: injection, jailbreak, prompt leaks, encodings, turns.",
    settings=LlmSettings,
)


class RedTeamCheck:
    """One attack family of the red team as a check."""

    stage = LLM
    needs = frozenset({"chat"})

    def __init__(self, family: str) -> None:
        if family not in FAMILIES:
            raise ValueError(f"unknown family {family!r}")
        self.family = family
        self.name = f"llm.{family}"
        self.rule = FAMILY_RULES[family]
        self.rules = (self.rule,)
        self.description = f"Red-team family '{family}': {self.rule.title.lower()}."

    def _judge(self, settings: LlmSettings, base: Path) -> Any:
        if settings.judge_url is None and settings.judge is None:
            return None
        if settings.judge_url is not None and settings.judge is not None:
            raise ConfigError("[llm] give judge_url or judge, not both")
        token = None
        if settings.judge_token_env:
            token = os.environ.get(settings.judge_token_env)
            if token is None:
                raise ConfigError(f"[llm] judge_token_env: {settings.judge_token_env} is unset")
        if settings.judge_url is not None:
            return open_chat(settings.judge_url, None, token=token)
        from hauberk.llm._chat import CallableChat

        assert settings.judge is not None
        return CallableChat.from_spec(settings.judge, key="[llm] judge", search=base)

    def run(self, target: Any, ctx: CheckContext) -> CheckResult:
        settings = ctx.settings
        assert isinstance(settings, LlmSettings)
        chat = getattr(target, "chat", None)
        if chat is None:
            return CheckResult.skipped(self.name, self.stage.name, NO_CHAT)
        attacks = builtin_corpus([self.family])
        if settings.attacks is not None:
            path = (
                settings.attacks
                if settings.attacks.is_absolute()
                else ctx.base_dir / settings.attacks
            )
            attacks += [a for a in read_corpus(path) if a.family == self.family]
        attacks = attacks[: ctx.sample_limit(len(attacks))]
        team = RedTeam(
            chat,
            seed=ctx.seed,
            system_prompt=settings.system_prompt,
            judge=self._judge(settings, ctx.base_dir),
            max_per_family=settings.max_attacks,
        )
        family = team.run(attacks, deadline=ctx.check_time).get(self.family)
        outcomes = family.outcomes if family is not None else []
        judged = [o for o in outcomes if o.judged]
        unjudged = [o for o in outcomes if not o.judged]
        wins = [o for o in outcomes if o.success]
        name = str(getattr(target, "name", "chat model"))
        if not judged and not wins:
            why = unjudged[0].signal if unjudged else team.stopped or "no attack was run"
            return CheckResult.error(
                self.name, self.stage.name, f"no attack could be judged ({why})"
            )
        assert family is not None
        rate = family.rate()
        metrics: dict[str, Any] = {
            "attacks": len(outcomes),
            "judged": len(judged),
            "successes": len(wins),
            "unjudged": len(unjudged),
            "success_rate": rate.to_dict() if rate is not None else None,
        }
        findings = []
        if wins and rate is not None:
            severity = self.rule.severity
            if rate.high < 0.10:
                severity = self.rule.also[0][0]
            findings.append(
                self.rule.finding(
                    name,
                    f"{len(wins)} of {len(judged)} {self.family} attacks succeeded: success "
                    f"rate {rate.describe()}; e.g. {wins[0].attack.id} ({wins[0].signal}).",
                    {
                        "success_rate": rate.to_dict(),
                        "succeeded": [o.attack.id for o in wins],
                        "transcripts": [o.to_dict() for o in wins[:MAX_TRANSCRIPTS]],
                    },
                    severity=severity if severity != self.rule.severity else None,
                )
            )
        reasons = []
        if unjudged:
            reasons.append(
                f"{len(unjudged)} of {len(outcomes)} attacks could not be judged "
                f"(first: {unjudged[0].attack.id}: {unjudged[0].signal})"
            )
        if team.stopped:
            reasons.append(f"stopped early: {team.stopped}")
        return CheckResult.of(
            self.name,
            self.stage.name,
            findings,
            metrics,
            partial=bool(reasons),
            reason="; ".join(reasons),
        )


def checks() -> list[RedTeamCheck]:
    """The ``llm`` entry point of the ``hauberk.checks`` group."""
    return [RedTeamCheck(f) for f in FAMILIES]


__all__ = ["LLM", "LlmSettings", "RedTeamCheck", "checks"]
