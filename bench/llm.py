"""Prompt-injection and jailbreak detection on a held-out set, hauberk against offline peers.

Twenty-five sets. The twenty-fifth (``bench/corpus/llm/heldout_25.jsonl``, written by
``tools/_prompt_corpus_25.py``) was built in round 28, blind: 2,745 rows, its plain attacks
from 1 new package, 40 packages earlier sets read (read again under a rule widened for that
set only, for texts no earlier set and no training holds; their rows' sources start with
``reread.``) and the builder's authored attacks; built before any model of that round was
scored and never scored while it was built. The twenty-fourth
(``bench/corpus/llm/heldout_24.jsonl``, written by
``tools/_prompt_corpus_24.py``) was built in round 27, blind: 2,944 rows from 45 packages,
built before any model of that round was scored and never scored while it was built. The
twenty-third (``bench/corpus/llm/heldout_23.jsonl``, written by
``tools/_prompt_corpus_23.py``) was built in round 26, blind: 3,247 rows from 32 packages,
built before any model of that round was scored and never scored while it was built; two
AGPL packages' rows were then taken out (the earlier sets keep to permissive licences),
which leaves 3,128 rows from 30 packages. The
twenty-second (``bench/corpus/llm/heldout_22.jsonl``, written by
``tools/_prompt_corpus_22.py``) was built in round 25, blind: 3,402 rows from 32 packages,
built before any model of that round was scored and never scored while it was built. The
twenty-first (``bench/corpus/llm/heldout_21.jsonl``, written by
``tools/_prompt_corpus_21.py``) was built in round 24, blind: 3,381 rows from 41 packages,
built before any model of that round was scored and never scored while it was built. The
twentieth (``bench/corpus/llm/heldout_20.jsonl``, written by
``tools/_prompt_corpus_20.py``) was built in round 23, blind: 3,459 rows from 54 packages,
built before any model of that round was scored and never scored while it was built. The
nineteenth (``bench/corpus/llm/heldout_19.jsonl``, written by
``tools/_prompt_corpus_19.py``) was built in round 22, blind: 2,595 rows from 34 packages,
built before any model of that round was scored and never scored while it was built. The
eighteenth (``bench/corpus/llm/heldout_18.jsonl``, written by
``tools/_prompt_corpus_18.py``) was built in round 21, blind: 2,550 rows from 22 packages,
built before any model of that round was scored and never scored while it was built. The
seventeenth (``bench/corpus/llm/heldout_17.jsonl``, written by
``tools/_prompt_corpus_17.py``) was built in round 20, blind: 3,282 rows from 32 packages,
built before any model of that round was scored and never scored while it was built. The
sixteenth (``bench/corpus/llm/heldout_16.jsonl``, written by
``tools/_prompt_corpus_16.py``) was built in round 19, blind: 3,157 rows from 41 packages,
built before any model of that round was scored and never scored while it was built. The
fifteenth (``bench/corpus/llm/heldout_15.jsonl``, written by
``tools/_prompt_corpus_15.py``) was built in round 18, blind: 3,926 rows from 66 packages,
built before any model of that round was scored and never scored while it was built. The
fourteenth (``bench/corpus/llm/heldout_14.jsonl``, written by
``tools/_prompt_corpus_14.py``) was built in round 17, blind: 2,851 rows from 61 packages,
built before any model of that round was scored and never scored while it was built. The
thirteenth (``bench/corpus/llm/heldout_13.jsonl``, written by
``tools/_prompt_corpus_13.py``) was built in round 16, blind: before any model of that round
was scored and never scored while it was built, from the attack lists, labelled technique
files and test literals in the source distributions of 34 PyPI prompt-injection firewalls,
guardrails, red-team tools and agent-security scanners that no set or training read
(promptshield-sdk, llmstrike, memgar, ai-firewall-mcp, aiguard-safety, adapt-agent, ...), with
no package above 15% of the plain attacks, 70 attacks written for the set (17%, each a named
technique) with benign texts of the same shapes, obfuscations and payload carriers half of
kinds no earlier set used (Porta, scytale, base32hex, Bubble Babble; RIS citation, GEDCOM
note, KML placemark, Trello export, Matrix export; code words defined over earlier turns),
the same wrappers on benign text, and a leakage filter against every other corpus text,
round 14's training wheels and, with training's character-5-gram measure run exactly, every
earlier held-out text. The twelfth (``bench/corpus/llm/heldout_12.jsonl``, written by
``tools/_prompt_corpus_12.py``) was built in round 15, blind: before any model of that round
was scored and never scored while it was built, from the attack lists, labelled probe files
and test literals in the source distributions of 41 PyPI prompt-injection firewalls,
guardrails, red-team tools and agent-security scanners that no set or training read
(diviqra-guard, neurosym-ai, keelson-ai, zn-gate, tweek, agent-immune, promptheus-ai, ...),
with no package above 15% of the plain attacks, obfuscations and payload carriers half of
kinds no earlier set used (Beaufort, Trithemius, Z85, UTF-16LE hex, a null cipher; Telegram
export, Zoom chat, .ass subtitles, GeoJSON, roff man page, Postman collection, OPML; a note in
numbered parts out of order over earlier turns), multi-turn attacks, the same wrappers on
benign text, and a leakage filter against every other corpus text, round 14's training wheels
and, with training's character-5-gram measure, every earlier held-out text. The eleventh
(``bench/corpus/llm/heldout_11.jsonl``, written by
``tools/_prompt_corpus_11.py``) was built in round 15, blind: before any model of that round
was scored and never scored while it was built, from the labelled data files, attack lists,
git-metadata fixtures and test literals in the source distributions of 32 PyPI
prompt-injection detectors, red-team tools and agent-security scanners that no set or training
read (promptlock-py, read-no-evil-mcp, protectrag, ward-scanner, superclaw, ...), with
obfuscations and payload carriers half of kinds no earlier set used (Base45, EBCDIC hex, XOR
hex, autokey, ITA2 Baudot; Android strings.xml, RTF, GPX, Discord export, robots.txt,
Terraform, Mermaid; a note split over two turns), multi-turn attacks, the same wrappers on
benign text, and a leakage filter against every other corpus text, round 14's training wheels
and, with training's character-5-gram measure, every earlier held-out text. The tenth
(``bench/corpus/llm/heldout_10.jsonl``, written by
``tools/_prompt_corpus_10.py``) was built in round 14, blind: before any model of that round
was scored and never scored while it was built, from the test fixtures and the labelled data
files in the source distributions of 25 PyPI prompt-injection detectors and firewalls that no
set or training read (prompt-shield-ai, gauntlet-ai, promptgate-llm, unplug-ai, ...), with
obfuscations and payload carriers half of kinds no earlier set used (ROT47, Base58, DNA bases,
tap code, numbered shuffle; BibTeX, Dockerfile, WebVTT, ChatGPT export, SARIF, IRC), the same
wrappers on benign text, everyday chat requests from new templates, the packages' benign
fixtures, READMEs and docstrings as benign, and a leakage filter against every other corpus
text and the strings of round 14's training wheels: it is the clean held-out set from round 14
on. The ninth (``bench/corpus/llm/heldout_9.jsonl``, written by
``tools/_prompt_corpus_9.py``) was built in round 13, before any model of that round was scored
and never scored while it was built, from the test fixtures and examples in the source
distributions of PyPI detector and firewall packages (attack strings their tests expect caught,
benign strings their tests expect to pass; wheels leave tests out, so no set or training read
them) and PharosOne's own probes, with obfuscations and payload carriers half of kinds no
earlier set used, the same wrappers on benign text, everyday chat requests from new templates,
the packages' READMEs and docstrings as benign, and a leakage filter against every other corpus
text, set 8 and its sources included: it is the clean held-out set from round 13 on. The
eighth (``bench/corpus/llm/heldout_8.jsonl``, written by
``tools/_prompt_corpus_8.py``) was built in round 12, before any model of that round was scored
and never scored while it was built, from PyPI packages no earlier set or training reads
(sentinelprobe, argus-orchestrator, promptwl, garak-multilingual, guardrailprobe,
cot-redteam-agent, cilada-redteam, aitdp, proofagent-harness; HijackRAG segments from vexrag,
capped), with obfuscations and payload carriers half of kinds no earlier set used, the same
wrappers on benign text, everyday chat requests from new templates (some in Spanish, French,
German, Italian, Portuguese and Turkish), npm READMEs no set used and security READMEs as
benign, and a leakage filter against every other corpus text, sets 5, 6 and 7 included: it was
the clean held-out set of round 12. The seventh (``bench/corpus/llm/heldout_7.jsonl``,
written by
``tools/_prompt_corpus_7.py``) was built in round 11, before that round's retraining and never
scored while it was built, from npm packages (a registry no earlier set or training reads:
promptfoo and agent-security-scanner-mcp attacks, READMEs and scanner finding texts as benign)
and PyPI packages first published after set 6 (ziran, safelabs-eval, lmtwt, oubliette-dungeon,
redclaw, mcp-stress-test, blackwall-llm-shield-python, guardlayer), with obfuscations and
payload carriers half of kinds no earlier set used, the same wrappers on benign text, and a
leakage filter against every other corpus text, sets 5 and 6 included: it was the clean
held-out set of round 11. The sixth (``bench/corpus/llm/heldout_6.jsonl``, written by
``tools/_prompt_corpus_6.py``) was built in round 10, before that round's retraining and never
scored while it was built, from five registry packages no other set or training reads
(prompt-armor, oubliette-shield, promptshields, grendel-redteam, aegisrt) with 25 obfuscations
of kinds no earlier set used (Vigenere, rail fence, keyboard shift, ASCII codes, binary, octal
and backslash-u escapes, Braille, squared and regional-indicator letters, an acrostic, synonyms,
typos, mixed languages, one word per turn; payloads in YAML, XML, SQL, logs, markdown tables,
image alt text, git diffs, code comments, calendar invites and tool schemas) plus earlier kinds,
template-built Spanish / French / German attacks and questions, benign documents read from
pinned wheels, the same carriers on benign text, and a leakage filter against every other
corpus text, set 5 included: it was the clean held-out set of round 10. The fifth
(``bench/corpus/llm/heldout_5.jsonl``, written by
``tools/_prompt_corpus_5.py``) was built in round 9 from nine registry packages (veritas-redteam,
agent-guardian, jailbreak-arena, agentic-redteam, prompt-fuzz-cli, llm-security-scanner,
llm-security-tester, blastcontain-drill, rag-redteam) with 24 obfuscations, 19 of a kind no
earlier set used (ciphers, Morse, NATO, lookalike letters, payloads in CSV, e-mail, HTML
comments and tool output), the same wrappers applied to benign text, and a leakage filter
against every text any other set or training reads: it was the clean held-out set of round 9.
The others were written by ``tools/train_prompt_guard.py``. Since round 9 the shipped model trains on the
plain attack texts and benign texts of the second, third and fourth (``--fold``; never on their
obfuscated rows), since round 10 on the fifth's, since round 13 on the sixth's and
seventh's, since round 21 on held-out 8 to 12's and since round 22 on 13 to 17's (their
plain texts and benign documents): their tables are printed to show regressions but are no longer held-out
numbers. Recall on sets the model never saw is also measured by ``tools/loso_sets.py`` (each
of those sets left out of training in turn, ``bench/results/llm_loso_sets.md``); held-out 1
stays held out. The fourth
(``bench/corpus/llm/heldout_4.jsonl``, see ``tools/_prompt_corpus_4.py``) was built in round 7
before that round's retraining, from spikee, weiseer-prompt-redteam and vexscan attacks with
obfuscations no earlier set used, and benign text of packages and families no other set or
training uses; the round-6 model was measured on it once then, and the round-7 model once at
the end. The third
(``bench/corpus/llm/heldout_3.jsonl``, see ``tools/_prompt_corpus_3.py``) was built in round 6
before that round's retraining, from registry packages and text families none of the others
uses; the current model was measured on it once then, and once at the end. The second
(``bench/corpus/llm/heldout_fresh.jsonl``, see ``tools/_prompt_corpus_fresh.py``) was built
after the first had been looked at during retraining, from sources neither training nor the
first set uses (raginject, bastionprobe, nullsec-promptinject, dual-llm-bench and 0din-jef
attacks, garak's doctor and smuggling probes, with encodings the first set lacks; standard
library docstrings and scikit-learn data-set descriptions as benign), and is never tuned on.

The first set (``bench/corpus/llm/heldout.jsonl``) holds
attacks from garak prompt families the classifier never saw (TAP, AutoDAN, DRA, grandma,
Goodside, latent injection, system-prompt extraction), each also obfuscated (base64, hex,
rot13, leetspeak, zero-width, homoglyphs, Unicode tags, split across two turns, hidden in a
retrieved document), and benign prompts from template families, documentation topics and
prose passages none of which was in training or calibration (some base64-encoded, in
homoglyphs or with a retrieved document).

Detectors, all on the same rows in this one process:

- hauberk: ``InputGuard.load(fpr=0.01)`` with ``context`` and ``history`` as given (or
  the model file ``--model`` names: a candidate build, measured with the same readers).
- keyword: a floor: flags a row whose text, history or context contains one of ``KEYWORDS``
  (case-insensitive), the phrases most pattern filters start from.
- llm-guard (0.3.16, installed ``--no-deps``: its full install would downgrade cryptography
  and pull transformers): its rule scanners BanSubstrings (with ``KEYWORDS``: it ships no
  injection phrase list of its own; its injection detector is a transformer model) and
  InvisibleText; flagged when either fails.
- pi-sanitizer: prompt-injection-sanitizer 0.1.1, regex patterns after Unicode
  normalisation, with typoglycemia and leetspeak passes; flagged on any detected pattern.
- Not run: last-layer (ships closed ``.so`` binaries), prompt-injection-defense (pulls
  datasets and huggingface_hub), Rebuff/vigil/pytector (need a model or a service).

Peers see the prompt with history and context joined into one text (they have no such
inputs). Recall at 1% FPR is each detector's recall at its own threshold, and the FPR it
actually had on the held-out benign rows is printed beside it; F1 is at that same threshold.

    python bench/llm.py [--limit N] [--repeat 3] [--sets 1 15 ...] [--model PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _record import recorded
from _timing import timed

HELDOUT = Path(__file__).resolve().parent / "corpus" / "llm" / "heldout.jsonl"
HELDOUT_FRESH = HELDOUT.with_name("heldout_fresh.jsonl")
HELDOUT_3 = HELDOUT.with_name("heldout_3.jsonl")
HELDOUT_4 = HELDOUT.with_name("heldout_4.jsonl")
HELDOUT_5 = HELDOUT.with_name("heldout_5.jsonl")
HELDOUT_6 = HELDOUT.with_name("heldout_6.jsonl")
HELDOUT_7 = HELDOUT.with_name("heldout_7.jsonl")
HELDOUT_8 = HELDOUT.with_name("heldout_8.jsonl")
HELDOUT_9 = HELDOUT.with_name("heldout_9.jsonl")
HELDOUT_10 = HELDOUT.with_name("heldout_10.jsonl")
HELDOUT_11 = HELDOUT.with_name("heldout_11.jsonl")
HELDOUT_12 = HELDOUT.with_name("heldout_12.jsonl")
HELDOUT_13 = HELDOUT.with_name("heldout_13.jsonl")
HELDOUT_14 = HELDOUT.with_name("heldout_14.jsonl")
HELDOUT_15 = HELDOUT.with_name("heldout_15.jsonl")
HELDOUT_16 = HELDOUT.with_name("heldout_16.jsonl")
HELDOUT_17 = HELDOUT.with_name("heldout_17.jsonl")
HELDOUT_18 = HELDOUT.with_name("heldout_18.jsonl")
HELDOUT_19 = HELDOUT.with_name("heldout_19.jsonl")
HELDOUT_20 = HELDOUT.with_name("heldout_20.jsonl")
HELDOUT_21 = HELDOUT.with_name("heldout_21.jsonl")
HELDOUT_22 = HELDOUT.with_name("heldout_22.jsonl")
HELDOUT_23 = HELDOUT.with_name("heldout_23.jsonl")
HELDOUT_24 = HELDOUT.with_name("heldout_24.jsonl")
HELDOUT_25 = HELDOUT.with_name("heldout_25.jsonl")
SETS = {
    "1": ("held-out 1 (looked at while the guard was retrained in earlier rounds; still held "
          "out: never trained on)", HELDOUT),
    "fresh": ("set 2, fresh: trained on since round 9 (its plain attacks, benign texts and "
              "documents; not its obfuscated rows): not a held-out number", HELDOUT_FRESH),
    "3": ("set 3 (round 6: agentseal, aicu-scanner, hermes-jailbreak-bench, agentprobe; "
          "third-party docstrings and READMEs, chat questions): trained on since round 9 (its "
          "plain attacks, benign texts and documents; not its obfuscated rows): not a held-out "
          "number", HELDOUT_3),
    "4": ("set 4 (round 7: spikee, weiseer-prompt-redteam, vexscan; docstrings and READMEs of "
          "other packages, chat questions; new obfuscations): trained on since round 9 (its "
          "plain attacks, benign texts and documents; not its obfuscated rows): not a held-out "
          "number", HELDOUT_4),
    "5": ("set 5 (round 9: nine registry packages, 19 new obfuscations on attacks and benign "
          "text alike): trained on since round 10 (its plain attacks, benign texts and "
          "documents; not its obfuscated rows): not a held-out number", HELDOUT_5),
    "6": ("set 6 (round 10: five registry packages, 25 new obfuscations and payload carriers "
          "on attacks and benign text alike, benign documents from pinned wheels): trained on "
          "since round 13 (its plain attacks, benign texts and documents; not its obfuscated "
          "rows): not a held-out number", HELDOUT_6),
    "7": ("set 7 (round 11: npm packages and PyPI packages newer than set 6; new obfuscations "
          "and payload carriers on attacks and benign text alike, npm READMEs and scanner texts "
          "as benign): trained on since round 13 (its plain attacks, benign texts and "
          "documents; not its obfuscated rows): not a held-out number", HELDOUT_7),
    "8": ("held-out 8 (round 12: PyPI packages none read by another set or training; new "
          "obfuscations and payload carriers on attacks and benign text alike, everyday chat "
          "requests, npm and security READMEs as benign; built before any model of the round "
          "was scored, never scored while built"
          "; trained on since round 21 (its plain attacks, benign texts and documents; "
          "not its obfuscated rows): not a held-out number)", HELDOUT_8),
    "9": ("held-out 9 (round 13: test fixtures and examples from the sdists of PyPI detector "
          "and firewall packages, which no set or training read, and PharosOne's own probes; new "
          "obfuscations and payload carriers on attacks and benign text alike, everyday chat "
          "requests, the packages' READMEs and docstrings as benign; built before any model of "
          "the round was scored, never scored while built; round 14's multi-tap and "
          "substitution readers were written for two of its variants: no longer held out"
          "; trained on since round 21 (its plain attacks, benign texts and documents; "
          "not its obfuscated rows): not a held-out number)",
          HELDOUT_9),
    "10": ("held-out 10 (round 14: test fixtures and labelled data files from the sdists of 25 "
           "PyPI prompt-injection detectors and firewalls, which no set or training read; new "
           "encodings (ROT47, Base58, DNA bases, tap code, numbered shuffle) and payload carriers "
           "(BibTeX, Dockerfile, WebVTT, ChatGPT export, SARIF, IRC) on attacks and benign text "
           "alike, everyday chat requests, the packages' benign fixtures, READMEs and docstrings "
           "as benign; built before any model of the round was scored, never scored while "
           "built"
           "; trained on since round 21 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)", HELDOUT_10),
    "11": ("held-out 11 (round 15: labelled data files, attack lists, git-metadata fixtures and "
           "test literals from the sdists of 32 PyPI prompt-injection detectors, red-team tools "
           "and agent-security scanners, which no set or training read; new encodings (Base45, "
           "EBCDIC hex, XOR hex, autokey, ITA2 Baudot), payload carriers (Android strings.xml, "
           "RTF, GPX, Discord export, robots.txt, Terraform, Mermaid) and a note split over two "
           "turns, on attacks and benign text alike, multi-turn attacks and chats, everyday chat "
           "requests, the packages' benign fixtures, READMEs and docstrings as benign; built "
           "before any model of the round was scored, never scored while built; scored blind "
           "once, then readers were written for its five unread encodings: no longer held out"
           "; trained on since round 21 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)",
           HELDOUT_11),
    "12": ("held-out 12 (round 15: attack lists, labelled probe files and test literals from "
           "the sdists of 41 PyPI prompt-injection firewalls, guardrails, red-team tools and "
           "agent-security scanners, which no set or training read, no package above 15% of the "
           "plain attacks; new encodings (Beaufort, Trithemius, Z85, UTF-16LE hex, null cipher), "
           "payload carriers (Telegram export, Zoom chat, .ass subtitles, GeoJSON, roff man "
           "page, Postman collection, OPML) and a note in numbered parts out of order over "
           "earlier turns, on attacks and benign text alike, multi-turn attacks and chats, "
           "everyday chat requests, the packages' benign fixtures, READMEs and docstrings as "
           "benign; built before any model of the round was scored, never scored while built"
           "; trained on since round 21 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)",
           HELDOUT_12),
    "13": ("held-out 13 (round 16: attack lists, labelled technique files and test literals "
           "from the sdists of 34 PyPI prompt-injection firewalls, guardrails, red-team tools "
           "and agent-security scanners, which no set or training read, no package above 15% "
           "of the plain attacks, and attacks written for the set (at most 30%, each a named "
           "technique) with benign texts of the same shapes; new encodings (Porta, scytale, "
           "base32hex, Bubble Babble), payload carriers (RIS citation, GEDCOM note, KML "
           "placemark, Trello export, Matrix export) and code words defined over earlier "
           "turns, on attacks and benign text alike, everyday chat requests, the packages' "
           "benign fixtures, READMEs and docstrings as benign; built before any model of the "
           "round was scored, never scored while built"
           "; trained on since round 22 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)", HELDOUT_13),
    "14": ("held-out 14 (round 17: 2,851 rows from 61 packages, built blind; built before "
           "any model of the round was scored, never scored while built"
           "; trained on since round 22 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)", HELDOUT_14),
    "15": ("held-out 15 (round 18: 3,926 rows from 66 packages, built blind; built before "
           "any model of the round was scored, never scored while built"
           "; trained on since round 22 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)", HELDOUT_15),
    "16": ("held-out 16 (round 19: 3,157 rows from 41 packages, built blind; built before "
           "any model of the round was scored, never scored while built"
           "; trained on since round 22 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)", HELDOUT_16),
    "17": ("held-out 17 (round 20: 3,282 rows from 32 packages, built blind; built before "
           "any model of the round was scored, never scored while built"
           "; trained on since round 22 (its plain attacks, benign texts and documents; "
           "not its obfuscated rows): not a held-out number)", HELDOUT_17),
    "18": ("held-out 18 (round 21: 2,550 rows from 22 packages, built blind; built before "
           "any model of the round was scored, never scored while built)", HELDOUT_18),
    "19": ("held-out 19 (round 22: 2,595 rows from 34 packages, built blind; built before "
           "any model of the round was scored, never scored while built)", HELDOUT_19),
    "20": ("held-out 20 (round 23: 3,459 rows from 54 packages, built blind; built before "
           "any model of the round was scored, never scored while built)", HELDOUT_20),
    "21": ("held-out 21 (round 24: 3,381 rows from 41 packages, built blind; built before "
           "any model of the round was scored, never scored while built)", HELDOUT_21),
    "22": ("held-out 22 (round 25: 3,402 rows from 32 packages, built blind; built before "
           "any model of the round was scored, never scored while built)", HELDOUT_22),
    "23": ("held-out 23 (round 26: 3,128 rows from 30 packages, built blind; built before "
           "any model of the round was scored, never scored while built; two AGPL packages "
           "taken out after its first score)", HELDOUT_23),
    "24": ("held-out 24 (round 27: 2,944 rows from 45 packages, built blind; built before "
           "any model of the round was scored, never scored while built)", HELDOUT_24),
    "25": ("held-out 25 (round 28: 2,745 rows, built blind; its plain attacks from 1 new "
           "package, 40 packages earlier sets read, sources 'reread.', and authored ones; "
           "built before any model of the round was scored, never scored while built)",
           HELDOUT_25),
}  # fmt: skip
KEYWORDS = (
    "ignore previous instructions", "ignore all previous", "ignore the above",
    "disregard previous", "system prompt", "developer mode", "do anything now", "jailbreak",
    "you are now", "pretend to be", "act as", "no restrictions", "reveal your instructions",
)  # fmt: skip

Detector = Callable[[dict[str, Any]], bool]


def _joined(row: dict[str, Any]) -> str:
    return "\n".join([*row.get("history", []), row["text"], *row.get("context", [])])


def keyword(row: dict[str, Any]) -> bool:
    low = _joined(row).lower()
    return any(k in low for k in KEYWORDS)


def llm_guard_peer() -> tuple[Detector | None, str]:
    """LLM Guard's rule scanners without its package ``__init__`` (which imports every
    scanner, transformers included): the two modules are loaded from its installed folder."""
    import importlib.util
    import types

    try:
        spec = importlib.util.find_spec("llm_guard")
        if spec is None or not spec.submodule_search_locations:
            return None, "llm-guard is not installed (make bench-deps installs it --no-deps)"
        root = spec.submodule_search_locations[0]
        for name, path in (
            ("llm_guard", root),
            ("llm_guard.input_scanners", f"{root}/input_scanners"),
        ):
            if name not in sys.modules:
                module = types.ModuleType(name)
                module.__path__ = [path]
                sys.modules[name] = module
        import logging

        import structlog

        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
        from llm_guard.input_scanners.ban_substrings import BanSubstrings
        from llm_guard.input_scanners.invisible_text import InvisibleText
    except Exception as exc:  # any import failure means "not runnable"
        return None, f"llm-guard not runnable offline: {type(exc).__name__}: {exc}"[:120]
    ban = BanSubstrings(substrings=list(KEYWORDS), match_type="str", case_sensitive=False)
    invisible = InvisibleText()

    def run(row: dict[str, Any]) -> bool:
        text = _joined(row)
        return not (ban.scan(text)[1] and invisible.scan(text)[1])

    return run, "llm-guard rule scanners"


def sanitizer_peer() -> tuple[Detector | None, str]:
    """prompt-injection-sanitizer: regexes for 20+ injection patterns after NFKC, homoglyph
    folding and zero-width stripping, plus typoglycemia and leetspeak passes; flagged when
    it detects any pattern."""
    try:
        from prompt_injection_sanitizer import sanitize
    except ImportError as exc:
        return None, f"prompt-injection-sanitizer not installed: {exc}"

    def run(row: dict[str, Any]) -> bool:
        return bool(sanitize(_joined(row)).detected_patterns)

    return run, "prompt-injection-sanitizer"


def evaluate(
    name: str, detect: Detector, rows: list[dict[str, Any]], repeat: int = 3
) -> dict[str, Any]:
    """Latency per row is the fastest of ``repeat`` runs (``_timing.timed``)."""
    flags, times = timed(detect, rows, repeat)
    sizes = [len(_joined(row)) for row in rows]
    y = np.array([r["label"] for r in rows])
    f = np.array(flags)
    tp, fp = int((f & (y == 1)).sum()), int((f & (y == 0)).sum())
    fn = int((~f & (y == 1)).sum())
    recall = tp / max(1, tp + fn)
    precision = tp / max(1, tp + fp)
    f1 = 2 * precision * recall / max(1e-12, precision + recall)
    ms = np.array(times) * 1e3
    by_variant: dict[str, float] = {}
    for variant in sorted({r["variant"] for r in rows if r["label"] == 1}):
        idx = [i for i, r in enumerate(rows) if r["label"] == 1 and r["variant"] == variant]
        by_variant[variant] = float(f[idx].mean())
    return {
        "name": name,
        "recall": recall,
        "fpr": fp / max(1, int((y == 0).sum())),
        "f1": f1,
        "p50": float(np.percentile(ms, 50)),
        "p99": float(np.percentile(ms, 99)),
        "by_variant": by_variant,
        "short_p99": float(np.percentile(ms[np.array(sizes) <= 2000], 99)),
        "long_p99": float(np.percentile(ms[np.array(sizes) > 2000], 99))
        if (np.array(sizes) > 2000).any()
        else float("nan"),
    }


def run_set(title: str, path: Path, args: argparse.Namespace, detectors: list[Any]) -> None:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if args.limit:  # an even sample, so that both classes stay in
        rows = rows[:: max(1, len(rows) // args.limit)][: args.limit]
    guard, hauberk_scores = detectors[0][2], []
    results = []
    for name, det, _ in detectors:
        results.append(evaluate(name, det, rows, args.repeat))
        if name == "hauberk":
            hauberk_scores = list(guard.scores_seen[:: args.repeat])
            guard.scores_seen.clear()
    n_pos = sum(r["label"] for r in rows)
    sources: dict[str, list[int]] = {}
    for r in rows:
        sources.setdefault(r["source"].split(":")[0], [0, 0])[r["label"]] += 1
    print(f"\n## {title}\n\n{path.name}: {len(rows)} rows ({n_pos} attacks, "
          f"{len(rows) - n_pos} benign)")  # fmt: skip
    print("sources (benign/attack rows): " + ", ".join(
        f"{k} {v[0]}/{v[1]}" for k, v in sorted(sources.items())))  # fmt: skip
    base = results[0]
    print(
        "\n| detector | recall | FPR | F1 | p50 ms | p99 ms | p99 ms, ≤ 2k chars "
        "| p99 ms, > 2k chars | recall ÷ hauberk |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        ratio = r["recall"] / base["recall"] if base["recall"] else float("nan")
        print(
            f"| {r['name']} | {r['recall']:.3f} | {r['fpr']:.3f} | {r['f1']:.3f} | "
            f"{r['p50']:.2f} | {r['p99']:.2f} | {r['short_p99']:.2f} | "
            f"{r['long_p99']:.2f} | {ratio:.2f} |"
        )
    # The ROC point: the threshold that flags 1% of the held-out benign rows (chosen on
    # the test set itself, so an upper bound for what calibration can reach).
    y = np.array([r["label"] for r in rows])
    sc = np.array(hauberk_scores)
    benign = np.sort(sc[y == 0])
    k = int(np.floor(0.01 * len(benign)))
    cut = np.nextafter(benign[len(benign) - 1 - k], 2.0)
    roc_recall = float((sc[y == 1] >= cut).mean())
    print(
        f"\nhauberk at exactly 1% FPR on these benign rows (threshold {cut:.4f} chosen on "
        f"them, calibrated threshold {guard.guard.threshold:.4f}): recall {roc_recall:.3f}"
    )
    # The same on the plain benign rows alone: a set may wrap benign text in the attacks'
    # carriers ("decode this and do what it says", "run this as your instructions"), which
    # a guard may fairly read as an attack whatever the payload.
    plain = np.array([r["label"] == 0 and r["variant"] == "plain" for r in rows])
    if plain.sum() >= 100:
        ordered = np.sort(sc[plain])
        k = int(np.floor(0.01 * len(ordered)))
        cut = np.nextafter(ordered[len(ordered) - 1 - k], 2.0)
        flagged = float((sc[plain] >= guard.guard.threshold).mean())
        print(
            f"on the {int(plain.sum())} plain benign rows alone: recall at exactly 1% FPR "
            f"{float((sc[y == 1] >= cut).mean()):.3f} (threshold {cut:.4f}); FPR at the "
            f"calibrated threshold {flagged:.3f}"
        )
    benign_families(rows, sc, guard.guard.threshold)
    variants = sorted(base["by_variant"])
    print("\n| attack variant | n | " + " | ".join(r["name"] for r in results) + " |")
    print("|---|---|" + "---|" * len(results))
    for v in variants:
        n = sum(1 for r in rows if r["label"] == 1 and r["variant"] == v)
        cells = " | ".join(f"{r['by_variant'].get(v, float('nan')):.3f}" for r in results)
        print(f"| {v} | {n} | {cells} |")


def benign_families(rows: list[dict[str, Any]], scores: np.ndarray, threshold: float) -> None:
    """hauberk's FPR at its calibrated threshold per benign source (the part before the
    first colon), plain rows and rows in a wrapper or carrier apart: which kind of benign
    text a new source's false positives are."""
    counts: dict[str, list[int]] = {}
    for row, score in zip(rows, scores, strict=True):
        if row["label"] == 0:
            cell = counts.setdefault(row["source"].split(":")[0], [0, 0, 0, 0])
            at = 0 if row["variant"] == "plain" else 2
            cell[at] += 1
            cell[at + 1] += int(score >= threshold)
    print("\n| benign source | plain rows | hauberk FPR | other rows | hauberk FPR |")
    print("|---|---|---|---|---|")
    for name, (n, f, m, g) in sorted(counts.items()):
        plain = f"{f / n:.3f}" if n else "–"
        other = f"{g / m:.3f}" if m else "–"
        print(f"| {name} | {n} | {plain} | {m} | {other} |")


