"""What the tests of held-out sets 11-17 (``test_prompt_corpus_1[1-7].py``) check the same
way: the package files they need (and the skip when those are absent), the shipped rows'
schema, share caps and variant mix, the distance from the earlier sets, sdist archives made in
a test, and the ``--check`` rebuild. What each set checks on its own stays in its test file.
No detector is run on any row here."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tarfile
from collections.abc import Callable, Collection
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "bench/corpus/llm"
sys.path.insert(0, str(ROOT / "tools"))

import _prompt_corpus_5 as fifth  # noqa: E402
import _prompt_corpus_10 as tenth  # noqa: E402
import _prompt_corpus_11 as eleventh  # noqa: E402
import _prompt_corpus_13 as thirteenth  # noqa: E402
import train_prompt_guard as tpg  # noqa: E402

ROW_KEYS = {"id", "label", "source", "variant", "text", "context", "history"}
# a few short lowercase words: the payload of a variant that must come back whole
words = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9), min_size=3, max_size=20
)


def package_dirs(number: int) -> tuple[Path, Path]:
    """Set ``number``'s sdists and the wheels of its known texts (``HAUBERK_SET<n>_DIR`` and
    ``HAUBERK_SET<n>_WHEELS`` override the defaults)."""
    files = Path(os.environ.get(f"HAUBERK_SET{number}_DIR", f"/work/set{number}files"))
    wheels = Path(os.environ.get(f"HAUBERK_SET{number}_WHEELS", "/work/wheels14"))
    return files, wheels


def needs_package_files(number: int) -> pytest.MarkDecorator:
    """Skip a test when set ``number``'s package files or wheels are absent."""
    files, wheels = package_dirs(number)
    return pytest.mark.skipif(
        not files.is_dir() or not wheels.is_dir(), reason=f"set {number}'s package files are absent"
    )


