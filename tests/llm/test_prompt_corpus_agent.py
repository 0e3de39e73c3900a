"""Round 18's agent injections and their benign twins (``tools/_prompt_corpus_agent.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import _prompt_corpus_agent as agent  # noqa: E402


def test_attacks_and_requests_are_distinct_seeded_and_filled() -> None:
    attacks, requests = agent.agent_texts(600, 3)
    assert len(attacks) == 600
    assert len(requests) >= 500  # the benign parts allow fewer combinations
    assert (attacks, requests) == agent.agent_texts(600, 3)
    for text, family in attacks + requests:
        assert "{" not in text.replace('{"status"', ""), text
        assert family in {"generated:agent_attack", "generated:agent_request"}


def test_a_tag_that_opens_a_comment_or_a_json_value_closes_it() -> None:
    attacks, _ = agent.agent_texts(600, 4)
    for text, _family in attacks:
        if text.startswith("<!-- agent: "):
            assert text.endswith(" -->")
        if text.startswith("Tool result: {"):
            assert text.endswith('"}')


def test_requests_keep_to_the_users_own_data_and_people() -> None:
    _, requests = agent.agent_texts(600, 5)
    hosts = tuple(agent._HOSTS)
    assert not any(h in text for text, _ in requests for h in hosts)
    assert not any(s in text for text, _ in requests for s in ("~/.ssh", "credentials"))
