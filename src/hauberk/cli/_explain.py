"""``hauberk explain HB-...``: one rule from the catalog, with its fix and references."""

from __future__ import annotations

import difflib
import json
from typing import Annotated

import typer


def explain_command(
    rule_id: Annotated[str, typer.Argument(help="A rule id, for example HB-GV-LOW-ACCURACY.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Print a rule's description, severity, fix and MITRE ATLAS / OWASP references."""
    from hauberk.core import ConfigError, default_registry
    from hauberk.core._html import _ref_link
    from hauberk.core._report import rule_to_dict

    rules = default_registry().rules()
    wanted = rule_id.strip().upper()
    rule = rules.get(wanted)
    if rule is None:
        close = difflib.get_close_matches(wanted, list(rules), n=3, cutoff=0.4)
        hint = f"closest: {', '.join(close)}" if close else "`hauberk checks` lists them all"
        raise ConfigError(f"unknown rule id {rule_id!r}; {hint}")
    if fmt == "json":
        typer.echo(json.dumps(rule_to_dict(rule), indent=2))
        return
    if fmt != "text":
        raise ConfigError(f"unknown format {fmt!r} for explain; choose text or json")
    typer.echo(f"{rule.id}: {rule.title}")
    typer.echo(f"severity: {rule.severity.label}")
    for severity, when in rule.also:
        typer.echo(f"  {severity.label} when {when}")
    typer.echo(f"\n{rule.description}")
    typer.echo(f"\nfix: {rule.remediation}")
    refs = [*rule.atlas, *rule.owasp]
    if refs:
        typer.echo("\nreferences:")
        for ref in refs:
            link = _ref_link(ref)
            typer.echo(f"  {ref}" + (f"  {link}" if link else ""))
    for paper in rule.papers:
        typer.echo(f"  {paper}")