def rebuild_check(number: int, timeout: int) -> None:
    """Run set ``number``'s builder with ``--check``: it must pass."""
    files, wheels = package_dirs(number)
    done = subprocess.run(
        [sys.executable, str(ROOT / f"tools/_prompt_corpus_{number}.py"), "--files", str(files),
         "--wheels", str(wheels), "--check"],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "check ok" in done.stdout


def rebuild_test(number: int, timeout: int = 900) -> Callable[[], None]:
    """Set ``number``'s ``--check`` rebuild as a test (marked ``rebuild``: `make check-sets`,
    not `make test`; skipped when the package files are absent); a test module binds it to
    ``test_check_rebuilds_the_shipped_file``."""

    @pytest.mark.rebuild
    @pytest.mark.timeout(timeout)  # one build and the overlap check: one to two minutes
    @needs_package_files(number)
    def test_check_rebuilds_the_shipped_file() -> None:
        rebuild_check(number, timeout)

    return test_check_rebuilds_the_shipped_file


def payload(row: dict[str, object]) -> str:
    """A variant's text less its first line (the instruction that says how to read it)."""
    return str(row["text"]).split("\n", 1)[1]


def earlier_variants(number: int) -> set[str]:
    """The variant kinds of the held-out sets before set ``number`` (not its own, not the
    later ones, which reuse its kinds)."""
    own = CORPUS / f"heldout_{number}.jsonl"
    kinds: set[str] = set()
    for path in CORPUS.glob("heldout*.jsonl"):
        if path != own and path not in tenth.later_sets(number):
            kinds |= {json.loads(ln)["variant"] for ln in path.read_text("utf-8").splitlines()}
    return kinds


def tar(tmp_path: Path, name: str, files: dict[str, bytes]) -> Path:
    """An sdist ``name.tar.gz`` in ``tmp_path`` holding ``files`` under ``name/``."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as archive:
        for inner, body in files.items():
            info = tarfile.TarInfo(f"{name}/{inner}")
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
    path = tmp_path / f"{name}.tar.gz"
    path.write_bytes(buf.getvalue())
    return path


def check_archives(
    module: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, readme: bytes = b"hi"
) -> None:
    """``module.Archives`` refuses an sdist of another sha256 or an absent one, and reads the
    members under ``MAX_MEMBER`` bytes of a pinned one (a ``readme`` that reads as ``hi``)."""
    path = tar(tmp_path, "pkg_x-1.0", {"README.md": readme, "big.bin": b"x" * 50})
    monkeypatch.setattr(module, "SDISTS", {path.name: ("0" * 64, "MIT")})
    with pytest.raises(SystemExit, match="sha256"):
        module.Archives(tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setattr(module, "SDISTS", {path.name: (digest, "MIT")})
    monkeypatch.setattr(module, "MAX_MEMBER", 10)
    arch = module.Archives(tmp_path)
    assert arch.members[path.name] == [("README.md", "hi")]
    assert arch.member(path.name, "README.md") == "hi"
    monkeypatch.setattr(module, "SDISTS", {"pkg_y-1.0.tar.gz": (digest, "MIT")})
    with pytest.raises(SystemExit, match="no pkg_y"):
        module.Archives(tmp_path)


def check_sdist_pinned(
    sdist: Callable[[Path, str], Path],
    sdists: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``sdist`` refuses an sdist of another sha256 than ``sdists`` pins, or an absent one."""
    path = tar(tmp_path, "pkg_x-1.0", {"README.md": b"hi"})
    monkeypatch.setitem(sdists, path.name, ("0" * 64, "MIT"))
    with pytest.raises(SystemExit, match="sha256"):
        sdist(tmp_path, path.name)
    with pytest.raises(SystemExit, match="no pkg_y"):
        sdist(tmp_path, "pkg_y-1.0.tar.gz")


def check_variant_mix(module: ModuleType, text: str, count: int, earlier: set[str]) -> None:
    """``module.variants_of`` draws about half its kinds from the set's own ``NEW_VARIANTS``
    (``count`` of them, none in ``earlier``), the others from its ``EARLIER`` ones, which are
    all in ``earlier``."""
    rng = random.Random(0)
    names = [v["variant"] for _ in range(600) for v in module.variants_of(text, rng, 2)]
    new = sum(1 for n in names if n in module.NEW_VARIANTS)
    assert 0.4 < new / len(names) < 0.6
    assert len(module.NEW_VARIANTS) == count
    assert earlier.isdisjoint(module.NEW_VARIANTS)
    assert set(module.EARLIER) <= earlier
    assert set(names) - set(module.NEW_VARIANTS) <= set(module.EARLIER)


def check_training_refuses(module: ModuleType) -> None:
    """Training leaves out the set and every package it read."""
    assert module.OUT in tpg._clean_sets()
    mine = {module.pkg(n).replace("-", "_") for n in module.SDISTS}
    assert mine <= tpg._clean_set_packages()


def check_authored(module: ModuleType, count: int, languages: int) -> list[str]:
    """At least ``count`` authored attacks and benign texts, in ``languages`` languages or
    more (the same for both), no text twice or in both; the poisoned and benign documents come
    in the same shapes with the same requests. Returns the attacks' texts."""
    assert len(module.AUTHORED) >= count and len(module.AUTHORED_BENIGN) >= count
    texts = [t for _, _, t in module.AUTHORED]
    assert len(set(texts)) == len(texts)
    assert not set(texts) & {t for _, t in module.AUTHORED_BENIGN}
    langs = {lang for _, lang, _ in module.AUTHORED}
    assert langs == {lang for lang, _ in module.AUTHORED_BENIGN}
    assert len(langs) >= languages
    shapes = [s for s, _, _ in module.AUTHORED_DOCS]
    assert shapes == [s for s, _, _ in module.BENIGN_DOCS]
    for (_, q1, _), (_, q2, _) in zip(module.AUTHORED_DOCS, module.BENIGN_DOCS, strict=True):
        assert q1 == q2
    return texts


def check_cap_shares(module: ModuleType) -> None:
    """``module.cap_shares`` keeps a large package within ``MAX_SHARE`` of the plain attacks it
    keeps and the authored ones within ``AUTHORED_SHARE``, and draws the same each time."""
    src = eleventh.Sources11()
    plain = [(f"a{i}", "big:x") for i in range(50)]
    plain += [(f"s{i}{j}", f"small{i}:x") for i in range(12) for j in range(5)]
    plain += [(f"m{i}", "authored:persona:en") for i in range(100)]
    kept = module.cap_shares(plain, src)
    counts: dict[str, int] = {}
    for _, s in kept:
        counts[s.split(":")[0]] = counts.get(s.split(":")[0], 0) + 1
    assert counts["big"] <= module.MAX_SHARE * len(kept)
    assert counts["authored"] <= module.AUTHORED_SHARE * len(kept)
    assert kept == module.cap_shares(plain, eleventh.Sources11())


def check_cap_benign(module: ModuleType, number: int) -> None:
    """``module.cap_benign`` cuts a package's benign rows (``fixture<number>:big``) to 10% of
    the benign rows and leaves the attacks alone."""
    rows = [{"label": 0, "source": f"fixture{number}:big", "text": f"b{i}"} for i in range(40)]
    rows += [{"label": 0, "source": f"chat{number}", "text": f"c{i}"} for i in range(100)]
    rows += [{"label": 1, "source": "big:x", "text": f"a{i}"} for i in range(30)]
    kept = module.cap_benign(rows, eleventh.Sources11())
    benign = [r for r in kept if r["label"] == 0]
    assert sum(r["source"] == f"fixture{number}:big" for r in benign) <= 0.1 * len(benign)
    assert sum(r["label"] == 1 for r in kept) == 30


def check_chat_questions(module: ModuleType, cues: tuple[str, ...] = (), n: int = 400) -> None:
    """``module.chat_questions`` is seeded and gives as many as asked; ``n`` of them use
    every one of ``cues``."""
    assert module.chat_questions(50, 3) == module.chat_questions(50, 3)
    assert len(module.chat_questions(50, 3)) == 50
    words = " ".join(t for t, _ in module.chat_questions(n, 1)).lower()
    for cue in cues:
        assert cue in words, cue


def norm(name: str) -> str:
    """A package name as the source checks compare it: lower case, ``_`` as ``-``."""
    return name.lower().replace("_", "-")


# round 28: set 25 may read packages earlier sets read (the lead's widened rule, that set
# only); its builder names them between these two lines, which the source checks pass over
REREAD_BEGIN = "# -- re-read packages (round 28's widened rule;"
REREAD_END = "# -- end of the re-read packages --"


def builder_text(path: Path) -> str:
    """A builder's text less its block of re-read packages (``REREAD_BEGIN`` to
    ``REREAD_END``), which only set 25's builder has."""
    text = path.read_text("utf-8")
    if REREAD_BEGIN not in text or path.name != "_prompt_corpus_25.py":
        return text
    head, rest = text.split(REREAD_BEGIN, 1)
    return head + rest.split(REREAD_END, 1)[1]


def others_text(number: int) -> str:
    """Every builder but set ``number``'s and training's script, ``norm``-ed: a new package
    must not be named there (set 25's re-read block aside, ``builder_text``)."""
    texts = "".join(builder_text(p) for p in (ROOT / "tools").glob("_prompt_corpus*.py")
                    if p.name != f"_prompt_corpus_{number}.py")  # fmt: skip
    return norm(texts + (ROOT / "tools/train_prompt_guard.py").read_text("utf-8"))


def check_not_read_before(mine: set[str], wheels: Path, numbers: tuple[int, ...] = (),
                          rsplit: bool = False) -> None:  # fmt: skip
    """No package of ``mine`` is one of training's ``wheels`` or in the package files of sets
    ``numbers`` (where those are present; a name cut at its last ``-`` when ``rsplit``, else
    at its first)."""
    if wheels.is_dir():
        names = {p.name.split("-")[0].replace("_", "-") for p in wheels.glob("*.whl")}
        assert names.isdisjoint(mine)
    for n in numbers:
        folder = Path(f"/work/set{n}files")
        if folder.is_dir():
            cut = [p.name.rsplit("-", 1)[0] if rsplit else p.name.split("-")[0]
                   for p in folder.iterdir()]  # fmt: skip
            assert {c.replace("_", "-") for c in cut}.isdisjoint(mine)


def check_pins(module: ModuleType, licences: tuple[str, ...]) -> None:
    """Each sdist of ``module.SDISTS`` is pinned by a sha256 and under one of ``licences``."""
    for name, (digest, licence) in module.SDISTS.items():
        assert len(digest) == 64 and int(digest, 16) >= 0, name
        assert licence in licences, name


def check_not_searched(module: ModuleType, no_prompts: str) -> None:
    """No pinned sdist is a package ``module.SEARCHED`` names as searched and left out (those
    pinned and read that gave no prompt, ``no_prompts``, excepted)."""
    searched = [k.split()[0].replace("-", "_") + "-" for k in module.SEARCHED
                if " " in k and "," not in k and "/" not in k and "(" not in k
                and module.SEARCHED[k] != no_prompts]  # fmt: skip
    assert not [n for n in module.SDISTS if n.startswith(tuple(searched))]


# -- the shipped set ----------------------------------------------------------------------------


def shipped_rows(number: int) -> list[dict[str, Any]]:
    """The rows of ``heldout_<number>.jsonl`` (for the checks below; nothing is scored)."""
    path = CORPUS / f"heldout_{number}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def check_schema(rows: list[dict[str, Any]], prefixes: Collection[str]) -> None:
    """Ids unique; each row has only the known fields, a 0/1 label, a text, string documents
    and turns, and a source whose prefix is in ``prefixes``."""
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) <= ROW_KEYS
        assert row["label"] in (0, 1) and isinstance(row["text"], str) and row["text"]
        assert all(isinstance(t, str) for t in row.get("context", []) + row.get("history", []))
        prefix = str(row["source"]).split(":")[0]
        assert prefix in prefixes, prefix


