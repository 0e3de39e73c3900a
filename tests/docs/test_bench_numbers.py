"""Measured claims only: a number in docs/, README or a code comment that cites a bench is one
that the bench printed as it stands (issue 12, "Docs and benches").

- Tables of measurements sit between ``<!-- bench: NAME -->`` and ``<!-- /bench -->``; every
  line there must appear, as printed, in ``bench/results/NAME*.md`` (bench/_record.py writes
  those when a bench finishes).
- A table outside such a block holds no measurements (decimals, units, ratios).
- A line in src/ or docs/ that cites ``bench/NAME.py`` names a bench that exists, and each
  number with a unit on it (and the line before it) is one the bench printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "bench"
PAGES = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])
BLOCK = re.compile(r"<!-- bench: ([\w.-]+) -->\n(.*?)<!-- /bench -->", re.S)
MEASURE = re.compile(
    # a ratio's × or x is written against the number ("2.3×"); "100 × (a - b)" is arithmetic
    r"(?<![\w.`])(\d+(?:\.\d+)?)(?:\s*[-–]\s*\d+(?:\.\d+)?)?"
    r"(?:\s*(ms|µs|s|%|req/s|MB|KB)|(×|x))(?!\w)"
)
CITE = re.compile(r"bench/(\w+)\.py")
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
# "more than 10%", "at 1% FPR", "≤ 3 ms": a threshold or an operating point, not a measurement
THRESHOLD = re.compile(r"(than|at|below|above|under|over|most|least|within|[≥≤<>@])\s*$")


def recorded(name: str) -> str:
    files = sorted((BENCH / "results").glob(f"{name}.md")) + sorted(
        (BENCH / "results").glob(f"{name}.*.md")
    )
    return "\n".join(_squash(f.read_text()) for f in files)


def _squash(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def _without_code(line: str) -> str:
    return re.sub(r"`[^`]*`", "", line)


def measurements(text: str) -> list[re.Match[str]]:
    return [m for m in MEASURE.finditer(text) if not THRESHOLD.search(text[: m.start()])]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_bench_blocks_match_the_recorded_output(page: Path) -> None:
    for name, body in BLOCK.findall(page.read_text()):
        assert (BENCH / f"{name.split('.')[0]}.py").is_file(), f"{page.name}: no bench/{name}.py"
        record = recorded(name)
        assert record, f"{page.name}: bench/{name}.py has no recorded output in bench/results/"
        for line in body.splitlines():
            squashed = " ".join(line.split())
            if squashed.startswith("```"):
                continue  # a fence around text the bench printed as plain text
            if squashed and squashed not in record:
                raise AssertionError(
                    f"{page.name}: this line is not what bench/{name}.py printed last: {line!r}"
                )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_tables_outside_bench_blocks_hold_no_measurements(page: Path) -> None:
    text = BLOCK.sub("", page.read_text())
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            found = measurements(_without_code(line)) or DECIMAL.findall(_without_code(line))
            assert not found, f"{page.name}: measured number outside a bench block: {line!r}"


def _cited_lines() -> list[tuple[str, int, str, str]]:
    out = []
    files = [*sorted((REPO / "src").rglob("*.py")), *PAGES]
    for path in files:
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            for name in CITE.findall(line):
                context = _without_code(lines[i - 1] if i else "") + " " + _without_code(line)
                out.append((str(path.relative_to(REPO)), i + 1, name, context))
    return out


@pytest.mark.parametrize(
    ("where", "line", "name", "context"), _cited_lines(), ids=lambda v: str(v)[:40]
)
def test_cited_bench_prints_the_cited_numbers(
    where: str, line: int, name: str, context: str
) -> None:
    assert (BENCH / f"{name}.py").is_file(), f"{where}:{line} cites bench/{name}.py, which is gone"
    record = recorded(name)
    for match in measurements(context):
        number = match.group(1)
        assert record and re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", record), (
            f"{where}:{line} quotes {match.group(0)!r} from bench/{name}.py, "
            "which its recorded output does not show"
        )
