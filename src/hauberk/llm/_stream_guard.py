"""The output guard on a streamed answer: text leaves only after the guard has read it
together with what came before it, and a tail is held back so that a leak split across
pieces is whole before any of it leaves.

Threat: a model (or an attacker steering it) leaks a secret, a canary, personal data or the
system prompt in a streamed answer, in pieces small enough that no piece holds the leak. A
guard that checks piece by piece passes all of them; one that checks the text so far but
releases all of it passes the first half of the leak before the second half arrives.

How: :class:`StreamGuard` keeps the whole answer. ``release`` runs the output guard over the
unreleased text plus ``context`` characters before it (the whole answer while it is shorter
than that) and, if nothing fired, lets out everything but the last ``hold`` characters. Two
kinds of text are held longer: a run without whitespace that reaches into the held tail is
held whole (up to ``max_run`` characters), so a key, a token or a base64 blob never leaves in
part and is decoded by the guard from its start; and a ``-----BEGIN ...`` block without its
``-----END`` is held from its first line. ``finish`` runs the guard over the whole answer (the
verdict the non-streaming route gives) before the tail leaves. On a finding nothing more
leaves: ``blocked`` holds the verdict; a guard that raises blocks too (fail closed).

What it guarantees: a leak the guard detects on the whole answer, and whose detectable form
fits in ``hold`` characters (or in one whitespace-free run), never leaves in any part. What it
does not: a leak the guard detects only from text spread over more than ``hold`` characters
(the system-prompt echo share over a long answer, a secret whose context word came long
before) is caught when the evidence completes, after the earlier part has left; the answer
stops there. The default ``hold`` (:func:`default_hold`) covers three times the longest
canary, twice the longest ``echo_run``-word run of the system prompt and every secret format
in :mod:`hauberk.llm._secrets` except PEM blocks and JWTs, which the run and block rules hold.
"""

from __future__ import annotations

import re
import time
from typing import Any

from hauberk.core import ConfigError
from hauberk.llm._verdict import GuardVerdict

MIN_HOLD = 128  # the longest secret format's detectable prefix (a github_pat is 93)
_SPACES = (" ", "\n", "\t", "\r")
_END = re.compile(r"-----END [A-Z ]{0,40}-----")  # a whole END line closes a BEGIN block


def default_hold(guard: Any) -> int:
    """Characters to hold back for ``guard`` (an :class:`~hauberk.llm.OutputGuard`)."""
    hold = MIN_HOLD
    for canary in getattr(guard, "canaries", ()) or ():
        hold = max(hold, 3 * len(canary) + 8)  # spaced out, or base64 (4/3) with its context
    prompt = getattr(guard, "system_prompt", None)
    run = int(getattr(guard, "echo_run", 12) or 12)
    if prompt:
        words = prompt.split()
        longest = max(
            (len(" ".join(words[i : i + run])) for i in range(max(1, len(words) - run + 1))),
            default=0,
        )
        hold = max(hold, 2 * longest + 16)
    return min(hold, 8192)


def _last_space(text: str, lo: int, hi: int) -> int:
    """Index of the last whitespace in ``text[lo:hi]``, or -1."""
    return max(text.rfind(s, lo, hi) for s in _SPACES)


class StreamGuard:
    """Releases a streamed answer only after ``guard`` has checked it (see the module).

    ``guard`` has ``check(text) -> GuardVerdict``. ``hold``: characters held back (default
    :func:`default_hold`). ``context``: characters before the unreleased text each check also
    reads. ``max_run``: the longest whitespace-free run held whole.
    """

    def __init__(
        self,
        guard: Any,
        *,
        hold: int | None = None,
        context: int = 4096,
        max_run: int = 4096,
    ) -> None:
        if hold is not None and not 0 <= hold <= 1_000_000:
            raise ConfigError(f"hold={hold}: must be in [0, 1000000] characters")
        if not 0 <= context <= 1_000_000:
            raise ConfigError(f"context={context}: must be in [0, 1000000] characters")
        if not 0 <= max_run <= 1_000_000:
            raise ConfigError(f"max_run={max_run}: must be in [0, 1000000] characters")
        self.guard = guard
        self.hold = default_hold(guard) if hold is None else hold
        self.context = context
        self.max_run = max_run
        self.released = 0  # characters let out
        self.checked = 0  # characters the last clean check read up to
        self.blocked: GuardVerdict | None = None
        self.checks = 0
        self.check_seconds = 0.0
        self._text = ""
        self._parts: list[str] = []

    @property
    def text(self) -> str:
        """Everything received so far."""
        if self._parts:
            self._text += "".join(self._parts)
            self._parts.clear()
        return self._text

    @property
    def received(self) -> int:
        return len(self._text) + sum(len(p) for p in self._parts)

    @property
    def unchecked(self) -> int:
        """Characters received since the last check."""
        return self.received - self.checked

    def push(self, piece: str) -> None:
        """Take the next piece (cheap: the check runs in :meth:`release`)."""
        if not isinstance(piece, str):
            raise TypeError(f"a streamed piece must be str, not {type(piece).__name__}")
        if piece and self.blocked is None:
            self._parts.append(piece)

    def _check(self, text: str) -> bool:
        start = time.perf_counter()
        try:
            verdict = self.guard.check(text)
            if not isinstance(verdict, GuardVerdict):
                verdict = GuardVerdict(bool(verdict.flagged), float(verdict.score),
                                       tuple(verdict.signals))  # fmt: skip
        except Exception as exc:  # a guard that cannot read the answer withholds it
            verdict = GuardVerdict(True, 1.0, (f"error:{type(exc).__name__}",))
        finally:
            self.checks += 1
            self.check_seconds += time.perf_counter() - start
        if verdict.flagged:
            self.blocked = verdict
            return False
        return True

    def _window(self, text: str) -> str:
        start = max(0, self.released - self.context)
        if start > 0:  # start at a word boundary: a blob is decoded from its beginning
            space = _last_space(text, max(0, start - self.max_run), start)
            start = space + 1 if space >= 0 else max(0, start - self.max_run)
        return text[start:]

    def _boundary(self, text: str) -> int:
        """How far the text may leave once checked."""
        n = len(text)
        end = n - self.hold
        if end <= self.released:
            return self.released
        begin = text.rfind("-----BEGIN", max(0, self.released - 64))
        if begin != -1 and _END.search(text, begin) is None:
            end = min(end, begin)
        if end > 0 and not text[end - 1].isspace() and (end == n or not text[end].isspace()):
            # a run that reaches the boundary (or the end: it may go on) is held whole
            space = _last_space(text, max(0, end - self.max_run), end)
            if space >= 0:
                end = space + 1
            elif end > self.max_run:
                pass  # a run longer than max_run: it cannot be held forever
            else:
                end = 0
        return max(end, self.released)

    def release(self) -> str:
        """Check what arrived; the text that may leave now ("" when blocked or nothing)."""
        if self.blocked is not None:
            return ""
        text = self.text
        if len(text) == self.checked:
            return ""
        if not self._check(self._window(text)):
            return ""
        self.checked = len(text)
        end = self._boundary(text)
        out = text[self.released : end]
        self.released = end
        return out

    def finish(self) -> str:
        """The answer is complete: check all of it; the rest that may leave."""
        if self.blocked is not None:
            return ""
        text = self.text
        if not self._check(text):
            return ""
        self.checked = len(text)
        out = text[self.released :]
        self.released = len(text)
        return out
