"""The prompt guard's thresholds fitted to a sample of the user's own benign traffic
(``hauberk llm calibrate``).

The shipped thresholds are the scores that a share ``fpr`` of our own calibration prompts and
documents reach; on text unlike ours (held-out sets 1 and 18-23: other packages' READMEs,
fixtures, documents and chats) they flag 7-15% of benign rows at ``fpr=0.01``. Here the
guard is run on the user's rows and the thresholds are moved until at most ``fpr`` of them
is flagged, keeping the most recall.

What is searched is a *level* of the shipped calibration: level ``j`` puts the prompt
threshold just above the ``j``-th highest calibration prompt (``PromptModel.threshold(j/n)``)
and the document threshold at the same share of the calibration documents. One number
moves both thresholds, as ``--fpr`` does: a user's sample rarely holds enough documents to
fit a second threshold on its own, and the shipped pairing keeps a page and a prompt judged
alike. The verdict is not a threshold-free score (``InputGuard._check`` reads decoded parts
below the threshold, lifts rule hits to ``max(DOCUMENT_RULE_SCORE, threshold)`` and maps
document scores through both thresholds), so every level is judged by running
``InputGuard.check`` itself at that level's thresholds, the model's scores of each reading
memoised between runs (a text's score depends on it alone); the verdicts at the chosen
level are then taken once more from a guard built exactly as ``InputGuard.load(calibration=)``
builds it, and the flags written are those.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "hauberk-guard-calibration/1"
MAX_FILE_BYTES = 4_000_000  # a file of 100,000 flagged ids; larger is not one of ours
# the levels searched: thresholds at each calibration prompt's score and 15 between two
# (on held-out 20 the top calibration prompts score 0.92, 0.74 and 0.59: a whole level
# apart, a sample allowed 20 flagged rows got 16)
LEVEL_STEPS = 16
MIN_FLAGGED_ROWS = 3  # a sample must allow this many flagged rows at the target fpr
_SHA256 = frozenset("0123456789abcdef")
_TOP_THRESHOLD = float(np.nextafter(1.0, 2.0))  # above every score the classifier gives


@dataclass(frozen=True)
class Calibration:
    """Thresholds for one model file (``model_sha256``), fitted so that at most ``fpr`` of
    ``rows`` benign rows were flagged, and what that cost (``attacks``). ``level``: the
    model's calibration prompts above the prompt threshold, in ``LEVEL_STEPS``-ths (read
    back for the record only: the thresholds are what a guard uses). ``source`` names the
    file it was read from, for error messages."""

    model_sha256: str
    threshold: float
    context_threshold: float
    fpr: float
    level: int = 0
    rows: int = 0
    flagged: int = 0
    flagged_share_ci95_high: float = 0.0
    flagged_ids: tuple[Any, ...] = ()
    rule_flagged_ids: tuple[Any, ...] = ()
    shipped: Mapping[str, Any] = field(default_factory=dict)
    attacks: Mapping[str, Any] = field(default_factory=dict)
    source: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": FORMAT}
        for f in fields(self):
            if f.name != "source":
                value = getattr(self, f.name)
                out[f.name] = list(value) if isinstance(value, tuple) else value
        out["flagged_share"] = self.flagged / self.rows if self.rows else 0.0
        return out

    @classmethod
    def read(cls, path: Path | str) -> Calibration:
        """The calibration in the JSON file at ``path``; a ``ConfigError`` naming the file and
        what to do when it is missing, too large or not one of ours."""
        from hauberk.core import ConfigError

        p = Path(path)
        redo = "write it again with `hauberk llm calibrate BENIGN.jsonl -o FILE`"
        try:
            with p.open("rb") as fh:
                mode = os.fstat(fh.fileno()).st_mode
                raw = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read the guard calibration ({exc.strerror})") from exc
        # whoever can write the file can raise the thresholds until the guard passes anything
        if os.name == "posix" and mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise ConfigError(
                f"{p}: the guard calibration can be changed by group or others (mode "
                f"{stat.S_IMODE(mode):o}); run `chmod go-w {p}` and retry"
            )
        if len(raw) > MAX_FILE_BYTES:
            raise ConfigError(f"{p}: over {MAX_FILE_BYTES} bytes, not a guard calibration; {redo}")
        try:
            data = json.loads(raw.decode("utf-8"))
            return cls._parse(data, str(p))
        # RecursionError: json nests without limit, and 4 MB of "[" is deeper than Python goes
        except (UnicodeDecodeError, RecursionError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{p}: not a guard calibration ({exc}); {redo}") from exc

    @classmethod
    def _parse(cls, data: Any, source: str) -> Calibration:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"expected a JSON object with format {FORMAT!r}")
        digest = data["model_sha256"]
        if not isinstance(digest, str) or len(digest) != 64 or not set(digest) <= _SHA256:
            raise ValueError("model_sha256 must be 64 lowercase hex digits")
        thresholds = [data["threshold"], data["context_threshold"]]
        for t in thresholds:
            if isinstance(t, bool) or not isinstance(t, float | int) or not 0 < t <= _TOP_THRESHOLD:
                raise ValueError(f"thresholds must be numbers in (0, 1], got {t!r}")
        fpr = data["fpr"]
        if isinstance(fpr, bool) or not isinstance(fpr, float | int) or not 0.0 < fpr < 1.0:
            raise ValueError(f"fpr must be in (0, 1), got {fpr!r}")
        ids = {k: data.get(k, []) for k in ("flagged_ids", "rule_flagged_ids")}
        for name, value in ids.items():
            if not isinstance(value, list) or not all(isinstance(i, str | int) for i in value):
                raise ValueError(f"{name} must be a list of ids")
        counts = [data.get(k, 0) for k in ("level", "rows", "flagged")]
        if not all(type(c) is int and c >= 0 for c in counts):
            raise ValueError("level, rows and flagged must be counts")
        return cls(
            digest,
            float(thresholds[0]),
            float(thresholds[1]),
            float(fpr),
            counts[0],
            counts[1],
            counts[2],
            float(data.get("flagged_share_ci95_high", 0.0)),
            tuple(ids["flagged_ids"]),
            tuple(ids["rule_flagged_ids"]),
            dict(data.get("shipped", {})),
            dict(data.get("attacks", {})),
            source,
        )


def search_level(
    evaluate: Callable[[int], tuple[int, Callable[[int], int]]],
    allowed: int,
    top: int,
    start: int,
) -> tuple[int | None, dict[int, int]]:
    """The highest level in ``[0, top]`` whose flagged count is at most ``allowed`` (the
    lowest thresholds, the most recall), or None when even level 0 flags more; and the
    counts of the levels evaluated.

    ``evaluate(j)`` gives the exact count at level ``j`` and an estimate of the count at any
    other level (from the scores of that run). The count is taken to grow with the level,
    as lower thresholds flag more; each probe is the estimate's best level inside the bracket
    left, or its middle when the estimate did not halve the bracket the time before, so the
    probes are at most about twice log2(top)."""
    lo, hi = -1, top + 1  # lo: highest level known to pass; hi: lowest known to flag too many
    seen: dict[int, int] = {}
    probe, bisect = min(max(start, 0), top), False
    while hi - lo > 1:
        count, estimate = evaluate(probe)
        seen[probe] = count
        width = hi - lo
        if count <= allowed:
            lo = probe
        else:
            hi = probe
        bisect = 2 * (hi - lo) > width
        guess = _estimated_level(estimate, allowed, lo, hi)
        probe = (lo + hi) // 2 if bisect or guess is None else guess
    return (lo if lo >= 0 else None), seen


def _estimated_level(estimate: Callable[[int], int], allowed: int, lo: int, hi: int) -> int | None:
    """The highest level strictly inside ``(lo, hi)`` the estimate allows, or the lowest one
    inside when it allows none (to confirm that ``lo`` is the answer); None if empty."""
    if hi - lo <= 1:
        return None
    a, b = lo + 1, hi - 1
    if estimate(a) > allowed:
        return a
    while a < b:  # the estimate grows with the level too: bisect on it
        mid = (a + b + 1) // 2
        if estimate(mid) <= allowed:
            a = mid
        else:
            b = mid - 1
    return a


@dataclass(frozen=True)
class Row:
    """One benign row of the sample: what ``InputGuard.check`` reads, and its id."""

    id: Any
    text: str
    context: tuple[str, ...] = ()
    history: tuple[str, ...] = ()


def level_thresholds(model: Any, level: int) -> tuple[float, float]:
    """The prompt and document thresholds of ``level``: ``level / LEVEL_STEPS`` of the model's
    calibration prompts above the first (between two of them, the thresholds are
    interpolated linearly), the same share of its documents above the second. At a whole
    number of prompts both are ``model.threshold`` at that share."""
    whole, part = divmod(level, LEVEL_STEPS)
    n = len(model.calibration)
    out = []
    for context in (False, True):
        size = len(model.calibration_context) if context else n
        ks = [math.floor(k * size / n + 1e-9) for k in (whole, whole + 1)]
        high, low = (model.threshold(k / size, context=context) for k in ks)
        out.append(high if part == 0 else high + (low - high) * part / LEVEL_STEPS)
    return out[0], out[1]


def top_level(model: Any) -> int:
    """The highest level: one calibration prompt under the threshold, as ``fpr`` near 1."""
    return (len(model.calibration) - 1) * LEVEL_STEPS


def _memoised(model: Any) -> Any:
    """``model`` with its ``scores`` memoised per text: the runs at each level read the
    same texts, and a text's score depends on it alone (``InputGuard._scored``)."""
    from hauberk.llm._input_guard import PromptModel

    if hasattr(model, "memo"):
        return model

    class Memoised(PromptModel):
        memo: dict[tuple[str, Any], float]

        def scores(
            self, texts: Sequence[str], hits: Sequence[tuple[str, ...]] | None = None
        ) -> np.ndarray:
            keys = [(t, None if hits is None else hits[i]) for i, t in enumerate(texts)]
            todo = [k for k in dict.fromkeys(keys) if k not in self.memo]
            if todo:
                new_hits = None if hits is None else [k[1] or () for k in todo]
                got = PromptModel.scores(self, [k[0] for k in todo], new_hits).tolist()
                self.memo.update(zip(todo, got, strict=True))
            return np.array([self.memo[k] for k in keys], dtype=np.float64)

    out = Memoised(**{f.name: getattr(model, f.name) for f in fields(model)})
    object.__setattr__(out, "memo", {})
    return out


