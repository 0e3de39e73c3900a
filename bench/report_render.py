"""Rendering a report with 10,000 findings: HTML and SARIF must each take under 2 s.

There is no peer tool that renders hauberk's report, so the reference column is the floor any
renderer pays: serialising the same findings with the standard library's json.dumps.

The second table draws the same 20-point line chart 50 times with hauberk's SVG writer and
with matplotlib's SVG backend (the peer, bench extra only): milliseconds per chart and bytes.

Run: python bench/report_render.py [--findings N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from hauberk.core import CheckResult, Plot, Report, Rule, Series, Severity
from hauberk.core._html import to_html
from hauberk.core._junit import to_junit
from hauberk.core._sarif import to_sarif

BUDGET_S = 2.0
RULES = [
    Rule(
        id=f"HB-BENCH-R{i}",
        title=f"bench rule {i}",
        severity=list(Severity)[i % 5],
        description="synthetic rule for the rendering benchmark",
        remediation="none",
        atlas=("AML.T0015",),
        owasp=("ML01:2023",),
    )
    for i in range(40)
]


def make_report(n: int) -> Report:
    results = []
    per_check = max(n // 50, 1)
    for c in range(50):
        findings = [
            RULES[(c + i) % len(RULES)].finding(
                f"models/shard-{c}.bin!layer{i}",
                f"synthetic finding {i} of check {c} with enough text to be realistic",
                {"score": i / per_check, "rows": list(range(5)), "check": c},
            )
            for i in range(per_check)
        ]
        plot = Plot("curve", "line", (Series("s", tuple(range(20)), tuple(range(20))),))
        results.append(CheckResult.of(f"bench.check{c}", "bench", findings, {"n": c}, [plot]))
    return Report(
        target={"name": "bench", "artifacts": [f"models/shard-{c}.bin" for c in range(50)]},
        environment={"python": "3", "hauberk": "0", "seed": 0},
        results=tuple(results),
        stages={"bench": "artifact"},
        rules={r.id: r for r in RULES},
        tool={"name": "hauberk", "version": "bench"},
    )


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=10_000)
    args = parser.parse_args()
    report = make_report(args.findings)
    n = len(report.findings)
    floor = best_of(lambda: json.dumps([f.to_dict() for f in report.findings]))
    rows = [
        ("json.dumps (floor)", floor),
        ("hauberk JSON", best_of(report.to_json)),
        ("hauberk SARIF", best_of(lambda: to_sarif(report))),
        ("hauberk JUnit", best_of(lambda: to_junit(report))),
        ("hauberk HTML (50 SVG plots)", best_of(lambda: to_html(report))),
    ]
    print(f"rendering a report of {n} findings, best of 3")
    print(f"{'renderer':30} {'seconds':>9} {'x floor':>8} {'x budget':>9}")
    failed = False
    for name, seconds in rows:
        print(f"{name:30} {seconds:9.3f} {seconds / floor:8.1f} {seconds / BUDGET_S:9.2f}")
        failed |= name.startswith(("hauberk SARIF", "hauberk HTML")) and seconds > BUDGET_S
    print("within the 2 s budget" if not failed else "OVER the 2 s budget")
    charts_table()
    return 1 if failed else 0


def charts_table(charts: int = 50) -> None:
    from hauberk.core._svgplot import svg

    plot = Plot("curve", "line", (Series("s", tuple(range(20)), tuple(range(20))),))
    ours = best_of(lambda: [svg(plot) for _ in range(charts)]) / charts
    size = len(svg(plot).encode())
    print(f"\none line chart of 20 points as SVG, mean of {charts}, best of 3")
    print(f"{'writer':24} {'ms/chart':>9} {'bytes':>8} {'x hauberk':>10}")
    print(f"{'hauberk _svgplot':24} {ours * 1e3:9.2f} {size:8d} {1.0:10.1f}")
    try:
        import matplotlib
    except ImportError:
        print("matplotlib not installed (make bench-deps): peer row skipped")
        return
    matplotlib.use("svg")
    import io

    import matplotlib.pyplot as plt

    def draw() -> bytes:
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot(range(20), range(20), label="s")
        ax.set_title("curve")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg")
        plt.close(fig)
        return buffer.getvalue()

    theirs = best_of(lambda: [draw() for _ in range(charts)]) / charts
    print(
        f"{'matplotlib svg backend':24} {theirs * 1e3:9.2f} {len(draw()):8d} {theirs / ours:10.1f}"
    )


if __name__ == "__main__":
    from _record import recorded

    with recorded("report_render"):
        raise SystemExit(main())