def check_shares(
    plain: list[dict[str, Any]], max_share: float, authored_share: float = 0.0, slack: float = 0
) -> None:
    """No source prefix above ``max_share`` of the ``plain`` rows (``authored`` above
    ``authored_share``), ``slack`` rows allowed over."""
    by_source: dict[str, int] = {}
    for row in plain:
        key = str(row["source"]).split(":")[0]
        by_source[key] = by_source.get(key, 0) + 1
    for key, n in by_source.items():
        limit = authored_share if key == "authored" else max_share
        assert n <= limit * len(plain) + slack, key


def check_kinds(rows: list[dict[str, Any]], multi_turn: Collection[str]) -> None:
    """Attacks and benign rows alike come in every ``multi_turn`` shape, in a plain row of
    another language than English and in a document."""
    for label in (0, 1):
        group = [r for r in rows if r["label"] == label]
        assert set(multi_turn) <= {r["variant"] for r in group if "history" in r}
        assert any(r["variant"].startswith("plain_") for r in group)
        assert any(r["variant"] == "in_document" for r in group)


def check_shipped(
    module: ModuleType, number: int, min_plain: int, max_share: float, slack: float = 0
) -> list[dict[str, Any]]:
    """Set ``number``'s shipped rows (returned): 2,500 to 4,500 of ``check_schema``'s shape
    with ``module.SOURCE_PREFIXES``, no fewer benign rows than attacks, ``min_plain`` plain
    attacks or more within ``max_share`` a package and ``module.AUTHORED_SHARE`` authored
    (``slack`` rows over allowed), every kind of ``module.NEW_VARIANTS`` in attacks and
    benign rows alike, ``check_kinds`` with ``module.MULTI_TURN``, and 40-70% of the
    obfuscated attacks in the set's own kinds."""
    rows = shipped_rows(number)
    assert 2500 <= len(rows) <= 4500
    check_schema(rows, module.SOURCE_PREFIXES)
    attacks = [r for r in rows if r["label"] == 1]
    benign = [r for r in rows if r["label"] == 0]
    assert len(benign) >= len(attacks)
    plain = [r for r in attacks if r["variant"].startswith("plain")]
    assert len(plain) >= min_plain
    check_shares(plain, max_share, module.AUTHORED_SHARE, slack)
    assert set(module.NEW_VARIANTS) <= {r["variant"] for r in attacks}
    assert set(module.NEW_VARIANTS) <= {r["variant"] for r in benign}
    check_kinds(rows, module.MULTI_TURN)
    assert 0.4 <= new_share(attacks, module.NEW_VARIANTS) <= 0.7
    return rows