def _guard(model: Any, thresholds: tuple[float, float], fpr: float, digest: str) -> Any:
    from hauberk.llm._input_guard import InputGuard

    return InputGuard(model, calibration=Calibration(digest, *thresholds, fpr))


def _verdicts(guard: Any, rows: Sequence[Row]) -> list[Any]:
    return [guard.check(r.text, context=r.context, history=r.history) for r in rows]


def attack_rows() -> list[Row]:
    """The built-in red-team attacks as the guard sees them: the last turn as the prompt,
    the earlier turns as history, the documents as context (markers and payloads filled as
    ``RedTeam`` fills them, with seed 0)."""
    from hauberk.llm._redteam import RedTeam, builtin_corpus

    team = RedTeam(lambda messages: "")  # type: ignore[arg-type]
    out = []
    for attack in builtin_corpus():
        marker = team._marker(attack) if attack.goal == "marker" else ""
        turns = [team._fill(t, attack, marker) for t in attack.turns]
        docs = tuple(team._fill(d, attack, marker) for d in attack.documents)
        out.append(Row(attack.id, turns[-1], docs, tuple(turns[:-1])))
    return out


def calibrate(
    rows: Sequence[Row],
    fpr: float,
    *,
    model: Any = None,
    attacks: Sequence[Row] | None = None,
) -> Calibration:
    """Thresholds at which ``InputGuard.check`` flags at most ``fpr`` of ``rows`` (benign),
    at the highest level that does. A ``ConfigError`` when ``rows`` are too few for ``fpr``,
    or when more than ``fpr`` of them are flagged even at the highest thresholds (their ids
    named: rule hits and unreadable text flag at any threshold)."""
    from hauberk.core import ConfigError
    from hauberk.core._stats import clopper_pearson
    from hauberk.llm._input_guard import _shipped

    if not 0.0 < fpr < 0.5:
        raise ConfigError(f"fpr={fpr}: the target false-positive rate must be in (0, 0.5)")
    needed = min_rows(fpr)
    if len(rows) < needed:
        raise ConfigError(
            f"{len(rows)} benign rows are too few to calibrate at fpr={fpr}: at least {needed} "
            f"are needed (so that {MIN_FLAGGED_ROWS} may be flagged); add rows or raise --fpr"
        )
    model = _shipped() if model is None else model
    digest = model.sha256
    allowed = math.floor(fpr * len(rows) + 1e-9)
    shipped = (model.threshold(fpr), model.threshold(fpr, context=True))
    memo = _memoised(model)
    shipped_run = _verdicts(_guard(memo, shipped, fpr, digest), rows)
    level = _search(rows, allowed, fpr, memo, shipped_run, narrow=True)
    verdicts = _final(rows, level, fpr, model)
    if (level is None) == (sum(v.flagged for v in verdicts) <= allowed):
        # a row's flag did not grow with the level, as the narrowed search assumed: search
        # again running every row at every level probed
        level = _search(rows, allowed, fpr, memo, shipped_run, narrow=False)
        verdicts = _final(rows, level, fpr, model)
    if level is None:
        ids = [r.id for r, v in zip(rows, verdicts, strict=True) if v.flagged]
        raise ConfigError(
            f"{len(ids)} of {len(rows)} rows are flagged even at the highest thresholds, over "
            f"the {allowed} that fpr={fpr} allows: ids {_shown(ids)}; review them (an attack "
            "or a rule hit in the sample cannot be calibrated away), remove them, or raise --fpr"
        )
    if sum(v.flagged for v in verdicts) > allowed:  # the memo gave other bits: fail closed
        raise ConfigError(
            "the verdicts at the chosen thresholds differ from the search's; "
            "this is a bug, please report it with the sample's size"
        )
    thresholds = level_thresholds(model, level)
    flagged = [r for r, v in zip(rows, verdicts, strict=True) if v.flagged]
    at_top = _verdicts(_guard(memo, (_TOP_THRESHOLD, _TOP_THRESHOLD), fpr, digest), flagged)
    attack_set = attack_rows() if attacks is None else attacks
    return Calibration(
        digest,
        *thresholds,
        fpr,
        level,
        len(rows),
        len(flagged),
        clopper_pearson(len(flagged), len(rows)).high,
        tuple(r.id for r in flagged),
        tuple(r.id for r, v in zip(flagged, at_top, strict=True) if v.flagged),
        {
            "threshold": shipped[0],
            "context_threshold": shipped[1],
            "flagged": sum(v.flagged for v in shipped_run),
        },
        _attack_shares(attack_set, memo, shipped, thresholds, fpr, digest),
    )


