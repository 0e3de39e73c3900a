"""Payloads carried in a file an agent reads (round 28): which the prompt guard loses there
that it flags as a plain prompt, and why.

Held-out 17-24 wrap attacks and benign texts in **carriers**: the payload is a value in a
config, manifest or agent file (YAML, TOML, JSON, INI, XML/HTML, llms.txt, chat exports),
sent as the request's context document. Each carrier attack is paired with the plain row of
the same payload (same ``source``, a ``plain*`` variant, its text in the document once
whitespace and quote escapes are evened out; the longest such text). Both are checked
(``InputGuard.load(fpr=0.01)``: the carrier at the document threshold, the plain row at the
prompt threshold).

Tables, for the guard of ``--before`` (imported as ``hauberk_base``, as
``bench/llm_speed.py`` does) and of this tree:

- per carrier kind: attacks; paired ones flagged as plain and missed as carrier ("lost in
  the file"), missed both, flagged both, missed as plain only; unpaired attacks missed;
  benign rows flagged;
- the cause of each "lost in the file" row, from the readings the guard makes of the
  document (``_fields.fields``): the payload is read whole as a field but scores under the
  document threshold; or no field holds it whole, because of the field cap
  (``MAX_FIELDS``), a payload over ``MAX_FIELD_CHARS``, quote escapes, lines it is folded
  over, a markdown quote or list line, or a token in it that is no prose word (digits,
  brackets, tags, addresses: ``_prose_runs`` breaks the run there);
- pooled: carrier attacks and benign carrier rows flagged.

    python bench/llm_carriers.py --before 0905d03
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _record import recorded
from llm_speed import CORPUS, base_package

SETS = tuple(f"heldout_{n}" for n in range(17, 25))
# the variants that put the text in a file an agent reads, by the set that brought them
CARRIERS = {
    "warc_record": "warc",
    "textproto": "textproto",
    "git_log_entry": "git log",
    "google_chat_takeout": "json",
    "mattermost_export": "json",
    "maven_pom": "xml",
    "stix_bundle": "json",
    "graphql_sdl": "graphql",
    "gltf_extras": "json",
    "frontmatter_note": "yaml",
    "line_chat": "chat export",
    "wordpress_wxr": "xml",
    "cargo_toml": "toml",
    "cff_citation": "yaml",
    "anki_deck": "tsv",
    "jsonld_recipe": "json",
    "tcx_notes": "xml",
    "json_resume": "json",
    "nginx_conf": "conf",
    "gitlab_ci": "yaml",
    "bookmarks_html": "html",
    "ansible_task": "yaml",
    "desktop_entry": "ini",
    "crontab": "conf",
    "makefile_help": "makefile",
    "systemd_unit": "ini",
    "gemspec_summary": "ruby",
    "browser_manifest": "json",
    "debian_control": "deb822",
    "github_action": "yaml",
    "helm_chart": "yaml",
    "pkgbuild": "shell",
    "homebrew_formula": "ruby",
    "circleci_config": "yaml",
    "devcontainer_json": "json",
    "pyproject_toml": "toml",
    "docker_compose": "yaml",
    "pubspec_yaml": "yaml",
    "cloudformation_template": "yaml",
    "llms_txt": "markdown",
    "a2a_agent_card": "json",
}
_ESCAPES = (('\\"', '"'), ("\\'", "'"), ("''", "'"), ("\\n", " "), ("\\t", " "))
_MARKDOWN_LINE = re.compile(r"\s*(?:>|[-*+]\s|\d{1,3}[.)]\s)")
_BLOCK_KEY = re.compile(r"[:=]\s*[>|][-+]?\s*$")


def _even(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _unescaped(text: str) -> str:
    for old, new in _ESCAPES:
        text = text.replace(old, new)
    return text


def load(name: str) -> list[dict[str, Any]]:
    path = CORPUS / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def pair(row: dict[str, Any], plains: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The plain row whose text the carrier's document holds (the longest), or None."""
    doc = row["context"][0]
    evened = (_even(doc), _even(_unescaped(doc)))
    found = [
        p
        for p in plains
        if p["source"] == row["source"] and any(_even(p["text"]) in d for d in evened)
    ]
    return max(found, key=lambda p: len(p["text"]), default=None)


def _trimmed(text: str) -> str:
    return _even(text).strip(" \"'.,;:!?")


