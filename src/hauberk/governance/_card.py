"""Model cards (Mitchell et al. 2019, "Model Cards for Model Reporting") from measurements.

Every number on the card comes from the assessment report with its interval and sample size;
intended use, factors and ethical considerations the owner states in ``--intended-use
FILE.toml``, and where they did not the card says so instead of inventing text. A check that
did not finish is listed as incomplete or error, never among the passes. Markdown and HTML
come from the two Jinja templates in ``templates/``; HTML is autoescaped, as the report is.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from hauberk.core import Severity, Status

if TYPE_CHECKING:
    import jinja2

    from hauberk.governance._evidence import Evidence

FORMATS = ("md", "html")


def _cell(value: object) -> str:
    """One Markdown table cell: no line breaks, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _md_escape(value: object) -> object:
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


@cache
def _environment(autoescape: bool) -> jinja2.Environment:
    import jinja2

    root = files("hauberk.governance") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (root / name).read_text("utf-8")),
        # HTML: full autoescape. Markdown: every printed value has <, > and & escaped
        # (``_md_escape``), so report text cannot inject HTML into a rendered card, and
        # quotes stay readable in the Markdown source.
        autoescape=autoescape,  # noqa: S701
        finalize=None if autoescape else _md_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = _cell
    return env


def card_context(evidence: Evidence) -> dict[str, Any]:
    """What the templates show, as plain data."""
    from hauberk.governance._evidence import measurements
    from hauberk.governance._sections import explanations_section, fairness_section

    report = evidence.report
    config = evidence.config
    found, missing = measurements(report) if report is not None else ([], [])
    results = list(report.results) if report is not None else []
    unfinished = [
        {
            "check": r.check,
            "status": "incomplete" if r.status is not Status.ERROR else "error (did not run)",
            "reason": r.reason or "no reason recorded",
        }
        for r in results
        if r.unfinished
    ]
    findings = report.findings if report is not None else []
    by_severity = [
        {
            "severity": s.label,
            "findings": [
                {
                    "id": f.id,
                    "title": f.title,
                    "target": f.target,
                    "detail": f.detail,
                    "remediation": f.remediation,
                }
                for f in findings
                if f.severity is s
            ],
        }
        for s in sorted(Severity, reverse=True)
    ]
    target = dict(report.target) if report is not None else {}
    data = target.get("data") if isinstance(target.get("data"), dict) else {}
    assert isinstance(data, dict)
    references = {k: v for k, v in target.items() if k in ("ledger", "signature")}
    manifest = evidence.manifest
    return {
        "name": evidence.name,
        "version": evidence.version,
        "description": config.model.description if config else None,
        "owners": list(config.model.owners) if config else [],
        "license": config.model.license if config else None,
        "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in evidence.files],
        "report": None
        if report is None
        else {
            "path": str(evidence.report_path),
            "sha256": evidence.report_sha256,
            "created": report.created or "not recorded",
            "tool": f"{report.tool.get('name', 'hauberk')} {report.tool.get('version', '')}",
            "matches": evidence.report_matches,
            "adapter": (target.get("model") or {}).get("adapter")
            if isinstance(target.get("model"), dict)
            else None,
            "seed": report.environment.get("seed"),
        },
        "references": references,
        "intended_use": None if config is None else config.intended_use.model_dump(),
        "factors": list(config.considerations.factors) if config else [],
        "slices": sorted({m.name.partition("@")[2] for m in found if "@" in m.name}),
        "measurements": [
            {
                "check": m.check,
                "metric": m.name,
                "value": f"{m.value:.3f}",
                "interval": f"{m.low:.3f}-{m.high:.3f}",
                "confidence": f"{round(m.confidence * 100)}%",
                "n": m.n if m.n is not None else "not recorded",
                "method": m.method or "as recorded by the check",
            }
            for m in found
        ],
        "not_measured": [{"check": m.check, "metric": m.name, "reason": m.reason} for m in missing],
        "checks": [
            {"check": r.check, "stage": r.stage, "status": r.status.value, "reason": r.reason}
            for r in results
        ],
        "passed": [r.check for r in results if r.status is Status.PASSED and not r.partial],
        "unfinished": unfinished,
        "skipped": [
            {"check": r.check, "reason": r.reason} for r in results if r.status is Status.SKIPPED
        ],
        "by_severity": by_severity,
        "finding_count": len(findings),
        "evaluation": {k: v for k, v in data.items() if k != "train"},
        "training_split": data.get("train"),
        "manifest": None
        if manifest is None
        else {
            "path": str(evidence.manifest_path),
            "id": manifest.id,
            "dataset": manifest.dataset,
            "source": manifest.source,
            "location": manifest.location,
            "rows": manifest.rows,
            "root_digest": manifest.root_digest,
            "ingested_at": manifest.ingested_at,
            "principal": manifest.principal,
            "files": [
                {"path": f.path, "sha256": f.sha256, "rows": f.rows if f.rows is not None else "-"}
                for f in manifest.files
            ],
        },
        "ethical": list(config.considerations.ethical) if config else [],
        "caveats": list(config.considerations.caveats) if config else [],
        "missing": list(evidence.missing),
        "fairness": fairness_section(report),
        "explanations": explanations_section(report),
    }


def render_card(evidence: Evidence, fmt: str) -> str:
    """The model card as Markdown (``md``) or one self-contained HTML page (``html``)."""
    if fmt not in FORMATS:
        from hauberk.core import ConfigError

        raise ConfigError(f"card format {fmt!r} is not one of {', '.join(FORMATS)}")
    env = _environment(fmt == "html")
    return env.get_template(f"card.{fmt}.j2").render(**card_context(evidence))