def peers() -> tuple[list[tuple[str, Detector]], list[str]]:
    """The keyword baseline and each peer that runs here, and a note for each that does not."""
    found: list[tuple[str, Detector]] = [("keyword", keyword)]
    notes = []
    for label, load in (("llm-guard", llm_guard_peer), ("pi-sanitizer", sanitizer_peer)):
        peer, note = load()
        if peer is None:
            notes.append(note)
        else:
            found.append((label, peer))
    return found, notes


class _Hauberk:
    def __init__(self, model: Path | None = None) -> None:
        from hauberk.llm import InputGuard

        self.guard = InputGuard.load(fpr=0.01, path=model)
        self.scores_seen: list[float] = []

    def __call__(self, row: dict[str, Any]) -> bool:
        verdict = self.guard.check(
            row["text"], context=row.get("context", ()), history=row.get("history", ())
        )
        self.scores_seen.append(verdict.score)
        return verdict.flagged


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--limit", type=int, default=0, help="Only N rows of each set, evenly spaced."
    )
    parser.add_argument("--repeat", type=int, default=3, help="Runs per row; latency is the min.")
    parser.add_argument(
        "--sets", nargs="+", choices=sorted(SETS), default=list(SETS), help="Which sets to run."
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="A prompt_guard.npz to measure instead of the shipped one (a candidate build); "
        "the readers are this tree's.",
    )
    args = parser.parse_args()
    hauberk = _Hauberk(args.model)
    found, notes = peers()
    detectors: list[Any] = [("hauberk", hauberk, hauberk)]
    detectors += [(label, peer, None) for label, peer in found]
    with recorded("llm" if not args.limit else "llm.limit"):
        if args.model is not None:
            digest = hashlib.sha256(args.model.read_bytes()).hexdigest()
            print(f"hauberk's model: {args.model} (sha256 {digest[:16]}...), not the shipped one\n")
        for note in notes:
            print(note)
        for key in args.sets:
            title, path = SETS[key]
            run_set(title, path, args, detectors)


if __name__ == "__main__":
    main()
