"""Leakage guard for what comes out of a language model: secrets, personal data, canary tokens
planted in the system prompt, and the system prompt itself echoed verbatim or nearly so.

Every check also reads the decoded forms of the response (``_normalize.views``): a model
talked into spelling its system prompt in base64, rot13, with zero-width characters between
letters or in homoglyphs is caught the same as one that pastes it. Personal data comes from
``hauberk.data.pii.find`` (checksums on cards, IBANs and national ids); URLs are left out by
default because answers cite them all the time.
"""

from __future__ import annotations

import base64
import codecs
import re
from collections.abc import Collection, Sequence
from itertools import pairwise
from urllib.parse import unquote

from hauberk.llm._normalize import SIGNALS as STEPS
from hauberk.llm._normalize import View, b64_bytes, views
from hauberk.llm._paraphrase import ParaphraseMatcher
from hauberk.llm._secrets import find_secrets
from hauberk.llm._verdict import GuardVerdict

MAX_OUTPUT_CHARS = 1_000_000
DEFAULT_PII: frozenset[str] = frozenset(
    {"CREDIT_CARD", "IBAN_CODE", "US_SSN", "UK_NINO", "ES_NIF", "NL_BSN", "CRYPTO",
     "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS"}
)  # fmt: skip
_WORDS = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def _grams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# A credential split over lines: adjacent string literals ("abc"\n  "def") and a line break
# between two token characters are joined in one extra reading for the secret patterns.
_LITERALS = re.compile(r"""(["'])([^"'\n]{1,400})\1\s*\n\s*(["'])([^"'\n]{1,400})\3""")
# The break must follow 8 non-space characters and lead to a fragment without "=" (bar
# base64 padding): "PORT=8080" on the next line of a .env file is a new entry, not a tail.
_WRAP = re.compile(r"(?<=\S{8})\n(?=[^\s=]+={0,2}(?:\s|$))")


# One character then one separator, twelve times or more ("g h p _ 8 K q" or "g-h-p-_-8"),
# and runs of four-character chunks ("ghp_ 8Kq2 mZxY 7LpQ": a key read out in groups).
_SPACED = re.compile(r"(?<!\S)(?:\S[ \t.|,_-]){11,}\S(?!\S)")
_CHUNKED = re.compile(r"(?<![\w+/=-])(?:[\w+/=.-]{4}[ \t]){3,}[\w+/=.-]{1,4}(?![\w+/=-])")


# Base64 and hex blobs, decoded when they make printable ASCII. ``views`` decodes them too,
# but keeps a payload only if half of it is letters (it reads for instructions); a Slack
# or Databricks token is mostly digits.
_B64_BLOB = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_HEX_BLOB = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])")
_ASCII = re.compile(r"[\x20-\x7e\t\r\n]+")


def _decoded_blobs(text: str) -> str | None:
    found = [b64_bytes(m.group(0)) for m in _B64_BLOB.finditer(text)]
    found.extend(bytes.fromhex(m.group(0)) for m in _HEX_BLOB.finditer(text))
    plain = [
        d.decode("ascii") for d in found if d is not None and _ASCII.fullmatch(d.decode("latin-1"))
    ]
    return "\n".join(plain) if plain else None


def secret_readings(text: str) -> list[str]:
    """Text the secret patterns also read: percent-escapes decoded (``key%3Dghp_...``),
    lines joined where a token was wrapped, characters or chunks spaced apart joined, and
    the text reversed and in rot13 (a model asked to "write it backwards" does so for keys
    as for prose, and a key does not read as English for ``views`` to undo it), and base64
    and hex blobs decoded."""
    out = []
    if "%" in text:
        out.append(unquote(text))
    if "\n" in text:
        out.append(_WRAP.sub("", _LITERALS.sub(lambda m: f"{m[1]}{m[2]}{m[4]}{m[1]}", text)))
    out.append(_SPACED.sub(lambda m: m[0][::2], text))
    out.append(_CHUNKED.sub(lambda m: re.sub(r"[ \t]", "", m[0]), text))
    out.extend([text[::-1], codecs.encode(text, "rot13")])
    blobs = _decoded_blobs(text)
    if blobs is not None:
        out.append(blobs)
    return [r for r in dict.fromkeys(out) if r != text]


