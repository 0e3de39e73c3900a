"""Language-model endpoints: prompt-injection and leakage guards, a red team for chat models,
and a chat client for OpenAI-compatible HTTP endpoints and Python callables.

    from hauberk.llm import RedTeam, builtin_corpus, as_chat

    results = RedTeam(as_chat("http://127.0.0.1:8000/v1/chat/completions")).run(builtin_corpus())
"""

from hauberk.llm._assistants import (
    HardenedAssistant,
    VulnerableAssistant,
    hardened,
    serve_chat,
    vulnerable,
)
from hauberk.llm._chat import (
    CallableChat,
    ChatError,
    ChatModel,
    ChatReply,
    HttpChat,
    as_chat,
    check_messages,
    count_tokens,
)
from hauberk.llm._check import checks
from hauberk.llm._redteam import (
    FAMILIES,
    Attack,
    RedTeam,
    builtin_corpus,
    read_corpus,
    summary,
)

__all__ = [
    "FAMILIES",
    "Attack",
    "CallableChat",
    "ChatError",
    "ChatModel",
    "ChatReply",
    "HardenedAssistant",
    "HttpChat",
    "RedTeam",
    "VulnerableAssistant",
    "as_chat",
    "builtin_corpus",
    "check_messages",
    "checks",
    "count_tokens",
    "hardened",
    "read_corpus",
    "serve_chat",
    "summary",
    "vulnerable",
]