def _search(
    rows: Sequence[Row],
    allowed: int,
    fpr: float,
    memo: Any,
    shipped_run: list[Any],
    *,
    narrow: bool,
) -> int | None:
    """``search_level`` over the guard's verdicts on ``rows``. With ``narrow``, a probe
    between two levels already run reruns only the rows flagged at the higher level and not
    at the lower one: the others are taken to keep their flag (checked by ``_final``)."""
    digest, top = memo.sha256, top_level(memo)
    n = len(rows)
    bracket = [np.zeros(n, dtype=bool), np.ones(n, dtype=bool)]  # flags at lo and at hi
    scores = np.array([v.score for v in shipped_run])
    start = math.floor(fpr * len(memo.calibration) + 1e-9) * LEVEL_STEPS
    shipped = (memo.threshold(fpr), memo.threshold(fpr, context=True))

    def evaluate(level: int) -> tuple[int, Callable[[int], int]]:
        thresholds = level_thresholds(memo, level)
        todo = np.flatnonzero(bracket[1] & ~bracket[0]) if narrow else np.arange(n)
        if thresholds == shipped and len(todo) == n:
            verdicts = shipped_run
        else:
            verdicts = _verdicts(
                _guard(memo, thresholds, fpr, digest), [rows[int(i)] for i in todo]
            )
        flags = bracket[0].copy() if narrow else np.zeros(n, dtype=bool)
        flags[todo] = [v.flagged for v in verdicts]
        scores[todo] = [v.score for v in verdicts]
        count = int(flags.sum())
        bracket[0 if count <= allowed else 1] = flags
        return count, _estimator(scores.copy(), flags, level, memo)

    return search_level(evaluate, allowed, top, start)[0]