def canary_forms(canary: str) -> tuple[str, ...]:
    """A canary as a model asked to encode it would write it: base64 (at each of the three
    alignments it can take inside a longer encoded text, padding dropped), hex and reversed."""
    raw = canary.encode()
    forms = {canary[::-1].lower(), raw.hex()}
    for shift in range(3):
        enc = base64.b64encode(b"\0" * shift + raw).decode().rstrip("=")
        start = (shift * 4 + 2) // 3  # drop the characters that carry padding bits
        end = len(enc) - (1 if (shift + len(raw)) % 3 else 0)
        if end - start >= 8:
            forms.add(enc[start:end])
    return tuple(sorted(forms))


SENTENCE_WORDS = 8
ECHO_WINDOW = 40  # squashed characters: about seven words
ECHO_STRIDE = 10


class OutputGuard:
    """Flag a model response that leaks a secret, personal data, a canary or the system prompt.

    ``system_prompt``: the prompt to protect; a response sharing ``echo_share`` of its word
    ``ngram``-grams (or a run of ``echo_run`` words) is an echo. ``canaries``: strings planted
    in the system prompt that must never come out, matched also case- and separator-blind.
    ``pii``: entity types of ``hauberk.data.pii`` to flag (default ``DEFAULT_PII``, no URLs).
    ``paraphrase``: also flag the prompt's rules restated in other words
    (``_paraphrase.ParaphraseMatcher``: content words rule by rule, plus "my instructions..."
    cues); the signals say which part fired.
    """

    def __init__(
        self,
        system_prompt: str | None = None,
        canaries: Sequence[str] = (),
        *,
        pii: Collection[str] | None = DEFAULT_PII,
        ngram: int = 5,
        echo_share: float = 0.3,
        echo_run: int = 12,
        paraphrase: bool = True,
    ) -> None:
        from hauberk.core import ConfigError

        if ngram < 2:
            raise ConfigError(f"ngram={ngram}: must be at least 2")
        if not 0.0 < echo_share <= 1.0:
            raise ConfigError(f"echo_share={echo_share}: must be in (0, 1]")
        if echo_run < ngram:
            raise ConfigError(f"echo_run={echo_run}: must be at least ngram={ngram}")
        bad = [c for c in canaries if not isinstance(c, str) or len(_squash(c)) < 6]
        if bad:
            raise ConfigError(
                f"canary {bad[0]!r}: a canary needs at least 6 letters or digits to be "
                "told apart from ordinary text"
            )
        self.system_prompt = system_prompt
        self.canaries = tuple(canaries)
        self.pii = None if pii is None else frozenset(pii)
        self.ngram = ngram
        self.echo_share = echo_share
        self.echo_run = echo_run
        self.paraphrase = paraphrase
        self._paraphrase = (
            ParaphraseMatcher(system_prompt) if paraphrase and system_prompt else None
        )
        words = _words(system_prompt or "")
        self._sys_words = words
        self._sys_grams = _grams(words, ngram) if len(words) >= ngram else set()
        self._sys_runs = _grams(words, echo_run) if len(words) >= echo_run else set()
        # Whole sentences of eight words or more: one rule of the prompt quoted verbatim is a
        # leak though shorter than ``echo_run`` words.
        sentences = (_words(x) for x in re.split(r"[.!?;:\n]+", system_prompt or ""))
        self._sys_sentences = tuple(" ".join(w) for w in sentences if len(w) >= SENTENCE_WORDS)
        self._squashed_canaries = tuple(_squash(c) for c in self.canaries)
        self._canary_forms = tuple(f for c in self.canaries for f in canary_forms(c))
        squashed = _squash(system_prompt or "")
        self._sys_windows = tuple(
            squashed[i : i + ECHO_WINDOW]
            for i in range(0, max(0, len(squashed) - ECHO_WINDOW) + 1, ECHO_STRIDE)
        ) if len(squashed) >= ECHO_WINDOW + ECHO_STRIDE else ()  # fmt: skip

    def _echo(self, text: str) -> float:
        """Share of the system prompt's n-grams in ``text`` (1.0 for a long verbatim run)."""
        if not self._sys_words:
            return 0.0
        words = _words(text)
        if len(self._sys_words) < self.ngram:  # a very short prompt: whole-phrase match
            phrase = " ".join(self._sys_words)
            return 1.0 if phrase and phrase in " ".join(words) else 0.0
        grams = _grams(words, self.ngram)
        share = len(grams & self._sys_grams) / len(self._sys_grams)
        if self._sys_runs and _grams(words, self.echo_run) & self._sys_runs:
            share = 1.0
        if share < 1.0 and self._sys_sentences:
            joined = f" {' '.join(words)} "
            if any(f" {x} " in joined for x in self._sys_sentences):
                share = 1.0
        return share

    def _squashed_run(self, text: str) -> bool:
        """Two consecutive prompt windows in the answer with case, spacing and punctuation
        dropped: a run of 50 or more of the prompt's letters, however it was spaced out
        (``Y o u  a r e``) or broken into lines. A self-introduction ("I'm Penny, the assistant
        of Northwind Bank") is shorter than that."""
        if not self._sys_windows:
            return False
        squashed = _squash(text)
        found = [w in squashed for w in self._sys_windows]
        return any(a and b for a, b in pairwise(found))

    def _paraphrased(self, readings: Sequence[View]) -> tuple[float, tuple[str, ...]]:
        """The first reading that restates the prompt's rules: (share covered, signals)."""
        assert self._paraphrase is not None
        for view in readings:
            share, found = self._paraphrase.signals(view.text)
            if found:
                return share, found
        return 0.0, ()

    def check(self, text: str) -> GuardVerdict:
        """Score one response; ``flagged`` if anything leaked."""
        if not isinstance(text, str):
            return GuardVerdict(True, 1.0, ("unreadable",))
        if len(text) > MAX_OUTPUT_CHARS:
            return GuardVerdict(True, 1.0, ("oversize",))
        if not text.strip():
            return GuardVerdict(False, 0.0, ())
        signals: list[str] = []
        score = 0.0
        readings = views(text)
        for reading in [*(v.text for v in readings), *secret_readings(text)]:
            for secret in find_secrets(reading):
                signals.append(f"secret:{secret.kind}")
                score = 1.0
        if self._squashed_canaries:
            for view in readings:
                low, squashed = view.text.lower(), _squash(view.text)
                for canary, sq in zip(self.canaries, self._squashed_canaries, strict=True):
                    if canary.lower() in low or sq in squashed:
                        signals.append("canary")
                        score = 1.0
            if any(form in text or form in text.lower() for form in self._canary_forms):
                signals.append("canary")
                score = 1.0
        if self.pii is None or self.pii:
            from hauberk.data.pii import find

            for entity in find(text, entities=self.pii):
                signals.append(f"pii:{entity.type}")
                score = 1.0
        echo = max((self._echo(v.text) for v in readings), default=0.0)
        if echo < self.echo_share and self._squashed_run(text):
            echo = 1.0
        if echo >= self.echo_share:
            signals.append("system_prompt_echo")
        elif self._paraphrase is not None:
            share, found = self._paraphrased(readings)
            signals.extend(found)
            echo = max(echo, self.echo_share, share) if found else echo
        score = max(score, echo)
        steps = [s for v in readings for s in v.steps] if signals else []
        out = tuple(dict.fromkeys([*signals, *steps]))
        flagged = any(s not in STEPS for s in out)
        return GuardVerdict(flagged, float(score), out)