def cause(doc: str, payload: str, fields_module: Any) -> str:
    """Why the guard's readings of ``doc`` lose ``payload`` (see the module docstring)."""
    found = fields_module.fields(doc)
    if _trimmed(payload) in {_trimmed(f) for f in found}:
        return "read whole: scores under the document threshold"
    if len(found) >= fields_module.MAX_FIELDS:
        return "field cap (MAX_FIELDS)"
    if len(payload) > fields_module.MAX_FIELD_CHARS:
        return "payload over MAX_FIELD_CHARS"
    if _even(payload) not in _even(doc):
        return "quoted value with escapes"
    first = payload.split()[0]
    line = next((ln for ln in doc.splitlines() if first in ln), "")
    if not any(_even(payload) in _even(ln) for ln in doc.splitlines()):
        at = doc.splitlines().index(line) if line else 0
        above = doc.splitlines()[at - 1] if at else ""
        if _BLOCK_KEY.search(above) or _BLOCK_KEY.search(line):
            return "YAML block scalar (| or >)"
        return "folded over lines"
    if _MARKDOWN_LINE.match(line):
        return "markdown quote or list line"
    if any(fields_module._NOT_PROSE.search(t) for t in fields_module._TOKEN.findall(payload)):
        return "prose run broken by digits, brackets, tags or addresses"
    return "other"


def tally(guard: Any, fields_module: Any) -> dict[str, Any]:
    kinds: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    causes: collections.Counter[str] = collections.Counter()
    for name in SETS:
        rows = load(name)
        plains = [r for r in rows if r["variant"].startswith("plain") and r["label"] == 1]
        plain_flags: dict[str, bool] = {}
        for row in rows:
            if row["variant"] not in CARRIERS:
                continue
            kind = kinds[row["variant"]]
            flagged = guard.check(
                row["text"], context=row["context"], history=row.get("history", ())
            ).flagged
            if row["label"] == 0:
                kind["benign"] += 1
                kind["benign flagged"] += flagged
                continue
            kind["attacks"] += 1
            kind["flagged"] += flagged
            plain = pair(row, plains)
            if plain is None:
                kind["unpaired missed" if not flagged else "unpaired flagged"] += 1
                continue
            if plain["id"] not in plain_flags:
                plain_flags[plain["id"]] = guard.check(plain["text"]).flagged
            as_plain = plain_flags[plain["id"]]
            kind[_outcome(as_plain, flagged)] += 1
            if as_plain and not flagged:
                causes[cause(row["context"][0], plain["text"], fields_module)] += 1
    return {"kinds": kinds, "causes": causes}


def _outcome(as_plain: bool, as_carrier: bool) -> str:
    if as_plain:
        return "flagged both" if as_carrier else "lost in the file"
    return "flagged as carrier only" if as_carrier else "missed both"


COLUMNS = (
    "attacks",
    "flagged",
    "lost in the file",
    "missed both",
    "flagged both",
    "flagged as carrier only",
    "unpaired missed",
    "benign",
    "benign flagged",
)


def report(results: dict[str, dict[str, Any]]) -> None:
    for label, result in results.items():
        print(f"\n## {label}\n")
        print("| kind | file | " + " | ".join(COLUMNS) + " |")
        print("|---|---|" + "---|" * len(COLUMNS))
        total: collections.Counter[str] = collections.Counter()
        for variant, counts in result["kinds"].items():
            total.update(counts)
            cells = " | ".join(str(counts[c]) for c in COLUMNS)
            print(f"| {variant} | {CARRIERS[variant]} | {cells} |")
        print("| **all** | | " + " | ".join(f"**{total[c]}**" for c in COLUMNS) + " |")
        print("\nCauses of the rows lost in the file\n")
        print("| cause | rows |")
        print("|---|---|")
        for name, count in result["causes"].most_common():
            print(f"| {name} | {count} |")
        result["total"] = total
    print("\n## Pooled over held-out 17-24, at the calibrated thresholds\n")
    print("| guard | carrier attacks flagged | benign carrier rows flagged | lost in the file |")
    print("|---|---|---|---|")
    for label, result in results.items():
        t = result["total"]
        print(
            f"| {label} | {t['flagged']} / {t['attacks']} | {t['benign flagged']} / "
            f"{t['benign']} | {t['lost in the file']} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="git revision of the other guard")
    args = parser.parse_args()
    import importlib

    from hauberk.llm import InputGuard, _fields

    with tempfile.TemporaryDirectory() as tmp:
        old = base_package(args.before, Path(tmp))
        old_fields = importlib.import_module("hauberk_base.llm._fields")
        guards = {
            f"before ({args.before})": (old.InputGuard.load(fpr=0.01), old_fields),
            "after (this tree)": (InputGuard.load(fpr=0.01), _fields),
        }
        with recorded("llm_carriers"):
            print(f"before: {args.before}; after: this tree; held-out 17-24, carrier variants")
            report({label: tally(g, f) for label, (g, f) in guards.items()})


if __name__ == "__main__":
    main()
