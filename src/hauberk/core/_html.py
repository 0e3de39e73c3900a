"""One self-contained HTML file: summary first, then every finding, plots as inline SVG.

Nothing in it loads from the network: styles are inline and plots are SVG drawn by
matplotlib at render time.
"""

from __future__ import annotations

import io
import json
import re
from importlib.resources import files
from typing import Any

import jinja2

from hauberk.core._finding import Finding
from hauberk.core._report import Report, worst_first
from hauberk.core._result import Plot
from hauberk.core._stage import Lifecycle

ATLAS_URL = "https://atlas.mitre.org/techniques/{}"
OWASP_URL = "https://owasp.org/www-project-machine-learning-security-top-10/"
TOP_FINDINGS = 10


def _svg(plot: Plot) -> str:
    import matplotlib

    matplotlib.rcParams["svg.fonttype"] = "none"  # keep text as text: smaller, searchable
    matplotlib.rcParams["svg.hashsalt"] = "hauberk"  # stable ids: same report, same bytes
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.6, 3.4), dpi=100)
    ax = fig.add_subplot()
    for s in plot.series:
        if plot.kind == "bar":
            width = (s.x[1] - s.x[0]) if len(s.x) > 1 else 1.0
            ax.bar(s.x, s.y, width=width, align="edge", alpha=0.6, label=s.label)
        else:
            ax.plot(s.x, s.y, marker="o" if len(s.x) <= 12 else None, label=s.label)
    ax.set_xscale("log" if plot.x_log else "linear")
    ax.set_yscale("log" if plot.y_log else "linear")
    ax.set_xlabel(plot.x_label)
    ax.set_ylabel(plot.y_label)
    ax.set_title(plot.title, fontsize=10)
    ax.grid(alpha=0.3)
    if len(plot.series) > 1 or (plot.series and plot.series[0].label):
        ax.legend(fontsize=8)
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]


def _ref_link(ref: str) -> str | None:
    if re.match(r"^AML\.T\d{4}", ref):
        return ATLAS_URL.format(ref.split(".")[0] + "." + ref.split(".")[1])
    if re.match(r"^ML\d\d:2023$", ref):
        return OWASP_URL
    if ref.startswith(("https://", "http://")):
        return ref
    return None


def _metric(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | dict):
        text = json.dumps(value)
        return text if len(text) <= 120 else text[:117] + "..."
    return str(value)


def _scalars(metrics: Any) -> list[tuple[str, Any]]:
    """Numbers and short strings only: nested metrics stay in the JSON report."""
    return [(k, v) for k, v in metrics.items() if isinstance(v, int | float | str | bool)]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: files("hauberk.core").joinpath("templates", name).read_text("utf-8")
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["metric"] = _metric
    env.filters["ref_link"] = _ref_link
    env.filters["tojson_pretty"] = lambda v: json.dumps(dict(v), indent=2, sort_keys=True)
    return env


def to_html(report: Report) -> str:
    findings: list[Finding] = report.findings
    results = worst_first(report.results)
    plots = [(r.check, p, _svg(p)) for r in results for p in r.plots]
    summary = report.summary()
    phases = [(phase.value, summary["lifecycle"][phase.value]) for phase in Lifecycle]
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        summary=summary,
        phases=phases,
        top=findings[:TOP_FINDINGS],
        findings=findings,
        results=results,
        plots=plots,
        lifecycle_of=report.lifecycle_of,
        scalars=_scalars,
    )
