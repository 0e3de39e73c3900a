"""One self-contained HTML file: summary first, then every finding, plots as inline SVG.

Nothing in it loads from the network: styles are inline and plots are inline SVG.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from typing import Any

import jinja2

from hauberk.core._finding import Finding
from hauberk.core._lifecycle import Lifecycle
from hauberk.core._report import Report, worst_first
from hauberk.core._svgplot import svg

ATLAS_URL = "https://atlas.mitre.org/techniques/{}"
OWASP_URL = "https://owasp.org/www-project-machine-learning-security-top-10/"
OWASP_LLM_URL = "https://genai.owasp.org/llm-top-10/"
TOP_FINDINGS = 10


def _ref_link(ref: str) -> str | None:
    if re.match(r"^AML\.T\d{4}", ref):
        return ATLAS_URL.format(ref.split(".")[0] + "." + ref.split(".")[1])
    if re.match(r"^ML\d\d:2023$", ref):
        return OWASP_URL
    if re.match(r"^LLM\d\d:2025$", ref):
        return OWASP_LLM_URL
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
    # One line per key: json's C encoder only runs without indent, and 10,000 findings count.
    env.filters["tojson_pretty"] = lambda v: ",\n".join(
        f"{json.dumps(k)}: {json.dumps(v[k])}" for k in sorted(v)
    )
    return env


def to_html(report: Report) -> str:
    findings: list[Finding] = report.findings
    results = worst_first(report.results)
    plots = [(r.check, p, svg(p)) for r in results for p in r.plots]
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
        unfinished=[r for r in results if r.unfinished],
        plots=plots,
        lifecycle_of=report.lifecycle_of,
        scalars=_scalars,
    )
