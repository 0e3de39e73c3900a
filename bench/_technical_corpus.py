"""Benign technical prose that no held-out set holds (round 26): the docs, READMEs and
docstrings of the packages installed beside hauberk, and the Debian docs and man pages of
this machine, split into paragraphs. Sysadmin and security tools' own pages ("disable
certificate verification with --insecure", "add the key to authorized_keys") are the hard
benign case for ``hauberk.llm._actions``; the held-out sets hold few of them.

Built at run time from the installed files (the texts are not committed); the counts depend
on what is installed.
"""

from __future__ import annotations

import ast
import gzip
import re
import sys
import sysconfig
from collections.abc import Callable, Iterator
from email.parser import HeaderParser
from pathlib import Path

MAX_FILE_CHARS = 400_000  # a file read up to this
MAX_TEXT_CHARS = 4_000  # a paragraph cut to this
MIN_TEXT_CHARS = 40  # shorter paragraphs hold no sentence to judge
MAX_PY_BYTES = 300_000  # larger modules are generated tables, not prose
DOC_SUFFIXES = (".md", ".rst", ".txt")

_TROFF_REQUEST = re.compile(r"^\.\S*\s?", re.M)
_TROFF_ESCAPE = re.compile(r"\\f[BIRP]|\\f\(..|\\\(..|\\[-&e|^%]|\\s[-+]?\d")


def site_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, long ones cut, short ones dropped."""
    out = []
    for part in re.split(r"\n\s*\n", text[:MAX_FILE_CHARS]):
        part = part.strip()
        if len(part) >= MIN_TEXT_CHARS:
            out.append(part[:MAX_TEXT_CHARS])
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8", errors="replace")[:MAX_FILE_CHARS]
    except OSError:
        return ""


def package_docs(root: Path) -> Iterator[tuple[str, str]]:
    """(source, paragraph) of site-packages' doc files and METADATA long descriptions."""
    for path in sorted(root.rglob("*")):
        if path.suffix in DOC_SUFFIXES and path.is_file():
            if path.name in ("RECORD", "top_level.txt", "entry_points.txt"):
                continue
            for p in paragraphs(_read(path)):
                yield str(path.relative_to(root)), p
        elif path.name == "METADATA" and path.is_file():
            message = HeaderParser().parsestr(_read(path))
            body = message.get_payload()
            if isinstance(body, str):
                for p in paragraphs(body):
                    yield str(path.relative_to(root)), p


def docstrings(root: Path) -> Iterator[tuple[str, str]]:
    """(source, paragraph) of every module, class and function docstring under ``root``."""
    for path in sorted(root.rglob("*.py")):
        try:
            if path.stat().st_size > MAX_PY_BYTES:
                continue
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError, ValueError, RecursionError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node, clean=True)
                for p in paragraphs(doc or ""):
                    yield str(path.relative_to(root)), p


def debian_docs(root: Path = Path("/usr/share/doc")) -> Iterator[tuple[str, str]]:
    """(source, paragraph) of the plain-text and gzipped files under /usr/share/doc."""
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith("copyright"):
            continue
        if path.suffix == ".gz":
            if path.name.startswith("changelog"):
                continue
            try:
                text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
            except (OSError, EOFError):
                continue
        elif path.suffix in (*DOC_SUFFIXES, "") or path.name.startswith("README"):
            text = _read(path)
        else:
            continue
        if "\0" in text[:1000]:
            continue
        for p in paragraphs(text):
            yield str(path), p


def man_pages(root: Path = Path("/usr/share/man")) -> Iterator[tuple[str, str]]:
    """(source, paragraph) of the English man pages, troff requests and escapes stripped."""
    for path in sorted(root.glob("man*/*.gz")):
        try:
            raw = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        except (OSError, EOFError):
            continue
        if raw.startswith(".so "):
            continue
        text = _TROFF_ESCAPE.sub("", _TROFF_REQUEST.sub("\n", raw))
        for p in paragraphs(re.sub(r"\n(?!\n)", " ", text.replace("\n\n\n", "\n\n"))):
            yield str(path), p


SOURCES = {
    "site-packages docs and METADATA": lambda: package_docs(site_packages()),
    "site-packages docstrings": lambda: docstrings(site_packages()),
    "/usr/share/doc": debian_docs,
    "/usr/share/man (troff stripped)": man_pages,
}


def corpus() -> Iterator[tuple[str, str, str]]:
    """(source kind, file, paragraph) of every source."""
    for kind, build in SOURCES.items():
        for file, text in build():
            yield kind, file, text


if __name__ == "__main__":
    counts: dict[str, list[int]] = {}
    for kind, _, text in corpus():
        c = counts.setdefault(kind, [0, 0])
        c[0] += 1
        c[1] += len(text)
    for kind, (n, chars) in counts.items():
        print(f"{kind}: {n} texts, {chars} characters", file=sys.stderr)


def technical_table(signal: Callable[[str], str | None]) -> None:
    """Print how many paragraphs of each source ``signal`` matches, and every match: a rule
    signal's precision on real technical prose (``bench/llm_agent_actions.py``,
    ``bench/llm_verdict_steer.py``)."""
    print("\n## Technical corpus: installed packages' and Debian docs\n")
    counts: dict[str, list[int]] = {}
    found = []
    for kind, file, text in corpus():
        cell = counts.setdefault(kind, [0, 0, 0])
        hit = signal(text)
        cell[0] += 1
        cell[1] += len(text)
        if hit is not None:
            cell[2] += 1
            found.append((kind, file, hit))
    print("| source | texts | characters | matched |")
    print("|---|---|---|---|")
    for kind, (n, chars, hits) in counts.items():
        print(f"| {kind} | {n:,} | {chars:,} | {hits} |")
    for kind, file, hit in found:
        print(f'- {kind}: `{file}`: "{hit}"')
