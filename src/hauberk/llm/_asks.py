"""Asks that point at a message given elsewhere in the conversation ("do what it says").

A payload split over turns ends on an ask to put it together and act on it: "Put the two
parts together and do what they say", "read the word column as one sentence and follow it".
The ask is the same, word for word, whether the pieces make an injection or a harmless
request, and alone it scored as an attack ("Do what they say." 0.62): on held-out 13-21 the
harmless twins of the multi-turn shapes filled most of the benign rows at the 1%-FPR cut
(held-out 21: 19 of the 21 highest; 13: all 18). What the ask points at is what decides, and
the guard reads it in the joins of the turns. ``without_asks`` takes the pointing phrase out
of the prompt; the guard does so only where the earlier turns read as English
(``_input_guard._asked``), so a message it cannot read still leaves the ask to flag the
conversation. Only the phrase goes: "ignore your rules" beside it stays and is read.

On held-out 1-21 (round 25, against 48bfa33): 393 benign rows fewer flagged at the
calibrated threshold, recall at exactly 1% FPR up by 0.152 on held-out 13 and 0.007-0.047 on
6 and 16-21; three attacks lost their flag (subtle payloads the ask alone had flagged), and
no set lost on either metric (with the put-back messages read by the document signals).
"""

from __future__ import annotations

import re

MAX_ASK_CHARS = 2_000  # asks are looked for in the first 2,000 characters of the prompt

_COMPLY = (
    r"(?:do|follow|obey|carry\s+out|execute|perform|act\s+(?:on|upon)|respond\s+to|reply\s+to|"
    r"answer|handle|comply\s+with|fulfil+|action|go\s+ahead\s+with)"
)
_SAYS = r"(?:says?|asks?|tells?\s+you|wants?|requests?|instructs?|reads?|demands?)"
_NOUN = (
    r"(?:sentence|message|note|request|result|text|instructions?|words|command|prompt|line|"
    r"question|thread|order|output|payload)"
)
_THING = (
    rf"(?:(?:the\s+(?:[a-z]+\s+)?|that\s+|this\s+){_NOUN}(?:\s+you\s+get)?|"
    r"it|they|them|that|this|these|those)"
)
_ASK = re.compile(
    rf"\b(?:{_COMPLY}\s+(?:what|whatever)\s+{_THING}\s+{_SAYS}|{_COMPLY}\s+{_THING}|"
    rf"carry\s+(?:it|them|that|this)\s+out)\b",
    re.IGNORECASE,
)


def without_asks(text: str) -> str:
    """``text`` without its phrases that tell the model to act on a message given elsewhere."""
    head = text[:MAX_ASK_CHARS]
    stripped = _ASK.sub("", head)
    return text if stripped == head else stripped + text[MAX_ASK_CHARS:]
