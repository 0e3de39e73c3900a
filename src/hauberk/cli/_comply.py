"""``hauberk comply``: covered, missing and stale compliance evidence for one framework.

Reads the mapping shipped in ``hauberk/governance/compliance.toml``, an assessment
``report.json``, a ledger (verified first) and documents given as ``--document KIND=PATH``;
optionally pre-fills a DPIA and the EU AI Act technical documentation skeleton. Exit 0 every
control covered, 1 any control missing, partial or stale, 2 bad input (nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hauberk.cli._common import Format, OutputFile, Quiet


def comply_command(
    framework: Annotated[
        str,
        typer.Option(
            "--framework",
            help="gdpr, ccpa, hipaa, eu-ai-act, nist-ai-rmf or iso-42001.",
        ),
    ],
    report: Annotated[
        Path | None, typer.Option("--report", help="report.json of `hauberk assess`.")
    ] = None,
    ledger: Annotated[
        str | None, typer.Option("--ledger", help="Ledger (SQLite file or postgresql:// URL).")
    ] = None,
    document: Annotated[
        list[str] | None,
        typer.Option("--document", help="KIND=PATH of a document (dpia, model-card, bom, ...)."),
    ] = None,
    dpia: Annotated[
        Path | None, typer.Option("--dpia", help="Write a pre-filled DPIA (Markdown) here.")
    ] = None,
    tech_doc: Annotated[
        Path | None,
        typer.Option("--tech-doc", help="Write the technical documentation skeleton here."),
    ] = None,
    fmt: Format = "text",
    output: OutputFile = None,
    quiet: Quiet = False,
) -> None:
    """Report which controls of a framework hauberk's evidence covers, and what is missing."""
    import json

    from hauberk.core import ConfigError, read_report, write_atomic
    from hauberk.governance._comply import assess, ledger_kinds, parse_documents, render_text
    from hauberk.governance._documents import render_document

    if fmt not in ("text", "json"):
        raise ConfigError(f"--format {fmt!r}: comply writes text or json")
    docs = parse_documents(document or [])
    loaded = read_report(report) if report is not None else None
    sources: dict[str, str] = {}
    if report is not None:
        sources["report"] = str(report)
    kinds = None
    if ledger is not None:
        kinds, sources["ledger"] = ledger_kinds(ledger)
    result = assess(framework, report=loaded, ledger=kinds, documents=docs, sources=sources)
    text = json.dumps(result.to_dict(), indent=2) + "\n" if fmt == "json" else render_text(result)
    writes = [
        (p, render_document(k, loaded, result))
        for k, p in (("dpia", dpia), ("techdoc", tech_doc))
        if p
    ]
    if output is not None:
        writes.append((output, text))
    for path, body in writes:
        write_atomic(path, body)
    if output is None and not quiet:
        typer.echo(text, nl=False)
    if not result.complete:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("comply")(comply_command)