def _final(rows: Sequence[Row], level: int | None, fpr: float, model: Any) -> list[Any]:
    """The verdicts on every row of a guard built as ``InputGuard.load(calibration=)`` builds
    it, at ``level`` (at the highest thresholds when no level passed)."""
    from hauberk.llm._input_guard import InputGuard

    thresholds = level_thresholds(model, 0 if level is None else level)
    calibration = Calibration(model.sha256, *thresholds, fpr)
    return _verdicts(InputGuard(model, calibration=calibration), rows)


def _estimator(
    scores: np.ndarray, flags: np.ndarray, level: int, model: Any
) -> Callable[[int], int]:
    """Estimated count at another level from one probe: a row flagged here stays flagged at
    lower thresholds, and otherwise a score is compared with the prompt threshold there (a
    document's score is on the prompt scale already)."""

    def estimate(other: int) -> int:
        tp = level_thresholds(model, other)[0]
        above = scores >= tp
        return int((above | flags).sum() if other > level else (above & flags).sum())

    return estimate


def _attack_shares(
    attacks: Sequence[Row],
    model: Any,
    shipped: tuple[float, float],
    fitted: tuple[float, float],
    fpr: float,
    digest: str,
) -> dict[str, Any]:
    if not attacks:
        return {"n": 0}
    out: dict[str, Any] = {"n": len(attacks)}
    for name, pair in (("shipped", shipped), ("calibrated", fitted)):
        flags = [v.flagged for v in _verdicts(_guard(model, pair, fpr, digest), attacks)]
        out[f"flagged_{name}"] = sum(flags) / len(attacks)
    return out


def min_rows(fpr: float) -> int:
    """Rows needed to calibrate at ``fpr``: enough that ``MIN_FLAGGED_ROWS`` may be flagged."""
    return math.ceil(MIN_FLAGGED_ROWS / fpr - 1e-9)


def _shown(ids: Iterable[Any], limit: int = 20) -> str:
    ids = list(ids)
    text = ", ".join(json.dumps(i) for i in ids[:limit])
    return text + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