def check_benign_shares(module: ModuleType, rows: list[dict[str, Any]]) -> None:
    """No package (``module.package_of``) above ``module.BENIGN_SHARE`` of the benign rows."""
    benign = [r for r in rows if r["label"] == 0]
    by_package: dict[str, int] = {}
    for row in benign:
        key = module.package_of(str(row["source"])) or ""
        by_package[key] = by_package.get(key, 0) + 1
    for key, n in by_package.items():
        assert not key or n <= module.BENIGN_SHARE * len(benign), key


def check_far_from_earlier(module: ModuleType, number: int) -> None:
    """No text of set ``number``'s shipped rows is near a text of an earlier set (training's
    measure, through ``module.HeldIndex``; this set and the later ones are not read)."""
    skip = (CORPUS / f"heldout_{number}.jsonl", *tenth.later_sets(number))
    held = module.HeldIndex(eleventh.corpus_texts(skip=skip))
    assert not thirteenth.near_texts(long_texts(shipped_rows(number)), held)


def new_share(attacks: list[dict[str, Any]], new_variants: Collection[str]) -> float:
    """The share of this set's own kinds (``new_variants``) among the obfuscated attacks (not
    plain, in a document or a plain multi-turn row)."""
    obfuscated = [r["variant"] for r in attacks
                  if not r["variant"].startswith("plain")
                  and r["variant"] not in ("in_document", "multi_turn")]  # fmt: skip
    return sum(v in new_variants for v in obfuscated) / len(obfuscated)


def long_texts(rows: list[dict[str, Any]]) -> list[str]:
    """Every text of ``rows`` (texts, documents, turns) of 20 characters or more: the ones
    training's near-duplicate measure compares."""
    return [t for r in rows for t in fifth.row_texts(r) if len(t) >= 20]
