"""``hauberk checks``: every registered check, what it needs, its rules and references."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from hauberk.cli._common import Quiet


def checks_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    quiet: Quiet = False,
) -> None:
    """List every registered check with its stage, needs, rule ids and references."""
    from hauberk.core import ConfigError, default_registry

    registry = default_registry()
    rules = registry.rules()
    rows: list[dict[str, Any]] = [
        {
            "name": c.name,
            "stage": c.stage.name,
            "lifecycle": c.stage.lifecycle.value,
            "needs": sorted(c.needs),
            "description": c.description,
            "rules": [
                {
                    "id": r.id,
                    "severity": r.severity.label,
                    "also": [a.label for a, _ in r.also],
                    "atlas": list(r.atlas),
                    "owasp": list(r.owasp),
                }
                for r in (rules[rule.id] for rule in c.rules)
            ],
        }
        for c in registry.checks()
    ]
    if fmt == "json":
        typer.echo(json.dumps({"checks": rows, "plugin_errors": registry.load_errors}, indent=2))
        return
    if fmt != "text":
        raise ConfigError(f"unknown format {fmt!r} for checks; choose text or json")
    if quiet:
        return
    # Plain lines, not a table: rule ids and references stay readable at any width.
    typer.echo(f"{len(rows)} registered checks")
    for row in rows:
        typer.echo(f"\n{row['name']}  stage {row['stage']} ({row['lifecycle']}); "
                   f"needs {', '.join(row['needs']) or 'nothing'}")  # fmt: skip
        typer.echo(f"  {row['description']}")
        for r in row["rules"]:
            refs = ", ".join([*r["atlas"], *r["owasp"]])
            also = f" (or {', '.join(r['also'])})" if r["also"] else ""
            typer.echo(f"  {r['id']:<32} {r['severity']:<8} {refs}{also}")
    for error in registry.load_errors:
        typer.echo(f"warning: {error}", err=True)
