"""A system prompt restated in other words: rules summarised, reworded into bullets, or told
as "my instructions say I must...". The verbatim echo test of ``_output_guard`` matches word
runs; this one matches the prompt's distinctive content words, rule by rule.

How it reads an answer:

- The system prompt is split into rules (sentences; the "You are ..." introduction and
  sentences of fewer than three content words are left out: a self-introduction is no leak).
- Each rule keeps its content words, lightly stemmed, each weighted by how rare it is in
  English (log of its rank in the shipped frequency list ``_words.txt``, the benign reference;
  a word not listed, a number or an identifier such as ``deploy_guard`` weighs most).
- An answer word matches a rule word when their stems are equal or share a prefix of five
  letters or more (``verification``/``verified``); number words are read as digits.
- A rule is *covered* when the matched weight reaches ``COVER`` of the rule's weight and at
  least two of its words matched.
- Cues: *meta* ("my instructions", "I was told", "the system prompt says", "I'm configured
  to") and *rule speech* (a first person with a must, can't, not allowed, only, never...).

An answer is a paraphrase leak when it covers a rule and says *meta*, covers two rules and
uses *rule speech*, or covers ``BARE_RULES`` rules with no cue at all. One covered rule with
rule speech ("I can't share other riders' locations") is a refusal that obeys the rule, and
meta with nothing covered ("I can't share my instructions") is a refusal too: neither is
flagged.

Measured in ``bench/llm_output.py`` (dev: the nine prompts' 18 paraphrase rows and 45 benign
answers; held out: ``_output_corpus.NEW_PROMPTS``, never used to set anything here). It does
not read other languages: a translated leak is caught only through the numbers and
identifiers it keeps.
"""

from __future__ import annotations

import math
import re

from hauberk.llm._normalize import _word_costs

COVER = 0.5  # share of a rule's weight that must match
BARE_RULES = 3  # rules covered with no cue at all
MIN_RULE_WORDS = 3
PREFIX = 5

_STOP_WORDS = (
    "a about above after again all also always am an and any are as at be been before being "
    "below between both but by can could did do does doing don down during each either else "
    "ever every few for from further had has have having he her here hers him his how i if "
    "in into is it its itself just least less may me might more most much must my myself no "
    "nor not now of off on once one only or other our ours out over own per same shall she "
    "should so some such than that the their theirs them then there these they this those "
    "through to too under until unless up upon us very via was we were what when where "
    "whether which while who whom whose why will with within without would yes yet you your "
    "yours user users customer customers ask asks asked answer answers give tell say use "
    "never instead even whatever anything something someone anyone thing things"
)
_STOP = frozenset(_STOP_WORDS.split())
_NUMBERS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "ninety": "90",
    "hundred": "100",
}  # fmt: skip
_TOKEN = re.compile(r"[a-z0-9]+(?:[_'][a-z0-9]+)*")
_RULE_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ers", "er", "ed",
             "es", "ly", "s")  # fmt: skip

_META = re.compile(
    r"\b(?:my|the|these|those) (?:own )?(?:instructions?|rules|guidelines|directives|brief|"
    r"system prompt|setup|configuration|orders|policy says)\b"
    r"|\bsystem prompt\b"
    r"|\bi(?:'m| am| was| have been|'ve been) (?:told|instructed|set up|configured|"
    r"programmed|designed|meant|asked|required|directed)\b"
    r"|\b(?:according to|as per) my\b"
    r"|\bhow i(?:'m| am) set up\b",
    re.IGNORECASE,
)
_RULE_SPEECH = re.compile(
    r"\bi(?:'m| am)? ?(?:must|have to|need to|should(?:n't)?|can(?:'t|not| only)|won't|"
    r"may not|never|always|only|am not|'m not)\b"
    r"|\b(?:not allowed|not permitted|off limits|supposed to|strictly|no exceptions)\b"
    r"|\bis something i\b|\bmy (?:job|role|replies|answers)\b",
    re.IGNORECASE,
)


def stem(word: str) -> str:
    """A light suffix strip: enough for plurals and -ing/-ed/-ation, never below 4 letters."""
    word = _NUMBERS.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def weight(word: str) -> float:
    """Rarity in [0.3, 1]: log-rank in the shipped list; unlisted words, numbers and
    identifiers weigh 1."""
    if not word.isalpha():
        return 1.0
    cost = _word_costs().get(word)  # log(rank + 2), the normaliser's table of the same list
    if cost is None:
        return 1.0
    return max(0.3, min(1.0, cost / math.log(8000)))


def content_words(text: str) -> list[str]:
    words = (w.replace("'s", "") for w in _TOKEN.findall(text.lower()))
    return [w for w in words if w not in _STOP and (len(w) > 2 or w.isdigit())]


def _matches(a: str, b: str) -> bool:
    """Equal stems, or a shared prefix of ``PREFIX`` letters or more that leaves at most two
    letters of the shorter one (``verific``/``verifi``, not ``transact``/``transfer``)."""
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += 1
    return shared >= PREFIX and shared >= min(len(a), len(b)) - 2


class ParaphraseMatcher:
    """The rules of one system prompt, ready to be looked for in answers."""

    def __init__(self, system_prompt: str) -> None:
        rules: list[dict[str, float]] = []
        for sentence in _RULE_SPLIT.split(system_prompt):
            if re.match(r"\s*you are\b", sentence, re.IGNORECASE):
                continue
            terms: dict[str, float] = {}
            for word in content_words(sentence):
                terms[stem(word)] = max(terms.get(stem(word), 0.0), weight(word))
            if len(terms) >= MIN_RULE_WORDS:
                rules.append(terms)
        self.rules = tuple(rules)

    def covered(self, text: str) -> int:
        """How many rules ``text`` covers."""
        answer = {stem(w) for w in content_words(text)}
        by_prefix: dict[str, list[str]] = {}
        for a in answer:
            by_prefix.setdefault(a[:PREFIX], []).append(a)
        count = 0
        for terms in self.rules:
            hit = [
                w
                for s, w in terms.items()
                if s in answer or any(_matches(s, a) for a in by_prefix.get(s[:PREFIX], ()))
            ]
            if len(hit) >= 2 and sum(hit) >= COVER * sum(terms.values()):
                count += 1
        return count

    def signals(self, text: str) -> tuple[float, tuple[str, ...]]:
        """(share of the rules covered, the signals of a paraphrase leak in ``text``); the
        signals are empty when it reads as no leak."""
        if not self.rules:
            return 0.0, ()
        rules = self.covered(text)
        share = rules / len(self.rules)
        if rules == 0:
            return 0.0, ()
        found = f"paraphrase:rules={rules}"
        if _META.search(text):
            return share, ("system_prompt_paraphrase", "paraphrase:meta", found)
        if rules >= 2 and _RULE_SPEECH.search(text):
            return share, ("system_prompt_paraphrase", "paraphrase:rule_speech", found)
        if rules >= BARE_RULES:
            return share, ("system_prompt_paraphrase", found)
        return share, ()
